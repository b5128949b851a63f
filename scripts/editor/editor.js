// The options page's pack editor: CodeMirror 6 from npm, bundled by
// scripts/build (esbuild) into extension/options/editor.js, so the extension
// loads no remote code. Go (wasm/ui/options.go) owns the page and the
// checks; this module owns only the text widget:
//
//   reader types ──▶ CodeMirror ──linter(delay)──▶ check(text): Go's validator and
//                        ▲                          examples runner (packcheck)
//                        └──── diagnostics at their UTF-16 offsets ◀──┘
//
// Completion comes from rules/schema.json (pack and rule fields, rule
// types, categories, severities) and the list names of the pack being edited.
import { EditorState, Compartment } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import {
  bracketMatching, foldGutter, foldKeymap, indentOnInput, syntaxHighlighting, HighlightStyle, syntaxTree, ensureSyntaxTree,
} from '@codemirror/language';
import { json } from '@codemirror/lang-json';
import { linter, lintGutter, lintKeymap, forceLinting } from '@codemirror/lint';
import { search, searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import {
  autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap, startCompletion, currentCompletions,
} from '@codemirror/autocomplete';
import { tags } from '@lezer/highlight';
import schema from '../../rules/schema.json';

// Colours come from pages.css variables, so light and dark follow the system.
const style = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--cm-key)' },
  { tag: tags.string, color: 'var(--cm-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--cm-atom)' },
  { tag: tags.invalid, color: 'var(--error)' },
]);

const theme = EditorView.theme({
  '&': { color: 'var(--fg)', backgroundColor: 'var(--bg)', border: '1px solid var(--line)', borderRadius: '4px', fontSize: '13px' },
  '&.cm-focused': { outline: '2px solid var(--accent)' },
  '.cm-scroller': { fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace', lineHeight: '1.45' },
  '.cm-content': { caretColor: 'var(--fg)' },
  '.cm-cursor': { borderLeftColor: 'var(--fg)' },
  '.cm-gutters': { backgroundColor: 'var(--soft)', color: 'var(--muted)', borderRight: '1px solid var(--line)' },
  '.cm-activeLine': { backgroundColor: 'var(--cm-active)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--cm-active)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--cm-selection) !important' },
  '.cm-tooltip': { backgroundColor: 'var(--bg)', color: 'var(--fg)', border: '1px solid var(--line)' },
  '.cm-panels': { backgroundColor: 'var(--soft)', color: 'var(--fg)' },
  '.cm-matchingBracket': { backgroundColor: 'var(--cm-selection)', outline: '1px solid var(--muted)' },
});

// --- completion from the schema -------------------------------------------

const defs = schema.$defs;
const ruleFields = (() => {
  const f = { ...defs.common.properties };
  for (const alt of defs.rule.oneOf ?? []) {
    for (const [k, v] of Object.entries(alt.properties ?? {})) if (v !== true && !f[k]) f[k] = v;
  }
  return f;
})();
const fieldsAt = {
  pack: schema.properties,
  rule: ruleFields,
  examples: defs.examples.properties,
  example: defs.example.oneOf[1].properties,
};
const enums = {
  type: defs.common.properties.type.enum,
  category: schema.properties.category?.enum ?? ['anonymous-source', 'denial', 'promotional'],
  severity: ruleFields.severity?.enum ?? ['info', 'warning'],
};

// where names the object the cursor is in: its chain of property names,
// read off the JSON syntax tree (arrays are skipped).
function where(state, pos) {
  const names = [];
  for (let n = tree(state, pos).resolveInner(pos, -1); n; n = n.parent) {
    if (n.name === 'Property') {
      const key = n.getChild('PropertyName');
      if (key && !(key.from <= pos && pos <= key.to)) names.unshift(state.sliceDoc(key.from + 1, key.to - 1));
    }
  }
  return names;
}

// tree is the syntax tree parsed at least up to pos: CodeMirror parses in
// the background, and on a long pack or a busy machine the part being
// completed may not be parsed yet.
function tree(state, pos) {
  return ensureSyntaxTree(state, pos, 200) ?? syntaxTree(state);
}

function objectKind(path) {
  const last = path[path.length - 1];
  if (path.length === 0) return 'pack';
  if (last === 'rules') return 'rule';
  if (last === 'examples') return 'examples';
  if (last === 'match' || last === 'no_match') return 'example';
  return null;
}

// listNames reads the names under the pack's "lists" off the syntax tree,
// so they are offered as soon as they are typed; falls back to the names
// of the last check while the tree is broken.
function listNames(state, fallback) {
  const names = [];
  const top = tree(state, state.doc.length).topNode.getChild('Object');
  for (const prop of top?.getChildren('Property') ?? []) {
    const key = prop.getChild('PropertyName');
    if (!key || state.sliceDoc(key.from, key.to) !== '"lists"') continue;
    for (const item of prop.getChild('Object')?.getChildren('Property') ?? []) {
      const k = item.getChild('PropertyName');
      if (k) names.push(state.sliceDoc(k.from + 1, k.to - 1));
    }
  }
  return names.length ? names : fallback;
}

// insideString: an odd number of unescaped quotes before pos on its line.
function insideString(state, pos) {
  const line = state.doc.lineAt(pos);
  return ((state.sliceDoc(line.from, pos).match(/(?<!\\)"/g) ?? []).length % 2) === 1;
}

function completeFrom(getLists) {
  return (ctx) => {
    const node = tree(ctx.state, ctx.pos).resolveInner(ctx.pos, -1);
    // {name} in a phrase or pattern: the pack's lists
    const brace = ctx.matchBefore(/\{[a-z0-9_-]*$/);
    if (brace && insideString(ctx.state, ctx.pos)) {
      const options = listNames(ctx.state, getLists()).map((n) => ({ label: n, type: 'variable', apply: `${n}}`, detail: 'list' }));
      return { from: brace.from + 1, options, validFor: /^[a-z0-9_-]*$/ };
    }
    const word = ctx.matchBefore(/"?[\w$-]*/);
    if (!word || (word.from === word.to && !ctx.explicit)) return null;
    // a value: after "key":
    const before = ctx.state.sliceDoc(Math.max(0, word.from - 40), word.from);
    const valueOf = /"([\w$-]+)"\s*:\s*$/.exec(before);
    if (valueOf) {
      const list = enums[valueOf[1]];
      if (!list) return null;
      return { from: word.from, options: list.map((v) => ({ label: `"${v}"`, type: 'enum' })) };
    }
    if (node.name !== 'PropertyName' && !/[{,]\s*$/.test(before)) return null;
    const path = where(ctx.state, word.from);
    const fields = fieldsAt[objectKind(path)];
    if (!fields) return null;
    return {
      from: word.from,
      options: Object.entries(fields).filter(([, v]) => v !== true).map(([k, v]) => ({
        label: `"${k}"`, type: 'property', detail: v.description ? undefined : v.type ?? '', info: v.description,
        apply: `"${k}": `,
      })),
    };
  };
}

// --- the editor -------------------------------------------------------------

// create makes an editor in parent. check(text) returns Go's report
// ({marks: [{from, to, severity, message, kind}], lists}); onChange(text)
// tells Go the text changed.
export function create(parent, { doc, readOnly, check, onChange }) {
  let lists = [];
  const ro = new Compartment();
  const lint = linter((view) => {
    const r = check(view.state.doc.toString());
    lists = r.lists ?? lists;
    const len = view.state.doc.length;
    return (r.marks ?? []).map((m) => ({
      from: Math.min(m.from, len), to: Math.min(Math.max(m.to, m.from), len),
      severity: m.severity === 'warning' ? 'warning' : 'error',
      source: m.kind === 'example' ? 'example' : 'validator',
      message: `${m.path ? `${m.path}: ` : ''}${m.message}`,
    }));
  }, { delay: 300 });
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(), highlightActiveLineGutter(), foldGutter(), lintGutter(),
        highlightSpecialChars(), history(), drawSelection(), indentOnInput(),
        bracketMatching(), closeBrackets(), highlightActiveLine(), highlightSelectionMatches(),
        search({ top: true }),
        json(), syntaxHighlighting(style), theme, lint,
        autocompletion({ override: [completeFrom(() => lists)] }),
        keymap.of([indentWithTab, ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap,
          ...foldKeymap, ...completionKeymap, ...lintKeymap]),
        ro.of(EditorState.readOnly.of(!!readOnly)),
        EditorView.contentAttributes.of({ 'aria-label': 'Pack (JSON)', spellcheck: 'false' }),
        EditorView.updateListener.of((u) => { if (u.docChanged) onChange(u.state.doc.toString()); }),
      ],
    }),
  });
  return {
    view,
    dom: view.dom,
    text: () => view.state.doc.toString(),
    // select a span and bring it into view: the problem list's jump
    select(from, to) {
      const len = view.state.doc.length;
      view.dispatch({ selection: { anchor: Math.min(from, len), head: Math.min(to ?? from, len) }, scrollIntoView: true });
      view.focus();
    },
    focus: () => view.focus(),
    // open the completion list at the cursor (Ctrl+Space), and read it
    complete: () => startCompletion(view),
    completions: () => currentCompletions(view.state).map((c) => c.label),
    // check again now (the checker has just started)
    relint: () => forceLinting(view),
    destroy: () => view.destroy(),
  };
}
