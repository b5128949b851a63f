// Package scan is the engine that runs in every page: it runs compiled rule
// packs (a Spec, loaded from the bytes package match writes) over a
// doc.Document and returns hints. It has no DOM, no I/O, and none of the
// code that reads and checks rule files: the CLI, the extension and the
// worker all scan with it, so they report exactly the same hints.
//
// Per text block: the block is folded (package fold); one pass of the
// phrase automaton finds every phrase of every pack and the literals every
// regex needs; a regex runs only where all its factor sets occurred, and
// only in windows near its anchors (package re's VM, linear time);
// exceptions cancel what they overlap; overlapping hints of one category
// are resolved leftmost-longest. Promotional blocks are found on the
// element table (blocks.go).
package scan

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/fold"
	"github.com/sourcelight/sourcelight/wasm/re"
	"github.com/sourcelight/sourcelight/wasm/selector"
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

// Matcher runs a set of compiled packs. It is safe for concurrent use.
type Matcher struct {
	spec  *Spec
	ac    *automaton
	attrs []string
	off   []bool // packs switched off (SetOff)
	// Per regex, what deciding whether to run it needs, side by side: the
	// block loop reads these for every regex, and a pointer to each Regex
	// and its Rule cost a tenth of the scan.
	need []uint64
	pack []int32 // the regex's rule's pack; -1 - pack for an exception
	mu   sync.Mutex
	free []*scanner // scanners keep their buffers between scans
}

func newMatcher(s *Spec) *Matcher {
	m := &Matcher{spec: s, off: make([]bool, len(s.Packs))}
	m.ac = s.ac // read by Load: building it is Encode's, which pages never link
	m.need = make([]uint64, len(s.Regexes))
	m.pack = make([]int32, len(s.Regexes))
	for k, x := range s.Regexes {
		r := &s.Rules[x.Rule]
		m.need[k], m.pack[k] = x.Need, int32(r.Pack)
		if r.Exception {
			m.pack[k] = -1 - int32(r.Pack)
		}
	}
	seen := map[string]bool{}
	for i, b := range s.Blocks {
		if b.Selectors != nil {
			s.Blocks[i].sel = selector.NewSet(b.Selectors)
		}
		for _, a := range b.Selectors.Attrs() {
			if !seen[a] {
				seen[a] = true
				m.attrs = append(m.attrs, a)
			}
		}
	}
	sort.Stable(sort.StringSlice(m.attrs)) // Stable: the one sort the page engine links
	return m
}

// scanner takes a free scanner or makes one. (A list, not a sync.Pool: the
// pool's per-processor caches are code the single-threaded page engine
// would carry for nothing.)
func (m *Matcher) scanner() *scanner {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n := len(m.free); n > 0 {
		s := m.free[n-1]
		m.free = m.free[:n-1]
		return s
	}
	return &scanner{m: m}
}

func (m *Matcher) release(s *scanner) {
	m.mu.Lock()
	if len(m.free) < 8 {
		m.free = append(m.free, s)
	}
	m.mu.Unlock()
}

// Packs lists the packs, in order.
func (m *Matcher) Packs() []Pack { return m.spec.Packs }

// Attrs lists attribute names that block selectors read (beyond id, class,
// role, aria-label, hidden and lang, which every host keeps).
func (m *Matcher) Attrs() []string { return m.attrs }

// Without returns a matcher that leaves out the packs with the given ids
// (built-in packs a reader switched off); it shares everything else.
func (m *Matcher) Without(ids ...string) *Matcher {
	n := &Matcher{spec: m.spec, ac: m.ac, attrs: m.attrs, need: m.need, pack: m.pack, off: make([]bool, len(m.spec.Packs))}
	for i, p := range m.spec.Packs {
		n.off[i] = slices.Contains(ids, p.ID)
	}
	return n
}

// Scan returns the hints for d: text hints in document order, then blocks.
func (m *Matcher) Scan(d *doc.Document) []Hint {
	return m.ScanBlocks(d, 0, len(d.Blocks), true)
}

// ScanAll is Scan without resolving overlaps: every hit of every rule that
// no exception cancelled. Rule tests use it to ask about one rule.
func (m *Matcher) ScanAll(d *doc.Document) []Hint {
	return m.ScanBlocks(d, 0, len(d.Blocks), false)
}

// ScanBlocks scans text blocks [from, to) of d, and when to is the last
// block, finds the promotional blocks too: a long page is scanned in
// slices, with the host yielding between them, and gives the same hints.
func (m *Matcher) ScanBlocks(d *doc.Document, from, to int, resolve bool) []Hint {
	return m.scanParts(d, from, to, to >= len(d.Blocks), resolve)
}

// scanParts scans text blocks [from, to) of d, and finds the promotional
// blocks when blocks is set.
func (m *Matcher) scanParts(d *doc.Document, from, to int, blocks, resolve bool) []Hint {
	s := m.scanner()
	defer m.release(s)
	s.active = m.active(d.Lang, s.active)
	s.lang = primaryOf(d.Lang)
	var out []Hint
	for i := max(from, 0); i < min(to, len(d.Blocks)); i++ {
		hs := s.block(d, i)
		if resolve {
			hs = resolveOverlaps(hs)
		}
		out = append(out, hs...)
	}
	if blocks {
		out = append(out, m.findBlocks(d, s.active, resolve)...)
	}
	return out
}

// ScanWith scans text blocks [from, to) with several matchers (the built-in
// packs and a reader's own, compiled apart) as if they were one: overlaps
// within a category are resolved across them. With blocks set it finds
// the promotional blocks too (a slice of its own on a long page: the
// search goes over every element).
func ScanWith(ms []*Matcher, d *doc.Document, from, to int, blocks bool) []Hint {
	if len(ms) == 1 {
		return ms[0].scanParts(d, from, to, blocks, true)
	}
	var inline, found []Hint
	for _, m := range ms {
		for _, h := range m.scanParts(d, from, to, blocks, true) {
			if h.Block {
				found = append(found, h)
			} else {
				inline = append(inline, h)
			}
		}
	}
	sortHints(inline)
	return append(resolveOverlaps(inline), found...)
}

// active says which packs apply to a document in language lang.
func (m *Matcher) active(lang string, a []bool) []bool {
	primary := primaryOf(lang)
	a = append(a[:0], make([]bool, len(m.spec.Packs))...)
	for i, p := range m.spec.Packs {
		a[i] = !m.off[i] && langOK(p.Languages, primary)
	}
	return a
}

// langOK: a pack or rule for some languages applies to those, and to pages
// that do not say their language.
func langOK(langs []string, primary string) bool {
	return len(langs) == 0 || primary == "" || slices.Contains(langs, primary)
}

type scanner struct {
	m      *Matcher
	active []bool
	lang   string // the document's primary language tag
	ft     fold.Text
	hits   []span
	excs   []span
	fired  []uint64  // per regex: the factor sets seen in the block
	anchor [][]int   // per regex: where its anchors were found (see Regex.Anchor)
	starts re.Starts // allowed starts of the regex being run
	vm     re.Machine
	caps   []int
}

// span is a hit in folded coordinates.
type span struct {
	rule       int
	start, end int
}

func (s *scanner) block(d *doc.Document, bi int) []Hint {
	m := s.m
	sp := m.spec
	b := d.Blocks[bi]
	s.ft.Reset(d.Text[b.Start:b.End])
	text := s.ft.S
	s.hits, s.excs = s.hits[:0], s.excs[:0]
	n := len(sp.Regexes)
	if cap(s.fired) < n {
		s.fired = make([]uint64, n)
		s.anchor = make([][]int, n)
	}
	fired := s.fired[:n]
	clear(fired)
	for k := range s.anchor[:n] {
		s.anchor[k] = s.anchor[k][:0]
	}
	m.ac.scan(text, func(id, end int) {
		start := max(end-int(m.ac.plen[id]), 0) // 0: only if the compiled form lies
		for _, w := range sp.pay[sp.payOff[id]:sp.payOff[id+1]] {
			if w < 0 {
				k, j := fromPayload(w)
				fired[k] |= 1 << j
				x := sp.Regexes[k]
				if (j == StartSet && x.Anchor == AnchorStarts) || (x.Anchor == AnchorFactors && j == x.Set) {
					s.anchor[k] = append(s.anchor[k], start, end)
				}
				continue
			}
			r := &sp.Rules[w]
			if !s.active[r.Pack] || !wordEdges(text, start, end) {
				continue
			}
			s.add(span{int(w), start, end})
		}
	})
	// Hints first, then only the exceptions that could cancel one: most
	// blocks hold no hint, and an exception run there is wasted (profiled
	// on PolNeAR: three in four exception runs went away).
	s.runRegexes(text, false)
	if len(s.hits) > 0 {
		s.runRegexes(text, true)
	}
	var out []Hint
	for _, h := range s.hits {
		r := &sp.Rules[h.rule]
		if s.cancelled(h) || !langOK(r.Languages, s.lang) {
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
		pk := &sp.Packs[r.Pack]
		out = append(out, Hint{
			Category: pk.Category, Pack: pk.ID, Rule: r.ID, Index: bi,
			Start: b.Start + st, End: b.Start + en, Text: orig[st:en],
			Explanation: r.Explanation, Source: r.Source, Link: r.Link,
			Severity: r.Sev, Colour: pk.Colour,
		})
	}
	sortHints(out)
	return out
}

// runRegex finds the matches of regex k in the block, as
// FindAllStringSubmatchIndex would, but starting threads only in windows
// before its anchors: a match is at most MaxWindow bytes long, so one that
// contains an anchor starts within that many bytes of it.
func (s *scanner) runRegex(k int, x *Regex, text string) {
	starts := s.starts[:0]
	switch x.Anchor {
	case AnchorBegin:
		starts = append(starts, re.Range{From: 0, To: 0})
	case AnchorNone:
		starts = append(starts, re.Range{From: 0, To: len(text)})
	default:
		at := s.anchor[k]
		if len(at) == 0 {
			return
		}
		prog := x.program()
		if prog == nil {
			return
		}
		for i := 0; i < len(at); i += 2 {
			if x.Core != nil {
				if cap(s.caps) < x.Core.Slots {
					s.caps = make([]int, x.Core.Slots)
				}
				one := re.Starts{{From: at[i], To: at[i]}}
				if !s.vm.Exists(x.Core, text, at[i], one) {
					continue // no match has its core here
				}
			}
			var r re.Range
			if x.Anchor == AnchorStarts {
				// the opening is words: back over at most Spaces spaces
				p, from, spaces := at[i], at[i], 0
				for from > 0 && p-from < x.Back {
					if text[from-1] == ' ' {
						if spaces == x.Spaces {
							break
						}
						spaces++
					}
					from--
				}
				r = re.Range{From: from, To: p}
			} else {
				r = re.Range{From: at[i+1] - x.Len, To: at[i]}
			}
			r.From = max(r.From, 0)
			starts = append(starts, r)
		}
		if len(starts) == 0 {
			return
		}
		sort.Stable(byFrom(starts))
		// merge overlapping windows
		j := 0
		for _, r := range starts[1:] {
			if r.From <= starts[j].To+1 {
				starts[j].To = max(starts[j].To, r.To)
				continue
			}
			j++
			starts[j] = r
		}
		starts = starts[:j+1]
	}
	s.starts = starts
	prog := x.program()
	if prog == nil {
		return
	}
	if cap(s.caps) < prog.Slots {
		s.caps = make([]int, prog.Slots)
	}
	caps := s.caps[:prog.Slots]
	// The leftmost match starts in the first window where any match
	// starts: the DFA finds that window and the place in it, and Find
	// (the slower VM, which keeps submatches) runs only from there.
	for pos, w := 0, 0; pos <= len(text); {
		for w < len(starts) && starts[w].To < pos {
			w++
		}
		for w < len(starts) && !s.vm.Exists(prog, text, pos, starts[w:w+1]) {
			w++
		}
		if w == len(starts) {
			break
		}
		// halve the window while a match still starts in its first half:
		// Find then starts threads at one position only
		lo, hi := max(pos, starts[w].From), starts[w].To
		for lo < hi {
			mid := lo + (hi-lo)/2
			if s.vm.Exists(prog, text, pos, re.Starts{{From: lo, To: mid}}) {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		if !s.vm.Find(prog, text, pos, re.Starts{{From: lo, To: lo}}, caps) {
			break // cannot be: Exists said there is one
		}
		st, en := caps[0], caps[1]
		if x.Hint > 0 && caps[x.Hint] >= 0 {
			st, en = caps[x.Hint], caps[x.Hint+1]
		}
		if st < en {
			s.add(span{x.Rule, st, en})
		}
		if caps[1] > pos {
			pos = caps[1]
		} else {
			pos++ // validated patterns never match empty text; be safe
		}
	}
}

func (s *scanner) add(h span) {
	if s.m.spec.Rules[h.rule].Exception {
		s.excs = append(s.excs, h)
	} else {
		s.hits = append(s.hits, h)
	}
}

// runRegexes runs the regexes of the block whose factors all fired: those
// of hint rules, or those of exceptions that could cancel a hint found.
func (s *scanner) runRegexes(text string, exc bool) {
	m, sp := s.m, s.m.spec
	for k, need := range m.need {
		p := m.pack[k]
		if p < 0 != exc || s.fired[k]&need != need {
			continue
		}
		if exc {
			p = -1 - p
		}
		x := sp.Regexes[k]
		if s.active[p] && (!exc || s.cancellable(&sp.Rules[x.Rule])) {
			s.runRegex(k, x, text)
		}
	}
}

// cancellable reports whether exception x could cancel a hint found so far.
func (s *scanner) cancellable(x *Rule) bool {
	for _, h := range s.hits {
		if cancels(x, &s.m.spec.Rules[h.rule]) {
			return true
		}
	}
	return false
}

// cancels reports whether exception x applies to rule r: its own pack's,
// and listed in Cancels unless that is empty.
func cancels(x, r *Rule) bool {
	return x.Pack == r.Pack && (len(x.Cancels) == 0 || slices.Contains(x.Cancels, r.ID))
}

// cancelled reports whether an exception of the hit's pack overlaps it.
func (s *scanner) cancelled(h span) bool {
	rules := s.m.spec.Rules
	r := &rules[h.rule]
	for _, e := range s.excs {
		if e.start < h.end && h.start < e.end && cancels(&rules[e.rule], r) {
			return true
		}
	}
	return false
}

func primaryOf(lang string) string {
	l := fold.LowerASCII(lang)
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

func sortHints(hs []Hint) {
	sort.Stable(hintOrder(hs))
}

// The sorts go through sort.Interface: one copy of the sorting code for
// every type, where each generic instantiation would add its own to the
// page engine (about 10 KB of wasm each).

type hintOrder []Hint

func (s hintOrder) Len() int      { return len(s) }
func (s hintOrder) Swap(i, j int) { s[i], s[j] = s[j], s[i] }
func (s hintOrder) Less(i, j int) bool {
	a, b := &s[i], &s[j]
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
}

type byText []Phrase

func (s byText) Len() int           { return len(s) }
func (s byText) Less(i, j int) bool { return s[i].Text < s[j].Text }
func (s byText) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }

type byFrom []re.Range

func (s byFrom) Len() int           { return len(s) }
func (s byFrom) Less(i, j int) bool { return s[i].From < s[j].From }
func (s byFrom) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }

// resolveOverlaps keeps, within each category, the leftmost and then
// longest of overlapping hints; hints come sorted that way. Categories may
// overlap each other: a denial inside an anonymous attribution is two facts.
func resolveOverlaps(hs []Hint) []Hint {
	out := hs[:0]
	var cats []string
	var ends []int
	for _, h := range hs {
		i := slices.Index(cats, h.Category)
		if i >= 0 && h.Start < ends[i] {
			continue
		}
		if i < 0 {
			cats = append(cats, h.Category)
			ends = append(ends, 0)
			i = len(cats) - 1
		}
		ends[i] = h.End
		out = append(out, h)
	}
	return out
}
