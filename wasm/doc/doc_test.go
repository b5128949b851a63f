package doc

import (
	"strings"
	"testing"
)

func TestCollapse(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", "a  b", " a", "a ", "a\tb", "a\u00a0b", "é b", "a\u2003", "\u3000x", "x y z"} {
		if got, want := Collapse(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("Collapse(%q) = %q, want %q", s, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { Collapse("Related articles and more") }); n != 0 {
		t.Errorf("collapsed text: %v allocations", n)
	}
}

func FuzzCollapse(f *testing.F) {
	f.Add("a \u00a0 b\t\n")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Collapse(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("Collapse(%q) = %q, want %q", s, got, want)
		}
	})
}
