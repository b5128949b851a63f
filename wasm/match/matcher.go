// Package match is the engine: it runs compiled rule packs over a
// doc.Document and returns hints. It has no DOM and no I/O, so the CLI,
// the extension (through wasm) and the worker run exactly the same code.
//
// One scan per text block: the block is folded (package fold), one
// Aho–Corasick pass finds every phrase of every pack and the literal
// factors of every regex, regexes run only where their factors occur,
// exceptions cancel what they overlap, and overlapping hints of one
// category are resolved leftmost-longest. Promotional blocks are found on
// the element table (blocks.go).
package match

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/fold"
	"github.com/sourcelight/sourcelight/wasm/rule"
)

// Hint is one thing a reader is shown.
type Hint struct {
	Category    string
	Pack        string
	Rule        string
	Block       bool // a whole element (promotional); else a span of text
	Index       int  // the text block (inline hints) or the element (block hints)
	Start, End  int  // byte offsets into Document.Text
	Text        string
	Explanation string
	Source      string
	Link        string
	Severity    string
	Colour      string
}

// Matcher runs a set of packs. It is safe for concurrent use.
type Matcher struct {
	packs   []*rule.Pack
	rules   []ruleRef // every text rule, in pack and rule order
	ac      *automaton
	payload [][]int32 // automaton pattern id -> what it means: see payload
	regexes []*regexRef
	blocks  []blockRef
	attrs   []string
}

type ruleRef struct {
	pack  int
	order int // position among all rules: breaks ties
	def   *rule.Def
	cat   string
	exc   *rule.Exception // non-nil for exceptions
}

// regexRef is a rule's regex as the scanner runs it. Its programs are
// compiled on first use: a page that never mentions a denial verb never
// pays for the denial patterns.
type regexRef struct {
	rule int    // index into Matcher.rules
	src  string // the core (see split.go), anchored at its start when anchored
	open string // the optional opening split off the core, anchored at both ends; or ""
	hint int    // submatch index of the group "hint", or 0
	// anchored: every match starts with one of a list of strings that the
	// automaton reports, and src is tried only there; bound says the core
	// opens with \b, which the scanner then checks.
	anchored bool
	bound    bool
	need     uint64 // one bit per factor set; 0: no factors, runs on every block

	once     sync.Once
	re, ext  *regexp.Regexp
	compiled bool // false if src did not compile: the regex is skipped
}

func (x *regexRef) compile() bool {
	x.once.Do(func() {
		var err error
		if x.re, err = regexp.Compile(x.src); err != nil {
			return
		}
		if x.open != "" {
			if x.ext, err = regexp.Compile(x.open); err != nil {
				return
			}
		}
		x.compiled = true
	})
	return x.compiled
}

// A payload entry r >= 0 means "phrase of rule r"; below zero it encodes
// "factor set j of regex k", where j == startSet means "a string that
// matches of regex k start with".
func factorPayload(k, j int) int32 { return int32(-1 - (k<<6 | j)) }

func fromPayload(w int32) (k, j int) { v := int(-1 - w); return v >> 6, v & 63 }

const startSet = 63

// New compiles packs into a matcher. The packs are already valid (see
// rule.Load), so this cannot fail.
func New(packs ...*rule.Pack) *Matcher {
	m := &Matcher{packs: packs}
	ids := map[string]int32{}
	var pats []string
	add := func(p string, what int32) {
		id, ok := ids[p]
		if !ok {
			id = int32(len(pats))
			ids[p] = id
			pats = append(pats, p)
			m.payload = append(m.payload, nil)
		}
		m.payload[id] = append(m.payload[id], what)
	}
	attrs := map[string]bool{}
	for pi, pk := range packs {
		for _, r := range pk.Rules {
			if b, ok := r.(*rule.Block); ok {
				m.blocks = append(m.blocks, blockRef{pack: pi, rule: b})
				for _, a := range b.Selectors.Attrs() {
					attrs[a] = true
				}
				continue
			}
			ri := len(m.rules)
			ref := ruleRef{pack: pi, order: ri, def: r.Base(), cat: pk.Category}
			var phrases []string
			var res []rule.Pattern
			switch r := r.(type) {
			case *rule.Phrase:
				phrases = r.Phrases
			case *rule.Regex:
				res = r.Patterns
			case *rule.Exception:
				ref.exc = r
				phrases, res = r.Phrases, r.Patterns
			}
			m.rules = append(m.rules, ref)
			for _, p := range phrases {
				add(p, int32(ri))
			}
			for _, re := range res {
				k := len(m.regexes)
				m.regexes = append(m.regexes, compileRegex(ri, re, func(f string, j int) { add(f, factorPayload(k, j)) }))
			}
		}
	}
	m.ac = newAutomaton(pats)
	for a := range attrs {
		m.attrs = append(m.attrs, a)
	}
	sort.Strings(m.attrs)
	return m
}

// compileRegex prepares a rule's regex for scanning: split off an optional
// opening, anchor the core where its matches must start, and register the
// strings the automaton must report (factor sets, start strings) with add.
func compileRegex(rule int, p rule.Pattern, add func(f string, set int)) *regexRef {
	x := &regexRef{rule: rule, src: p.Source, hint: p.Hint}
	tree, err := syntax.Parse(p.Source, syntax.Perl)
	if err != nil {
		return x // validated packs parse; this one runs unfiltered and fails to compile
	}
	core, open := split(tree)
	core = core.Simplify()
	x.open = open
	if starts, src, bound := anchor(core); src != "" {
		x.anchored, x.bound, x.src = true, bound, src
		for _, f := range starts {
			add(f, startSet)
		}
	} else if open != "" {
		x.src = printRE(core)
	}
	for j, set := range factorsOf(core) {
		if j == startSet {
			break
		}
		x.need |= 1 << j
		for _, f := range set {
			add(f, j)
		}
	}
	return x
}

// Attrs lists attribute names that block selectors read (beyond id, class,
// role, aria-label, hidden and lang, which every host keeps).
func (m *Matcher) Attrs() []string { return m.attrs }

// Scan returns the hints for d: text hints in document order, then blocks.
func (m *Matcher) Scan(d *doc.Document) []Hint {
	return m.scan(d, true)
}

// ScanAll is Scan without resolving overlaps: every hit of every rule that
// no exception cancelled. Rule tests use it to ask about one rule.
func (m *Matcher) ScanAll(d *doc.Document) []Hint {
	return m.scan(d, false)
}

func (m *Matcher) scan(d *doc.Document, resolve bool) []Hint {
	active := m.active(d.Lang)
	s := scanner{m: m, active: active, lang: primaryOf(d.Lang)}
	var out []Hint
	for i := range d.Blocks {
		hs := s.block(d, i)
		if resolve {
			hs = resolveOverlaps(hs)
		}
		out = append(out, hs...)
	}
	out = append(out, m.findBlocks(d, active, resolve)...)
	return out
}

// active says which packs apply to a document in language lang.
func (m *Matcher) active(lang string) []bool {
	primary := primaryOf(lang)
	a := make([]bool, len(m.packs))
	for i, p := range m.packs {
		a[i] = langOK(p.Languages, primary)
	}
	return a
}

// langOK: a pack or rule for some languages applies to those, and to pages
// that do not say their language.
func langOK(langs []string, primary string) bool {
	if len(langs) == 0 || primary == "" {
		return true
	}
	for _, l := range langs {
		if l == primary {
			return true
		}
	}
	return false
}

type scanner struct {
	m      *Matcher
	active []bool
	lang   string // the document's primary language tag
	ft     fold.Text
	hits   []span
	excs   []span
	fired  []uint64 // per regex: the factor sets seen in the block
	starts [][]int  // per regex: where its matches may start in the block
}

// span is a hit in folded coordinates.
type span struct {
	rule       int
	start, end int
}

func (s *scanner) block(d *doc.Document, bi int) []Hint {
	m := s.m
	b := d.Blocks[bi]
	s.ft.Reset(d.Text[b.Start:b.End])
	text := s.ft.S
	s.hits, s.excs = s.hits[:0], s.excs[:0]
	if cap(s.fired) < len(m.regexes) {
		s.fired = make([]uint64, len(m.regexes))
	}
	fired := s.fired[:len(m.regexes)]
	clear(fired)
	if len(s.starts) < len(m.regexes) {
		s.starts = make([][]int, len(m.regexes))
	}
	for k := range s.starts {
		s.starts[k] = s.starts[k][:0]
	}
	m.ac.scan(text, func(id, end int) {
		start := end - int(m.ac.plen[id])
		for _, w := range m.payload[id] {
			if w < 0 {
				k, j := fromPayload(w)
				if j == startSet {
					s.starts[k] = append(s.starts[k], start)
				} else {
					fired[k] |= 1 << j
				}
				continue
			}
			r := &m.rules[w]
			if !s.active[r.pack] || !wordEdges(text, start, end) {
				continue
			}
			s.add(span{int(w), start, end})
		}
	})
	for k, x := range m.regexes {
		r := &m.rules[x.rule]
		if !s.active[r.pack] || fired[k] != x.need || (x.anchored && len(s.starts[k]) == 0) || !x.compile() {
			continue
		}
		for _, loc := range s.find(k, x, text) {
			st, en := loc[0], loc[1]
			if x.hint > 0 && loc[2*x.hint] >= 0 {
				st, en = loc[2*x.hint], loc[2*x.hint+1]
			} else if x.ext != nil {
				st = extendLeft(x.ext, text, st)
			}
			if st < en {
				s.add(span{x.rule, st, en})
			}
		}
	}
	var out []Hint
	for _, h := range s.hits {
		r := &m.rules[h.rule]
		if s.cancelled(h) || !langOK(r.def.Languages, s.lang) {
			continue
		}
		st, en := s.ft.Start(h.start), s.ft.End(h.end)
		orig := s.ft.Orig
		for st < en && isTrim(orig, st, true) {
			_, n := utf8.DecodeRuneInString(orig[st:])
			st += n
		}
		for en > st && isTrim(orig, en, false) {
			_, n := utf8.DecodeLastRuneInString(orig[:en])
			en -= n
		}
		if st >= en {
			continue
		}
		pk := m.packs[r.pack]
		out = append(out, Hint{
			Category: r.cat, Pack: pk.ID, Rule: r.def.ID, Index: bi,
			Start: b.Start + st, End: b.Start + en, Text: orig[st:en],
			Explanation: r.def.Explanation, Source: r.def.Source, Link: r.def.Link,
			Severity: r.def.Severity, Colour: pk.Colour,
		})
	}
	sortHints(out, m)
	return out
}

// find returns the matches of regex k in text, as FindAllStringSubmatchIndex
// does: by anchored attempts where matches may start when it can.
func (s *scanner) find(k int, x *regexRef, text string) [][]int {
	if !x.anchored {
		return x.re.FindAllStringSubmatchIndex(text, -1)
	}
	starts := s.starts[k]
	slices.Sort(starts)
	var out [][]int
	next := 0 // matches do not overlap: the end of the last one
	for i, p := range starts {
		if p < next || (i > 0 && p == starts[i-1]) {
			continue
		}
		if x.bound && p > 0 {
			prev, _ := utf8.DecodeLastRuneInString(text[:p])
			if isWordByte(prev) {
				continue
			}
		}
		loc := x.re.FindStringSubmatchIndex(text[p:])
		if loc == nil || loc[1] == 0 {
			continue
		}
		for j := range loc {
			if loc[j] >= 0 {
				loc[j] += p
			}
		}
		out = append(out, loc)
		next = loc[1]
	}
	return out
}

func (s *scanner) add(h span) {
	if s.m.rules[h.rule].exc != nil {
		s.excs = append(s.excs, h)
	} else {
		s.hits = append(s.hits, h)
	}
}

// cancelled reports whether an exception of the hit's pack overlaps it.
func (s *scanner) cancelled(h span) bool {
	r := &s.m.rules[h.rule]
	for _, e := range s.excs {
		x := &s.m.rules[e.rule]
		if x.pack != r.pack || e.start >= h.end || h.start >= e.end {
			continue
		}
		if len(x.exc.Cancels) == 0 {
			return true
		}
		for _, id := range x.exc.Cancels {
			if id == r.def.ID {
				return true
			}
		}
	}
	return false
}

func primaryOf(lang string) string {
	l := strings.ToLower(lang)
	if i := strings.IndexAny(l, "-_"); i >= 0 {
		l = l[:i]
	}
	return l
}

// wordEdges reports whether text[start:end] starts and ends on word
// boundaries, where its own first and last characters are word characters.
func wordEdges(text string, start, end int) bool {
	first, _ := utf8.DecodeRuneInString(text[start:])
	if fold.IsWord(first) && start > 0 {
		if prev, _ := utf8.DecodeLastRuneInString(text[:start]); fold.IsWord(prev) {
			return false
		}
	}
	last, _ := utf8.DecodeLastRuneInString(text[:end])
	if fold.IsWord(last) && end < len(text) {
		if next, _ := utf8.DecodeRuneInString(text[end:]); fold.IsWord(next) {
			return false
		}
	}
	return true
}

// isTrim: spans do not start or end with spaces or commas.
func isTrim(s string, at int, forward bool) bool {
	var r rune
	if forward {
		r, _ = utf8.DecodeRuneInString(s[at:])
	} else {
		r, _ = utf8.DecodeLastRuneInString(s[:at])
	}
	return unicode.IsSpace(r) || r == ',' || r == ';' || r == ':' || r == '\u00ad' || r == '\u200b'
}

func sortHints(hs []Hint, m *Matcher) {
	sort.SliceStable(hs, func(i, j int) bool {
		a, b := &hs[i], &hs[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End > b.End
		}
		if a.Category != b.Category {
			return a.Category < b.Category
		}
		if a.Pack != b.Pack {
			return a.Pack < b.Pack
		}
		return a.Rule < b.Rule
	})
}

// resolveOverlaps keeps, within each category, the leftmost and then
// longest of overlapping hints; hints come sorted that way. Categories may
// overlap each other: a denial inside an anonymous attribution is two facts.
func resolveOverlaps(hs []Hint) []Hint {
	out := hs[:0]
	end := map[string]int{}
	for _, h := range hs {
		if e, ok := end[h.Category]; ok && h.Start < e {
			continue
		}
		end[h.Category] = h.End
		out = append(out, h)
	}
	return out
}
