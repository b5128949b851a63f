//go:build js && wasm

package ui

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"syscall/js"

	"honnef.co/go/js/dom/v2"
)

// popupState is what extension/popup/popup.js hands over.
type popupState struct {
	Host      string                `json:"host"`
	Scannable bool                  `json:"scannable"`
	Global    bool                  `json:"global"`
	Site      bool                  `json:"site"`
	Frames    map[string]frameState `json:"frames"`
}

// frameState is one frame's report (extension/content/main.js).
type frameState struct {
	Host           string         `json:"host"`
	Top            bool           `json:"top"`
	Enabled        bool           `json:"enabled"`
	Shown          bool           `json:"shown"`
	Path           string         `json:"path"`
	FallbackReason string         `json:"fallbackReason"`
	Renderer       string         `json:"renderer"`
	Total          int            `json:"total"`
	Counts         map[string]int `json:"counts"`
	Hints          []struct {
		I        int    `json:"i"`
		Category string `json:"category"`
		Text     string `json:"text"`
		Pack     string `json:"pack"`
		Rule     string `json:"rule"`
		Block    bool   `json:"block"`
	} `json:"hints"`
	Timings map[string]float64 `json:"timings"`
	Memory  float64            `json:"memory"` // bytes of the engine's memory in the page; 0 in the background
	Error   string             `json:"error"`
}

// Popup draws the popup from its state.
func Popup(stateJSON string, actions js.Value) {
	var s popupState
	if err := json.Unmarshal([]byte(stateJSON), &s); err != nil {
		mount(el("p", cls("error"), text("Sourcelight could not read this tab's state: "+err.Error())))
		return
	}
	frameIDs := make([]string, 0, len(s.Frames))
	counts := map[string]int{}
	total, shown := 0, false
	var top *frameState
	for id, f := range s.Frames {
		frameIDs = append(frameIDs, id)
		total += f.Total
		for c, n := range f.Counts {
			counts[c] += n
		}
		if id == "0" {
			f := f
			top = &f
			shown = f.Shown
		}
	}
	sort.Slice(frameIDs, func(i, j int) bool {
		a, _ := strconv.Atoi(frameIDs[i])
		b, _ := strconv.Atoi(frameIDs[j])
		return a < b
	})

	header := el("header",
		kid(el("h1", text("Sourcelight"))),
		kid(el("button", cls("link"), attr("title", "Rule packs and settings"), text("Rules & settings"),
			on("click", func(dom.Event) { call(actions, "options", nil) }))))

	var summary dom.Element
	switch {
	case !s.Scannable:
		summary = el("p", cls("muted"), text("Sourcelight does not run on this kind of page."))
	case !s.Global:
		summary = el("p", cls("muted"), text("Sourcelight is switched off everywhere."))
	case !s.Site:
		summary = el("p", cls("muted"), text("Sourcelight is off on "+s.Host+"."))
	case top == nil:
		summary = el("p", cls("muted"), text("No report from this page yet: reload it if it was open before Sourcelight was installed."))
	case top.Error != "":
		summary = el("p", cls("error"), text("Sourcelight failed on this page: "+top.Error))
	default:
		summary = el("div", cls("summary"),
			kid(el("p", cls("total"), text(plural(total, "hint", "hints")+" on this page"))),
			kid(countList(counts)))
	}

	switches := el("div", cls("switches"),
		when(top != nil && s.Global && s.Site, kid(switchInput("Highlights on this page: "+onOff(shown), shown, top == nil, func(v bool) {
			call(actions, "togglePage", nil, v)
		}))),
		when(s.Host != "", kid(switchInput("Sourcelight on "+s.Host+": "+onOff(s.Site), s.Site, !s.Global, func(v bool) {
			call(actions, "toggleSite", nil, s.Host, v)
		}))),
		kid(switchInput("Sourcelight everywhere: "+onOff(s.Global), s.Global, false, func(v bool) {
			call(actions, "toggleGlobal", nil, v)
		})))

	var list dom.Element
	if s.Global && s.Site && total > 0 {
		items := []dom.Element{}
		for _, id := range frameIDs {
			f := s.Frames[id]
			for _, h := range f.Hints {
				id, i := id, h.I
				label := h.Text
				if h.Block {
					label = "[block] " + label
				}
				items = append(items, el("li", kid(el("button", cls("hint"), attr("data-category", h.Category),
					attr("title", h.Pack+"/"+h.Rule),
					kid(el("span", cls("dot"), attr("data-category", h.Category))),
					kid(el("span", cls("text"), text(label))),
					on("click", func(dom.Event) { call(actions, "jump", nil, id, i) })))))
			}
		}
		list = el("section", cls("hints"), attr("aria-label", "Hints on this page"),
			kid(el("h2", text("Go to a hint"))), kid(el("ol", kids(items))))
	}

	var foot dom.Element
	// timing only for a page Sourcelight ran on: with the site or
	// everything switched off, the last page's timing would be stale
	if top != nil && top.Path != "" && s.Global && s.Site && top.Enabled && top.Timings["painted"] > 0 {
		where := "the engine ran in this page"
		if top.Path == "background" {
			where = "the engine ran in the extension's background"
			if strings.Contains(top.FallbackReason, "CompileError") {
				where += " (this page's security policy bars it from the page)"
			}
		}
		line := fmt.Sprintf("%s; hints appeared %.0f ms after the page started loading.", capital(where), top.Timings["painted"])
		if top.Memory > 0 {
			line += fmt.Sprintf(" Its memory here: %.1f MB.", top.Memory/(1<<20)) // MB as the bench counts them
		}
		foot = el("footer", cls("muted"), text(line))
	}
	mount(header, summary, switches, list, foot)
}

func countList(counts map[string]int) dom.Element {
	cats := []string{"anonymous-source", "denial", "promotional"}
	for c := range counts {
		if _, known := categoryNames[c]; !known {
			cats = append(cats, c)
		}
	}
	items := []dom.Element{}
	for _, c := range cats {
		items = append(items, el("li", attr("data-category", c),
			kid(el("span", cls("dot"), attr("data-category", c))),
			kid(el("span", text(categoryName(c)))),
			kid(el("strong", text(strconv.Itoa(counts[c]))))))
	}
	return el("ul", cls("counts"), kids(items))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
