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
