//go:build js && wasm

package ui

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/sourcelight/sourcelight/wasm/engine"
	"github.com/sourcelight/sourcelight/wasm/rule"
	"github.com/sourcelight/sourcelight/wasm/ruletest"
)

// settings mirrors extension/api.js's storage keys.
type settings struct {
	Enabled  bool                `json:"enabled"`
	Sites    map[string]bool     `json:"sites"`
	Ignored  map[string][]string `json:"ignored"`
	Rules    engine.Config       `json:"rules"`
	Renderer string              `json:"renderer"`
	Engine   string              `json:"engine"`
}

// editor is the pack being edited. It survives redraws: storage changes
// made elsewhere (a rule ignored in a tab) never wipe unsaved work.
type editor struct {
	name     string // file name; "" when closed
	text     string
	builtin  bool   // a built-in pack, read only
	original string // the name it was opened under ("" for a new pack)
	checked  string // the text the results below are for
	problems rule.Problems
	failures []ruletest.Failure
	examples int
	pack     *rule.Pack
	note     string
}

var (
	cur     settings
	ed      editor
	act     js.Value
	pending *time.Timer
)

// Options draws the options page from the stored settings.
func Options(settingsJSON string, actions js.Value) {
	act = actions
	// a fresh value each time: decoding into the old one would keep map
	// keys the stored settings no longer have (issue #11)
	var next settings
	if err := json.Unmarshal([]byte(settingsJSON), &next); err != nil {
		mount(el("p", cls("error"), text("Could not read the settings: "+err.Error())))
		return
	}
	cur = next
	draw()
}

func draw() {
	mount(
		el("header", kid(el("h1", text("Sourcelight: rules and settings")))),
		packsSection(),
		editorSection(),
		sitesSection(),
		displaySection(),
	)
}

func packsSection() dom.Element {
	defaults := engine.Defaults()
	off := map[string]bool{}
	for _, id := range cur.Rules.Disabled {
		off[id] = true
	}
	rows := []dom.Element{}
	for _, p := range defaults {
		p := p
		rows = append(rows, el("tr",
			kid(el("td", kid(packName(p)))),
			kid(el("td", text("built in"))),
			kid(el("td", kid(named(switchInput("On", !off[p.ID], false, func(v bool) { setDisabled(p.ID, !v) }), p.Name)))),
			kid(el("td", cls("actions"),
				kid(button("View", func() { open(p.File, string(p.Raw), true) })),
				kid(button("Copy to my packs", func() { copyPack(p) })))),
		))
	}
	_, probs := engine.Packs(engine.Config{Files: cur.Rules.Files, Disabled: cur.Rules.Disabled})
	for i, f := range cur.Rules.Files {
		i, f := i, f
		p, _ := rule.Load(f.Name, []byte(f.Text))
		name := el("span", text(f.Name))
		if p != nil {
			name = packName(p)
		}
		var status dom.Element
		for _, pr := range probs {
			if pr.File == f.Name {
				status = el("p", cls("error"), text(pr.Error()))
				break
			}
		}
		rows = append(rows, el("tr",
			kid(el("td", kid(name), kid(status))),
			kid(el("td", text(f.Name))),
			kid(el("td", text("on"))),
			kid(el("td", cls("actions"),
				kid(button("Edit", func() { open(f.Name, f.Text, false) })),
				kid(button("Export", func() { call(act, "download", nil, f.Name, f.Text) })),
				kid(button("Delete", func() { deleteFile(i) })))),
		))
	}
	return el("section", attr("aria-labelledby", "packs-h"),
		kid(el("h2", attr("id", "packs-h"), text("Rule packs"))),
		kid(el("p", cls("muted"), text("Every hint comes from a rule in one of these packs. Your own packs load after the built-in ones; edits reach open tabs at once."))),
		kid(el("table", cls("packs"),
			kid(el("thead", kid(el("tr", kid(el("th", text("Pack"))), kid(el("th", text("File"))),
				kid(el("th", text("State"))), kid(el("th", text("Actions"))))))),
			kid(el("tbody", kids(rows))))),
		kid(el("div", cls("row"),
			kid(button("New pack", newPack)),
			kid(button("Import a file…", importFile)))))
}

func packName(p *rule.Pack) dom.Element {
	return el("span", cls("pack"),
		kid(el("span", cls("dot"), attr("style", "background:"+p.Colour))),
		kid(el("strong", text(p.Name))),
		kid(el("span", cls("muted"), text(fmt.Sprintf(" %s · v%s · %d rules", p.Category, p.Version, len(p.Rules))))))
}

// named gives a switch its accessible name: "On" alone does not say which.
func named(sw dom.Element, name string) dom.Element {
	if in := sw.QuerySelector("input"); in != nil {
		in.SetAttribute("aria-label", name)
	}
	return sw
}

func button(label string, fn func()) dom.Element {
	return el("button", attr("type", "button"), text(label), on("click", func(dom.Event) { fn() }))
}

func setDisabled(id string, off bool) {
	var out []string
	for _, d := range cur.Rules.Disabled {
		if d != id {
			out = append(out, d)
		}
	}
	if off {
		out = append(out, id)
	}
	cur.Rules.Disabled = out
	save()
}

func save() {
	b, _ := json.Marshal(cur.Rules)
	call(act, "saveRules", nil, string(b))
}

func deleteFile(i int) {
	if !js.Global().Call("confirm", "Delete "+cur.Rules.Files[i].Name+"? Export it first to keep a copy.").Bool() {
		return
	}
	cur.Rules.Files = append(cur.Rules.Files[:i:i], cur.Rules.Files[i+1:]...)
	save()
}

const template = `{
  "$schema": "https://github.com/sourcelight/sourcelight/raw/main/rules/schema.json",
  "id": "my-pack",
  "name": "My pack",
  "version": "1.0.0",
  "category": "anonymous-source",
  "colour": "#f2b705",
  "description": "What this pack flags, in a sentence.",
  "languages": ["en"],
  "rules": [
    {
      "id": "first-rule",
      "type": "phrase",
      "phrases": ["{his|her|their} aides said"],
      "explanation": "The source is not named, so the reader cannot weigh their position.",
      "examples": {
        "match": [{"text": "Her aides said the trip was off.", "hit": "Her aides said"}],
        "no_match": ["Her aide, Jane Roe, said the trip was off."]
      }
    }
  ]
}
`

func newPack() { open(uniqueName("my-pack.json"), template, false); ed.original = "" }

func copyPack(p *rule.Pack) {
	open(uniqueName(p.ID+".json"), string(p.Raw), false)
	ed.original = ""
	ed.note = "Your copy replaces the built-in pack " + p.ID + " when you save it: the built-in one is then switched off."
	draw()
}

func importFile() {
	call(act, "pickFile", func(v js.Value) {
		if v.Type() != js.TypeString || v.String() == "" {
			return
		}
		var f engine.UserFile
		if json.Unmarshal([]byte(v.String()), &f) != nil {
			return
		}
		open(uniqueName(f.Name), f.Text, false)
		ed.original = ""
		draw()
	})
}

func uniqueName(name string) string {
	taken := map[string]bool{}
	for _, f := range cur.Rules.Files {
		taken[f.Name] = true
	}
	base := strings.TrimSuffix(name, ".json")
	for i := 2; taken[name]; i++ {
		name = fmt.Sprintf("%s-%d.json", base, i)
	}
	return name
}

func open(name, text string, builtin bool) {
	ed = editor{name: name, text: text, builtin: builtin, original: name}
	check()
	draw()
	if ta := document.GetElementByID("pack-text"); ta != nil {
		ta.(*dom.HTMLTextAreaElement).Focus()
	}
}

// check lints the editor's text with the same validator as the CLI and runs
// every rule's examples with the same runner.
func check() {
	if ed.checked == ed.text && ed.checked != "" {
		return
	}
	ed.checked = ed.text
	ed.problems, ed.failures, ed.examples, ed.pack = nil, nil, 0, nil
	p, probs := rule.Load(ed.name, []byte(ed.text))
	ed.problems = probs
	if p == nil {
		return
	}
	ed.pack = p
	res := ruletest.Run(p, parseHTML)
	ed.failures, ed.examples = res.Failures, res.Examples
}

func editorSection() dom.Element {
	if ed.name == "" {
		return nil
	}
	title := "Edit " + ed.name
	if ed.builtin {
		title = ed.name + " (built in, read only)"
	}
	nameInput := el("input", attr("id", "pack-name"), attr("type", "text"), attr("spellcheck", "false"))
	nameInput.(*dom.HTMLInputElement).SetValue(ed.name)
	nameInput.(*dom.HTMLInputElement).SetReadOnly(ed.builtin)
	nameInput.AddEventListener("input", false, func(dom.Event) { ed.name = nameInput.(*dom.HTMLInputElement).Value() })

	ta := el("textarea", attr("id", "pack-text"), attr("spellcheck", "false"), attr("rows", "24"),
		attr("aria-describedby", "pack-status"))
	area := ta.(*dom.HTMLTextAreaElement)
	area.SetValue(ed.text)
	area.SetReadOnly(ed.builtin)
	status := el("div", attr("id", "pack-status"), attr("aria-live", "polite"))
	fillStatus(status)
	ta.AddEventListener("input", false, func(dom.Event) {
		ed.text = area.Value()
		if pending != nil {
			pending.Stop()
		}
		// check as the reader types, once they pause
		pending = time.AfterFunc(350*time.Millisecond, func() {
			check()
			fillStatus(status)
		})
	})

	actions := []dom.Element{}
	if !ed.builtin {
		actions = append(actions, el("button", attr("type", "button"), cls("primary"), text("Save"),
			on("click", func(dom.Event) { saveEditor(status) })))
	}
	actions = append(actions, button("Close", func() { ed = editor{}; draw() }))
	return el("section", cls("editor"), attr("aria-labelledby", "editor-h"),
		kid(el("h2", attr("id", "editor-h"), text(title))),
		when(ed.note != "", kid(el("p", cls("note"), text(ed.note)))),
		kid(el("label", attr("for", "pack-name"), text("File name"))), kid(nameInput),
		kid(el("label", attr("for", "pack-text"), text("Pack (JSON)"))), kid(ta),
		kid(status),
		kid(el("div", cls("row"), kids(actions))))
}

func fillStatus(status dom.Element) {
	status.SetTextContent("")
	switch {
	case len(ed.problems) > 0:
		items := []dom.Element{}
		for _, p := range ed.problems {
			where := p.Path
			if p.Line > 0 {
				where = fmt.Sprintf("line %d, column %d", p.Line, p.Col)
			}
			items = append(items, el("li", kid(el("code", text(where))), text(" "+p.Msg)))
		}
		status.AppendChild(el("p", cls("error"), text(plural(len(ed.problems), "problem", "problems")+": this pack cannot be saved until they are fixed.")))
		status.AppendChild(el("ul", cls("problems"), kids(items)))
	case len(ed.failures) > 0:
		items := []dom.Element{}
		for _, f := range ed.failures {
			items = append(items, el("li", kid(el("code", text(f.Path))), text(fmt.Sprintf(" rule %s: wanted %s, got %s. Text: “%s”", f.Rule, f.Want, f.Got, f.Text))))
		}
		status.AppendChild(el("p", cls("error"), text(fmt.Sprintf("%d of %d examples fail: fix the rules or the examples before saving.", len(ed.failures), ed.examples))))
		status.AppendChild(el("ul", cls("problems"), kids(items)))
	case ed.pack != nil:
		status.AppendChild(el("p", cls("ok"), text(fmt.Sprintf("Valid: %s, %s, every example behaves.",
			plural(len(ed.pack.Rules), "rule", "rules"), plural(ed.examples, "example", "examples")))))
	}
}

func saveEditor(status dom.Element) {
	if pending != nil {
		pending.Stop()
	}
	check()
	fillStatus(status)
	if ed.pack == nil || len(ed.failures) > 0 {
		return // the last good version stays in force
	}
	name := strings.TrimSpace(ed.name)
	if !strings.HasSuffix(name, ".json") {
		name += ".json"
	}
	files := []engine.UserFile{}
	for _, f := range cur.Rules.Files {
		if f.Name != ed.original && f.Name != name {
			files = append(files, f)
		}
	}
	files = append(files, engine.UserFile{Name: name, Text: ed.text})
	next := engine.Config{Files: files, Disabled: cur.Rules.Disabled}
	// a copy of a built-in pack replaces it
	for _, d := range engine.Defaults() {
		if d.ID == ed.pack.ID && !contains(next.Disabled, d.ID) {
			next.Disabled = append(next.Disabled, d.ID)
		}
	}
	if _, probs := engine.Packs(next); len(probs) > 0 {
		for _, p := range probs {
			if p.File == name {
				ed.problems = rule.Problems{p}
				fillStatus(status)
				return
			}
		}
	}
	cur.Rules = next
	ed.name, ed.original, ed.note = name, name, ""
	save()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sitesSection() dom.Element {
	off := []string{}
	for host, on := range cur.Sites {
		if !on {
			off = append(off, host)
		}
	}
	sort.Strings(off)
	offItems := []dom.Element{}
	for _, h := range off {
		h := h
		offItems = append(offItems, el("li", text(h+" "), kid(button("Turn back on", func() { call(act, "enableSite", nil, h) }))))
	}
	hosts := []string{}
	for h := range cur.Ignored {
		hosts = append(hosts, h)
	}
	sort.Strings(hosts)
	ignItems := []dom.Element{}
	for _, h := range hosts {
		for _, id := range cur.Ignored[h] {
			h, id := h, id
			ignItems = append(ignItems, el("li", kid(el("code", text(id))), text(" on "+h+" "),
				kid(button("Stop ignoring", func() { call(act, "unignore", nil, h, id) }))))
		}
	}
	return el("section", attr("aria-labelledby", "sites-h"),
		kid(el("h2", attr("id", "sites-h"), text("Sites"))),
		kid(el("h3", text("Sourcelight is off on"))),
		kid(listOr(offItems, "No site: Sourcelight runs everywhere.")),
		kid(el("h3", text("Rules ignored on a site"))),
		kid(listOr(ignItems, "None: use “Ignore this rule on this site” on a hint card.")))
}

func listOr(items []dom.Element, empty string) dom.Element {
	if len(items) == 0 {
		return el("p", cls("muted"), text(empty))
	}
	return el("ul", cls("plain"), kids(items))
}

func displaySection() dom.Element {
	radio := func(name, current, value, def, label string) dom.Element {
		in := el("input", attr("type", "radio"), attr("name", name), attr("value", value))
		in.(*dom.HTMLInputElement).SetChecked(current == value || (current == "" && value == def))
		in.AddEventListener("change", false, func(dom.Event) { call(act, "set", nil, name, value) })
		return el("label", cls("radio"), kid(in), text(" "+label))
	}
	return el("section", attr("aria-labelledby", "display-h"),
		kid(el("h2", attr("id", "display-h"), text("Display"))),
		kid(radio("renderer", cur.Renderer, "auto", "auto", "Highlight the text itself (CSS Custom Highlight API; the page is not changed)")),
		kid(radio("renderer", cur.Renderer, "overlay", "auto", "Draw boxes over the text (for browsers or pages where highlights do not show)")),
		kid(el("h3", text("Where the engine runs"))),
		kid(radio("engine", cur.Engine, "page", "page", "In each page (default): every tab loads its own; the background still serves pages whose security policy forbids it")),
		kid(radio("engine", cur.Engine, "background", "page", "In the extension's background: one engine for every tab")),
		kid(el("p", cls("muted"), text("Either way the page's text stays in your browser: nothing is sent anywhere."))))
}
