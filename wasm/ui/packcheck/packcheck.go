// Package packcheck checks a rule pack as an editor needs it: the CLI's
// validator (rule.Load) and examples runner (ruletest.Run), with every
// problem and failing example placed at a spot in the text (line, column and
// UTF-16 offsets, the unit of JavaScript strings and of CodeMirror), so an
// editor can mark it where it is. It touches no DOM: the options page
// (ui.wasm) and the background's compiler (wasm/cmd/compiler) share it.
package packcheck

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/engine"
	"github.com/sourcelight/sourcelight/wasm/match"
	"github.com/sourcelight/sourcelight/wasm/rule"
	"github.com/sourcelight/sourcelight/wasm/ruletest"
	"github.com/sourcelight/sourcelight/wasm/ui/report"
)

// The answers' types, shared with the options page (package report).
type (
	Mark   = report.Mark
	Report = report.Report
	Hint   = report.Hint
)

// Check validates text as the pack file name and runs its examples (parse
// builds the documents of block-rule examples). The pack is nil when it has
// problems.
func Check(name, text string, parse ruletest.ParseHTML) (Report, *rule.Pack) {
	var r Report
	r.Lists = listNames(text)
	p, probs := rule.Load(name, []byte(text))
	for _, pr := range probs {
		from, to := 0, 0
		if pr.Line > 0 {
			from = lineColOffset(text, pr.Line, pr.Col)
			to = from + 1
		} else {
			from, to = Locate(text, pr.Path)
		}
		r.Marks = append(r.Marks, mark(text, "problem", "error", pr.Path, pr.Msg, from, to))
	}
	r.Problems = len(probs)
	if p == nil {
		return r, nil
	}
	r.ID, r.Name, r.Category, r.Colour = p.ID, p.Name, p.Category, p.Colour
	for _, x := range p.Rules {
		r.Rules = append(r.Rules, x.Base().ID)
	}
	res := ruletest.Run(p, parse)
	r.Examples = res.Examples
	r.Failures = len(res.Failures)
	for _, f := range res.Failures {
		from, to := Locate(text, f.Path)
		msg := "rule " + f.Rule + ": " + f.Want + "; got " + f.Got
		r.Marks = append(r.Marks, mark(text, "example", "error", f.Path, msg, from, to))
	}
	sort.SliceStable(r.Marks, func(i, j int) bool { return r.Marks[i].From < r.Marks[j].From })
	return r, p
}

// Preview runs p alone on plain text (paragraphs separated by blank lines)
// as a page would run it, overlaps resolved.
func Preview(p *rule.Pack, text string) []Hint {
	hs := match.New(p).Scan(doc.Plain(text))
	out := make([]Hint, 0, len(hs))
	for _, h := range hs {
		if h.Block {
			continue // plain text has no elements to mark
		}
		out = append(out, Hint{Category: h.Category, Rule: h.Rule, Text: h.Text,
			From: utf16Len(text[:h.Start]), To: utf16Len(text[:h.End]), Colour: h.Colour, Start: h.Start, End: h.End})
	}
	return out
}

var step = regexp.MustCompile(`\[(\d+)\]`)

// Locate returns the UTF-16 span of the value at a validator path
// ("rules[3].phrases[0]"). A path that is not in the text (a field that is
// missing) falls back to the nearest enclosing value that is; a value that
// spans lines is marked on its first line only.
func Locate(text, path string) (from, to int) {
	parts := []string{}
	if path != "" {
		for _, s := range strings.Split(step.ReplaceAllString(path, ".$1"), ".") {
			parts = append(parts, gjsonEscape(s))
		}
	}
	for n := len(parts); n > 0; n-- {
		v := gjson.Get(text, strings.Join(parts[:n], "."))
		if !v.Exists() || v.Index <= 0 {
			continue
		}
		start := v.Index
		end := start + len(v.Raw)
		if i := strings.IndexByte(v.Raw, '\n'); i >= 0 {
			end = start + i
		}
		// a value's key is where the eye looks for it: start the mark there
		if k := keyBefore(text, start); k >= 0 {
			start = k
		}
		return utf16Len(text[:start]), utf16Len(text[:end])
	}
	// the file as a whole: its first line
	end := strings.IndexByte(text, '\n')
	if end < 0 {
		end = len(text)
	}
	return 0, utf16Len(text[:end])
}

// keyBefore finds the opening quote of the key whose value starts at i, or -1.
func keyBefore(text string, i int) int {
	j := i - 1
	for j >= 0 && strings.IndexByte(" \t\r\n", text[j]) >= 0 {
		j--
	}
	if j < 0 || text[j] != ':' {
		return -1
	}
	j--
	for j >= 0 && strings.IndexByte(" \t\r\n", text[j]) >= 0 {
		j--
	}
	if j < 0 || text[j] != '"' {
		return -1
	}
	for k := j - 1; k >= 0; k-- {
		if text[k] == '"' && (k == 0 || text[k-1] != '\\') {
			return k
		}
		if text[k] == '\n' {
			break
		}
	}
	return -1
}

func gjsonEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`.*?|#@\!=<>%`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func mark(text, kind, sev, path, msg string, from, to int) Mark {
	line, col := lineCol(text, from)
	if to <= from {
		to = from + 1
	}
	return Mark{Kind: kind, Severity: sev, Path: path, Message: msg, Line: line, Col: col, From: from, To: to}
}

// lineCol turns a UTF-16 offset into a 1-based line and character column.
func lineCol(text string, off16 int) (line, col int) {
	line, col = 1, 1
	n := 0
	for _, r := range text {
		if n >= off16 {
			break
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		n += utf16RuneLen(r)
	}
	return line, col
}

// lineColOffset turns the validator's line and byte column into a UTF-16 offset.
func lineColOffset(text string, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
	}
	off += col - 1
	if off > len(text) {
		off = len(text)
	}
	if off < 0 {
		off = 0
	}
	for off > 0 && off < len(text) && !utf8.RuneStart(text[off]) {
		off--
	}
	return utf16Len(text[:off])
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16RuneLen(r)
	}
	return n
}

func utf16RuneLen(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// listNames reads the names under "lists" even when the pack has other
// problems, so completion keeps working while the reader types.
func listNames(text string) []string {
	var names []string
	gjson.Get(text, "lists").ForEach(func(k, _ gjson.Result) bool {
		names = append(names, k.String())
		return true
	})
	return names
}

// Problems is what engine.Problems finds wrong with a reader's config,
// each problem placed in its file's text.
func Problems(c engine.Config) []report.Problem {
	texts := map[string]string{}
	for _, f := range c.Files {
		texts[f.Name] = f.Text
	}
	out := []report.Problem{}
	for _, p := range engine.Problems(c) {
		from, to := Locate(texts[p.File], p.Path)
		out = append(out, report.Problem{File: p.File, Path: p.Path, Message: p.Msg, Text: p.Error(), From: from, To: to})
	}
	return out
}

// PreviewText is Preview of the pack in packText, which must load.
func PreviewText(name, packText, text string) ([]Hint, error) {
	p, probs := engine.LoadUser(name, packText)
	if probs != nil {
		return nil, probs
	}
	return Preview(p, text), nil
}
