package rule

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"testing"
)

// TestAlternation: a list becomes a group that prefers, of the items that
// match at one place, the longest, and whose items the regexp parser can
// factor by their common starts.
func TestAlternation(t *testing.T) {
	cases := []struct {
		items []string
		want  string
		texts []string // each must match exactly its longest item at its start
	}{
		{[]string{"said", "{tells|told}"}, `(?:told|tells|said)`, []string{"told", "tells"}},
		{[]string{"warn", "warned", "warn of", "warns"}, `(?:warns|warned|warn of|warn)`,
			[]string{"warn of danger", "warned them", "warns", "warn"}},
		{[]string{"point to", "point out", "point", "pointed out", "pointed to", "pointed"},
			`(?:pointed to|pointed out|pointed|point to|point out|point)`,
			[]string{"pointed out that", "point to it", "pointed at", "point"}},
		{[]string{"U.S.", "u.s. officials", "Say"}, `(?:u\.s\. officials|u\.s\.|say)`, []string{"u.s. officials say", "u.s. aides"}},
		{[]string{"a", "a", "A"}, `(?:a)`, []string{"a"}},
	}
	for _, c := range cases {
		l := &lists{raw: map[string][]string{"x": c.items}, done: map[string][]string{}, busy: map[string]bool{}}
		got, err := l.regexLists("{x}")
		if err != nil {
			t.Fatalf("%v: %v", c.items, err)
		}
		if got != c.want {
			t.Errorf("%v: %s, want %s", c.items, got, c.want)
		}
		re := regexp.MustCompile("^" + got)
		all, _ := l.get("x")
		for _, text := range c.texts {
			longest := ""
			for _, it := range all {
				it = strings.ToLower(it)
				if strings.HasPrefix(text, it) && len(it) > len(longest) {
					longest = it
				}
			}
			if m := re.FindString(text); m != longest {
				t.Errorf("%s on %q: %q, want the longest item %q", got, text, m, longest)
			}
		}
	}
}

// TestAlternationFactors: the parser turns a list in this order into a tree
// of common starts, so a VM thread at the group tries a branch per first
// letter rather than one per item.
func TestAlternationFactors(t *testing.T) {
	items := []string{"said", "say", "says", "saying", "warn", "warned", "warns", "warn of", "noted", "note", "notes"}
	l := &lists{raw: map[string][]string{"x": items}, done: map[string][]string{}, busy: map[string]bool{}}
	src, err := l.regexLists("{x}")
	if err != nil {
		t.Fatal(err)
	}
	tree, err := syntax.Parse(src, syntax.Perl)
	if err != nil {
		t.Fatal(err)
	}
	if tree.Op != syntax.OpAlternate || len(tree.Sub) != 3 {
		t.Errorf("%s parses to %s: want three branches, one per first letter", src, tree)
	}
}
