package scan

import (
	"sort"
	"sync"

	"github.com/sourcelight/sourcelight/wasm/re"
	"github.com/sourcelight/sourcelight/wasm/selector"
)

// Spec is a set of packs compiled for scanning (package match builds it
// from rule files): what the page engine loads, and all it needs.
type Spec struct {
	Packs   []Pack
	Rules   []Rule     // text rules (phrase, regex, exception), in pack order
	Phrases []Phrase   // what the automaton finds (a loaded spec: nil, see pay)
	ac      *automaton // a loaded spec's automaton
	// A loaded spec's phrase payloads, flat: phrase i means
	// pay[payOff[i]:payOff[i+1]]. Flat arrays hold no pointers, so the
	// garbage collector, which the page engine runs single-threaded,
	// never scans them.
	payOff, pay []int32
	Regexes     []*Regex
	Blocks      []Block
}

// Pack is what hints need to know of their pack.
type Pack struct {
	ID, Category, Colour string
	Languages            []string
}

// Rule is what hints need to know of their rule.
type Rule struct {
	Pack                               int
	ID, Explanation, Source, Link, Sev string
	Languages                          []string
	Exception                          bool
	Cancels                            []string // exceptions: rule ids of the pack; empty: all
}

// Phrase is a string the automaton reports, and what it means: a phrase
// of a rule, or a literal a regex needs (see Payload).
type Phrase struct {
	Text string
	What []int32
}

// Payload values of Phrase.What: r >= 0 is "phrase of rule r"; below
// zero, "factor set j of regex k" (FactorPayload).
func FactorPayload(k, j int) int32 { return int32(-1 - (k<<6 | j)) }

func fromPayload(w int32) (k, j int) { v := int(-1 - w); return v >> 6, v & 63 }

// StartSet is the factor set j that means "a string the regex's matches
// start with" (after an optional opening of at most Back bytes).
const StartSet = 63

// Where a regex may start matching. The VM starts threads only in these
// windows, never over a whole block (but for AnchorNone).
const (
	AnchorStarts  = iota // within Back bytes before a start string
	AnchorFactors        // within Len bytes before the end of a hit of factor set Set
	AnchorBegin          // at the start of the block (a pattern opening with ^)
	AnchorNone           // anywhere: nothing bounds it (a reader's pattern without literals)
)

// MaxWindow bounds how far before its anchor a match may start: a hint
// is a phrase, never a paragraph.
const MaxWindow = 400

// Regex is a compiled regex rule pattern.
type Regex struct {
	Rule int
	Prog *re.Prog
	// Core, for AnchorStarts with an opening: the pattern after its
	// opening. Every match's core matches at one of the start strings, so
	// a start string where Core does not match opens no window: the whole
	// pattern, opening lists and all, runs only where a match is likely.
	Core   *re.Prog
	Hint   int    // slot of the group named hint (2 × group), or 0
	Need   uint64 // one bit per factor set every match contains
	Anchor int
	Back   int // AnchorStarts: longest opening before the start string
	Spaces int // AnchorStarts: most spaces an opening holds (it is words)
	Len    int // AnchorFactors: longest match
	Set    int // AnchorFactors: the factor set whose hits anchor it

	// A loaded program is decoded on first use: a page that never
	// mentions a denial verb never pays for the denial patterns.
	raw  []byte
	id   int // its place in Spec.Regexes
	once sync.Once
	bad  bool // raw did not decode: the regex is skipped
}

// program returns the regex's program, or nil when it cannot be read.
func (x *Regex) program() *re.Prog {
	x.once.Do(func() {
		if x.Prog != nil {
			return
		}
		r := &reader{b: x.raw}
		p := readProg(r)
		p.ID = 2*x.id + 1 // distinct in a scanner's DFA cache
		var core *re.Prog
		if r.bool() { // the core shares the program's instructions
			core = &re.Prog{Inst: p.Inst, Runes: p.Runes, Start: r.uint(), Slots: p.Slots, Cuts: p.Cuts, ID: 2*x.id + 2}
			for i := range core.First {
				core.First[i] = uint32(r.u64())
			}
			if core.Start >= len(p.Inst) {
				r.err = errCorrupt
			}
		}
		if r.err != nil || r.left() != 0 || x.Hint >= p.Slots {
			x.bad = true
			return
		}
		x.Prog, x.Core = p, core
	})
	if x.bad {
		return nil
	}
	return x.Prog
}

// Block is a compiled block rule.
type Block struct {
	Rule      Rule
	Pack      int
	Labels    []Label
	Selectors selector.List
	sel       *selector.Set // Selectors made ready for matching (newMatcher)
	MaxChars  int
	MaxProse  int
	LinkList  *LinkList // or nil
}

// Label is a label key and whether it matches any text starting with it.
type Label struct {
	Key    string
	Prefix bool
}

// Encode writes the compiled form.
func (s *Spec) Encode() []byte {
	w := &writer{b: []byte(magic)}
	w.uint(Format)
	w.uint(len(s.Packs))
	for _, p := range s.Packs {
		w.str(p.ID)
		w.str(p.Category)
		w.str(p.Colour)
		w.strs(p.Languages)
	}
	w.uint(len(s.Rules))
	for _, r := range s.Rules {
		writeRule(w, r)
	}
	// The phrase automaton itself, built here so that a page only reads
	// it (building it took most of a load), and what each phrase means.
	ph := append([]Phrase(nil), s.Phrases...)
	sort.Sort(byText(ph))
	writeTables(w, ph)
	w.uint(len(s.Regexes))
	for _, x := range s.Regexes {
		w.uint(x.Rule)
		w.uint(x.Hint)
		w.u64(x.Need)
		w.uint(x.Anchor)
		w.uint(x.Back)
		w.uint(x.Spaces)
		w.uint(x.Len)
		w.uint(x.Set)
		pw := &writer{}
		writeProg(pw, x.Prog)
		pw.bool(x.Core != nil)
		if x.Core != nil {
			pw.uint(x.Core.Start)
			for _, f := range x.Core.First {
				pw.u64(uint64(f))
			}
		}
		w.uint(len(pw.b))
		w.b = append(w.b, pw.b...)
	}
	w.uint(len(s.Blocks))
	for _, b := range s.Blocks {
		writeRule(w, b.Rule)
		w.uint(b.Pack)
		w.uint(len(b.Labels))
		for _, l := range b.Labels {
			w.str(l.Key)
			w.bool(l.Prefix)
		}
		writeSelectors(w, b.Selectors)
		w.uint(b.MaxChars)
		w.uint(b.MaxProse)
		w.bool(b.LinkList != nil)
		if l := b.LinkList; l != nil {
			for _, v := range []int{l.MinItems, l.MinLinkShare, l.MinWords, l.MaxItemChars, l.MinLedShare} {
				w.uint(v)
			}
		}
	}
	return w.b
}

func writeRule(w *writer, r Rule) {
	w.uint(r.Pack)
	w.str(r.ID)
	w.str(r.Explanation)
	w.str(r.Source)
	w.str(r.Link)
	w.str(r.Sev)
	w.strs(r.Languages)
	w.bool(r.Exception)
	w.strs(r.Cancels)
}

func readRule(r *reader) Rule {
	return Rule{Pack: r.uint(), ID: r.str(), Explanation: r.str(), Source: r.str(), Link: r.str(), Sev: r.str(),
		Languages: r.strs(), Exception: r.bool(), Cancels: r.strs()}
}

// Programs are most of the compiled form, and a page decodes the ones
// its text needs while it scans, before V8 has optimised the decoder: so
// the common instructions take one or two bytes and no varint. A head
// byte holds the operation (low four bits), whether the next instruction
// follows (progNext: most do), and the form of its runes: none, one ASCII
// character (one byte: most instructions are a literal character), or a
// count and the runes as deltas. Targets are relative to the instruction.
const (
	progNext  = 1 << 4
	progASCII = 1 << 5
	progRunes = 1 << 6
)

func writeProg(w *writer, p *re.Prog) {
	w.uint(p.Start)
	w.uint(p.Slots)
	for _, f := range p.First {
		w.u64(uint64(f))
	}
	w.bool(p.WordStart)
	for _, c := range p.ByteCuts() {
		w.u64(uint64(c))
	}
	w.uint(len(p.Inst))
	for i, in := range p.Inst {
		rs := p.RunesOf(&in)
		head := byte(in.Op)
		if int(in.Out) == i+1 {
			head |= progNext
		}
		switch {
		case len(rs) == 2 && rs[0] == rs[1] && rs[0] < 0x80:
			head |= progASCII
		case len(rs) > 0:
			head |= progRunes
		}
		w.b = append(w.b, head)
		if head&progNext == 0 {
			w.int(int(in.Out) - i)
		}
		switch in.Op {
		case re.OpAlt:
			w.int(int(in.Arg) - i)
		case re.OpCapture, re.OpEmpty:
			w.uint(int(in.Arg))
		}
		switch {
		case head&progASCII != 0:
			w.b = append(w.b, byte(rs[0]))
		case head&progRunes != 0:
			w.uint(len(rs))
			prev := rune(0)
			for _, r := range rs {
				w.int(int(r - prev))
				prev = r
			}
		}
	}
}

// readProg reads a program and checks every index in it.
func readProg(r *reader) *re.Prog {
	p := &re.Prog{Start: r.uint(), Slots: r.uint()}
	for i := range p.First {
		p.First[i] = uint32(r.u64())
	}
	p.WordStart = r.bool()
	for i := range p.Cuts {
		p.Cuts[i] = uint32(r.u64())
	}
	if p.Cuts[0]&1 == 0 {
		r.err = errCorrupt
	}
	n := r.count()
	if r.err != nil {
		return p
	}
	p.Inst = make([]re.Inst, n)
	runes := make([]rune, 0, 2*n) // a local: appends to p.Runes would be pointer writes
	b := r.b
	for i := range p.Inst {
		if r.off >= len(b) {
			r.err = errCorrupt
			break
		}
		in := &p.Inst[i]
		head := b[r.off]
		r.off++
		in.Op = re.Op(head & 15)
		if head&progNext != 0 {
			in.Out = uint32(i + 1)
		} else {
			in.Out = uint32(i + r.int())
		}
		switch in.Op {
		case re.OpAlt:
			in.Arg = uint32(i + r.int())
		case re.OpCapture, re.OpEmpty:
			in.Arg = uint32(r.uint())
		}
		in.Lo = uint32(len(runes))
		switch head & (progASCII | progRunes) {
		case 0:
		case progASCII:
			if r.off >= len(b) || b[r.off] >= 0x80 {
				r.err = errCorrupt
				break
			}
			c := rune(b[r.off])
			r.off++
			runes = append(runes, c, c)
		case progRunes:
			k := r.count()
			prev := rune(0)
			for j := 0; j < k && r.err == nil; j++ {
				prev += rune(r.int())
				runes = append(runes, prev)
			}
		default:
			r.err = errCorrupt
		}
		in.N = uint32(len(runes)) - in.Lo
		if r.err != nil {
			break
		}
		if int(in.Out) >= n || in.Op > re.OpNop || (in.Op == re.OpAlt && int(in.Arg) >= n) ||
			(in.Op == re.OpCapture && int(in.Arg) >= p.Slots) || (in.Op == re.OpRune && (in.N == 0 || in.N%2 != 0)) {
			r.err = errCorrupt
			break
		}
	}
	p.Runes = runes
	if r.err == nil && (p.Start >= n || p.Slots < 2 || p.Slots%2 != 0) {
		r.err = errCorrupt
	}
	return p
}

func writeSelectors(w *writer, l selector.List) {
	w.uint(len(l))
	for _, c := range l {
		w.uint(len(c.Parts))
		for k, p := range c.Parts {
			w.str(p.Tag)
			if k < len(c.Parts)-1 {
				w.bool(c.Child[k])
			}
			w.uint(len(p.Conds))
			for _, d := range p.Conds {
				w.str(d.Key)
				w.str(d.Op)
				w.str(d.Val)
				w.bool(d.Fold)
				w.bool(d.Class)
			}
		}
	}
}

func readSelectors(r *reader) selector.List {
	n := r.count()
	if n == 0 {
		return nil
	}
	l := make(selector.List, n)
	for i := range l {
		c := &l[i]
		c.Parts = make([]selector.Compound, r.count())
		if len(c.Parts) > 1 {
			c.Child = make([]bool, len(c.Parts)-1)
		}
		for k := range c.Parts {
			p := &c.Parts[k]
			p.Tag = r.str()
			if k < len(c.Parts)-1 {
				c.Child[k] = r.bool()
			}
			p.Conds = make([]selector.Cond, r.count())
			for j := range p.Conds {
				p.Conds[j] = selector.Cond{Key: r.str(), Op: r.str(), Val: r.str(), Fold: r.bool(), Class: r.bool()}
			}
		}
		if len(c.Parts) == 0 && r.err == nil {
			r.err = errCorrupt
		}
	}
	return l
}

// Load reads a compiled form and returns its matcher. It checks every
// index it reads: a corrupt file is an error, never a crash.
func Load(data []byte) (*Matcher, error) { return load(data, false) }

// LoadTrusted is Load for the compiled form shipped with the engine
// itself (the extension's packs.bin, the built-in compiled.bin): it leaves
// out the check of each of the automaton's states, most of a load's time
// in a page. A reader's own packs, which come from storage, go through Load.
func LoadTrusted(data []byte) (*Matcher, error) { return load(data, true) }

func load(data []byte, trusted bool) (*Matcher, error) {
	if len(data) < len(magic) || string(data[:len(magic)]) != magic {
		return nil, errNotCompiled
	}
	r := &reader{b: data, off: len(magic)} // tables align from the start of data
	if f := r.uint(); f != Format {
		return nil, errFormat
	}
	s := &Spec{}
	s.Packs = make([]Pack, r.count())
	for i := range s.Packs {
		s.Packs[i] = Pack{ID: r.str(), Category: r.str(), Colour: r.str(), Languages: r.strs()}
	}
	s.Rules = make([]Rule, r.count())
	for i := range s.Rules {
		s.Rules[i] = readRule(r)
	}
	readTables(r, s, trusted)
	s.Regexes = make([]*Regex, r.count())
	for i := range s.Regexes {
		x := &Regex{id: i}
		s.Regexes[i] = x
		x.Rule, x.Hint, x.Need, x.Anchor, x.Back, x.Spaces, x.Len, x.Set = r.uint(), r.uint(), r.u64(), r.uint(), r.uint(), r.uint(), r.uint(), r.uint()
		n := r.count()
		if r.err == nil {
			x.raw = r.take(n)
		}
	}
	s.Blocks = make([]Block, r.count())
	for i := range s.Blocks {
		b := &s.Blocks[i]
		b.Rule = readRule(r)
		b.Pack = r.uint()
		b.Labels = make([]Label, r.count())
		for j := range b.Labels {
			b.Labels[j] = Label{Key: r.str(), Prefix: r.bool()}
		}
		b.Selectors = readSelectors(r)
		b.MaxChars, b.MaxProse = r.uint(), r.uint()
		if r.bool() {
			b.LinkList = &LinkList{MinItems: r.uint(), MinLinkShare: r.uint(), MinWords: r.uint(), MaxItemChars: r.uint(), MinLedShare: r.uint()}
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	if r.left() != 0 {
		return nil, errCorrupt
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	return newMatcher(s), nil
}

var (
	errNotCompiled = &loadError{"not compiled packs (no SLPK header)"}
	errFormat      = &loadError{"compiled packs of another format version: compile them again"}
)

type loadError struct{ msg string }

func (e *loadError) Error() string { return "compiled packs: " + e.msg }

// check validates the cross references of a decoded spec.
func (s *Spec) check() error {
	for _, r := range s.Rules {
		if r.Pack < 0 || r.Pack >= len(s.Packs) {
			return errCorrupt
		}
	}
	for _, w := range s.pay {
		if w >= 0 && int(w) >= len(s.Rules) {
			return errCorrupt
		}
		if w < 0 {
			if k, _ := fromPayload(w); k >= len(s.Regexes) {
				return errCorrupt
			}
		}
	}
	for _, x := range s.Regexes {
		if x.Rule >= len(s.Rules) || x.Hint%2 != 0 || x.Anchor > AnchorNone || x.Set > StartSet {
			return errCorrupt
		}
	}
	for _, b := range s.Blocks {
		if b.Pack >= len(s.Packs) {
			return errCorrupt
		}
	}
	return nil
}
