package snapshot

import (
	"encoding/json"
	"os"
	"testing"
	"unicode/utf16"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/engine"
	"github.com/sourcelight/sourcelight/wasm/input"
	"github.com/sourcelight/sourcelight/wasm/match"
)

// The snapshot path (what the extension does) and the HTML path (what the
// CLI does) find the same hints on the same page, and every range, cut out
// of the text nodes in UTF-16 as a DOM Range would, reads the hint's text.
func TestSnapshotMatchesCLI(t *testing.T) {
	pages := []string{"../testdata/example-article.html", "../../../shared/fixtures/seed-article.html"}
	m := match.New(engine.Defaults()...)
	for _, page := range pages {
		data, err := os.ReadFile(page)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		d, err := input.Document(page, "", data)
		if err != nil {
			t.Fatal(err)
		}
		want := m.Scan(d)

		tree := treeOf(t, string(data))
		out, err := Scan(m, Encode(tree, ""), nil)
		if err != nil {
			t.Fatal(err)
		}
		var res Result
		if err := json.Unmarshal(out, &res); err != nil {
			t.Fatal(err)
		}
		if len(res.Hints) != len(want) {
			t.Fatalf("%s: %d hints by snapshot, %d by the CLI", page, len(res.Hints), len(want))
		}
		_, texts, _ := Decode(Encode(tree, ""))
		for i, h := range res.Hints {
			w := want[i]
			if h.Category != w.Category || h.Rule != w.Rule || h.Text != w.Text || h.Block != w.Block {
				t.Errorf("%s: hint %d: snapshot %s/%s %q, CLI %s/%s %q", page, i, h.Category, h.Rule, h.Text, w.Category, w.Rule, w.Text)
			}
			if h.Range != nil {
				if got := cut(texts, *h.Range); collapse(got) != collapse(h.Text) {
					t.Errorf("%s: range %v reads %q, hint says %q", page, *h.Range, got, h.Text)
				}
			}
		}
		if res.Counts["denial"] == 0 || res.Counts["promotional"] == 0 {
			t.Errorf("%s: counts %v", page, res.Counts)
		}
	}
}

func treeOf(t *testing.T, html string) *doc.Node {
	t.Helper()
	root, err := parseTree(html)
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// cut reads a range out of text nodes the way a DOM Range does.
func cut(texts []string, r [4]int) string {
	u := func(i int) []uint16 { return utf16.Encode([]rune(texts[i])) }
	if r[0] == r[2] {
		return string(utf16.Decode(u(r[0])[r[1]:r[3]]))
	}
	s := string(utf16.Decode(u(r[0])[r[1]:]))
	for i := r[0] + 1; i < r[2]; i++ {
		s += texts[i]
	}
	return s + string(utf16.Decode(u(r[2])[:r[3]]))
}

func collapse(s string) string {
	out := []rune{}
	space := false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' {
			space = true
			continue
		}
		if space && len(out) > 0 {
			out = append(out, ' ')
		}
		space = false
		out = append(out, r)
	}
	return string(out)
}

func TestUTF16Offsets(t *testing.T) {
	tree := &doc.Node{Kind: doc.ElementNode, Tag: "p", Children: []*doc.Node{
		{Kind: doc.TextNode, Text: "🙂 Émile, who spoke on condition of anonymity, said"},
	}}
	out, err := Scan(match.New(engine.Defaults()...), Encode(tree, "en"), nil)
	if err != nil {
		t.Fatal(err)
	}
	var res Result
	json.Unmarshal(out, &res)
	if len(res.Hints) == 0 || res.Hints[0].Range == nil {
		t.Fatalf("hints = %s", out)
	}
	r := *res.Hints[0].Range
	// "🙂 Émile, who " is 2 + 1 + 5 + 2 + 4 = 14 UTF-16 units before "spoke"
	if r[1] != 14 {
		t.Errorf("range %v: want the hint to start at UTF-16 offset 14", r)
	}
}

func TestSkipAndBadInput(t *testing.T) {
	m := match.New(engine.Defaults()...)
	snap := `{"lang":"en","root":["p",{},"He reportedly left."]}`
	out, _ := Scan(m, snap, map[string]bool{"anonymous-source/hedge-adverb": true})
	if string(out) != `{"hints":[],"counts":{}}` {
		t.Errorf("skipped rule still reported: %s", out)
	}
	for _, bad := range []string{``, `{`, `{"root":"text"}`, `[]`} {
		if _, err := Scan(m, bad, nil); err == nil {
			t.Errorf("Scan(%q) succeeded", bad)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(`{"lang":"en","root":["html",{"lang":"en"},["p",{},"a ",["b",{},"b"]],"c"]}`)
	m := match.New(engine.Defaults()...)
	f.Fuzz(func(t *testing.T, s string) {
		Scan(m, s, nil) // must not panic
	})
}
