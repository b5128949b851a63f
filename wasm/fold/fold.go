// Package fold normalizes text for matching. Rule authors write plain,
// lower-case ASCII ("people familiar with the matter", "isn't"); news pages
// write "People familiar with the matter", "isn’t", non-breaking spaces,
// soft hyphens and three kinds of dash. Folding both sides to one form lets
// a single phrase match all of them, and the offset map leads every match
// back to the bytes the reader sees.
package fold

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text is folded text with a map back to the original.
type Text struct {
	S    string // the folded text
	Orig string // the text it was folded from
	// brk maps folded offsets back, as pairs (folded, original): from a
	// pair's folded offset on, each folded byte came from the original
	// byte one further, until the next pair. Plain text needs a pair only
	// where white space collapsed, so folding writes one byte per byte.
	brk []int32
	buf []byte
}

// New folds s and remembers where each folded byte came from.
func New(s string) Text {
	var t Text
	t.Reset(s)
	return t
}

// lowerASCII folds an ASCII byte: upper case to lower, the backtick to an
// apostrophe.
var lowerASCII = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		t[c] = byte(c)
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = byte(c + 'a' - 'A')
	}
	t['`'] = '\''
	return t
}()

// plainASCII marks the ASCII bytes that fold alone: all but white space.
var plainASCII = func() (t [256]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = !strings.ContainsRune(" \n\t\r\f\v", rune(c))
	}
	return t
}()

// Reset folds s into t, reusing t's buffers: a scanner folds thousands of
// blocks and should not allocate for each.
func (t *Text) Reset(s string) {
	buf := t.buf[:0]
	brk := t.brk[:0]
	next := -1     // the original offset the next folded byte maps to without a pair
	space := false // a space is pending: runs of white space fold to one
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf { // ASCII fast path: most news text
			if !plainASCII[c] { // white space
				if space || len(buf) == 0 {
					i++
					continue
				}
				space = true
				c = ' '
			} else {
				// a run of ASCII without white space (a word, mostly):
				// copied at once, then lowered in place
				j := i + 1
				for j < len(s) && plainASCII[s[j]] {
					j++
				}
				if i != next {
					brk = append(brk, int32(len(buf)), int32(i))
				}
				m := len(buf)
				buf = append(buf, s[i:j]...)
				for k := m; k < len(buf); k++ {
					buf[k] = lowerASCII[buf[k]&0x7f]
				}
				space, next, i = false, j, j
				continue
			}
			if i != next {
				brk = append(brk, int32(len(buf)), int32(i))
			}
			buf = append(buf, c)
			next = i + 1
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			if !space && len(buf) > 0 {
				space = true
				brk = append(brk, int32(len(buf)), int32(i))
				buf = append(buf, ' ')
				next = -1
			}
			i += n
			continue
		}
		rep, ok := replace(r)
		if ok {
			if len(rep) > 1 && rep[0] == ' ' && (space || len(buf) == 0) {
				rep = rep[1:] // an em dash's spaces merge with the white space beside it
			}
			space = rep != "" && rep[len(rep)-1] == ' '
			m := len(buf)
			if rep != "" {
				buf = append(buf, rep...)
			} else {
				buf = utf8.AppendRune(buf, unicode.ToLower(r))
			}
			for ; m < len(buf); m++ { // every byte of it maps to the rune's start
				brk = append(brk, int32(m), int32(i))
			}
			next = -1
		}
		i += n
	}
	t.buf, t.brk = buf, brk
	t.S, t.Orig = string(buf), s
}

// at is the original offset of the rune that produced folded byte i.
func (t *Text) at(i int) int {
	lo, hi := 0, len(t.brk)/2 // the last pair at or before i
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if int(t.brk[2*m]) <= i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	p := 2 * (lo - 1)
	return int(t.brk[p+1]) + i - int(t.brk[p])
}

// Start maps the folded offset i (the start of a span) to the original.
func (t *Text) Start(i int) int {
	if i >= len(t.S) {
		return len(t.Orig)
	}
	return t.at(i)
}

// End maps the folded offset i (the end of a span) to the original: the end
// of the original rune that produced folded byte i-1.
func (t *Text) End(i int) int {
	if i <= 0 {
		return 0
	}
	if i > len(t.S) {
		return len(t.Orig)
	}
	o := t.at(i - 1)
	_, n := utf8.DecodeRuneInString(t.Orig[o:])
	return o + n
}

// String folds a pattern: the same mapping as New, with the ends trimmed.
func String(s string) string {
	t := New(s)
	return strings.TrimSpace(t.S)
}

// Key is the form in which block labels and element texts are compared:
// folded, without the punctuation and bullets that decorate labels. Rule
// packs key their labels and the scanner keys element texts with it.
func Key(s string) string {
	var t Text
	return t.Key(s)
}

// Key is fold.Key in t's buffers: the block search asks it of every short
// element of a page. (Trimming what is not a word trims the white space
// String would.)
func (t *Text) Key(s string) string {
	t.Reset(s)
	return strings.TrimFunc(t.S, func(r rune) bool { return !IsWord(r) })
}

// IsWord reports whether r counts as part of a word for phrase boundaries.
func IsWord(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// replace gives the folded form of a non-ASCII rune: ("", true) means
// "lower-case it", ("", false) means "drop it" (invisible characters).
func replace(r rune) (string, bool) {
	switch r {
	case '\u2018', '\u2019', '\u201a', '\u201b', '\u2032', '\u02bc', '\u00b4', '\uff07':
		return "'", true
	case '\u201c', '\u201d', '\u201e', '\u201f', '\u2033', '\u00ab', '\u00bb', '\uff02':
		return "\"", true
	case '\u2014', '\u2015':
		// An em dash never joins a word ("well-known" has a hyphen), so it
		// folds to the spaced dash of "officials - some of them former
		// aides - said": one pattern for "officials—some…—said" and for
		// "officials — some … — said".
		return " - ", true
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2043', '\u2212', '\ufe58', '\ufe63', '\uff0d':
		return "-", true
	case '\u2026':
		return "...", true
	case '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return "", false
	case '\ufb00':
		return "ff", true
	case '\ufb01':
		return "fi", true
	case '\ufb02':
		return "fl", true
	case '\ufb03':
		return "ffi", true
	case '\ufb04':
		return "ffl", true
	}
	return "", true
}

// LowerASCII lowers A-Z only, as HTML does for tag and attribute names and
// CSS for the " i" flag; it copies only when something changes. (Not
// strings.ToLower: its Unicode path is code the page engine would carry
// for names that are ASCII.)
func LowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
