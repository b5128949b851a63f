package match

import (
	"regexp/syntax"
	"strings"
)

// Most regex rules are asked about text they cannot match. Before running
// one, the matcher checks that the block holds, for each of the regex's
// factor sets, at least one of the set's strings: every match contains
// one string of every set. The phrase automaton finds them for free in its
// one pass, and a false answer is definitive: the regex is skipped.

const (
	minFactor  = 3   // shorter factors occur everywhere and filter nothing
	maxFactors = 500 // past this, an alternation is cheaper to just run
)

// factorsOf returns the factor sets of a parsed, simplified (lower-case)
// pattern, or nil when none is useful. "denied (the )?(claims|reports)" gives
// one set of eight whole phrases; "{quant} {mod} officials {say}" with long
// lists gives one set for the nouns and one for the verbs, both needed.
func factorsOf(re *syntax.Regexp) [][]string {
	a := analyzer{}
	if f := a.of(re); f.ok && f.exact && useful(f.set) {
		return [][]string{f.set}
	}
	var parts []*syntax.Regexp
	flatten(re, &parts)
	var sets [][]string
	for _, f := range a.runs(parts) {
		if useful(f) {
			sets = append(sets, f)
		}
	}
	return sets
}

// flatten lists the parts of a top-level sequence, looking through groups.
func flatten(re *syntax.Regexp, out *[]*syntax.Regexp) {
	switch re.Op {
	case syntax.OpCapture:
		flatten(re.Sub[0], out)
	case syntax.OpConcat:
		for _, s := range re.Sub {
			flatten(s, out)
		}
	default:
		*out = append(*out, re)
	}
}

func useful(f []string) bool {
	if len(f) == 0 || len(f) > maxFactors {
		return false
	}
	for _, s := range f {
		if len(s) < minFactor || everywhere[s] {
			return false
		}
	}
	return true
}

// everywhere lists factors as common as words get: a set that holds one
// fires in nearly every paragraph, so it filters nothing, while each of the
// word's hits costs the automaton a report (on PolNeAR such sets made a
// third of all reports: 1.84M a pass, 1.22M without them).
var everywhere = map[string]bool{
	"the": true, "the ": true, " the": true, " the ": true, "and": true, "and ": true, " and": true, " and ": true,
	"in ": true, " in ": true, "of ": true, " of ": true, "to ": true, " to ": true, " to": true,
	"on ": true, " on ": true, "at ": true, " at ": true, "for ": true, " for": true, "with": true, "with ": true,
	"that": true, "that ": true, "is ": true, " is ": true, "was ": true, "are ": true, "be ": true, "from": true, "from ": true,
}

// fact is what one node of a regex needs: ok when every match contains a
// string of set; exact when set lists whole matches, so that neighbours in
// a sequence can be joined to it ("s" + "(aid|ays)" = "said", "says").
type fact struct {
	set       []string
	ok, exact bool
}

// analyzer memoizes facts: factored alternations nest deeply.
type analyzer map[*syntax.Regexp]fact

func (a analyzer) of(re *syntax.Regexp) fact {
	if f, done := a[re]; done {
		return f
	}
	f := a.compute(re)
	a[re] = f
	return f
}

func (a analyzer) compute(re *syntax.Regexp) fact {
	switch re.Op {
	case syntax.OpEmptyMatch:
		return fact{[]string{""}, true, true}
	case syntax.OpLiteral:
		s := string(re.Rune)
		if re.Flags&syntax.FoldCase != 0 {
			s = strings.ToLower(s)
		}
		return fact{[]string{s}, true, true}
	case syntax.OpCapture:
		return a.of(re.Sub[0])
	case syntax.OpPlus:
		f := a.of(re.Sub[0])
		return fact{f.set, f.ok, false}
	case syntax.OpQuest:
		return a.optional(re.Sub[0])
	case syntax.OpRepeat:
		switch {
		case re.Min == 1 && re.Max == 1:
			return a.of(re.Sub[0])
		case re.Min >= 1:
			f := a.of(re.Sub[0])
			return fact{f.set, f.ok, false}
		case re.Max == 1:
			return a.optional(re.Sub[0])
		}
	case syntax.OpAlternate:
		var all []string
		exact := true
		for _, s := range re.Sub {
			f := a.of(s)
			if !f.ok || len(all)+len(f.set) > maxFactors {
				return fact{}
			}
			all = append(all, f.set...)
			exact = exact && f.exact
		}
		return fact{all, true, exact}
	case syntax.OpCharClass:
		// A small class such as [ds] in "die[ds]" multiplies out; anything
		// larger filters nothing.
		var rs []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				rs = append(rs, string(r))
				if len(rs) > 4 {
					return fact{}
				}
			}
		}
		return fact{rs, len(rs) > 0, true}
	case syntax.OpConcat:
		rs := a.runs(re.Sub)
		if len(rs) == 1 && a.allExact(re.Sub) {
			return fact{rs[0], true, true}
		}
		var best []string
		for _, f := range rs {
			if score(f) > score(best) {
				best = f
			}
		}
		return fact{best, best != nil, false}
	}
	return fact{}
}

// optional: x? is x or nothing, useful only joined to its neighbours.
func (a analyzer) optional(re *syntax.Regexp) fact {
	f := a.of(re)
	if !f.ok || !f.exact {
		return fact{}
	}
	return fact{append(f.set[:len(f.set):len(f.set)], ""), true, true}
}

func (a analyzer) allExact(subs []*syntax.Regexp) bool {
	for _, s := range subs {
		if !emptyWidth(s.Op) && !a.of(s).exact {
			return false
		}
	}
	return true
}

// runs multiplies out adjacent exact parts of a sequence and returns the
// set of each run and of each other part that has one.
func (a analyzer) runs(subs []*syntax.Regexp) [][]string {
	var out [][]string
	var run []string
	end := func() {
		if run != nil {
			out = append(out, run)
			run = nil
		}
	}
	for _, s := range subs {
		if emptyWidth(s.Op) {
			continue // \b and friends match no text: neighbours still join
		}
		f := a.of(s)
		switch {
		case !f.ok:
			end()
		case !f.exact:
			end()
			out = append(out, f.set)
		case run == nil:
			run = f.set
		case len(run)*len(f.set) > maxFactors:
			end()
			run = f.set
		default:
			next := make([]string, 0, len(run)*len(f.set))
			for _, x := range run {
				for _, y := range f.set {
					next = append(next, x+y)
				}
			}
			run = next
		}
	}
	end()
	return out
}

// score prefers sets whose shortest string is longest, then smaller sets.
func score(f []string) int {
	if len(f) == 0 {
		return -1
	}
	m := len(f[0])
	for _, s := range f {
		m = min(m, len(s))
	}
	return m*1000 - len(f)
}

func emptyWidth(op syntax.Op) bool {
	switch op {
	case syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpBeginLine, syntax.OpEndLine,
		syntax.OpBeginText, syntax.OpEndText, syntax.OpEmptyMatch:
		return true
	}
	return false
}
