package engine

import (
	"bytes"
	"strings"
	"testing"

	"github.com/sourcelight/sourcelight/rules"
	"github.com/sourcelight/sourcelight/wasm/htmldoc"
	"github.com/sourcelight/sourcelight/wasm/match"
	"github.com/sourcelight/sourcelight/wasm/rule"
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

// BenchmarkCompileDefaults loads and compiles the built-in packs, as a
// fresh engine does once (Defaults itself is read once per process).
func BenchmarkCompileDefaults(b *testing.B) {
	files := DefaultFiles()
	for i := 0; i < b.N; i++ {
		packs, _ := rule.LoadAll(files)
		match.New(packs...)
	}
}

func TestBuildConfig(t *testing.T) {
	mine := `{"id": "mine", "name": "Mine", "version": "1.0.0", "category": "denial", "colour": "#f00",
	  "description": "d", "rules": [{"id": "fib", "type": "phrase", "phrases": ["porky pie"], "explanation": "A lie.",
	  "examples": {"match": ["A porky pie."], "no_match": ["A pork pie."]}}]}`
	copyOfDenial := strings.Replace(mine, `"id": "mine"`, `"id": "denial"`, 1)
	tests := []struct {
		name     string
		c        Config
		packs    string
		problems int
	}{
		{"defaults", Config{}, "anonymous-source denial promotional", 0},
		{"one off", Config{Disabled: []string{"promotional"}}, "anonymous-source denial", 0},
		{"mine added", Config{Files: []UserFile{{"mine.json", mine}}}, "anonymous-source denial promotional mine", 0},
		{"bad file left out", Config{Files: []UserFile{{"bad.json", "{"}, {"mine.json", mine}}}, "anonymous-source denial promotional mine", 1},
		{"copy clashes while built-in on", Config{Files: []UserFile{{"denial.json", copyOfDenial}}}, "anonymous-source denial promotional", 1},
		{"copy replaces built-in", Config{Files: []UserFile{{"denial.json", copyOfDenial}}, Disabled: []string{"denial"}}, "anonymous-source promotional denial", 0},
	}
	for _, tt := range tests {
		packs, probs := Packs(tt.c)
		var ids []string
		for _, p := range packs {
			ids = append(ids, p.ID)
		}
		if strings.Join(ids, " ") != tt.packs || len(probs) != tt.problems {
			t.Errorf("%s: packs %v, problems %v", tt.name, ids, probs)
		}
	}
}

// rules/compiled.bin is what the built-in packs compile to today.
func TestCompiledUpToDate(t *testing.T) {
	if !bytes.Equal(match.Compile(Defaults()...), rules.Compiled) {
		t.Fatal("rules/compiled.bin is stale: run go run ./wasm/cmd/sourcelight compile -o rules/compiled.bin")
	}
	if len(DefaultMatcher().Packs()) != len(Defaults()) {
		t.Fatal("DefaultMatcher lost packs")
	}
}
