package scan

import (
	"sort"
	"strings"
	"testing"
)

// naive finds every occurrence of every pattern the slow way.
func naive(patterns []string, s string) []string {
	var out []string
	for id, p := range patterns {
		for i := 0; i+len(p) <= len(s); i++ {
			if s[i:i+len(p)] == p {
				out = append(out, key(id, i+len(p)))
			}
		}
	}
	sort.Strings(out)
	return out
}

func key(id, end int) string { return string(rune('A'+id)) + ":" + strings.Repeat("|", end) }

func occurrences(a *automaton, s string) []string {
	var out []string
	a.scan(s, func(id, end int) { out = append(out, key(id, end)) })
	sort.Strings(out)
	return out
}

func TestAutomaton(t *testing.T) {
	patterns := []string{"he", "she", "his", "hers", "s", "said", "aid"}
	sort.Strings(patterns) // newAutomaton takes them sorted
	for _, s := range []string{"ushers", "she said his", "", "hhhhe", "aidsaid"} {
		a := newAutomaton(patterns)
		if got, want := occurrences(a, s), naive(patterns, s); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%q: got %v, want %v", s, got, want)
		}
	}
}

func FuzzAutomaton(f *testing.F) {
	f.Add("ab\x00abc\x00bc\x00c", "abcabcbc")
	f.Fuzz(func(t *testing.T, pats, s string) {
		var patterns []string
		seen := map[string]bool{}
		for _, p := range strings.Split(pats, "\x00") {
			if p != "" && !seen[p] && len(patterns) < 20 {
				seen[p] = true
				patterns = append(patterns, p)
			}
		}
		sort.Strings(patterns)
		a := newAutomaton(patterns)
		if got, want := occurrences(a, s), naive(patterns, s); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("patterns %q in %q: got %v, want %v", patterns, s, got, want)
		}
	})
}
