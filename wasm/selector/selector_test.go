package selector

import (
	"strings"
	"testing"
)

// node is a tiny element tree for tests.
type node struct {
	tag    string
	attrs  map[string]string
	parent int
}

type nodes []node

func (n nodes) Tag(i int) string { return n[i].tag }
func (n nodes) Attr(i int, k string) (string, bool) {
	v, ok := n[i].attrs[k]
	return v, ok
}
func (n nodes) Parent(i int) int { return n[i].parent }

var page = nodes{
	{tag: "body", parent: -1},
	{tag: "article", attrs: map[string]string{"class": "post main"}, parent: 0},
	{tag: "aside", attrs: map[string]string{"class": "related-inline", "aria-label": "Other Topics of Interest"}, parent: 1},
	{tag: "div", attrs: map[string]string{"class": "ad-slot ad-inline", "data-ad-unit": "article-inline", "id": "ad1"}, parent: 1},
	{tag: "span", attrs: map[string]string{"class": "ad-label"}, parent: 3},
}

func TestMatch(t *testing.T) {
	tests := []struct {
		sel  string
		want []int
	}{
		{"aside", []int{2}},
		{".ad-slot", []int{3}},
		{"div.ad-inline#ad1", []int{3}},
		{"[data-ad-unit]", []int{3}},
		{"[data-ad-unit=article-inline]", []int{3}},
		{`[aria-label*="topics" i]`, []int{2}},
		{`[aria-label*="topics"]`, nil},
		{"[class^=ad-]", []int{3, 4}},
		{"[class$=inline]", []int{2, 3}},
		{"[class|=ad]", []int{3, 4}},
		{"[class~=main]", []int{1}},
		{"article span", []int{4}},
		{"article > span", nil},
		{"div > span", []int{4}},
		{"aside, .ad-label", []int{2, 4}},
		{"*", []int{0, 1, 2, 3, 4}},
	}
	for _, tt := range tests {
		l, err := Parse(tt.sel)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.sel, err)
		}
		var got []int
		for i := range page {
			if l.Match(page, i) {
				got = append(got, i)
			}
		}
		if !equal(got, tt.want) {
			t.Errorf("%q matches %v, want %v", tt.sel, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, s := range []string{"", ".", "#", "[", "[x", "[x=]", "[x=\"y]", "a:hover", "a,", "a >", "[x!=y]", "a + b"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) succeeded, want an error", s)
		}
	}
}

func TestStringRoundTrip(t *testing.T) {
	for _, s := range []string{"aside.related", "div > span.ad-label", `[aria-label*="more" i]`, "#x, [data-ad]"} {
		l, err := Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse(Format(l))
		if err != nil || Format(again) != Format(l) {
			t.Errorf("%q -> %q does not round-trip (%v)", s, Format(l), err)
		}
	}
	l, _ := Parse("[data-x] .y, a[aria-label]")
	if got := strings.Join(l.Attrs(), ","); got != "data-x,class,aria-label" {
		t.Errorf("Attrs = %s", got)
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// reference is Cond.test as it was written first: lower both sides, then
// the strings package. test must agree with it without allocating.
func reference(d Cond, v string) bool {
	w := d.Val
	if d.Fold {
		v, w = lowerASCII(v), lowerASCII(w)
	}
	switch d.Op {
	case "":
		return true
	case "=":
		return v == w
	case "~=":
		for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r < 0x80 && isSpace(byte(r)) }) {
			if f == w {
				return true
			}
		}
		return false
	case "|=":
		return v == w || strings.HasPrefix(v, w+"-")
	case "^=":
		return w != "" && strings.HasPrefix(v, w)
	case "$=":
		return w != "" && strings.HasSuffix(v, w)
	case "*=":
		return w != "" && strings.Contains(v, w)
	}
	return false
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func FuzzCondTest(f *testing.F) {
	f.Add("Ad-Slot", "x  ad-slot\tY", true)
	f.Add("en", "EN-gb", true)
	f.Add("Menu", "mainMENU", false)
	f.Add("é", "caféÉ", true)
	f.Fuzz(func(t *testing.T, w, v string, fold bool) {
		for _, o := range []string{"", "=", "~=", "|=", "^=", "$=", "*="} {
			d := Cond{Key: "k", Op: o, Val: w, Fold: fold}
			if got, want := d.test(v), reference(d, v); got != want {
				t.Fatalf("[k%s%q fold=%v] on %q: %v, want %v", o, w, fold, v, got, want)
			}
		}
	})
}

func TestCondTestAllocates(t *testing.T) {
	d := Cond{Key: "class", Op: "*=", Val: "menu", Fold: true}
	if n := testing.AllocsPerRun(100, func() { d.test("Main-MENU nav") }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}

// A Set matches what its List matches, element by element.
func FuzzSet(f *testing.F) {
	f.Add("[class*=footer i], [id*=menu i], aside, div.ad-slot > span, [data-ad-unit]", "Main-Footer", "MENU1", "span")
	f.Add("div[class~=ad-inline][id=ad1], .related-inline, [aria-label^=other i]", "ad-slot ad-inline", "ad1", "div")
	f.Fuzz(func(t *testing.T, sel, class, id, tag string) {
		l, err := Parse(sel)
		if err != nil {
			return
		}
		p := append(nodes(nil), page...)
		p = append(p, node{tag: tag, attrs: map[string]string{"class": class, "id": id}, parent: 1},
			node{tag: "span", attrs: map[string]string{"class": id}, parent: len(page)})
		s := NewSet(l)
		for i := range p {
			if got, want := s.Match(p, i), l.Match(p, i); got != want {
				t.Fatalf("%q on element %d (%+v): Set %v, List %v", sel, i, p[i], got, want)
			}
		}
	})
}
