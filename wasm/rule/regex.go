package rule

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
)

// Regex flags what a phrase list cannot say: a source and a verb with a
// parenthetical between them, a claim noun after a verb. Patterns use Go's
// RE2 syntax, which keeps matching linear in the length of the text, and
// run on folded text (see package fold), so they are written in lower case
// with plain quotes. {name} stands for any item of the pack's list name.
// A group named "hint" narrows the flagged span to that group.
type Regex struct {
	Def
	Patterns []Pattern
}

// Pattern is a validated regular expression with its lists expanded. It is
// compiled by whoever runs it (the matcher compiles lazily, only what a page
// needs): loading a pack only parses, which is what validation needs.
type Pattern struct {
	Source string // the pattern with {lists} expanded
	Groups int    // number of capture groups
	Hint   int    // index of the group named "hint", or 0
}

// Compile compiles the pattern. Validation parsed it already, so this can
// fail only for a program too large to build.
func (p Pattern) Compile() (*regexp.Regexp, error) { return regexp.Compile(p.Source) }

func decodeRegex(o *object, d Def, l *lists) *Regex {
	return &Regex{Def: d, Patterns: patterns(o, "patterns", true, l)}
}

func patterns(o *object, key string, required bool, l *lists) []Pattern {
	var out []Pattern
	for i, s := range o.strs(key, required) {
		path := index(join(o.path, key), i)
		re, err := compile(s, l)
		if err != nil {
			ruleErr(o.p, path, err)
			continue
		}
		out = append(out, re)
	}
	return out
}

func compile(s string, l *lists) (Pattern, error) {
	x, err := l.regexLists(s)
	if err != nil {
		return Pattern{}, err
	}
	tree, err := syntax.Parse(x, syntax.Perl)
	if err != nil {
		return Pattern{}, err
	}
	if err := checkFolded(tree); err != nil {
		return Pattern{}, err
	}
	if canBeEmpty(tree) {
		return Pattern{}, fmt.Errorf("the pattern can match empty text, which flags nothing a reader could see")
	}
	p := Pattern{Source: x, Groups: tree.MaxCap()}
	for i, name := range tree.CapNames() {
		switch name {
		case "":
		case "hint":
			p.Hint = i
		default:
			return Pattern{}, fmt.Errorf("group %d is named %q; the only group name with a meaning is \"hint\"", i, name)
		}
	}
	return p, nil
}

// canBeEmpty reports whether some match of re is empty text.
func canBeEmpty(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral:
		return len(re.Rune) == 0
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL, syntax.OpNoMatch:
		return false
	case syntax.OpCapture, syntax.OpPlus:
		return canBeEmpty(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		return true
	case syntax.OpRepeat:
		return re.Min == 0 || canBeEmpty(re.Sub[0])
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if !canBeEmpty(s) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if canBeEmpty(s) {
				return true
			}
		}
		return false
	}
	return true // empty-width assertions and the empty match
}

// typographic holds the quotes and dashes that folding turns into ' " -.
const typographic = "‘’“”–—"

// checkFolded rejects literals that folded text never contains: capitals
// (text is lower-cased) and typographic quotes and dashes (text has ' " -).
func checkFolded(re *syntax.Regexp) error {
	if re.Op == syntax.OpLiteral && re.Flags&syntax.FoldCase == 0 {
		for _, r := range re.Rune {
			if unicode.IsUpper(r) {
				return fmt.Errorf("%q has the capital %q: text is matched in lower case, so write it in lower case", re.String(), r)
			}
			if strings.ContainsRune(typographic, r) {
				return fmt.Errorf("%q has %q: text is matched with plain ' \" and -, so write those", re.String(), r)
			}
		}
	}
	if re.Op == syntax.OpCharClass && classSize(re.Rune) < 0x10000 {
		// a class that names a typographic mark ("[,;—]") never matches it
		// in folded text; a negated class ("[^-.]") holds every mark and
		// is fine
		for _, r := range typographic {
			if inClass(re.Rune, r) {
				return fmt.Errorf("%q has %q: text is matched with plain ' \" and -, so write those", re.String(), r)
			}
		}
	}
	for _, s := range re.Sub {
		if err := checkFolded(s); err != nil {
			return err
		}
	}
	return nil
}

// classSize counts the runes of a character class's ranges.
func classSize(ranges []rune) int {
	n := 0
	for i := 0; i+1 < len(ranges); i += 2 {
		n += int(ranges[i+1]-ranges[i]) + 1
	}
	return n
}

func inClass(ranges []rune, r rune) bool {
	for i := 0; i+1 < len(ranges); i += 2 {
		if ranges[i] <= r && r <= ranges[i+1] {
			return true
		}
	}
	return false
}
