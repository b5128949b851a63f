package packcheck

import (
	"strings"
	"testing"

	"github.com/sourcelight/sourcelight/rules"
	"github.com/sourcelight/sourcelight/wasm/htmldoc"
)

const pack = `{
  "id": "my-pack",
  "name": "My pack",
  "version": "1.0.0",
  "category": "anonymous-source",
  "colour": "#f2b705",
  "description": "Test.",
  "lists": {"say": ["said"]},
  "rules": [
    {
      "id": "aides",
      "type": "phrase",
      "phrases": ["her aides {say}"],
      "explanation": "Unnamed.",
      "examples": {
        "match": [{"text": "Her aides said so.", "hit": "Her aides said"}],
        "no_match": ["Her aides said so."]
      }
    }
  ]
}
`

func at(t *testing.T, text string, m Mark) string {
	t.Helper()
	u := []rune(text) // ASCII test texts: runes are UTF-16 units
	return string(u[m.From:m.To])
}

func TestCheckMarksFailingExample(t *testing.T) {
	r, p := Check("my-pack.json", pack, htmldoc.ParseString)
	if p == nil || r.Problems != 0 {
		t.Fatalf("problems: %+v", r.Marks)
	}
	if r.Failures != 1 || len(r.Marks) != 1 {
		t.Fatalf("want 1 failing example, got %+v", r.Marks)
	}
	m := r.Marks[0]
	if m.Line != 17 || m.Kind != "example" || !strings.Contains(at(t, pack, m), "Her aides said so.") {
		t.Errorf("mark %+v at %q", m, at(t, pack, m))
	}
	if len(r.Lists) != 1 || r.Lists[0] != "say" || r.Rules[0] != "aides" {
		t.Errorf("lists %v rules %v", r.Lists, r.Rules)
	}
}

func TestCheckMarksProblemAtItsLine(t *testing.T) {
	bad := strings.Replace(pack, `"type": "phrase"`, `"type": "phrasse"`, 1)
	r, p := Check("my-pack.json", bad, htmldoc.ParseString)
	if p != nil || r.Problems == 0 {
		t.Fatal("want a problem")
	}
	m := r.Marks[0]
	if m.Line != 12 || m.Col != 7 || !strings.HasPrefix(at(t, bad, m), `"type": "phrasse"`) {
		t.Errorf("mark %+v at %q", m, at(t, bad, m))
	}
}

func TestCheckSyntaxError(t *testing.T) {
	bad := strings.Replace(pack, `"name": "My pack",`, `"name": "My pack"`, 1)
	r, _ := Check("my-pack.json", bad, htmldoc.ParseString)
	if r.Problems != 1 || r.Marks[0].Line != 4 {
		t.Errorf("marks %+v", r.Marks)
	}
}

func TestCheckBuiltins(t *testing.T) {
	for _, name := range []string{"anonymous-source.json", "denial.json", "promotional.json"} {
		b, _ := rules.FS.ReadFile(name)
		if r, _ := Check(name, string(b), htmldoc.ParseString); !r.OK() {
			t.Errorf("%s: %+v", name, r.Marks)
		}
	}
}

func TestPreviewUTF16(t *testing.T) {
	_, p := Check("my-pack.json", pack, htmldoc.ParseString)
	text := "“Émile” — her aides said it.\n\nNothing here."
	hs := Preview(p, text)
	if len(hs) != 1 {
		t.Fatalf("hints %+v", hs)
	}
	u := []rune(text)
	if got := string(u[hs[0].From:hs[0].To]); got != "her aides said" {
		t.Errorf("preview span %q", got)
	}
}
