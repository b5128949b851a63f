package rule

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/sourcelight/sourcelight/wasm/fold"
)

// MaxVariants bounds what one template may expand to: past it, a regex
// with a list says the same thing without filling the phrase automaton.
const MaxVariants = 5000

// A template is text with {a|b|c} alternatives ({the |} makes "the "
// optional) and {name} references to the pack's lists. Backslash escapes
// a brace or bar.
type tmpl []part

type part struct {
	lit  string
	alts []tmpl // an alternative: one of these
	ref  string // a list reference
}

func parseTemplate(s string) (tmpl, error) {
	t, rest, err := parseSeq(s, false)
	if err != nil {
		return nil, err
	}
	if rest != "" {
		return nil, fmt.Errorf("unexpected %q", rest[:1])
	}
	return t, nil
}

// parseSeq reads until the end, or inside braces until '|' or '}'.
func parseSeq(s string, inner bool) (tmpl, string, error) {
	var t tmpl
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			t = append(t, part{lit: lit.String()})
			lit.Reset()
		}
	}
	for len(s) > 0 {
		c := s[0]
		switch {
		case c == '\\' && len(s) > 1:
			lit.WriteByte(s[1])
			s = s[2:]
		case c == '{':
			flush()
			if name, ok := listRef(s); ok {
				t = append(t, part{ref: name})
				s = s[len(name)+2:]
				continue
			}
			s = s[1:]
			var alts []tmpl
			for {
				alt, rest, err := parseSeq(s, true)
				if err != nil {
					return nil, "", err
				}
				alts = append(alts, alt)
				if rest == "" {
					return nil, "", fmt.Errorf("a '{' is not closed")
				}
				s = rest[1:]
				if rest[0] == '}' {
					break
				}
			}
			if len(alts) < 2 {
				return nil, "", fmt.Errorf("{...} needs at least two alternatives separated by '|' (or the name of a list)")
			}
			t = append(t, part{alts: alts})
		case inner && (c == '|' || c == '}'):
			flush()
			return t, s, nil
		case c == '}' || (c == '|' && !inner):
			return nil, "", fmt.Errorf("a %q outside {...}; write \\%c for the character itself", c, c)
		default:
			lit.WriteByte(c)
			s = s[1:]
		}
	}
	flush()
	return t, "", nil
}

var listName = regexp.MustCompile(`^\{([a-z][a-z0-9_]*)\}`)

func listRef(s string) (string, bool) {
	m := listName.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// lists expands a pack's lists on demand, each once, and catches cycles.
type lists struct {
	raw  map[string][]string
	done map[string][]string
	busy map[string]bool
}

func (l *lists) get(name string) ([]string, error) {
	if v, ok := l.done[name]; ok {
		return v, nil
	}
	items, ok := l.raw[name]
	if !ok {
		return nil, fmt.Errorf("{%s} names no list in this pack's \"lists\"", name)
	}
	if l.busy[name] {
		return nil, fmt.Errorf("list %q refers to itself", name)
	}
	l.busy[name] = true
	defer delete(l.busy, name)
	var out []string
	for _, it := range items {
		v, err := l.expand(it)
		if err != nil {
			return nil, fmt.Errorf("in list %q: %v", name, err)
		}
		out = append(out, v...)
		if len(out) > MaxVariants {
			return nil, fmt.Errorf("list %q expands to more than %d variants", name, MaxVariants)
		}
	}
	l.done[name] = out
	return out, nil
}

// expand returns every variant of template s.
func (l *lists) expand(s string) ([]string, error) {
	t, err := parseTemplate(s)
	if err != nil {
		return nil, err
	}
	return l.variants(t)
}

func (l *lists) variants(t tmpl) ([]string, error) {
	out := []string{""}
	for _, p := range t {
		var opts []string
		switch {
		case p.ref != "":
			v, err := l.get(p.ref)
			if err != nil {
				return nil, err
			}
			opts = v
		case p.alts != nil:
			for _, a := range p.alts {
				v, err := l.variants(a)
				if err != nil {
					return nil, err
				}
				opts = append(opts, v...)
			}
		default:
			opts = []string{p.lit}
		}
		if len(out)*len(opts) > MaxVariants {
			return nil, fmt.Errorf("expands to more than %d variants; use a regex rule with lists instead", MaxVariants)
		}
		next := make([]string, 0, len(out)*len(opts))
		for _, a := range out {
			for _, b := range opts {
				next = append(next, a+b)
			}
		}
		out = next
	}
	return out, nil
}

// regexLists replaces each {name} in a regular expression by a group that
// matches any item of the list, folded as the text will be.
func (l *lists) regexLists(pattern string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(pattern); {
		c := pattern[i]
		if c == '\\' && i+1 < len(pattern) {
			b.WriteString(pattern[i : i+2])
			i += 2
			continue
		}
		if c == '{' {
			if name, ok := listRef(pattern[i:]); ok {
				items, err := l.get(name)
				if err != nil {
					return "", err
				}
				b.WriteString(alternation(items))
				i += len(name) + 2
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
	return b.String(), nil
}

func alternation(items []string) string {
	seen := map[string]bool{}
	var q []string
	for _, it := range items {
		f := fold.String(it)
		if f != "" && !seen[f] {
			seen[f] = true
			q = append(q, f)
		}
	}
	// Go's alternation prefers the earlier of two matches, and two items
	// match at one place only when one begins the other ("warn", "warn of"):
	// in reverse byte order every item comes before the items that begin
	// it, so the longest is preferred, as in longest-first order. Unlike
	// that order, it puts items with a common start side by side, and the
	// regexp parser factors adjacent common starts into a tree
	// ("warn(?:s|ed| of|)"): a VM thread that reaches the group then tries
	// a branch per first letter, not one per item. A list of 280 verbs in
	// a regex that runs at every "some" or "many" cost 4% of a whole scan
	// before (issue #9, fifth round).
	sort.Slice(q, func(i, j int) bool { return q[i] > q[j] })
	for i := range q {
		q[i] = regexp.QuoteMeta(q[i])
	}
	return "(?:" + strings.Join(q, "|") + ")"
}
