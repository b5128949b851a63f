package match

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
)

// factors is factorsOf for a pattern string.
func factors(pattern string) [][]string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	return factorsOf(re.Simplify())
}

func TestFactors(t *testing.T) {
	tests := []struct{ re, want string }{
		{`\bofficials said\b`, "officials said"},
		{`\b(?:sources?|officials?) (?:said|say)\b`, "official said|official say|officials said|officials say|source said|source say|sources said|sources say"},
		{`according to (?:media )?reports`, "according to media reports|according to reports"},
		{`s(?:aid|ays)`, "said|says"},
		{`denied (?:the )?(?:reports?|claims?)`, "denied claim|denied claims|denied report|denied reports|denied the claim|denied the claims|denied the report|denied the reports"},
		{`\b(?:deny|denies|denied|denying) (?:it|them)\b`, "denied it|denied them|denies it|denies them|deny it|deny them|denying it|denying them"},
		{`\w+ly`, ""},
		{`(?:a|b)c`, ""},
		{`x*said`, "said"},
		{`(?P<hint>claims) (?:without|with no) evidence`, "claims with no evidence|claims without evidence"},
	}
	for _, tt := range tests {
		var sets []string
		for _, f := range factors(tt.re) {
			f = slices.Clone(f)
			slices.Sort(f)
			sets = append(sets, strings.Join(f, "|"))
		}
		got := strings.Join(sets, " & ")
		if got != tt.want {
			t.Errorf("factors(%q) = %q, want %q", tt.re, got, tt.want)
		}
	}
}

// A factor set is a promise: every match contains one of the factors.
func FuzzFactors(f *testing.F) {
	f.Add(`(?:officials?|sources?) said`, "two officials said so")
	f.Fuzz(func(t *testing.T, pattern, text string) {
		re, err := regexp.Compile(pattern)
		if err != nil {
			return
		}
		for _, fs := range factors(pattern) {
			for _, m := range re.FindAllString(text, -1) {
				ok := false
				for _, f := range fs {
					if strings.Contains(m, f) {
						ok = true
					}
				}
				if !ok {
					t.Fatalf("match %q of %q holds none of %q", m, pattern, fs)
				}
			}
		}
	})
}
