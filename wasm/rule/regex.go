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
	Patterns []*regexp.Regexp
}

func decodeRegex(o *object, d Def, l *lists) *Regex {
	return &Regex{Def: d, Patterns: patterns(o, "patterns", true, l)}
}

func patterns(o *object, key string, required bool, l *lists) []*regexp.Regexp {
	var out []*regexp.Regexp
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

func compile(s string, l *lists) (*regexp.Regexp, error) {
	x, err := l.regexLists(s)
	if err != nil {
		return nil, err
	}
	tree, err := syntax.Parse(x, syntax.Perl)
	if err != nil {
		return nil, err
	}
	if err := checkFolded(tree); err != nil {
		return nil, err
	}
	re, err := regexp.Compile(x)
	if err != nil {
		return nil, err
	}
	if re.MatchString("") {
		return nil, fmt.Errorf("the pattern matches empty text, so it would flag every block")
	}
	for i, name := range re.SubexpNames() {
		if name != "" && name != "hint" {
			return nil, fmt.Errorf("group %d is named %q; the only group name with a meaning is \"hint\"", i, name)
		}
	}
	return re, nil
}

// checkFolded rejects literals that folded text never contains: capitals
// (text is lower-cased) and typographic quotes and dashes (text has ' " -).
func checkFolded(re *syntax.Regexp) error {
	if re.Op == syntax.OpLiteral && re.Flags&syntax.FoldCase == 0 {
		for _, r := range re.Rune {
			if unicode.IsUpper(r) {
				return fmt.Errorf("%q has the capital %q: text is matched in lower case, so write it in lower case", re.String(), r)
			}
			if strings.ContainsRune("‘’“”–—", r) {
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
