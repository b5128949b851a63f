package engine

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/sourcelight/sourcelight/rules"
	"github.com/sourcelight/sourcelight/wasm/htmldoc"
	"github.com/sourcelight/sourcelight/wasm/match"
	"github.com/sourcelight/sourcelight/wasm/packhead"
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

const good = `{"id": "mine", "name": "Mine", "version": "1.0.0", "category": "denial", "colour": "#f00",
	  "description": "d", "rules": [{"id": "fib", "type": "phrase", "phrases": ["porky pie"], "explanation": "A lie.",
	  "examples": {"match": ["A porky pie."], "no_match": ["A pork pie."]}}]}`

func TestBuildConfig(t *testing.T) {
	mine := good
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
		if got := Problems(tt.c); !reflect.DeepEqual(got, probs) {
			t.Errorf("%s: Problems %v, Packs' problems %v", tt.name, got, probs)
		}
	}
}

// The options page lists the built-in packs from their heads: they must
// say what the loaded packs say.
func TestDefaultHeads(t *testing.T) {
	packs, heads := Defaults(), packhead.Defaults()
	if len(packs) != len(heads) {
		t.Fatalf("%d heads for %d packs", len(heads), len(packs))
	}
	for i, p := range packs {
		if !reflect.DeepEqual(heads[i], p.Head()) {
			t.Errorf("head %d = %+v\nloaded = %+v", i, heads[i], p.Head())
		}
	}
}

// LoadUser remembers answers, bad ones too, and forgets none it gives.
func TestLoadUser(t *testing.T) {
	p1, _ := LoadUser("a.json", good)
	p2, _ := LoadUser("a.json", good)
	if p1 == nil || p1 != p2 {
		t.Fatalf("LoadUser did not keep the pack: %p %p", p1, p2)
	}
	for i := range 40 { // past the bound: still right answers
		name := fmt.Sprintf("f%d.json", i)
		if p, _ := LoadUser(name, good); p == nil || p.File != name {
			t.Fatalf("LoadUser(%s) = %+v", name, p)
		}
		if _, probs := LoadUser(name, "{"); probs == nil {
			t.Fatalf("LoadUser(%s, bad) gave no problem", name)
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
