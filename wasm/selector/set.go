package selector

// Set is a List made ready to match many elements. Block rules are mostly
// long lists of one-condition selectors ("[class*=footer i]", "[id*=menu
// i]", ...): matched one by one, each looks the attribute up again. A Set
// groups the simple ones (one compound, no combinator) by the attribute
// their first condition reads, looks each attribute up once per element,
// and skips the whole group when the element lacks it.
type Set struct {
	groups []group
	other  List // selectors with combinators or without conditions
}

type group struct {
	key   string
	comps []Compound
	// The group's "[key*=word i]" selectors, by the first byte of their
	// word (both cases): the value is read once, and a word is compared
	// only where its first byte is, not searched for from every place.
	words [256][]string
}

// NewSet prepares l. Set.Match gives what l.Match gives.
func NewSet(l List) *Set {
	s := &Set{}
	for _, c := range l {
		if len(c.Parts) != 1 || len(c.Parts[0].Conds) == 0 {
			s.other = append(s.other, c)
			continue
		}
		p := c.Parts[0]
		k := 0 // a few keys: a map would be code the page engine carries
		for k < len(s.groups) && s.groups[k].key != p.Conds[0].Key {
			k++
		}
		if k == len(s.groups) {
			s.groups = append(s.groups, group{key: p.Conds[0].Key})
		}
		g := &s.groups[k]
		if d := p.Conds[0]; (p.Tag == "" || p.Tag == "*") && len(p.Conds) == 1 && d.Op == "*=" && d.Fold && d.Val != "" {
			c := d.Val[0]
			g.words[c] = append(g.words[c], d.Val)
			if o := otherCase(c); o != c {
				g.words[o] = append(g.words[o], d.Val)
			}
			continue
		}
		g.comps = append(g.comps, p)
	}
	return s
}

// Match reports whether element i of t matches.
func (s *Set) Match(t Tree, i int) bool {
	var tag string
	for k := range s.groups {
		g := &s.groups[k]
		v, ok := t.Attr(i, g.key)
		if !ok {
			continue
		}
		for j := 0; j < len(v); j++ {
			for _, w := range g.words[v[j]] {
				if len(v)-j >= len(w) && equalFold(v[j:j+len(w)], w) {
					return true
				}
			}
		}
		for _, c := range g.comps {
			if c.Tag != "" && c.Tag != "*" {
				if tag == "" {
					tag = t.Tag(i)
				}
				if c.Tag != tag {
					continue
				}
			}
			if c.Conds[0].test(v) && restHold(c.Conds[1:], t, i) {
				return true
			}
		}
	}
	return s.other.Match(t, i)
}

func restHold(conds []Cond, t Tree, i int) bool {
	for _, d := range conds {
		v, ok := t.Attr(i, d.Key)
		if !ok || !d.test(v) {
			return false
		}
	}
	return true
}

// otherCase is c's ASCII letter of the other case, or c.
func otherCase(c byte) byte {
	switch {
	case 'a' <= c && c <= 'z':
		return c - ('a' - 'A')
	case 'A' <= c && c <= 'Z':
		return c + ('a' - 'A')
	}
	return c
}
