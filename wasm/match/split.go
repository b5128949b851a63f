package match

import (
	"regexp/syntax"
	"strings"
)

// A pattern that opens with optional lists ("two senior administration"
// in "two senior administration officials said") can start almost
// anywhere; what follows the opening ("officials said") cannot. So the
// compiler splits the opening off to find the strings the rest starts
// with, and the scanner starts the whole pattern only within the
// opening's longest length before those strings.

// split divides a parsed pattern into an optional opening and the core
// that follows it. open is empty when the pattern does not open with
// optional parts; core is then the pattern itself.
func split(re *syntax.Regexp) (core *syntax.Regexp, open []*syntax.Regexp) {
	if re.Op != syntax.OpConcat {
		return re, nil
	}
	subs := re.Sub
	bound := len(subs) > 0 && subs[0].Op == syntax.OpWordBoundary
	if bound {
		subs = subs[1:]
	}
	n := 0
	for n < len(subs) && optionalPart(subs[n]) {
		n++
	}
	if n == 0 || n == len(subs) || !startsWord(subs[n]) {
		return re, nil
	}
	rest := &syntax.Regexp{Op: syntax.OpConcat, Flags: re.Flags}
	if bound {
		rest.Sub = append(rest.Sub, re.Sub[0])
	}
	rest.Sub = append(rest.Sub, subs[n:]...)
	return rest, subs[:n]
}

// optionalPart: a part that can match nothing and holds no group.
func optionalPart(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpQuest, syntax.OpStar:
	case syntax.OpRepeat:
		if re.Min != 0 {
			return false
		}
	default:
		return false
	}
	return !hasCapture(re)
}

func hasCapture(re *syntax.Regexp) bool {
	if re.Op == syntax.OpCapture {
		return true
	}
	for _, s := range re.Sub {
		if hasCapture(s) {
			return true
		}
	}
	return false
}

// startsWord: every match of re starts with a word character, so that
// whatever precedes it, a word boundary stands where it starts.
func startsWord(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral:
		return len(re.Rune) > 0 && isWordByte(re.Rune[0])
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if !isWordByte(r) {
					return false
				}
				if r-re.Rune[i] > 256 {
					break
				}
			}
		}
		return len(re.Rune) > 0
	case syntax.OpCapture, syntax.OpPlus:
		return startsWord(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min > 0 && startsWord(re.Sub[0])
	case syntax.OpConcat:
		return len(re.Sub) > 0 && startsWord(re.Sub[0])
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if !startsWord(s) {
				return false
			}
		}
		return len(re.Sub) > 0
	}
	return false
}

func isWordByte(r rune) bool {
	return r == '_' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
}

// Most patterns, once split, open with a fixed list of strings: the head
// noun, the denial verb. Then a match can only start where the automaton
// found one of them, and the matcher runs the pattern anchored there
// instead of searching the block: a few anchored attempts instead of a
// thread at every byte.

// anchor returns the strings every match of a (simplified) core starts
// with, and the source of the core anchored at the start of its input
// without its opening \b (which the caller checks); src is "" when the core
// opens with no such list.
func anchor(re *syntax.Regexp) (starts []string, src string, bound bool) {
	subs := []*syntax.Regexp{re}
	if re.Op == syntax.OpConcat {
		subs = re.Sub
	}
	if len(subs) > 0 && subs[0].Op == syntax.OpWordBoundary {
		bound = true
		subs = subs[1:]
	}
	a := analyzer{}
	starts, ok := a.prefixes(subs)
	if !ok || !useful(starts) {
		return nil, "", false
	}
	var b strings.Builder
	b.WriteString("^(?:")
	for _, s := range subs {
		b.WriteString("(?:" + printRE(s) + ")")
	}
	b.WriteString(")")
	return starts, b.String(), bound
}

// prefixes returns strings one of which every match of the sequence subs
// starts with: the product of its leading exact parts, then the prefixes
// of the next part.
func (a analyzer) prefixes(subs []*syntax.Regexp) ([]string, bool) {
	out := []string{""}
	for _, s := range subs {
		if emptyWidth(s.Op) {
			if len(out) == 1 && out[0] == "" {
				return nil, false // an assertion inside: keep it simple
			}
			return out, true
		}
		f := a.of(s)
		var next []string
		exact := f.ok && f.exact
		if exact {
			next = f.set
		} else if p, ok := a.prefixesOf(s); ok {
			next = p
		} else {
			return out, out[0] != "" || len(out) > 1
		}
		if len(out)*len(next) > maxFactors {
			return out, len(out) > 1 || out[0] != ""
		}
		prod := make([]string, 0, len(out)*len(next))
		for _, x := range out {
			for _, y := range next {
				prod = append(prod, x+y)
			}
		}
		out = prod
		if !exact || useful(out) {
			return out, true
		}
	}
	return out, true
}

// prefixesOf returns strings every match of re starts with.
func (a analyzer) prefixesOf(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return a.prefixesOf1(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return a.prefixesOf1(re.Sub[0])
		}
	case syntax.OpConcat:
		return a.prefixes(re.Sub)
	case syntax.OpAlternate:
		var all []string
		for _, s := range re.Sub {
			p, ok := a.prefixesOf1(s)
			if !ok || len(all)+len(p) > maxFactors {
				return nil, false
			}
			all = append(all, p...)
		}
		return all, true
	}
	return nil, false
}

func (a analyzer) prefixesOf1(re *syntax.Regexp) ([]string, bool) {
	if f := a.of(re); f.ok && f.exact {
		return f.set, true
	}
	return a.prefixesOf(re)
}
