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

// withHot gives a the transition cache of its first h states only: small
// automata are all hot otherwise, and the deep states' path never runs.
func withHot(a *automaton, h int32) *automaton {
	a.hot = min(h, a.hot)
	a.delta = make([]cell, int(a.hot)*a.nclass)
	return a
}

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
		for _, hot := range []int32{hotStates, 1, 3} {
			a := withHot(newAutomaton(patterns), hot)
			if got, want := occurrences(a, s), naive(patterns, s); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%q, %d hot states: got %v, want %v", s, hot, got, want)
			}
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
		for _, hot := range []int32{hotStates, 1, 4} {
			a := withHot(newAutomaton(patterns), hot)
			if got, want := occurrences(a, s), naive(patterns, s); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Fatalf("patterns %q in %q, %d hot states: got %v, want %v", patterns, s, hot, got, want)
			}
		}
	})
}
