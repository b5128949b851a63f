package rule

import (
	"reflect"
	"strings"
	"testing"

	"github.com/sourcelight/sourcelight/wasm/packhead"
)

const good = `{
  "id": "test-pack", "name": "Test", "version": "1.0.0", "category": "anonymous-source",
  "colour": "#aabbcc", "description": "For tests.", "languages": ["en"],
  "lists": {"say": ["said", "{tells|told}"]},
  "rules": [
    {"id": "p", "type": "phrase", "phrases": ["{his|her|their} aides {say}"], "explanation": "e",
     "examples": {"match": ["Her aides said so."], "no_match": ["No."]}},
    {"id": "r", "type": "regex", "patterns": ["\\bofficials? {say}\\b"], "explanation": "e",
     "link": "https://example.org/policy", "severity": "warning",
     "examples": {"match": [{"text": "Officials said.", "hit": "Officials said"}], "no_match": ["No."]}},
    {"id": "x", "type": "exception", "phrases": ["source code"], "cancels": ["p"],
     "examples": {"match": ["source code"], "no_match": ["No."]}}
  ]
}`

func TestLoadGood(t *testing.T) {
	p, probs := Load("good.json", []byte(good))
	if probs != nil {
		t.Fatalf("unexpected problems:\n%v", probs)
	}
	if p.ID != "test-pack" || len(p.Rules) != 3 {
		t.Fatalf("pack = %+v", p)
	}
	ph := p.Rules[0].(*Phrase)
	want := "his aides said|his aides tells|his aides told|her aides said|her aides tells|her aides told|their aides said|their aides tells|their aides told"
	if got := strings.Join(ph.Phrases, "|"); got != want {
		t.Errorf("phrases = %s\nwant      %s", got, want)
	}
	re := p.Rules[1].(*Regex)
	if got := re.Patterns[0].Source; got != `\bofficials? (?:told|tells|said)\b` {
		t.Errorf("regex = %s", got)
	}
	if d := p.Rules[1].Base(); d.Severity != "warning" || d.Match[0].Hit != "Officials said" {
		t.Errorf("def = %+v", d)
	}
	if string(p.Raw) != good {
		t.Error("Raw is not the file as read")
	}
}

// edit replaces old by new in the good pack.
func edit(old, new string) string {
	if !strings.Contains(good, old) {
		panic("no " + old)
	}
	return strings.Replace(good, old, new, 1)
}

func TestProblems(t *testing.T) {
	tests := []struct {
		name, json, path, msg string
	}{
		{"syntax", `{"id": "x",`, "", "invalid JSON"},
		{"not object", `[]`, "", "must be a JSON object"},
		{"missing id", edit(`"id": "test-pack", `, ""), "id", "is required"},
		{"bad id", edit(`"test-pack"`, `"Test Pack"`), "id", "lower-case letters"},
		{"bad colour", edit(`"#aabbcc"`, `"red"`), "colour", "hex colour"},
		{"bad version", edit(`"1.0.0"`, `"one"`), "version", "version such as"},
		{"unknown field", edit(`"phrases": [`, `"phrase": ["x"], "phrases": [`), "rules[0].phrase", "not a known field"},
		{"duplicate key", edit(`"name": "Test",`, `"name": "Test", "name": "Again",`), "name", "appears twice"},
		{"wrong type", edit(`"phrases": ["{his|her|their} aides {say}"]`, `"phrases": "aides said"`), "rules[0].phrases", "array of strings"},
		{"unknown list", edit(`aides {say}`, `aides {tell}`), "rules[0].phrases[0]", `{tell} names no list`},
		{"unclosed brace", edit(`aides {say}`, `aides {say|said`), "rules[0].phrases[0]", "not closed"},
		{"lone bar", edit(`aides {say}`, `aides | say`), "rules[0].phrases[0]", "outside {...}"},
		{"bad regex", edit(`\\bofficials?`, `(officials`), "rules[1].patterns[0]", "missing closing )"},
		{"capital in regex", edit(`\\bofficials?`, `\\bOfficials?`), "rules[1].patterns[0]", "lower case"},
		{"dash in regex class", edit(`\\bofficials?`, `[,—] officials?`), "rules[1].patterns[0]", "plain"},
		{"empty match regex", edit(`\\bofficials? {say}\\b`, `x*`), "rules[1].patterns[0]", "can match empty text"},
		{"odd group", edit(`\\bofficials?`, `(?P<src>officials?)`), "rules[1].patterns[0]", `only group name`},
		{"javascript link", edit(`https://example.org/policy`, `javascript:alert(1)`), "rules[1].link", "http:// or https://"},
		{"severity", edit(`"warning"`, `"fatal"`), "rules[1].severity", `"info" or "warning"`},
		{"no examples", edit(`"examples": {"match": ["Her aides said so."], "no_match": ["No."]}`, `"examples": {"match": ["Her aides said so."]}`), "rules[0].examples.no_match", "at least one example"},
		{"hit not in text", edit(`"hit": "Officials said"`, `"hit": "Ministers said"`), "rules[1].examples.match[0].hit", "does not occur"},
		{"duplicate rule id", edit(`{"id": "r",`, `{"id": "p",`), "rules[1].id", "already the id"},
		{"cancels unknown", edit(`"cancels": ["p"]`, `"cancels": ["q"]`), "rules[2].cancels[0]", "not the id of another rule"},
		{"bad type", edit(`"type": "regex"`, `"type": "regexp"`), "rules[1].type", "must be one of"},
		{"block in text pack", edit(`"type": "phrase", "phrases": ["{his|her|their} aides {say}"]`, `"type": "block", "labels": ["Related"]`), "rules[0].type", "promotional"},
		{"no word", edit(`"{his|her|their} aides {say}"`, `"{-|--}"`), "rules[0].phrases[0]", "no letter or digit"},
		{"list cycle", edit(`"{tells|told}"`, `"{say}"`), "rules[0].phrases[0]", "refers to itself"},
		{"language", edit(`["en"]`, `["English"]`), "languages[0]", "language code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, probs := Load("pack.json", []byte(tt.json))
			if p != nil {
				t.Fatal("a pack with problems was loaded")
			}
			for _, pr := range probs {
				if pr.Path == tt.path && strings.Contains(pr.Msg, tt.msg) && pr.File == "pack.json" {
					return
				}
			}
			t.Errorf("want a problem at %q saying %q; got:\n%v", tt.path, tt.msg, probs)
		})
	}
}

func TestSyntaxErrorPosition(t *testing.T) {
	_, probs := Load("x.json", []byte("{\n  \"id\": \"a\",\n  \"name\" \"b\"\n}"))
	if len(probs) != 1 || probs[0].Line != 3 {
		t.Fatalf("problems = %v", probs)
	}
	if !strings.HasPrefix(probs[0].Error(), "x.json:3:") {
		t.Errorf("Error() = %q", probs[0].Error())
	}
}

func TestBlockRule(t *testing.T) {
	src := `{"id": "promo", "name": "P", "version": "1.0.0", "category": "promotional", "colour": "#777",
	  "description": "d", "rules": [{"id": "b", "type": "block", "explanation": "e",
	  "labels": ["Advertisement", "Sign up for our newsletter..."], "selectors": [".ad-slot", "[aria-label*=ad i]"],
	  "max_chars": 800, "examples": {"match": ["<p>Advertisement</p>"], "no_match": ["<p>x</p>"]}}]}`
	p, probs := Load("promo.json", []byte(src))
	if probs != nil {
		t.Fatal(probs)
	}
	b := p.Rules[0].(*Block)
	if b.Labels[0] != (Label{"advertisement", false}) || b.Labels[1] != (Label{"sign up for our newsletter", true}) {
		t.Errorf("labels = %+v", b.Labels)
	}
	if b.MaxChars != 800 || b.MaxProse != DefaultMaxProse || len(b.Selectors) != 2 {
		t.Errorf("block = %+v", b)
	}
	bad := strings.Replace(src, `".ad-slot"`, `".ad-slot:hover"`, 1)
	if _, probs := Load("promo.json", []byte(bad)); len(probs) == 0 || !strings.Contains(probs[0].Msg, "pseudo-classes") {
		t.Errorf("bad selector: %v", probs)
	}
}

func TestLabelKey(t *testing.T) {
	for in, want := range map[string]string{"ADVERTISEMENT": "advertisement", "Related:": "related", "» More from us «": "more from us", "Editor’s picks": "editor's picks"} {
		if got := LabelKey(in); got != want {
			t.Errorf("LabelKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLoadAllKeepsGoodPacks(t *testing.T) {
	other := strings.Replace(good, `"test-pack"`, `"other-pack"`, 1)
	packs, probs := LoadAll([]File{
		{"a.json", []byte(good)},
		{"broken.json", []byte(`{`)},
		{"dup.json", []byte(good)},
		{"b.json", []byte(other)},
	})
	if len(packs) != 2 || packs[0].ID != "test-pack" || packs[1].ID != "other-pack" {
		t.Fatalf("packs = %d", len(packs))
	}
	if len(probs) != 2 || probs[0].File != "broken.json" || probs[1].File != "dup.json" {
		t.Fatalf("problems = %v", probs)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte(`{"rules": [{"type": "block", "selectors": ["a > b"]}]}`))
	f.Add([]byte(`{"lists": {"a": ["{a}"]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, probs := Load("fuzz.json", data)
		if (p == nil) == (len(probs) == 0) {
			t.Fatalf("pack %v with problems %v", p != nil, probs)
		}
		for _, pr := range probs {
			if pr.Msg == "" || pr.File != "fuzz.json" {
				t.Fatalf("problem without a message: %+v", pr)
			}
		}
	})
}

// packhead.Read must say what Load says of a pack, or the options page's list
// would show another pack than the one in force.
func TestReadHead(t *testing.T) {
	p, probs := Load("good.json", []byte(good))
	if probs != nil {
		t.Fatal(probs)
	}
	got, want := packhead.Read("good.json", []byte(good)), p.Head()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Read = %+v\nLoad     = %+v", got, want)
	}
	if strings.Join(got.RuleIDs, ",") != "p,r,x" || got.Colour != "#aabbcc" || got.Version != "1.0.0" {
		t.Errorf("head = %+v", got)
	}
}
