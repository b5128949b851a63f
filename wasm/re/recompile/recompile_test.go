package recompile

import (
	"regexp"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/sourcelight/sourcelight/wasm/re"
)

// findAll is FindAllStringSubmatchIndex on the VM, every start allowed,
// with Go's rule for empty matches.
func findAll(p *re.Prog, text string) [][]int {
	var m re.Machine
	var out [][]int
	all := re.Starts{{From: 0, To: len(text)}}
	prevEnd := -1
	for pos := 0; pos <= len(text); {
		caps := make([]int, p.Slots)
		if !m.Find(p, text, pos, all, caps) {
			break
		}
		accept := true
		if caps[1] == pos {
			accept = caps[0] != prevEnd
			_, w := utf8.DecodeRuneInString(text[pos:])
			pos += max(w, 1)
		} else {
			pos = caps[1]
		}
		prevEnd = caps[1]
		if accept {
			out = append(out, caps)
		}
	}
	return out
}

func reference(x *regexp.Regexp, text string) [][]int {
	return x.FindAllStringSubmatchIndex(text, -1)
}

var cases = []struct{ pat, text string }{
	{`abc`, "xxabcxxabc"},
	{`a+`, "baaab aa"},
	{`(a|ab)(c|bcd)(d*)`, "abcd abcd"},
	{`\bsaid\b`, "he said, unsaid, said"},
	{`(?:two |three )?(?:senior )?officials (?P<hint>said|say)`, "two senior officials said; officials say"},
	{`x*`, "aaxa"},
	{`(?i)denied`, "DENIED and Denied"},
	{`^reports \w+`, "reports say reports x"},
	{`[^a-z]+`, "ab12 cd"},
	{`é+|ü`, "aéé ü"},
	{`(a)|b`, "ab"},
	{`x(?P<hint>y+)z`, "xyyz xz"},
	{`(?:a*)*b`, "aaab"},
	{`\Bor\b`, "for or"},
	{`(?m)^x$`, "a\nx\nb"},
	{`.{2}`, "a\nbc"},
}

func TestDifferential(t *testing.T) {
	for _, c := range cases {
		p, err := Compile(c.pat)
		if err != nil {
			t.Fatal(err)
		}
		x := regexp.MustCompile(c.pat)
		// Go pads unused slots with -1 too; compare as many slots as groups
		got, want := findAll(p, c.text), reference(x, c.text)
		if !equal(got, want) {
			t.Errorf("%q on %q: got %v, want %v", c.pat, c.text, got, want)
		}
		var m re.Machine
		if e := m.Exists(p, c.text, 0, re.Starts{{From: 0, To: len(c.text)}}); e != (len(want) > 0) {
			t.Errorf("%q on %q: Exists %v", c.pat, c.text, e)
		}
		existsWindows(t, &m, p, c.pat, c.text)
	}
}

func equal(a, b [][]int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		// groups other than hint do not capture (see FromTree): compare matches
		if !slices.Equal(a[i][:2], b[i][:2]) {
			return false
		}
	}
	return true
}

func FuzzDifferential(f *testing.F) {
	for _, c := range cases {
		f.Add(c.pat, c.text)
	}
	f.Fuzz(func(t *testing.T, pat, text string) {
		x, err := regexp.Compile(pat)
		if err != nil || len(pat) > 40 {
			return
		}
		p, err := Compile(pat)
		if err != nil {
			t.Fatalf("Go compiles %q, we do not: %v", pat, err)
		}
		if got, want := findAll(p, text), reference(x, text); !equal(got, want) {
			t.Fatalf("%q on %q: got %v, want %v", pat, text, got, want)
		}
		var m re.Machine
		if got, want := m.Exists(p, text, 0, re.Starts{{From: 0, To: len(text)}}), x.MatchString(text); got != want {
			t.Fatalf("%q on %q: Exists %v, MatchString %v", pat, text, got, want)
		}
		existsWindows(t, &m, p, pat, text)
	})
}

// existsWindows checks the lazy DFA against the set simulation with one
// machine (its cache warm from the calls before) for every one-position
// window, and for pairs of windows scanned from inside the first.
func existsWindows(t *testing.T, m *re.Machine, p *re.Prog, pat, text string) {
	t.Helper()
	if len(text) > 200 {
		text = text[:200]
	}
	for i := 0; i <= len(text); i++ {
		one := re.Starts{{From: i, To: i}}
		if got, want := m.Exists(p, text, 0, one), m.ExistsNFA(p, text, 0, one); got != want {
			t.Fatalf("%q on %q from %d: DFA %v, NFA %v", pat, text, i, got, want)
		}
		two := re.Starts{{From: 0, To: i / 2}, {From: i, To: len(text)}}
		from := i / 3
		if got, want := m.Exists(p, text, from, two), m.ExistsNFA(p, text, from, two); got != want {
			t.Fatalf("%q on %q, %v from %d: DFA %v, NFA %v", pat, text, two, from, got, want)
		}
	}
}

// The group named hint still captures, as Go's does.
func TestHintGroup(t *testing.T) {
	pat, text := `(\w+) (?P<hint>said|says)\b`, "officials said it; she says"
	p, err := Compile(pat)
	if err != nil {
		t.Fatal(err)
	}
	got, want := findAll(p, text), regexp.MustCompile(pat).FindAllStringSubmatchIndex(text, -1)
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range got {
		if !slices.Equal(got[i][2:4], want[i][4:6]) { // the hint is group 1 here
			t.Errorf("hint %d: got %v, want %v", i, got[i], want[i])
		}
	}
}
