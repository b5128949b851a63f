package match

import (
	"regexp"
	"regexp/syntax"
	"testing"
)

// The printer is exact: a pattern written back finds the same matches.
func FuzzPattern(f *testing.F) {
	for _, p := range []string{`\bofficials? (?:said|say)\b`, `(?P<hint>a|b)c{2,3}?[^x-z]`, `(?i:Ab)$|^x.\B`, `[\-.]+'s`} {
		f.Add(p, "Officials said; ab c ccc x-z a.'s")
	}
	f.Fuzz(func(t *testing.T, p, text string) {
		re, err := regexp.Compile(p)
		if err != nil {
			return
		}
		tree, err := syntax.Parse(p, syntax.Perl)
		if err != nil {
			return
		}
		printed := printRE(tree)
		again, err := regexp.Compile(printed)
		if err != nil {
			t.Fatalf("%q printed as %q, which does not compile: %v", p, printed, err)
		}
		a, b := re.FindAllStringSubmatchIndex(text, -1), again.FindAllStringSubmatchIndex(text, -1)
		if len(a) != len(b) {
			t.Fatalf("%q printed as %q: %v vs %v", p, printed, a, b)
		}
		for i := range a {
			for j := range a[i] {
				if a[i][j] != b[i][j] {
					t.Fatalf("%q printed as %q: %v vs %v", p, printed, a, b)
				}
			}
		}
	})
}
