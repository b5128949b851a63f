// Package snapshot is the boundary between the page and the engine in the
// browser. The extension's JavaScript walks the live DOM once and hands Go
// one JSON string (a call across the JS/Go boundary costs far more than a
// byte of JSON); Go decodes it into the doc package's tree, scans it with the
// same matcher as the CLI, and answers hints as JSON that names text nodes
// by their index in the walk and offsets in UTF-16 code units, ready for
// DOM Ranges. Both the content script's wasm and the background's read and
// write exactly this format, so the page code is the same on both paths.
//
// A snapshot is {"lang": "en", "root": NODE}, where a NODE is a string (a
// text node) or [tag, {attributes}, NODE...] (an element). Text nodes and
// elements are numbered separately, in document order.
package snapshot

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/tidwall/gjson"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/match"
)

// Decode reads a snapshot into a tree. It also returns the texts of the
// text nodes, by index, to convert offsets later.
func Decode(data string) (root *doc.Node, texts []string, err error) {
	if !gjson.Valid(data) {
		return nil, nil, fmt.Errorf("snapshot: not valid JSON")
	}
	v := gjson.Parse(data)
	r := v.Get("root")
	if !r.IsArray() {
		return nil, nil, fmt.Errorf("snapshot: root must be an element")
	}
	d := decoder{}
	root = d.node(r)
	if lang := v.Get("lang").String(); lang != "" {
		if _, ok := root.Attr("lang"); !ok {
			root.Attrs = append(root.Attrs, doc.Attr{Key: "lang", Val: lang})
		}
	}
	return root, d.texts, nil
}

type decoder struct {
	texts []string
	elems int
}

func (d *decoder) node(v gjson.Result) *doc.Node {
	if v.Type == gjson.String {
		n := &doc.Node{Kind: doc.TextNode, Text: v.String(), Ref: len(d.texts)}
		d.texts = append(d.texts, n.Text)
		return n
	}
	if !v.IsArray() {
		return nil
	}
	n := &doc.Node{Kind: doc.ElementNode, Ref: d.elems}
	d.elems++
	i := 0
	v.ForEach(func(_, c gjson.Result) bool {
		switch {
		case i == 0:
			n.Tag = strings.ToLower(c.String())
		case i == 1 && c.IsObject():
			c.ForEach(func(k, val gjson.Result) bool {
				n.Attrs = append(n.Attrs, doc.Attr{Key: strings.ToLower(k.String()), Val: val.String()})
				return true
			})
		default:
			if k := d.node(c); k != nil {
				n.Children = append(n.Children, k)
			}
		}
		i++
		return true
	})
	return n
}

// Hint is a hint as the page code needs it.
type Hint struct {
	Category    string `json:"category"`
	Pack        string `json:"pack"`
	Rule        string `json:"rule"`
	Text        string `json:"text"`
	Block       bool   `json:"block"`
	Explanation string `json:"explanation"`
	Source      string `json:"source,omitempty"`
	Link        string `json:"link,omitempty"`
	Severity    string `json:"severity"`
	Colour      string `json:"colour"`
	// Inline hints: [start text node, UTF-16 offset, end text node, offset].
	Range *[4]int `json:"range,omitempty"`
	// Block hints: the element's index.
	Elem *int `json:"elem,omitempty"`
}

// Convert turns the matcher's hints on d into page hints. texts are the
// text nodes of the snapshot, by index. A hint whose ends cannot be placed
// on a text node is dropped: it could not be shown.
func Convert(d *doc.Document, texts []string, hints []match.Hint) []Hint {
	out := make([]Hint, 0, len(hints))
	for _, h := range hints {
		p := Hint{
			Category: h.Category, Pack: h.Pack, Rule: h.Rule, Text: h.Text, Block: h.Block,
			Explanation: h.Explanation, Source: h.Source, Link: h.Link, Severity: h.Severity, Colour: h.Colour,
		}
		if h.Block {
			ref := d.Elems[h.Index].Ref
			p.Elem = &ref
		} else {
			b := d.Blocks[h.Index]
			sn, so, ok1 := d.Locate(h.Index, h.Start-b.Start, false)
			en, eo, ok2 := d.Locate(h.Index, h.End-b.Start, true)
			if !ok1 || !ok2 || sn >= len(texts) || en >= len(texts) {
				continue
			}
			p.Range = &[4]int{sn, utf16Len(texts[sn][:so]), en, utf16Len(texts[en][:eo])}
		}
		out = append(out, p)
	}
	return out
}

// utf16Len is the length of s in UTF-16 code units, as DOM offsets count.
func utf16Len(s string) int {
	n := 0
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		if r == utf8.RuneError && size == 1 {
			n++ // an invalid byte: the DOM has no such thing; count one unit
			continue
		}
		n += utf16.RuneLen(r)
	}
	return n
}

// Result is the answer to a scan.
type Result struct {
	Hints    []Hint         `json:"hints"`
	Counts   map[string]int `json:"counts"`
	Problems []string       `json:"problems,omitempty"`
}

// Scan decodes a snapshot, scans it and encodes the result, the whole
// round trip in one call. skip lists "pack/rule" ids to leave out (rules
// the reader ignores on this site).
func Scan(m *match.Matcher, data string, skip map[string]bool) ([]byte, error) {
	root, texts, err := Decode(data)
	if err != nil {
		return nil, err
	}
	d := doc.Build(root)
	var hints []match.Hint
	for _, h := range m.Scan(d) {
		if !skip[h.Pack+"/"+h.Rule] {
			hints = append(hints, h)
		}
	}
	res := Result{Hints: Convert(d, texts, hints), Counts: map[string]int{}}
	for _, h := range res.Hints {
		res.Counts[h.Category]++
	}
	return json.Marshal(res)
}

// Encode writes a tree as a snapshot, as the extension's page code does:
// tests use it to check that the snapshot path sees what the CLI sees.
func Encode(root *doc.Node, lang string) string {
	var b strings.Builder
	b.WriteString(`{"lang":`)
	writeString(&b, lang)
	b.WriteString(`,"root":`)
	encode(&b, root)
	b.WriteByte('}')
	return b.String()
}

func encode(b *strings.Builder, n *doc.Node) {
	if n.Kind == doc.TextNode {
		writeString(b, n.Text)
		return
	}
	b.WriteByte('[')
	writeString(b, n.Tag)
	b.WriteString(",{")
	for i, a := range n.Attrs {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(b, a.Key)
		b.WriteByte(':')
		writeString(b, a.Val)
	}
	b.WriteByte('}')
	for _, c := range n.Children {
		b.WriteByte(',')
		encode(b, c)
	}
	b.WriteByte(']')
}

func writeString(b *strings.Builder, s string) {
	q, _ := json.Marshal(s)
	b.Write(q)
}
