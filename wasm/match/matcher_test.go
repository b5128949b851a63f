package match

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/htmldoc"
	"github.com/sourcelight/sourcelight/wasm/rule"
)

// pack builds a valid pack from rule JSON, with examples filled in.
func pack(t testing.TB, id, category, langs, rulesJSON string) *rule.Pack {
	t.Helper()
	src := fmt.Sprintf(`{"id": %q, "name": "T", "version": "1.0.0", "category": %q, "colour": "#123456",
	  "description": "d", "languages": %s, "lists": {"say": ["said", "say", "says"]}, "rules": [%s]}`,
		id, category, langs, rulesJSON)
	p, probs := rule.Load(id+".json", []byte(src))
	if probs != nil {
		t.Fatalf("pack: %v", probs)
	}
	return p
}

const ex = `"explanation": "e", "examples": {"match": ["x"], "no_match": ["y"]}`

func texts(hs []Hint) string {
	var out []string
	for _, h := range hs {
		s := h.Rule + ":" + h.Text
		if h.Block {
			s = "[" + s + "]"
		}
		out = append(out, s)
	}
	return strings.Join(out, " | ")
}

func TestPhrases(t *testing.T) {
	p := pack(t, "anon", "anonymous-source", `["en"]`, `
	  {"id": "hedge", "type": "phrase", "phrases": ["reportedly", "is said to"], `+ex+`},
	  {"id": "familiar", "type": "phrase", "phrases": ["people familiar with the matter", "well-known sources"], `+ex+`},
	  {"id": "isnt", "type": "phrase", "phrases": ["isn't so"], `+ex+`}`)
	m := New(p)
	tests := []struct{ text, want string }{
		{"He reportedly left.", "hedge:reportedly"},
		{"REPORTEDLY, he left.", "hedge:REPORTEDLY"},
		{"unreportedly reportedlyx", ""},
		{"People familiar\nwith the\u00a0matter said", "familiar:People familiar\nwith the\u00a0matter"},
		{"well‑known sources", "familiar:well‑known sources"},
		{"It isn’t so", "isnt:isn’t so"},
		{"The king is said to be ill; he reportedly is.", "hedge:is said to | hedge:reportedly"},
		{"re\u00adportedly", "hedge:re\u00adportedly"},
	}
	for _, tt := range tests {
		if got := texts(m.Scan(doc.Plain(tt.text))); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestRegexHintGroupAndExceptions(t *testing.T) {
	p := pack(t, "anon", "anonymous-source", `[]`, `
	  {"id": "said", "type": "regex", "patterns": ["\\b(?:officials|sources) {say}\\b"], `+ex+`},
	  {"id": "narrow", "type": "regex", "patterns": ["\\bclaims (?P<hint>without evidence)"], `+ex+`},
	  {"id": "code", "type": "exception", "patterns": ["\\bsources said nothing\\b"], "cancels": ["said"], `+ex+`}`)
	m := New(p)
	tests := []struct{ text, want string }{
		{"Officials said on Monday", "said:Officials said"},
		{"Sources said nothing new.", ""},
		{"He claims without evidence that", "narrow:without evidence"},
		{"officials\nsay so", "said:officials\nsay"},
	}
	for _, tt := range tests {
		if got := texts(m.Scan(doc.Plain(tt.text))); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestOverlapsResolveWithinCategory(t *testing.T) {
	a := pack(t, "a", "anonymous-source", `[]`, `
	  {"id": "short", "type": "phrase", "phrases": ["officials said"], `+ex+`},
	  {"id": "long", "type": "phrase", "phrases": ["two senior officials said"], `+ex+`},
	  {"id": "later", "type": "phrase", "phrases": ["said on monday"], `+ex+`}`)
	d := pack(t, "d", "denial", `[]`, `{"id": "deny", "type": "phrase", "phrases": ["senior officials said on"], `+ex+`}`)
	m := New(a, d)
	got := texts(m.Scan(doc.Plain("Two senior officials said on Monday")))
	if want := "long:Two senior officials said | deny:senior officials said on"; got != want {
		t.Errorf("Scan = %q, want %q", got, want)
	}
	all := texts(m.ScanAll(doc.Plain("Two senior officials said on Monday")))
	if want := "long:Two senior officials said | deny:senior officials said on | short:officials said | later:said on Monday"; all != want {
		t.Errorf("ScanAll = %q, want %q", all, want)
	}
}

func TestLanguages(t *testing.T) {
	en := pack(t, "en", "denial", `["en"]`, `{"id": "d", "type": "phrase", "phrases": ["denied"], `+ex+`}`)
	de := pack(t, "de", "denial", `["de"]`, `{"id": "b", "type": "phrase", "phrases": ["bestritt"], `+ex+`}`)
	m := New(en, de)
	page := func(lang string) *doc.Document {
		d, err := htmldoc.ParseString(`<html lang="` + lang + `"><p>He denied it; er bestritt es.</p></html>`)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for lang, want := range map[string]string{"en-US": "d:denied", "de": "b:bestritt", "": "d:denied | b:bestritt", "fr": ""} {
		if got := texts(m.Scan(page(lang))); got != want {
			t.Errorf("lang %q: %q, want %q", lang, got, want)
		}
	}
}

func TestHintOffsetsIndexDocumentText(t *testing.T) {
	p := pack(t, "a", "anonymous-source", `[]`, `{"id": "h", "type": "phrase", "phrases": ["reportedly"], `+ex+`}`)
	src := "First.\n\nThe “deal” reportedly fell through.\n"
	for _, h := range New(p).Scan(doc.Plain(src)) {
		if src[h.Start:h.End] != "reportedly" || h.Text != "reportedly" {
			t.Errorf("hint %+v does not index the file", h)
		}
	}
}

const promoRules = `
  {"id": "ad", "type": "block", "labels": ["Advertisement"], "selectors": [".sponsor-box"], ` + ex + `},
  {"id": "related", "type": "block", "labels": ["Related articles", "More from..."], "max_chars": 400, ` + ex + `}`

func blockHints(t *testing.T, html string) string {
	t.Helper()
	p := pack(t, "promo", "promotional", `[]`, promoRules)
	d, err := htmldoc.ParseString(html)
	if err != nil {
		t.Fatal(err)
	}
	return texts(New(p).Scan(d))
}

func TestBlocks(t *testing.T) {
	prose := strings.Repeat("The council met on Tuesday and argued at length about the harbour budget. ", 5)
	tests := []struct{ name, html, want string }{
		{"ad slot around its label",
			`<article><p>` + prose + `</p><div class="slot"><span>Advertisement</span><div class="frame"></div></div><p>` + prose + `</p></article>`,
			"[ad:Advertisement]"},
		{"teaser box, not the article",
			`<article><h1>Title</h1><p>` + prose + `</p><section><h2>Related articles</h2><ul><li><a href="/a">One story</a></li><li><a href="/b">Another story</a></li></ul></section></article>`,
			"[related:Related articles One story Another story]"},
		{"label wrapped in wrappers",
			`<main><div><div><h3><span>Related articles</span></h3></div><a href="/x">Teaser</a></div><p>` + prose + `</p></main>`,
			"[related:Related articles Teaser]"},
		{"prefix label",
			`<aside><h4>More from the Courier</h4><a href="/x">A story</a></aside>`,
			"[related:More from the Courier A story]"},
		{"label in a link is navigation",
			`<nav><ul><li><a href="/r">Related articles</a></li><li><a href="/h">Home</a></li></ul></nav>`,
			""},
		{"container too big: the label alone",
			`<div><h2>Related articles</h2><p>` + prose + prose + `</p></div>`,
			"[related:Related articles]"},
		{"never the headline's block",
			`<div><h1>Advertisement</h1><p>short</p></div>`,
			""},
		{"selector",
			`<div class="sponsor-box"><p>Paid for by Acme</p></div>`,
			"[ad:Paid for by Acme]"},
		{"no nested outlines",
			`<div class="sponsor-box"><p>x</p><div><span>Advertisement</span><img src="a"></div></div>`,
			"[ad:x Advertisement]"},
		{"exact labels only",
			`<div><p>Advertisement spending rose</p><a href="/">x</a></div>`,
			""},
		{"nothing visible to mark",
			`<div class="sponsor-box">&nbsp;&#8203; </div><p>` + prose + `</p>`,
			""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := blockHints(t, "<body>"+tt.html+"</body>"); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAttrs(t *testing.T) {
	p := pack(t, "promo", "promotional", `[]`, `{"id": "s", "type": "block", "selectors": ["[data-ad-unit]", "aside[aria-label*=x]"], `+ex+`}`)
	if got := strings.Join(New(p).Attrs(), ","); got != "aria-label,data-ad-unit" {
		t.Errorf("Attrs = %s", got)
	}
}
