package re

import (
	"slices"
	"unicode/utf8"
)

// A dfa answers Exists for one program as RE2's lazy DFA does: a state is
// the set of instructions waiting for a rune (before their empty
// transitions are followed) plus the kind of character before it; the
// transition of a state on an ASCII byte class is worked out once, by the
// same closure the set simulation runs, and kept. Text then costs one
// table look-up a byte. States are made only as text visits them, and the
// cache is dropped and rebuilt when it outgrows its budget, so memory
// stays bounded and matching stays linear in the text.
type dfa struct {
	p      *Prog
	class  [utf8.RuneSelf]uint8 // ASCII byte -> class
	ncls   int
	rep    []rune  // class -> a byte of that class
	index  []int32 // open-addressing hash table of states: state + 1, 0 empty
	states []dstate
	trans  []uint16 // state*ncls + class -> next state + 2 (0: not known; dMatch+2: a match)
	work   *dfaWork // the Machine's, shared by its DFAs
}

// dfaWork is the scratch of step, one per Machine: each DFA having its own
// kept a set as large as its program for every program a page used (770 KB
// of the page engine's heap after the seed article).
type dfaWork struct {
	pcs []int
	set pcset
}

type dstate struct {
	pcs    []int32 // waiting instructions, sorted
	before uint8   // kind of the character before
	start  int32   // this state with p.Start added, + 1 (0: not known)
	hash   uint32
}

// Kinds of character, as empty-width assertions see them.
const (
	kEdge  = iota // before the first or after the last byte of the text
	kWord         // \w
	kLine         // '\n'
	kOther        // anything else
)

const (
	dMatch = -1 // a transition that reaches a match
)

// dfaBudget bounds the transition table (2 bytes an entry): about 512 KB
// a program at most; past it, or past maxStates, the cache starts over. (A
// variable for tests.) Entries are small so that more of the tables text
// visits stay in the processor's caches: the look-up is most of the time.
var dfaBudget = 256 << 10

// maxStates keeps a state's number + 2 in a table entry.
const maxStates = 1<<16 - 3

//go:noinline
func kindOf(r rune) uint8 {
	switch {
	case r < 0:
		return kEdge
	case isWord(r):
		return kWord
	case r == '\n':
		return kLine
	}
	return kOther
}

func newDFA(p *Prog, work *dfaWork) *dfa {
	d := &dfa{p: p, work: work}
	// classes: bytes that no instruction and no assertion tells apart
	if p.Cuts[0]&1 == 0 {
		p.Cuts = p.ByteCuts()
	}
	var cut [utf8.RuneSelf]bool
	for c := range cut {
		cut[c] = p.Cuts[c/32]&(1<<(c%32)) != 0
	}
	for c := 0; c < utf8.RuneSelf; c++ {
		if cut[c] {
			d.ncls++
			d.rep = append(d.rep, rune(c))
		}
		d.class[c] = uint8(d.ncls - 1)
	}
	d.reset()
	return d
}

// ByteCuts works out Cuts: where runs of ASCII bytes that the program's
// instructions and assertions treat alike begin.
func (p *Prog) ByteCuts() [4]uint32 {
	var cuts [4]uint32
	cut := func(c rune) {
		if c >= 0 && c < utf8.RuneSelf {
			cuts[c/32] |= 1 << (c % 32)
		}
	}
	mark := func(lo, hi rune) { // [lo, hi] is a run of its own
		cut(max(lo, 0))
		cut(hi + 1)
	}
	cut(0)
	for _, in := range p.Inst {
		if in.Op == OpRune {
			rs := p.RunesOf(&in)
			for i := 0; i+1 < len(rs); i += 2 {
				mark(rs[i], rs[i+1])
			}
		}
	}
	mark('\n', '\n')
	mark('0', '9')
	mark('A', 'Z')
	mark('_', '_')
	mark('a', 'z')
	return cuts
}

// reset drops every state but the four empty ones (one per kind before).
func (d *dfa) reset() {
	d.index = make([]int32, 64)
	d.states = d.states[:0]
	d.trans = d.trans[:0]
	for k := uint8(0); k < 4; k++ {
		d.intern(nil, k)
	}
}

// intern returns the state of the sorted set pcs with kind before.
func (d *dfa) intern(pcs []int32, before uint8) int32 {
	h := uint32(2166136261) ^ uint32(before) // FNV-1a over the set
	for _, pc := range pcs {
		h = (h ^ uint32(pc)) * 16777619
	}
	mask := uint32(len(d.index) - 1)
	i := h & mask
	for ; d.index[i] != 0; i = (i + 1) & mask {
		st := &d.states[d.index[i]-1]
		if st.hash == h && st.before == before && slices.Equal(st.pcs, pcs) {
			return d.index[i] - 1
		}
	}
	s := int32(len(d.states))
	d.states = append(d.states, dstate{pcs: append([]int32(nil), pcs...), before: before, hash: h})
	d.index[i] = s + 1
	d.trans = append(d.trans, make([]uint16, d.ncls)...)
	if 2*len(d.states) > len(d.index) { // keep the table half empty
		d.index = make([]int32, 2*len(d.index))
		mask = uint32(len(d.index) - 1)
		for k := range d.states {
			j := d.states[k].hash & mask
			for d.index[j] != 0 {
				j = (j + 1) & mask
			}
			d.index[j] = int32(k) + 1
		}
	}
	return s
}

// full reports that the cache is over budget: the caller resets it.
func (d *dfa) full() bool { return len(d.trans) > dfaBudget || len(d.states) >= maxStates }

// withStart returns state s with a thread started at the program's start.
func (d *dfa) withStart(s int32) int32 {
	if t := d.states[s].start; t != 0 {
		return t - 1
	}
	st := &d.states[s]
	pcs := st.pcs
	i := 0
	for i < len(pcs) && pcs[i] < int32(d.p.Start) {
		i++
	}
	var t int32
	if i < len(pcs) && pcs[i] == int32(d.p.Start) {
		t = s
	} else {
		merged := make([]int32, 0, len(pcs)+1)
		merged = append(merged, pcs[:i]...)
		merged = append(merged, int32(d.p.Start))
		merged = append(merged, pcs[i:]...)
		t = d.intern(merged, st.before)
	}
	d.states[s].start = t + 1 // intern may have moved the slice
	return t
}

// step computes the transition of s on r (r < 0: the end of the text),
// returning dMatch when the closure before r reaches a match.
func (d *dfa) step(s int32, r rune) int32 {
	st := d.states[s]
	after := kindOf(r)
	p, w := d.p, d.work
	w.set.reset(len(p.Inst))
	var next []int32
	for _, pc0 := range st.pcs {
		w.pcs = append(w.pcs[:0], int(pc0))
		for len(w.pcs) > 0 {
			pc := w.pcs[len(w.pcs)-1]
			w.pcs = w.pcs[:len(w.pcs)-1]
			if w.set.has(pc) {
				continue
			}
			w.set.add(pc)
			in := &p.Inst[pc]
			switch in.Op {
			case OpMatch:
				return dMatch
			case OpAlt:
				w.pcs = append(w.pcs, int(in.Arg), int(in.Out))
			case OpNop, OpCapture:
				w.pcs = append(w.pcs, int(in.Out))
			case OpEmpty:
				if emptyKinds(in.Arg, st.before, after) {
					w.pcs = append(w.pcs, int(in.Out))
				}
			default:
				if p.takes(in, r) {
					next = append(next, int32(in.Out))
				}
			}
		}
	}
	if r < 0 {
		return 0 // the end: no match
	}
	sortInt32(next)
	j := 0
	for i, pc := range next { // distinct
		if i == 0 || pc != next[j-1] {
			next[j] = pc
			j++
		}
	}
	return d.intern(next[:j], after)
}

// emptyKinds is emptyOK for the kinds of character around a position.
// The DFA's cold paths are not inlined: they run once per new state, and
// inlined copies would weigh on the page engine's size budget.
//
//go:noinline
func emptyKinds(cond uint32, before, after uint8) bool {
	if cond&EmptyBeginLine != 0 && before != kLine && before != kEdge {
		return false
	}
	if cond&EmptyEndLine != 0 && after != kLine && after != kEdge {
		return false
	}
	if cond&EmptyBeginText != 0 && before != kEdge {
		return false
	}
	if cond&EmptyEndText != 0 && after != kEdge {
		return false
	}
	wb := (before == kWord) != (after == kWord)
	if cond&EmptyWordBoundary != 0 && !wb {
		return false
	}
	if cond&EmptyNoWordBoundary != 0 && wb {
		return false
	}
	return true
}

// insertion sort: sets are small, and sort.Slice would add reflection to
// the page engine
//
//go:noinline
func sortInt32(a []int32) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// exists is Machine.Exists on the lazy DFA.
func (d *dfa) exists(text string, from int, starts Starts) bool {
	si := 0
	for si < len(starts) && starts[si].To < from {
		si++
	}
	if si == len(starts) {
		return false
	}
	pos := max(from, starts[si].From)
	if d.full() {
		d.reset()
	}
	s := d.empty(text, pos)
	for {
		if s < 4 { // nothing alive: jump to the next place a match may start
			if si == len(starts) {
				return false
			}
			if pos < starts[si].From {
				pos = starts[si].From
				s = d.empty(text, pos)
			}
		}
		if si < len(starts) && pos >= starts[si].From && d.p.CanStart(text, pos) {
			s = d.withStart(s)
		}
		if pos == len(text) {
			return d.step(s, -1) == dMatch
		}
		c := text[pos]
		var t int32
		if c < utf8.RuneSelf {
			i := int(s)*d.ncls + int(d.class[c])
			if v := d.trans[i]; v != 0 {
				t = int32(v) - 2
			} else {
				t = d.step(s, d.rep[d.class[c]])
				d.trans[i] = uint16(t + 2)
			}
			pos++
		} else { // rare in folded text: worked out each time
			r, w := utf8.DecodeRuneInString(text[pos:])
			t = d.step(s, r)
			pos += w
		}
		if t == dMatch {
			return true
		}
		if d.full() { // start over, keeping the state we are in
			st := d.states[t]
			pcs := append([]int32(nil), st.pcs...)
			d.reset()
			t = d.intern(pcs, st.before)
		}
		s = t
		for si < len(starts) && starts[si].To < pos {
			si++
		}
	}
}

// empty is the state with nothing alive at pos.
func (d *dfa) empty(text string, pos int) int32 {
	if pos == 0 {
		return kEdge
	}
	r, _ := utf8.DecodeLastRuneInString(text[:pos])
	return int32(kindOf(r))
}
