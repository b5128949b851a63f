package snapshot

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/engine"
	"github.com/sourcelight/sourcelight/wasm/input"
	"github.com/sourcelight/sourcelight/wasm/match"
	"github.com/sourcelight/sourcelight/wasm/scan"
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
	if string(out) != `{"hints":[],"counts":{},"done":true}` {
		t.Errorf("skipped rule still reported: %s", out)
	}
	for _, bad := range []string{``, `{`, `{"root":"text"}`, `[]`} {
		if _, err := Scan(m, bad, nil); err == nil {
			t.Errorf("Scan(%q) succeeded", bad)
		}
	}
}

// A page scanned in slices gets the same hints as in one call, whether
// the document is decoded and built when it opens or by the first slices
// (the page engine's way, OpenSliced: those slices decode or build only).
func TestSessionSlices(t *testing.T) {
	data, err := os.ReadFile("../testdata/example-article.html")
	if err != nil {
		t.Fatal(err)
	}
	m := match.New(engine.Defaults()...)
	snap := Encode(treeOf(t, string(data)), "")
	whole, _ := Scan(m, snap, nil)
	var want Result
	json.Unmarshal(whole, &want)
	// the built-in packs and a reader's, compiled apart, act as one
	packs := engine.Defaults()
	two := []*scan.Matcher{match.New(packs[:len(packs)-1]...), match.New(packs[len(packs)-1])}
	for _, tt := range []struct {
		name  string
		open  func([]*scan.Matcher, string, map[string]bool) (*Session, error)
		ms    []*scan.Matcher
		empty int // slices with no text scanned first
	}{{"Open", Open, []*scan.Matcher{m}, 0}, {"OpenSliced", OpenSliced, []*scan.Matcher{m}, 3}, {"two matchers", OpenSliced, two, 3}} {
		s, err := tt.open(tt.ms, snap, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []Hint
		calls := 0
		phases := s.Phase()
		for !s.Done() {
			phase := s.Phase()
			var part struct {
				Result
				Done bool
				Next string
			}
			if err := json.Unmarshal(s.Next(200), &part); err != nil {
				t.Fatal(err)
			}
			if calls < tt.empty && len(part.Hints) != 0 {
				t.Fatalf("%s: slice %d scanned", tt.name, calls)
			}
			for _, h := range part.Hints {
				if h.Block != (phase == "blocks") {
					t.Fatalf("%s: slice %d (%s) gave %s hint %s", tt.name, calls, phase, map[bool]string{true: "a block", false: "a text"}[h.Block], h.Rule)
				}
			}
			if part.Next != s.Phase() || part.Done != s.Done() {
				t.Fatalf("%s: slice %d says next %q done %v; the session %q %v", tt.name, calls, part.Next, part.Done, s.Phase(), s.Done())
			}
			if !strings.HasSuffix(phases, part.Next) {
				phases += " " + part.Next
			}
			got = append(got, part.Hints...)
			calls++
		}
		if want := map[string]string{"Open": "text blocks", "OpenSliced": "decode build text blocks", "two matchers": "decode build text blocks"}[tt.name]; phases != want {
			t.Errorf("%s: phases %q, want %q", tt.name, phases, want)
		}
		if calls < 3+tt.empty || len(got) != len(want.Hints) || len(got) < 10 {
			t.Fatalf("%s: %d calls, %d hints in slices, %d in one", tt.name, calls, len(got), len(want.Hints))
		}
		for i := range got {
			if got[i].Rule != want.Hints[i].Rule || got[i].Text != want.Hints[i].Text {
				t.Errorf("%s: hint %d: %s %q in slices, %s %q in one", tt.name, i, got[i].Rule, got[i].Text, want.Hints[i].Rule, want.Hints[i].Text)
			}
		}
	}
}

// The snapshot reader agrees with encoding/json on what the strings say:
// escapes, surrogate pairs and lone halves included.
func TestDecodeStrings(t *testing.T) {
	for _, s := range []string{`plain`, `a\"b\\c\/d\n\t`, `\u00e9\u2028`, `\ud83d\ude00 pair`, `lone \ud83d here`, `\ude00 low`, `é ok`} {
		snap := `{"root":["p",{"title":"` + s + `"},"` + s + `"]}`
		var ref struct{ Root []any }
		if err := json.Unmarshal([]byte(snap), &ref); err != nil {
			t.Fatal(err)
		}
		root, texts, err := Decode(snap)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if want := ref.Root[2].(string); texts[0] != want {
			t.Errorf("%s: text %q, encoding/json %q", s, texts[0], want)
		}
		if got, want := root.Attrs[0].Val, ref.Root[1].(map[string]any)["title"].(string); got != want {
			t.Errorf("%s: attribute %q, encoding/json %q", s, got, want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(`{"lang":"en","root":["html",{"lang":"en"},["p",{},"a ",["b",{},"b"]],"c"]}`)
	f.Add(`{"root":["p",{},"\ud83d\ude00 \u00e9"]}`)
	// inline hints in several blocks and a promotional block: what slicing must keep
	f.Add(`{"lang":"en","root":["body",{},["p",{},"Officials said it. The mayor reportedly left."],["div",{},["h2",{},"Advertisement"],["p",{},["a",{"href":"/x"},"Buy a ferry pass"]]],["p",{},"They denied reports that it closed."],["aside",{},["h3",{},"Related articles"],["ul",{},["li",{},["a",{},"One story here"]],["li",{},["a",{},"Another story"]]]]]}`)
	// what does not decode: the error comes in a slice's answer
	f.Add(`{"root":"text"}`)
	f.Add(`{"lang":"en","root":["p",{},"cut off here`)
	m := match.New(engine.Defaults()...)
	f.Fuzz(func(t *testing.T, s string) {
		whole, err := Scan(m, s, nil) // must not panic
		// in slices of any size, as the page engine scans: the same hints,
		// or the same error in a slice's answer
		sess, _ := OpenSliced([]*scan.Matcher{m}, s, nil)
		var got []Hint
		var failed string
		for n := 0; !sess.Done(); n++ {
			if n > 100000 {
				t.Fatalf("%q: slices never end", s)
			}
			var part struct {
				Result
				Error string
			}
			if e := json.Unmarshal(sess.Next(1+len(s)%64), &part); e != nil {
				t.Fatalf("%q: a slice's answer is not JSON: %v", s, e)
			}
			got = append(got, part.Hints...)
			failed = part.Error
		}
		if err != nil {
			if failed != err.Error() || sess.Err() == nil {
				t.Fatalf("%q: Scan says %v, the slices %q", s, err, failed)
			}
		} else {
			var want Result
			json.Unmarshal(whole, &want)
			if failed != "" || len(got) != len(want.Hints) || (len(got) > 0 && !reflect.DeepEqual(got, want.Hints)) {
				t.Fatalf("%q: %d hints in slices (%q), %d in one call", s, len(got), failed, len(want.Hints))
			}
		}
		root, texts, err := Decode(s)
		if err != nil {
			return
		}
		// what decodes, encodes and decodes to the same texts
		again, texts2, err := Decode(Encode(root, ""))
		// invalid UTF-8 (which JSON.stringify never writes) comes back as U+FFFD
		if err != nil || len(texts2) != len(texts) || (again.Tag != root.Tag && utf8.ValidString(root.Tag)) {
			t.Fatalf("%q: re-encoded snapshot differs: %v", s, err)
		}
		for i := range texts {
			if texts[i] != texts2[i] && utf8.ValidString(texts[i]) {
				t.Fatalf("%q: text %d %q became %q", s, i, texts[i], texts2[i])
			}
		}
	})
}
