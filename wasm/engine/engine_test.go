package engine

import (
	"testing"

	"github.com/sourcelight/sourcelight/wasm/htmldoc"
	"github.com/sourcelight/sourcelight/wasm/match"
	"github.com/sourcelight/sourcelight/wasm/ruletest"
)

// The built-in packs load, and every example of every rule behaves.
func TestDefaultPacks(t *testing.T) {
	packs := Defaults()
	cats := map[string]bool{}
	for _, p := range packs {
		cats[p.Category] = true
		res := ruletest.Run(p, htmldoc.ParseString)
		if res.Examples < 2*len(p.Rules) {
			t.Errorf("%s: %d examples for %d rules", p.ID, res.Examples, len(p.Rules))
		}
		for _, f := range res.Failures {
			t.Error(f.Error())
		}
	}
	for _, c := range []string{"anonymous-source", "denial", "promotional"} {
		if !cats[c] {
			t.Errorf("no built-in pack for %s", c)
		}
	}
}

func BenchmarkCompileDefaults(b *testing.B) {
	files := DefaultFiles()
	for i := 0; i < b.N; i++ {
		packs := Defaults()
		match.New(packs...)
	}
	_ = files
}
