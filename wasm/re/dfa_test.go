package re_test

import (
	"testing"

	"github.com/sourcelight/sourcelight/wasm/re"
	"github.com/sourcelight/sourcelight/wasm/re/recompile"
)

// A cache too small for the text is dropped and rebuilt mid-scan, as a
// long page over a large pattern makes it: the answers must not change.
func TestDFAOverBudget(t *testing.T) {
	defer re.SetDFABudget(200)()
	cases := []struct{ pat, text string }{
		{`(?:some|many|several) (?:\w+ ){0,3}(?:officials|aides) (?:said|say)\b`,
			"many senior white house officials said; several aides say so; some people said"},
		{`\b(?:[a-z]+ ){2,4}denied\b`, "the spokesman flatly denied it, and they denied"},
		{`(?m)^x+y$`, "xxy\nxxxz\nxy"},
		{`é.{1,3}ü`, "aé bü éxxxxü"},
	}
	for _, c := range cases {
		p, err := recompile.Compile(c.pat)
		if err != nil {
			t.Fatal(err)
		}
		var m re.Machine
		hits := 0
		for i := 0; i <= len(c.text); i++ {
			w := re.Starts{{From: i, To: i}}
			got, want := m.Exists(p, c.text, 0, w), m.ExistsNFA(p, c.text, 0, w)
			if got != want {
				t.Errorf("%q on %q at %d: DFA %v, NFA %v", c.pat, c.text, i, got, want)
			}
			if want {
				hits++
			}
		}
		if hits == 0 {
			t.Errorf("%q: no match in %q: the case tests nothing", c.pat, c.text)
		}
	}
}
