package eval

import (
	"regexp"
	"strings"
)

// A frame test asks whether the packs would find an unnamed source in the
// sentences where PolNeAR's annotators found a named one: "Clinton told
// reporters on Tuesday that…" becomes "A senior aide told reporters on
// Tuesday that…". Real sentences give the real variety of what stands
// between a source and its verb, which made-up examples miss; no gold is
// needed, since the unnamed source is known to be there.

// Unnamed are the sources put in place of named ones: singular and plural,
// the kinds the guidelines flag. A frame takes them in turn.
var Unnamed = []string{
	"a senior administration official", "several aides", "one Republican strategist", "some Democrats",
	"a person familiar with the matter", "critics", "two senior officials", "people close to the campaign",
	"an aide to the senator", "many Republicans", "a former official", "some analysts",
}

// framedCue is a cue whose verb does not change with the number of its
// subject, so that any source fits it.
var framedCue = regexp.MustCompile(`^(?i:said|told|wrote|added|argued|noted|warned|explained|insisted|acknowledged|predicted|suggested|claimed|recalled|complained|conceded|described|called|urged|cautioned|stressed|believed|worried|feared|expected|questioned|countered|replied|responded|admitted|estimated|maintained|contended|asserted|emphasized|observed|charged|accused|blamed|criticized|praised|agreed|disputed|denied|rejected|dismissed|confirmed|revealed|disclosed|speculated|concluded|announced|declared|stated|mentioned|pointed out|tweeted|posted|according to|(?:has|have|had|also|later) said)(?:$| )`)

// Framed reports whether an attribution can be framed: one source span
// that stands alone as a phrase (no word glued to either side, no
// relative pronoun after it that would then point at the new source) and a
// cue of a verb that fits any subject.
func Framed(text string, a Attribution) bool {
	if len(a.Source) != 1 || len(a.Cue) == 0 {
		return false
	}
	s := a.Source[0]
	if s.End-s.Start < 2 || strings.ContainsAny(text[s.Start:s.End], "\n") {
		return false
	}
	if !framedCue.MatchString(strings.TrimSpace(text[a.Cue[0].Start:a.Cue[0].End])) {
		return false
	}
	if s.Start > 0 && isWordByte(text[s.Start-1]) || s.End < len(text) && (isWordByte(text[s.End]) || text[s.End] == '-') {
		return false
	}
	if a.Cue[0].Start < s.End {
		return true // "according to X, …": nothing of X's stays behind
	}
	rest := strings.TrimLeft(text[s.End:min(len(text), s.End+12)], " ")
	for _, w := range []string{"who", "which", "whose", ","} {
		if strings.HasPrefix(rest, w) {
			return false // "X, a columnist for …, wrote": the apposition would stay
		}
	}
	return true
}

// Frame puts source in place of span s in text: capitalised where a
// sentence starts. It returns the new text and where source now is.
func Frame(text string, s Span, source string) (string, Span) {
	if sentenceStart(strings.TrimRight(text[:s.Start], " ")) {
		source = strings.ToUpper(source[:1]) + source[1:]
	}
	out := text[:s.Start] + source + text[s.End:]
	return out, Span{Start: s.Start, End: s.Start + len(source)}
}

// sentenceStart reports whether text before a word ends a sentence or
// opens a quote: the word then takes a capital.
func sentenceStart(before string) bool {
	switch {
	case before == "", strings.HasSuffix(before, "\n"), strings.HasSuffix(before, "“"), strings.HasSuffix(before, "‘"):
		return true
	case strings.HasSuffix(before, "\"") || strings.HasSuffix(before, "'"):
		// an opening quote follows a space; a closing one, its words
		rest := strings.TrimRight(before[:len(before)-1], " ")
		return rest == "" || len(rest) < len(before)-1
	}
	return strings.ContainsAny(before[len(before)-1:], ".!?")
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
}
