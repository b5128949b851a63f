// Package match compiles rule packs for scanning: phrases into the phrase
// automaton's list, regexes into programs for package re with the
// literals that anchor them, block rules into their compiled form. Its
// output is the compact form (scan.Spec, encoded) that every host loads:
// the extension's built-in packs are compiled at build time and a reader's
// own when saved, so no page ever reads or checks a rule file. The scanning
// itself is package scan.
package match

import (
	"regexp/syntax"

	"github.com/sourcelight/sourcelight/wasm/re/recompile"
	"github.com/sourcelight/sourcelight/wasm/rule"
	"github.com/sourcelight/sourcelight/wasm/scan"
)

// Matcher and Hint are the scanner's.
type (
	Matcher = scan.Matcher
	Hint    = scan.Hint
)

// New compiles packs into a matcher, through the compiled form (so every
// host and test runs exactly what a page loads). The packs are already
// valid (see rule.Load), so this cannot fail.
func New(packs ...*rule.Pack) *Matcher {
	m, err := scan.Load(Compile(packs...))
	if err != nil {
		panic("match: the compiled form does not load: " + err.Error()) // a bug, caught by tests
	}
	return m
}

// Compile compiles packs into the compact form scan.Load reads.
func Compile(packs ...*rule.Pack) []byte {
	return Spec(packs...).Encode()
}

// Spec compiles packs.
func Spec(packs ...*rule.Pack) *scan.Spec {
	s := &scan.Spec{}
	ids := map[string]int{}
	add := func(p string, what int32) {
		id, ok := ids[p]
		if !ok {
			id = len(s.Phrases)
			ids[p] = id
			s.Phrases = append(s.Phrases, scan.Phrase{Text: p})
		}
		s.Phrases[id].What = append(s.Phrases[id].What, what)
	}
	for pi, pk := range packs {
		s.Packs = append(s.Packs, scan.Pack{ID: pk.ID, Category: pk.Category, Colour: pk.Colour, Languages: pk.Languages})
		for _, r := range pk.Rules {
			if b, ok := r.(*rule.Block); ok {
				s.Blocks = append(s.Blocks, block(pi, b))
				continue
			}
			ri := len(s.Rules)
			s.Rules = append(s.Rules, ruleOf(pi, r.Base()))
			var phrases []string
			var res []rule.Pattern
			switch r := r.(type) {
			case *rule.Phrase:
				phrases = r.Phrases
			case *rule.Regex:
				res = r.Patterns
			case *rule.Exception:
				s.Rules[ri].Exception = true
				s.Rules[ri].Cancels = r.Cancels
				phrases, res = r.Phrases, r.Patterns
			}
			for _, p := range phrases {
				add(p, int32(ri))
			}
			for _, p := range res {
				k := len(s.Regexes)
				x, ok := compileRegex(ri, p, func(f string, j int) { add(f, scan.FactorPayload(k, j)) })
				if ok {
					s.Regexes = append(s.Regexes, x)
				}
			}
		}
	}
	return s
}

func ruleOf(pack int, d *rule.Def) scan.Rule {
	return scan.Rule{Pack: pack, ID: d.ID, Explanation: d.Explanation, Source: d.Source, Link: d.Link,
		Sev: d.Severity, Languages: d.Languages}
}

func block(pack int, b *rule.Block) scan.Block {
	out := scan.Block{Rule: ruleOf(pack, b.Base()), Pack: pack, Selectors: b.Selectors, MaxChars: b.MaxChars, MaxProse: b.MaxProse}
	if l := b.LinkList; l != nil {
		out.LinkList = &scan.LinkList{MinItems: l.MinItems, MinLinkShare: l.MinLinkShare, MinWords: l.MinWords,
			MaxItemChars: l.MaxItemChars, MinLedShare: l.MinLedShare}
	}
	for _, l := range b.Labels {
		out.Labels = append(out.Labels, scan.Label{Key: l.Key, Prefix: l.Prefix})
	}
	return out
}

// compileRegex compiles a rule's pattern and finds where its matches can
// start: after an optional opening of bounded length, at one of a list of
// strings (the head noun, the denial verb) that the automaton reports; or,
// failing that, near a hit of one of its factor sets. It registers those
// strings with add. ok is false for a pattern that does not compile (a
// validated pack has none).
func compileRegex(ri int, p rule.Pattern, add func(f string, set int)) (*scan.Regex, bool) {
	x := &scan.Regex{Rule: ri}
	if p.Hint > 0 {
		x.Hint = 2 // recompile makes the hint group 1
	}
	tree, err := syntax.Parse(p.Source, syntax.Perl)
	if err != nil {
		return x, false
	}
	if x.Prog, err = recompile.FromTree(tree); err != nil {
		return x, false
	}
	simple := tree.Simplify()
	core, open := split(tree)
	core = core.Simplify()
	back, spaces := 0, 0
	for _, o := range open {
		back += maxLen(o)
		spaces += maxSpaces(o)
	}
	sets := factorsOf(core)
	for j, set := range sets {
		if j == scan.StartSet {
			break
		}
		x.Need |= 1 << j
		for _, f := range set {
			add(f, j)
		}
	}
	switch starts, _, _ := anchor(core); {
	case beginsText(simple):
		x.Anchor = scan.AnchorBegin
	case len(starts) > 0:
		// an unbounded opening ("\\d+ officials") is taken to be at most
		// MaxWindow bytes long: a hint is a phrase, not a paragraph
		x.Anchor, x.Back, x.Spaces = scan.AnchorStarts, min(back, scan.MaxWindow), min(spaces, scan.MaxWindow)
		for _, f := range starts {
			add(f, scan.StartSet)
		}
		if len(open) > 0 {
			// the same pattern with its core marked, so the scanner can
			// check the core alone where a start string was found
			if p, core, err := recompile.WithCore(markCore(tree, len(open))); err == nil && core != nil {
				x.Prog, x.Core = p, core
			}
		}
	case len(sets) > 0:
		// the set with the longest shortest string: its hits are rarest
		best := 0
		for j := range sets {
			if j < scan.StartSet && score(sets[j]) > score(sets[best]) {
				best = j
			}
		}
		x.Anchor, x.Set, x.Len = scan.AnchorFactors, best, min(maxLen(simple), scan.MaxWindow)
	default:
		x.Anchor = scan.AnchorNone
	}
	return x, true
}

// markCore returns tree, a sequence of an optional \b, n optional opening
// parts and the core, with the core (after its openings, without \b: a
// non-empty opening such as "un" in "unverified" leaves no boundary there)
// in a group named "core".
func markCore(tree *syntax.Regexp, n int) *syntax.Regexp {
	subs := tree.Sub
	var head []*syntax.Regexp
	if len(subs) > 0 && subs[0].Op == syntax.OpWordBoundary {
		head, subs = subs[:1], subs[1:]
	}
	head = append(append([]*syntax.Regexp(nil), head...), subs[:n]...)
	core := &syntax.Regexp{Op: syntax.OpConcat, Flags: tree.Flags, Sub: subs[n:]}
	mark := &syntax.Regexp{Op: syntax.OpCapture, Flags: tree.Flags, Cap: 2, Name: "core", Sub: []*syntax.Regexp{core}}
	return &syntax.Regexp{Op: syntax.OpConcat, Flags: tree.Flags, Sub: append(head, mark)}
}

// beginsText: every match starts at the start of the text (^ without (?m)).
func beginsText(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginText:
		return true
	case syntax.OpConcat:
		return len(re.Sub) > 0 && beginsText(re.Sub[0])
	case syntax.OpCapture:
		return beginsText(re.Sub[0])
	}
	return false
}

// maxLen is the longest match of re in bytes, or a large number when
// repetition leaves it unbounded.
func maxLen(re *syntax.Regexp) int {
	const unbounded = 1 << 20
	switch re.Op {
	case syntax.OpLiteral:
		n := 0
		for _, r := range re.Rune {
			n += runeLen(r)
		}
		return n
	case syntax.OpCharClass:
		n := 1
		for i := 1; i < len(re.Rune); i += 2 {
			n = max(n, runeLen(re.Rune[i]))
		}
		return n
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 4
	case syntax.OpCapture, syntax.OpQuest:
		return maxLen(re.Sub[0])
	case syntax.OpStar, syntax.OpPlus:
		return unbounded
	case syntax.OpRepeat:
		if re.Max < 0 {
			return unbounded
		}
		return min(unbounded, re.Max*maxLen(re.Sub[0]))
	case syntax.OpConcat:
		n := 0
		for _, s := range re.Sub {
			n = min(unbounded, n+maxLen(s))
		}
		return n
	case syntax.OpAlternate:
		n := 0
		for _, s := range re.Sub {
			n = max(n, maxLen(s))
		}
		return n
	}
	return 0 // empty-width
}

// maxSpaces is the most spaces a match of re holds (a large number when
// unbounded). Folded text has one kind of space, so an opening of words
// ("two senior u.s.") has a bounded number of them even where its length
// in bytes is not ("\\d+ officials").
func maxSpaces(re *syntax.Regexp) int {
	const unbounded = 1 << 20
	switch re.Op {
	case syntax.OpLiteral:
		n := 0
		for _, r := range re.Rune {
			if r == ' ' {
				n++
			}
		}
		return n
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i] <= ' ' && ' ' <= re.Rune[i+1] {
				return 1
			}
		}
		return 0
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 1
	case syntax.OpCapture, syntax.OpQuest:
		return maxSpaces(re.Sub[0])
	case syntax.OpStar, syntax.OpPlus:
		if maxSpaces(re.Sub[0]) > 0 {
			return unbounded
		}
		return 0
	case syntax.OpRepeat:
		n := maxSpaces(re.Sub[0])
		if re.Max < 0 && n > 0 {
			return unbounded
		}
		return min(unbounded, max(re.Max, 0)*n)
	case syntax.OpConcat:
		n := 0
		for _, s := range re.Sub {
			n = min(unbounded, n+maxSpaces(s))
		}
		return n
	case syntax.OpAlternate:
		n := 0
		for _, s := range re.Sub {
			n = max(n, maxSpaces(s))
		}
		return n
	}
	return 0
}

func runeLen(r rune) int {
	switch {
	case r < 0x80:
		return 1
	case r < 0x800:
		return 2
	case r < 0x10000:
		return 3
	}
	return 4
}
