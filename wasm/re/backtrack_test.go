package re_test

import (
	"regexp"
	"slices"
	"testing"

	"github.com/sourcelight/sourcelight/wasm/re"
	"github.com/sourcelight/sourcelight/wasm/re/recompile"
)

var backtrackCases = []struct{ pat, text string }{
	{`abc`, "xxabcxxabc"},
	{`(a|ab)(c|bcd)(d*)`, "abcd abcd"},
	{`(?:two |three )?(?:senior )?officials (?P<hint>said|say)`, "two senior officials said; officials say"},
	{`x*`, "aaxa"},
	{`(?P<hint>a|ab)(?:c|bcd)`, "abcd"},
	{`(?P<hint>a*?)b`, "aaab"},
	{`(?P<hint>(?:a|b)+?)b`, "abab"},
	{`(?:a*)*b`, "aaab"},
	{`\Bor\b`, "for or"},
	{`(?m)^x$`, "a\nx\nb"},
	{`é+|ü`, "aéé ü"},
	{`(?:\w+ ){0,3}?(?P<hint>said|says)\b`, "the aides of the man said so; he says"},
	{`[^,]{1,5}?,`, "abc, abcdefg, x,"},
}

// TestBacktrackIsVM: at every start position, Find by the backtracker
// gives what the VM gives, match and submatches.
func TestBacktrackIsVM(t *testing.T) {
	for _, c := range backtrackCases {
		sameAsVM(t, c.pat, c.text)
	}
}

func FuzzBacktrackIsVM(f *testing.F) {
	for _, c := range backtrackCases {
		f.Add(c.pat, c.text)
	}
	f.Fuzz(func(t *testing.T, pat, text string) {
		if len(pat) > 40 || len(text) > 300 {
			return
		}
		if _, err := regexp.Compile(pat); err != nil {
			return
		}
		sameAsVM(t, pat, text)
	})
}

func sameAsVM(t *testing.T, pat, text string) {
	t.Helper()
	p, err := recompile.Compile(pat)
	if err != nil {
		t.Fatal(err)
	}
	var back, vm re.Machine
	vm.VMOnly()
	for i := 0; i <= len(text); i++ {
		for _, from := range []int{0, i} {
			one := re.Starts{{From: i, To: i}}
			got, want := make([]int, p.Slots), make([]int, p.Slots)
			for k := range want {
				want[k] = -1
			}
			g, w := back.Find(p, text, from, one, got), vm.Find(p, text, from, one, want)
			if g != w || (w && !slices.Equal(got, want)) {
				t.Fatalf("%q on %q at %d: backtrack %v %v, VM %v %v", pat, text, i, g, got, w, want)
			}
		}
	}
}
