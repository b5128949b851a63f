// Package eval scores the rule packs against labelled corpora: PolNeAR's
// attribution annotations for the inline categories and L3S-GN1's block
// labels for promotional blocks. It only derives gold and counts; reading
// the corpus and running the matcher is the CLI's job (sourcelight eval).
package eval

import (
	"crypto/sha256"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Span is a byte range [Start, End) of a text.
type Span struct{ Start, End int }

// Overlaps reports whether two spans share at least one byte.
func (s Span) Overlaps(o Span) bool { return s.Start < o.End && o.Start < s.End }

// Attribution is one PolNeAR attribution relation: its type ("Attribution"
// or "Attribution-no-source") and its Source, Cue and Content spans, as
// byte offsets into the article text. A part may be missing or
// discontinuous.
type Attribution struct {
	Type                 string
	Source, Cue, Content []Span
}

// ParseAnn reads a brat standoff file for text. brat offsets count Unicode
// characters; they are turned into byte offsets here, once.
func ParseAnn(text, ann string) []Attribution {
	byteAt := charToByte(text)
	spans := map[string][]Span{}
	kinds := map[string]string{}
	for _, line := range strings.Split(ann, "\n") {
		f := strings.SplitN(line, "\t", 3)
		if len(f) < 2 || !strings.HasPrefix(f[0], "T") {
			continue
		}
		head := strings.SplitN(f[1], " ", 2)
		if len(head) < 2 {
			continue
		}
		var ss []Span
		for _, part := range strings.Split(head[1], ";") {
			var a, b int
			ab := strings.Fields(part)
			if len(ab) != 2 {
				continue
			}
			a, err1 := strconv.Atoi(ab[0])
			b, err2 := strconv.Atoi(ab[1])
			if err1 != nil || err2 != nil || a > b || b >= len(byteAt) {
				continue
			}
			ss = append(ss, wholeWords(text, Span{byteAt[a], byteAt[b]}))
		}
		spans[f[0]] = ss
		kinds[f[0]] = head[0]
	}
	var out []Attribution
	for _, line := range strings.Split(ann, "\n") {
		f := strings.SplitN(line, "\t", 2)
		if len(f) < 2 || !strings.HasPrefix(f[0], "E") {
			continue
		}
		var a Attribution
		for _, arg := range strings.Fields(f[1]) {
			role, id, ok := strings.Cut(arg, ":")
			if !ok {
				continue
			}
			switch role {
			case "Attribution", "Attribution-no-source":
				a.Type = role
			case "Source":
				a.Source = append(a.Source, spans[id]...)
			case "Cue":
				a.Cue = append(a.Cue, spans[id]...)
			case "Content":
				a.Content = append(a.Content, spans[id]...)
			}
			_ = kinds
		}
		if a.Type != "" && len(a.Cue)+len(a.Source) > 0 {
			out = append(out, a)
		}
	}
	return out
}

// wholeWords widens a span that cuts a word to the whole word: annotators
// sometimes stop a character short ("the senior Cruz advise"), and a
// truncated head would be judged as another word.
func wholeWords(text string, s Span) Span {
	if s.Start >= s.End {
		return s
	}
	for s.Start > 0 && wordByte(text[s.Start]) && wordByte(text[s.Start-1]) {
		s.Start--
	}
	for s.End < len(text) && wordByte(text[s.End-1]) && wordByte(text[s.End]) {
		s.End++
	}
	return s
}

// wordByte tells ASCII letters and digits. It is not frames.go's
// isWordByte, which takes every byte of a non-ASCII rune: widened with that,
// a span would swallow the curly quote glued to its first word ("“Officials")
// or start inside its bytes. A cut inside a non-ASCII word is left as it is.
func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// charToByte maps each character offset of text (and its end) to a byte offset.
func charToByte(text string) []int {
	m := make([]int, 0, utf8.RuneCountInString(text)+1)
	for i := range text {
		m = append(m, i)
	}
	return append(m, len(text))
}

// Held reports whether a corpus file belongs to the held-aside check part
// (about a quarter): a hash of its base name, so that the split never
// changes and every annotator's file of one article falls on one side.
func Held(name string) bool {
	base := filepath.Base(name)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	sum := sha256.Sum256([]byte(base))
	return sum[0]%4 == 0
}

// Fold puts a tuning file in one of n folds by another byte of the same
// hash, so that a rule written from the misses of some folds can be tried
// on a fold its author did not read: an estimate, inside the tuning part,
// of how a change does on unseen text. Files of the check part get -1.
func Fold(name string, n int) int {
	if Held(name) || n < 1 {
		return -1
	}
	base := filepath.Base(name)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	sum := sha256.Sum256([]byte(base))
	return int(sum[1]) % n
}

// textOf joins the text of spans.
func textOf(text string, ss []Span) string {
	var b strings.Builder
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(text[s.Start:s.End])
	}
	return b.String()
}
