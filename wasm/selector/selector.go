// Package selector parses and matches the CSS-like selectors of block rules:
// type, class, id and attribute selectors (=, ~=, |=, ^=, $=, *=, with the
// " i" flag), joined by descendant (space) and child (>) combinators, in
// comma-separated lists. It matches the doc package's element table, so the
// same selector means the same thing in the CLI and in the browser.
package selector

import (
	"errors"
	"strconv"
	"strings"
)

// Tree is what a selector is matched against: the element table of a document.
type Tree interface {
	Tag(i int) string
	Attr(i int, key string) (string, bool)
	Parent(i int) int
}

// List is a parsed selector list: an element matches when any member does.
type List []Complex

// Complex is compound selectors joined by combinators, rightmost last.
type Complex struct {
	Parts []Compound
	Child []bool // Child[k]: Parts[k] must be the parent (not any ancestor) of Parts[k+1]
}

// Compound is one element's conditions.
type Compound struct {
	Tag   string // "" or "*" for any
	Conds []Cond
}

// Cond is one attribute condition; classes and ids are conditions on
// "class" (~=) and "id" (=).
type Cond struct {
	Key   string
	Op    string // "" (present), "=", "~=", "|=", "^=", "$=", "*="
	Val   string
	Fold  bool // the " i" flag: compare without case
	Class bool // written as .name: shown that way again
}

// Parse parses a selector list.
func Parse(s string) (List, error) {
	p := &parser{s: s}
	var l List
	for {
		c, err := p.complex()
		if err != nil {
			return nil, err
		}
		l = append(l, c)
		p.spaces()
		if p.eof() {
			return l, nil
		}
		if p.s[p.i] != ',' {
			return nil, p.errorf("expected ',' or the end, found", p.s[p.i])
		}
		p.i++
	}
}

// Match reports whether element i of t matches.
func (l List) Match(t Tree, i int) bool {
	for _, c := range l {
		if c.match(t, i, len(c.Parts)-1) {
			return true
		}
	}
	return false
}

// Attrs lists the attribute names the selectors read, so that a host can
// send only those with its snapshot.
func (l List) Attrs() []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range l {
		for _, p := range c.Parts {
			for _, d := range p.Conds {
				if !seen[d.Key] {
					seen[d.Key] = true
					out = append(out, d.Key)
				}
			}
		}
	}
	return out
}

func (c Complex) match(t Tree, i, k int) bool {
	if !c.Parts[k].match(t, i) {
		return false
	}
	if k == 0 {
		return true
	}
	for p := t.Parent(i); p >= 0; p = t.Parent(p) {
		if c.match(t, p, k-1) {
			return true
		}
		if c.Child[k-1] {
			return false
		}
	}
	return false
}

func (c Compound) match(t Tree, i int) bool {
	if c.Tag != "" && c.Tag != "*" && c.Tag != t.Tag(i) {
		return false
	}
	for _, d := range c.Conds {
		v, ok := t.Attr(i, d.Key)
		if !ok || !d.test(v) {
			return false
		}
	}
	return true
}

// test compares without allocating: it runs for every attribute of every
// element a block rule looks at. With the " i" flag, ASCII letters compare
// without case (what fold.LowerASCII on both sides would give).
func (d Cond) test(v string) bool {
	w := d.Val
	switch d.Op {
	case "":
		return true
	case "=":
		return d.eq(v, w)
	case "~=":
		for v != "" {
			i := 0
			for i < len(v) && !isSpace(v[i]) {
				i++
			}
			if i > 0 && d.eq(v[:i], w) {
				return true
			}
			for i < len(v) && isSpace(v[i]) {
				i++
			}
			v = v[i:]
		}
		return false
	case "|=":
		return d.eq(v, w) || len(v) > len(w) && v[len(w)] == '-' && d.eq(v[:len(w)], w)
	case "^=":
		return w != "" && len(v) >= len(w) && d.eq(v[:len(w)], w)
	case "$=":
		return w != "" && len(v) >= len(w) && d.eq(v[len(v)-len(w):], w)
	case "*=":
		if w == "" || len(v) < len(w) {
			return false
		}
		if !d.Fold {
			return strings.Contains(v, w)
		}
		return containsFold(v, w)
	}
	return false
}

// eq compares as the condition's flag says.
func (d *Cond) eq(a, b string) bool {
	if d.Fold {
		return equalFold(a, b)
	}
	return a == b
}

// isSpace is white space as strings.Fields has it in ASCII, the only
// white space class and id lists use.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// containsFold is strings.Contains without case for ASCII letters; w is
// not empty. Most places fail at the first byte, tested in both cases.
func containsFold(v, w string) bool {
	c0, c1 := w[0], otherCase(w[0])
	for i := 0; i+len(w) <= len(v); i++ {
		if c := v[i]; (c == c0 || c == c1) && equalFold(v[i+1:i+len(w)], w[1:]) {
			return true
		}
	}
	return false
}

// equalFold: a and b are equal once ASCII letters are lowered.
//
//go:noinline
func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x == y {
			continue
		}
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// Format writes the list back in canonical form. A function, not a String
// method: the page engine carries List, and a String method would be kept
// (with strconv.Quote) for the runtime's panic printing.
func Format(l List) string {
	var b strings.Builder
	for i, c := range l {
		if i > 0 {
			b.WriteString(", ")
		}
		for k, p := range c.Parts {
			if k > 0 {
				if c.Child[k-1] {
					b.WriteString(" > ")
				} else {
					b.WriteByte(' ')
				}
			}
			b.WriteString(p.Tag)
			for _, d := range p.Conds {
				switch {
				case d.Class:
					b.WriteString("." + d.Val)
				case d.Key == "id" && d.Op == "=" && !d.Fold:
					b.WriteString("#" + d.Val)
				case d.Op == "":
					b.WriteString("[" + d.Key + "]")
				default:
					b.WriteString("[" + d.Key + d.Op + strconv.Quote(d.Val))
					if d.Fold {
						b.WriteString(" i")
					}
					b.WriteByte(']')
				}
			}
		}
	}
	return b.String()
}

type parser struct {
	s string
	i int
}

func (p *parser) eof() bool { return p.i >= len(p.s) }

// errorf reports a problem at the parser's column. It takes a message
// and optional quoted byte, not a format: fmt would cost the page engine,
// which carries this package for matching, 300 KB.
func (p *parser) errorf(msg string, c ...byte) error {
	if len(c) > 0 {
		msg += " " + strconv.QuoteRune(rune(c[0]))
	}
	return errors.New("at column " + strconv.Itoa(p.i+1) + ": " + msg)
}

func (p *parser) spaces() bool {
	start := p.i
	for !p.eof() && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n') {
		p.i++
	}
	return p.i > start
}

func (p *parser) complex() (Complex, error) {
	var c Complex
	p.spaces()
	for {
		comp, err := p.compound()
		if err != nil {
			return c, err
		}
		c.Parts = append(c.Parts, comp)
		sp := p.spaces()
		if p.eof() || p.s[p.i] == ',' {
			return c, nil
		}
		child := false
		if p.s[p.i] == '>' {
			child = true
			p.i++
			p.spaces()
		} else if !sp {
			return c, p.errorf("unexpected", p.s[p.i])
		}
		c.Child = append(c.Child, child)
	}
}

func (p *parser) compound() (Compound, error) {
	var c Compound
	if !p.eof() && p.s[p.i] == '*' {
		c.Tag = "*"
		p.i++
	} else if name := p.ident(); name != "" {
		c.Tag = strings.ToLower(name)
	}
	for !p.eof() {
		switch p.s[p.i] {
		case '.':
			p.i++
			name := p.ident()
			if name == "" {
				return c, p.errorf("a class name must follow '.'")
			}
			c.Conds = append(c.Conds, Cond{Key: "class", Op: "~=", Val: name, Class: true})
		case '#':
			p.i++
			name := p.ident()
			if name == "" {
				return c, p.errorf("an id must follow '#'")
			}
			c.Conds = append(c.Conds, Cond{Key: "id", Op: "=", Val: name})
		case '[':
			p.i++
			d, err := p.attr()
			if err != nil {
				return c, err
			}
			c.Conds = append(c.Conds, d)
		case ':':
			return c, p.errorf("pseudo-classes are not supported")
		default:
			if c.Tag == "" && len(c.Conds) == 0 {
				return c, p.errorf("expected a selector, found", p.s[p.i])
			}
			return c, nil
		}
	}
	if c.Tag == "" && len(c.Conds) == 0 {
		return c, p.errorf("expected a selector")
	}
	return c, nil
}

func (p *parser) attr() (Cond, error) {
	var d Cond
	p.spaces()
	d.Key = strings.ToLower(p.ident())
	if d.Key == "" {
		return d, p.errorf("an attribute name must follow '['")
	}
	p.spaces()
	if p.eof() {
		return d, p.errorf("missing ']'")
	}
	if p.s[p.i] == ']' {
		p.i++
		return d, nil
	}
	for _, op := range []string{"~=", "|=", "^=", "$=", "*=", "="} {
		if strings.HasPrefix(p.s[p.i:], op) {
			d.Op = op
			p.i += len(op)
			break
		}
	}
	if d.Op == "" {
		return d, p.errorf("expected an operator (=, ~=, |=, ^=, $=, *=) or ']'")
	}
	p.spaces()
	if p.eof() {
		return d, p.errorf("missing value")
	}
	if q := p.s[p.i]; q == '"' || q == '\'' {
		end := strings.IndexByte(p.s[p.i+1:], q)
		if end < 0 {
			return d, p.errorf("unterminated string")
		}
		d.Val = p.s[p.i+1 : p.i+1+end]
		p.i += end + 2
	} else {
		d.Val = p.ident()
		if d.Val == "" {
			return d, p.errorf("expected a value")
		}
	}
	p.spaces()
	if !p.eof() && (p.s[p.i] == 'i' || p.s[p.i] == 'I') {
		d.Fold = true
		p.i++
		p.spaces()
	}
	if p.eof() || p.s[p.i] != ']' {
		return d, p.errorf("missing ']'")
	}
	p.i++
	return d, nil
}

// ident reads a CSS identifier (without escapes, which rule files never need).
func (p *parser) ident() string {
	start := p.i
	for !p.eof() {
		c := p.s[p.i]
		if c == '-' || c == '_' || c >= 0x80 || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') {
			p.i++
			continue
		}
		break
	}
	return p.s[start:p.i]
}
