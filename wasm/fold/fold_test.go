package fold

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"People Familiar", "people familiar"},
		{"isn’t", "isn't"},
		{"“simply false”", "\"simply false\""},
		{"non\u00a0breaking  \n space", "non breaking space"},
		{"well‑known – and — so", "well-known - and - so"},
		{"officials—some of them aides—said", "officials - some of them aides - said"},
		{"1990–2000", "1990-2000"},
		{"—Advertisement—", "- advertisement -"},
		{"aides ―\u00a0said", "aides - said"},
		{"alle\u00adgedly", "allegedly"},
		{"zero\u200bwidth", "zerowidth"},
		{"ÉTÉ", "été"},
		{"\ufb01nal", "final"},
		{"  trim  ", "trim"},
		{"wait…", "wait..."},
	}
	for _, tt := range tests {
		if got := String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOffsetsMapBack(t *testing.T) {
	kremlin := "The Kremlin’s “Denial”\u00a0 of reports"
	em := "officials—some aides—said"
	tests := []struct{ orig, folded, original string }{
		{kremlin, "kremlin's", "Kremlin’s"},
		{kremlin, "\"denial\"", "“Denial”"},
		{kremlin, "denial\" of", "Denial”\u00a0 of"},
		{kremlin, "reports", "reports"},
		{em, "officials -", "officials—"},
		{em, "- some", "—some"},
		{em, "aides - said", "aides—said"},
	}
	for _, tt := range tests {
		ft := New(tt.orig)
		i := indexOf(ft.S, tt.folded)
		if i < 0 {
			t.Fatalf("%q not in folded %q", tt.folded, ft.S)
		}
		got := tt.orig[ft.Start(i):ft.End(i+len(tt.folded))]
		if got != tt.original {
			t.Errorf("span of %q maps to %q, want %q", tt.folded, got, tt.original)
		}
	}
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func FuzzNew(f *testing.F) {
	for _, s := range []string{"", "Hello, World", "“a” – b’s\u00a0c", "\xff\xfe bad", "\u00ad\u200b", "—", "a — b—c —\u00a0d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ft := New(s)
		want := naiveMap(s)
		if len(want) != len(ft.S) {
			t.Fatalf("the reference maps %d bytes, folded has %d", len(want), len(ft.S))
		}
		for i, o := range want {
			if got := ft.at(i); got != o {
				t.Fatalf("%q: folded byte %d maps to %d, want %d", s, i, got, o)
			}
			// an ASCII byte folds to itself lowered (white space to ' ')
			if c := s[o]; c < utf8.RuneSelf {
				w := lowerASCII[c]
				if !plainASCII[c] {
					w = ' '
				}
				if ft.S[i] != w {
					t.Fatalf("%q: folded byte %d is %q, want %q", s, i, ft.S[i], w)
				}
			}
		}
		prev := 0
		for i := 0; i <= len(ft.S); i++ {
			st, en := ft.Start(i), ft.End(i)
			if st < 0 || st > len(s) || en < 0 || en > len(s) {
				t.Fatalf("offset %d maps outside the text: %d, %d", i, st, en)
			}
			if st < prev {
				t.Fatalf("Start not monotonic at %d", i)
			}
			prev = st
		}
		if utf8.ValidString(s) && !utf8.ValidString(ft.S) {
			t.Fatalf("valid text folded to invalid UTF-8: %q", ft.S)
		}
		if String(ft.S) != String(s) {
			t.Fatalf("folding is not idempotent: %q -> %q -> %q", s, ft.S, String(ft.S))
		}
	})
}

// naiveMap is the offset map written out byte by byte, as Text kept it
// before it kept only break points: the reference the fuzzer checks.
func naiveMap(s string) []int {
	var at []int
	n := 0 // folded bytes so far
	space := false
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if r < utf8.RuneSelf && w == 1 {
			if r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' || r == '\v' {
				if !space && n > 0 {
					space = true
					at = append(at, i)
					n++
				}
			} else {
				space = false
				at = append(at, i)
				n++
			}
			i++
			continue
		}
		if unicode.IsSpace(r) {
			if !space && n > 0 {
				space = true
				at = append(at, i)
				n++
			}
			i += w
			continue
		}
		if rep, ok := replace(r); ok {
			if len(rep) > 1 && rep[0] == ' ' && (space || n == 0) {
				rep = rep[1:] // an em dash's " - " after white space
			}
			space = rep != "" && rep[len(rep)-1] == ' '
			k := len(rep)
			if rep == "" {
				k = len(string(unicode.ToLower(r)))
				if r == utf8.RuneError && w == 1 {
					k = len(string(utf8.AppendRune(nil, unicode.ToLower(r))))
				}
			}
			for j := 0; j < k; j++ {
				at = append(at, i)
				n++
			}
		}
		i += w
	}
	return at
}

// Text.Key, one Text for many labels, and Key give what the label key's
// first form gave: String, then trimmed of what is not a word.
func TestKey(t *testing.T) {
	var ft Text
	for _, s := range []string{"", "  Related  Articles: ", "• More from NEWS »", "Newsletter\u00a0sign-up", "“Quoted”", "x", "\t\n"} {
		want := strings.TrimFunc(String(s), func(r rune) bool { return !IsWord(r) })
		if got := ft.Key(s); got != want {
			t.Errorf("Text.Key(%q) = %q, want %q", s, got, want)
		}
		if got := Key(s); got != want {
			t.Errorf("Key(%q) = %q, want %q", s, got, want)
		}
	}
}
