//go:build js && wasm

package ui

import (
	"encoding/json"
	"sort"
	"strings"
	"syscall/js"

	"honnef.co/go/js/dom/v2"
)

// previewSection runs the pack being edited, before it is saved, on text
// the reader pastes or on the text of their current tab, and shows the
// hints highlighted in place with counts per rule.
func previewSection() dom.Element {
	ta := el("textarea", attr("id", "preview-text"), attr("rows", "5"), attr("spellcheck", "false"),
		attr("placeholder", "Paste an article's text here, or take the text of a tab."))
	area := ta.(*dom.HTMLTextAreaElement)
	area.SetValue(ed.preview)
	ta.AddEventListener("input", false, func(dom.Event) { ed.preview = area.Value() })
	out := el("div", attr("id", "preview-out"), attr("aria-live", "polite"))
	run := func() {
		ed.preview = area.Value()
		fillPreview(out)
	}
	if ed.preview != "" {
		defer fillPreview(out)
	}
	return el("details", cls("preview"), attr("open", ""),
		kid(el("summary", kid(el("h3", text("Preview before saving"))))),
		kid(el("label", attr("for", "preview-text"), cls("muted"), text("Text to try the pack on (paragraphs separated by blank lines)"))),
		kid(ta),
		kid(el("div", cls("row"),
			kid(el("button", attr("type", "button"), attr("id", "preview-run"), text("Preview on this text"), on("click", func(dom.Event) { run() }))),
			kid(el("button", attr("type", "button"), attr("id", "preview-tab"), text("Use the text of my current tab"), on("click", func(dom.Event) {
				out.SetTextContent("Reading the tab…")
				call(act, "tabText", func(v js.Value) {
					var t struct{ Title, URL, Text, Error string }
					if v.Type() == js.TypeString {
						json.Unmarshal([]byte(v.String()), &t)
					}
					if t.Error != "" {
						out.SetTextContent("")
						out.AppendChild(el("p", cls("error"), text(t.Error)))
						return
					}
					ed.source = t.Title
					area.SetValue(t.Text)
					run()
				})
			}))))),
		kid(out))
}

func fillPreview(out dom.Element) {
	out.SetTextContent("")
	r := ed.report
	if ed.checked == "" {
		out.AppendChild(el("p", cls("muted"), text("Checking the pack: preview it in a moment.")))
		return
	}
	if !r.Loads() {
		out.AppendChild(el("p", cls("error"), text("Fix the pack's problems to preview it.")))
		return
	}
	if strings.TrimSpace(ed.preview) == "" {
		out.AppendChild(el("p", cls("muted"), text("Nothing to preview: paste some text first.")))
		return
	}
	hints, problem, ok := previewPack(ed.name, ed.checked, ed.preview)
	if !ok || problem != "" {
		out.AppendChild(el("p", cls("error"), text("Fix the pack's problems to preview it.")))
		return
	}
	perRule := map[string]int{}
	for _, h := range hints {
		perRule[h.Rule]++
	}
	rules := make([]string, 0, len(perRule))
	for r := range perRule {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	head := plural(len(hints), "hint", "hints") + " from " + r.Name
	if ed.source != "" {
		head += " in “" + ed.source + "”"
	}
	out.AppendChild(el("p", cls("total"), attr("id", "preview-count"), text(head)))
	counts := []dom.Element{}
	for _, r := range rules {
		counts = append(counts, el("li", attr("data-rule", r), text("Rule "), kid(el("code", text(r))), text(": "+plural(perRule[r], "hint", "hints"))))
	}
	out.AppendChild(el("ul", cls("plain"), kids(counts)))
	// the text with the hints marked, as a page shows them
	box := el("div", cls("preview-text"), attr("data-category", r.Category))
	at := 0
	for _, h := range hints {
		if h.Start < at {
			continue
		}
		text(ed.preview[at:h.Start])(box)
		box.AppendChild(el("mark", attr("data-rule", h.Rule), attr("title", r.ID+"/"+h.Rule),
			attr("style", "background:"+h.Colour+"55;border-bottom:2px solid "+h.Colour), text(ed.preview[h.Start:h.End])))
		at = h.End
	}
	text(ed.preview[at:])(box)
	out.AppendChild(box)
}
