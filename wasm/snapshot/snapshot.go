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
	"errors"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/scan"
)

// Decode reads a snapshot into a tree. It also returns the texts of the
// text nodes, by index, to convert offsets later. The reader is this
// package's own (json.go): the page engine carries no JSON library.
func Decode(data string) (root *doc.Node, texts []string, err error) {
	d := newDecoder(data)
	if _, err := d.step(len(data) + 1); err != nil {
		return nil, nil, err
	}
	root, texts = d.result()
	return root, texts, nil
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
func Convert(d *doc.Document, texts []string, hints []scan.Hint) []Hint {
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
func Scan(m *scan.Matcher, data string, skip map[string]bool) ([]byte, error) {
	s, err := Open([]*scan.Matcher{m}, data, skip)
	if err != nil {
		return nil, err
	}
	return s.Next(int(^uint(0) >> 1)), nil
}

// Session is a snapshot being scanned in slices: a long page is answered
// a few hundred blocks at a time, so the page's main thread is never held
// for long, and the hints are the same as in one call.
type Session struct {
	ms    []*scan.Matcher
	dec   *decoder     // the snapshot being decoded (OpenSliced)
	err   error        // what the decoder found wrong: the session is over
	build *doc.Builder // the document being built (OpenSliced)
	found *scan.BlockSearch
	doc   *doc.Document
	texts []string
	skip  map[string]bool
	next  int // the next text block; past the last, the promotional blocks were found
}

// Open decodes and builds a snapshot's document for scanning.
func Open(ms []*scan.Matcher, data string, skip map[string]bool) (*Session, error) {
	root, texts, err := Decode(data)
	if err != nil {
		return nil, err
	}
	return &Session{ms: ms, doc: doc.Build(root), texts: texts, skip: skip}, nil
}

// OpenSliced leaves decoding the snapshot and building its document to
// the first slices, which do only that: on a long page, decoding and
// building are then several of the page's tasks instead of one long one
// (30-60 ms for 1 MB of text in a browser, code still cold). A snapshot
// that does not decode ends the session with an error in that slice's
// answer; the error result is never nil.
func OpenSliced(ms []*scan.Matcher, data string, skip map[string]bool) (*Session, error) {
	return &Session{ms: ms, dec: newDecoder(data), skip: skip}, nil
}

// Done reports whether every block has been scanned, or the snapshot did
// not decode.
func (s *Session) Done() bool { return s.err != nil || s.doc != nil && s.next > len(s.doc.Blocks) }

// Err is why the snapshot did not decode, or nil.
func (s *Session) Err() error { return s.err }

// Next does the next slice, up to about budget bytes of text (at least
// one block; an element counts as doc.ElementCost): building the
// document, then scanning text blocks, then finding the promotional
// blocks, in slices of their own unless the whole text fit in one. It
// returns the slice's result as JSON.
func (s *Session) Next(budget int) []byte {
	if s.err != nil {
		return errorResult(s.err)
	}
	if s.dec != nil {
		done, err := s.dec.step(budget)
		if err != nil {
			s.err, s.dec = err, nil
			return errorResult(err)
		}
		if done {
			var root *doc.Node
			root, s.texts = s.dec.result()
			s.build, s.dec = doc.NewBuilder(root), nil
		}
		return encodeResult(nil, s.Phase())
	}
	if s.doc == nil {
		if d := s.build.Step(max(budget, 1)); d != nil {
			s.doc, s.build = d, nil
		}
		return encodeResult(nil, s.Phase())
	}
	d := s.doc
	var found []scan.Hint
	if s.next < len(d.Blocks) {
		from, to, size := s.next, s.next, 0
		for to < len(d.Blocks) && (to == from || size < budget) {
			size += d.Blocks[to].End - d.Blocks[to].Start
			to++
		}
		// a page scanned whole in one slice finds its blocks with it
		whole := from == 0 && to == len(d.Blocks)
		found = scan.ScanWith(s.ms, d, from, to, whole)
		s.next = to
		if whole {
			s.next++
		}
	} else if s.next == len(d.Blocks) {
		if s.found == nil {
			s.found = scan.NewBlockSearch(s.ms, d)
		}
		var done bool
		if found, done = s.found.Step(max(budget/doc.ElementCost, 1)); done {
			s.next++
			s.found = nil
		}
	}
	var hints []scan.Hint
	for _, h := range found {
		if !s.skip[h.Pack+"/"+h.Rule] {
			hints = append(hints, h)
		}
	}
	return encodeResult(Convert(d, s.texts, hints), s.Phase())
}

// Phase names what the next slice does: "decode", "build", "text" or
// "blocks" ("" when done). The three go at very different speeds per byte, so a
// host that sizes slices by time keeps a budget for each.
func (s *Session) Phase() string {
	switch {
	case s.err != nil:
		return ""
	case s.dec != nil:
		return "decode"
	case s.doc == nil:
		return "build"
	case s.next < len(s.doc.Blocks):
		return "text"
	case s.next == len(s.doc.Blocks):
		return "blocks"
	}
	return ""
}

// Encode writes a tree as a snapshot, as the extension's page code does:
// tests use it to check that the snapshot path sees what the CLI sees.
func Encode(root *doc.Node, lang string) string {
	var b []byte
	b = appendField(b, `{"lang":`, lang)
	b = append(b, `,"root":`...)
	b = encode(b, root)
	b = append(b, '}')
	return string(b)
}

func encode(b []byte, n *doc.Node) []byte {
	if n.Kind == doc.TextNode {
		return appendString(b, n.Text)
	}
	b = append(b, '[')
	b = appendString(b, n.Tag)
	b = append(b, ",{"...)
	for i, a := range n.Attrs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, a.Key)
		b = append(b, ':')
		b = appendString(b, a.Val)
	}
	b = append(b, '}')
	for _, c := range n.Children {
		b = append(b, ',')
		b = encode(b, c)
	}
	return append(b, ']')
}

// encodeResult writes a result as encoding/json would write Result.
// appendField appends a key (with its punctuation) and a string value.
// Not inlined: every inlined append is its own copy of the growth path,
// which the page engine's size budget feels.
//
//go:noinline
func appendField(b []byte, key, val string) []byte {
	b = append(b, key...)
	return appendString(b, val)
}

// encodeResult writes a slice's answer; next is the Phase after it.
func encodeResult(hints []Hint, next string) []byte {
	b := []byte(`{"hints":[`)
	counts := map[string]int{}
	var cats []string
	for i, h := range hints {
		if i > 0 {
			b = append(b, ',')
		}
		if counts[h.Category] == 0 {
			cats = append(cats, h.Category)
		}
		counts[h.Category]++
		b = appendField(b, `{"category":`, h.Category)
		b = appendField(b, `,"pack":`, h.Pack)
		b = appendField(b, `,"rule":`, h.Rule)
		b = appendField(b, `,"text":`, h.Text)
		b = append(b, `,"block":`...)
		b = strconv.AppendBool(b, h.Block)
		b = appendField(b, `,"explanation":`, h.Explanation)
		if h.Source != "" {
			b = appendField(b, `,"source":`, h.Source)
		}
		if h.Link != "" {
			b = appendField(b, `,"link":`, h.Link)
		}
		b = appendField(b, `,"severity":`, h.Severity)
		b = appendField(b, `,"colour":`, h.Colour)
		if h.Range != nil {
			b = append(b, `,"range":[`...)
			for k, v := range h.Range {
				if k > 0 {
					b = append(b, ',')
				}
				b = strconv.AppendInt(b, int64(v), 10)
			}
			b = append(b, ']')
		}
		if h.Elem != nil {
			b = append(b, `,"elem":`...)
			b = strconv.AppendInt(b, int64(*h.Elem), 10)
		}
		b = append(b, '}')
	}
	b = append(b, `],"counts":{`...)
	for i, c := range cats {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, c)
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(counts[c]), 10)
	}
	b = append(b, `},"done":`...)
	b = strconv.AppendBool(b, next == "")
	if next != "" {
		b = appendField(b, `,"next":`, next)
	}
	return append(b, '}')
}

var errSnapshot = errors.New("snapshot: not valid JSON")

// errorResult is a slice's answer when the snapshot did not decode: what
// the engine's own errors look like to the page code ({"error": ...}).
func errorResult(err error) []byte {
	return append(appendField([]byte(`{`), `"error":`, err.Error()), `,"done":true}`...)
}
