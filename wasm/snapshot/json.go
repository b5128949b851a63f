package snapshot

import (
	"errors"
	"github.com/sourcelight/sourcelight/wasm/fold"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/sourcelight/sourcelight/wasm/doc"
)

// parser reads the snapshot grammar: {"lang": STRING, "root": NODE} where
// a NODE is a string or [STRING, {STRING: STRING, ...}, NODE...]. It is
// strict JSON (anything else is an error) but for what a snapshot never
// holds: numbers, true, false and null are refused. Nesting is walked with
// an explicit stack (decoder): pages nest deeper than a goroutine stack
// likes.
type parser struct {
	s     string
	i     int
	texts []string
	elems int
}

var errRoot = errors.New("snapshot: root must be an element")

// decoder reads a snapshot a step at a time: on a long page the engine
// decodes it in several of the page's tasks (Session.Next), not in one.
type decoder struct {
	p     parser
	state int // what comes next: decStart, decKeys, decTree, or decDone
	first bool
	root  *doc.Node
	lang  string
	stack []*doc.Node // the elements open in the root's tree
}

const (
	decStart = iota // the opening '{'
	decKeys         // the top-level object's next key, or its end
	decTree         // more of the root's tree
	decDone
)

func newDecoder(data string) *decoder { return &decoder{p: parser{s: data}} }

// step reads about budget more bytes of the snapshot (an element or a
// string at least) and says whether it is all read.
func (d *decoder) step(budget int) (bool, error) {
	p := &d.p
	end := p.i + max(budget, 1)
	for {
		switch d.state {
		case decStart:
			if !p.lit('{') {
				return false, errSnapshot
			}
			d.state, d.first = decKeys, true
		case decKeys:
			if p.lit('}') {
				p.space()
				if p.i != len(p.s) {
					return false, errSnapshot
				}
				if d.root == nil {
					return false, errRoot
				}
				d.state = decDone
				return true, nil
			}
			if !d.first && !p.lit(',') {
				return false, errSnapshot
			}
			d.first = false
			key, ok := p.str()
			if !ok || !p.lit(':') {
				return false, errSnapshot
			}
			switch key {
			case "lang":
				if d.lang, ok = p.str(); !ok {
					return false, errSnapshot
				}
			case "root":
				p.space()
				if p.i >= len(p.s) || p.s[p.i] != '[' {
					if p.skipValue() {
						return false, errRoot
					}
					return false, errSnapshot
				}
				root, err := p.open()
				if err != nil {
					return false, err
				}
				d.root, d.stack, d.state = root, []*doc.Node{root}, decTree
			default:
				if !p.skipValue() {
					return false, errSnapshot
				}
			}
		case decTree:
			if err := d.tree(end); err != nil {
				return false, err
			}
			if len(d.stack) > 0 {
				return false, nil // the budget is spent
			}
			d.state = decKeys
		case decDone:
			return true, nil
		}
	}
}

// tree reads the root's tree until it is whole or p.i reaches end.
func (d *decoder) tree(end int) error {
	p := &d.p
	for len(d.stack) > 0 && p.i < end {
		top := d.stack[len(d.stack)-1]
		if p.lit(']') {
			d.stack = d.stack[:len(d.stack)-1]
			continue
		}
		if !p.lit(',') {
			return errSnapshot
		}
		p.space()
		if p.i >= len(p.s) {
			return errSnapshot
		}
		switch p.s[p.i] {
		case '"':
			text, ok := p.str()
			if !ok {
				return errSnapshot
			}
			top.Children = append(top.Children, &doc.Node{Kind: doc.TextNode, Text: text, Ref: len(p.texts)})
			p.texts = append(p.texts, text)
		case '[':
			n, err := p.open()
			if err != nil {
				return err
			}
			top.Children = append(top.Children, n)
			d.stack = append(d.stack, n)
		default:
			// what the old reader skipped: a value that is no node
			if !p.skipValue() {
				return errSnapshot
			}
		}
	}
	return nil
}

// result is the tree read, the root's language set from the snapshot's
// lang, and the texts of the text nodes by index.
func (d *decoder) result() (*doc.Node, []string) {
	if d.lang != "" {
		if _, ok := d.root.Attr("lang"); !ok {
			d.root.Attrs = append(d.root.Attrs, doc.Attr{Key: "lang", Val: d.lang})
		}
	}
	return d.root, d.p.texts
}

// open reads `[tag, {attrs}` of an element.
func (p *parser) open() (*doc.Node, error) {
	if !p.lit('[') {
		return nil, errSnapshot
	}
	n := &doc.Node{Kind: doc.ElementNode, Ref: p.elems}
	p.elems++
	tag, ok := p.str()
	if !ok {
		return nil, errSnapshot
	}
	n.Tag = fold.LowerASCII(tag)
	p.space()
	if p.i < len(p.s) && p.s[p.i] == ',' {
		save := p.i
		p.i++
		p.space()
		if p.i < len(p.s) && p.s[p.i] == '{' {
			p.i++
			for first := true; ; first = false {
				if p.lit('}') {
					break
				}
				if !first && !p.lit(',') {
					return nil, errSnapshot
				}
				k, ok1 := p.str()
				if !ok1 || !p.lit(':') {
					return nil, errSnapshot
				}
				v, ok2 := p.str()
				if !ok2 {
					return nil, errSnapshot
				}
				n.Attrs = append(n.Attrs, doc.Attr{Key: fold.LowerASCII(k), Val: v})
			}
		} else {
			p.i = save // a child, not attributes
		}
	}
	return n, nil
}

func (p *parser) space() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) lit(c byte) bool {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// str reads a JSON string.
func (p *parser) str() (string, bool) {
	p.space()
	if p.i >= len(p.s) || p.s[p.i] != '"' {
		return "", false
	}
	p.i++
	start := p.i
	// fast path: no escapes, in locals (the page runs this before V8 has
	// optimised it, and a field is a memory access per byte there)
	src, i := p.s, p.i
	for i < len(src) {
		c := src[i]
		if c == '"' {
			p.i = i + 1
			return src[start:i], true
		}
		if c == '\\' || c < 0x20 {
			break
		}
		i++
	}
	p.i = i
	var b []byte
	b = append(b, p.s[start:p.i]...)
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return string(b), true
		case c < 0x20:
			return "", false
		case c != '\\':
			b = append(b, c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.s) {
			return "", false
		}
		e := p.s[p.i+1]
		p.i += 2
		switch e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", false
			}
			if utf16.IsSurrogate(r) {
				// a pair makes one character; a lone half (JSON.stringify
				// escapes those) stands for one unknown character
				if p.i+6 <= len(p.s) && p.s[p.i] == '\\' && p.s[p.i+1] == 'u' {
					save := p.i
					p.i += 2
					r2, ok := p.hex4()
					if d := utf16.DecodeRune(r, r2); ok && d != utf8.RuneError {
						r = d
					} else {
						p.i = save
						r = utf8.RuneError
					}
				} else {
					r = utf8.RuneError
				}
			}
			b = utf8.AppendRune(b, r)
		default:
			return "", false
		}
	}
	return "", false
}

func (p *parser) hex4() (rune, bool) {
	if p.i+4 > len(p.s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(p.s[p.i : p.i+4]) {
		var v byte
		switch {
		case '0' <= c && c <= '9':
			v = c - '0'
		case 'a' <= c && c <= 'f':
			v = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			v = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(v)
	}
	p.i += 4
	return r, true
}

// skipValue skips a string, object or array of strings (what a future
// snapshot field might be). Numbers and literals are not snapshot data.
func (p *parser) skipValue() bool {
	p.space()
	if p.i >= len(p.s) {
		return false
	}
	switch p.s[p.i] {
	case '"':
		_, ok := p.str()
		return ok
	case '[', '{':
		closeBy := byte(']')
		if p.s[p.i] == '{' {
			closeBy = '}'
		}
		p.i++
		for first := true; ; first = false {
			if p.lit(closeBy) {
				return true
			}
			if !first && !p.lit(',') {
				return false
			}
			if closeBy == '}' {
				if _, ok := p.str(); !ok || !p.lit(':') {
					return false
				}
			}
			if !p.skipValue() {
				return false
			}
		}
	}
	return false
}

// AppendString writes s as a JSON string.
func AppendString(b []byte, s string) []byte { return appendString(b, s) }

// appendString writes s as a JSON string, as encoding/json does (HTML
// characters escaped, invalid UTF-8 as U+FFFD).
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20 || c == '<' || c == '>' || c == '&':
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&15])
		default:
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return append(b, '"')
}
