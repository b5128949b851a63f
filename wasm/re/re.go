// Package re runs regular expressions that were compiled ahead of time:
// a program of RE2 instructions (built from regexp/syntax where packs are
// compiled, see package match) and a Pike VM that runs it. The page engine
// carries only this, not Go's regexp package: the parser and its Unicode
// tables are most of regexp's size, and pages never parse a pattern.
//
// The VM is the automaton simulation of RE2 (one pass over the text, every
// thread advanced in step), so matching stays linear in the length of the
// text whatever the pattern. Semantics are Go's: leftmost-first, Perl-like
// submatches. What it adds is a set of allowed start positions: the
// matcher knows where matches can start (near the literal anchors its
// automaton found) and the VM starts threads only there.
package re

import "unicode/utf8"

// Op is an instruction's operation.
type Op uint8

// The operations, as in regexp/syntax.
const (
	OpFail Op = iota
	OpAlt
	OpCapture
	OpEmpty
	OpMatch
	OpRune // Runes holds sorted pairs of inclusive ranges
	OpAnyNotNL
	OpAny
	OpNop
)

// Empty-width conditions (OpEmpty's Arg), as in regexp/syntax.
const (
	EmptyBeginLine uint32 = 1 << iota
	EmptyEndLine
	EmptyBeginText
	EmptyEndText
	EmptyWordBoundary
	EmptyNoWordBoundary
)

// Inst is one instruction. It holds no pointers (its runes are a range
// of Prog.Runes): programs of thousands of instructions are then memory
// the garbage collector never scans.
type Inst struct {
	Op    Op
	Out   uint32
	Arg   uint32 // OpAlt: the second branch; OpCapture: the slot; OpEmpty: conditions
	Lo, N uint32 // OpRune: its runes are Prog.Runes[Lo:Lo+N], sorted pairs of inclusive ranges
}

// Prog is a compiled pattern.
type Prog struct {
	Inst  []Inst
	Runes []rune // the instructions' rune ranges
	Start int
	Slots int // 2 × (capture groups + 1)
	// Where a match can start, worked out when the pattern is compiled:
	// First holds the bytes a match can start with (a bit per byte), and
	// WordStart says a match starts only where a word starts (the pattern
	// opens with \b and a word character). The VM starts no thread
	// elsewhere: most positions are ruled out by a table look-up.
	First     [8]uint32
	WordStart bool
	// Cuts marks the ASCII bytes that start a class of bytes the program
	// tells apart (the DFA's alphabet), a bit per byte; bit 0 is always
	// set once known. Loaded programs carry it, so that a page never
	// walks a program only to work it out.
	Cuts [4]uint32
	// ID names the program in a Machine's cache of DFAs: programs run on
	// one Machine have distinct IDs, or 0 (then only the last is cached).
	ID int
}

// RunesOf returns the rune ranges of instruction in.
func (p *Prog) RunesOf(in *Inst) []rune { return p.Runes[in.Lo : in.Lo+in.N] }

// CanStart reports whether a match may start at pos in text.
func (p *Prog) CanStart(text string, pos int) bool {
	if pos < len(text) {
		c := text[pos]
		if p.First[c>>5]&(1<<(c&31)) == 0 {
			return false
		}
	} else if p.First[0]&1 == 0 { // byte 0 stands for "can match empty at the end"
		return false
	}
	if p.WordStart && pos > 0 {
		r, _ := utf8.DecodeLastRuneInString(text[:pos])
		return !isWord(r)
	}
	return true
}

// Machine runs programs; it keeps its buffers between runs. It is not safe
// for concurrent use: each scanner has its own.
type Machine struct {
	p        *Prog
	clist    queue
	nlist    queue
	matched  bool
	matchcap []int
	pool     []*thread
	stack    []entry
	cur, nxt pcset // ExistsNFA
	pcs      []int
	dfas     []*dfa // Exists: each program's lazy DFA, by Prog.ID
	last     *dfa   // and that of the last program without an ID
	dfaWork  dfaWork
	vis      visits // Find at one position (backtrack.go)
	jobs     []job
	noBack   bool // tests: the VM only
}

type thread struct{ cap []int }

type queue struct {
	sparse []uint32
	dense  []qent
}

type qent struct {
	pc int
	t  *thread
}

type entry struct {
	pc  int
	cap int // -1: follow pc; else restore cap[cap] = val
	val int
}

func (q *queue) reset(n int) {
	if cap(q.sparse) < n {
		q.sparse = make([]uint32, n)
		q.dense = make([]qent, 0, n)
	}
	q.sparse = q.sparse[:n]
	q.dense = q.dense[:0]
}

func (q *queue) contains(pc int) bool {
	i := q.sparse[pc]
	return int(i) < len(q.dense) && q.dense[i].pc == pc
}

func (q *queue) insert(pc int) *qent {
	q.sparse[pc] = uint32(len(q.dense))
	q.dense = append(q.dense, qent{pc: pc})
	return &q.dense[len(q.dense)-1]
}

func (m *Machine) alloc() *thread {
	if n := len(m.pool); n > 0 {
		t := m.pool[n-1]
		m.pool = m.pool[:n-1]
		return t
	}
	return &thread{cap: make([]int, m.p.Slots)}
}

func (m *Machine) free(q *queue) {
	for i := range q.dense {
		if t := q.dense[i].t; t != nil {
			m.pool = append(m.pool, t)
		}
	}
	q.dense = q.dense[:0]
}

// Starts are where a match may start: sorted, disjoint ranges [From, To].
type Starts []Range

// Range is an inclusive range of byte offsets.
type Range struct{ From, To int }

// Find returns the leftmost-first match of p in text that starts at or
// after from and inside starts, with its submatches in caps (len
// p.Slots; -1 where a group did not take part). Assertions such as \b see
// the whole text.
func (m *Machine) Find(p *Prog, text string, from int, starts Starts, caps []int) bool {
	if len(starts) == 1 && starts[0].From == starts[0].To && starts[0].From >= from && starts[0].From <= len(text) && !m.noBack {
		if found, done := m.backtrack(p, text, starts[0].From, caps); done {
			return found
		}
	}
	if m.p != p {
		m.p = p
		m.pool = m.pool[:0]
		m.matchcap = make([]int, p.Slots)
	}
	m.clist.reset(len(p.Inst))
	m.nlist.reset(len(p.Inst))
	m.matched = false
	si := 0 // the current range in starts
	for si < len(starts) && starts[si].To < from {
		si++
	}
	if si == len(starts) {
		return false
	}
	pos := max(from, starts[si].From)
	for {
		if len(m.clist.dense) == 0 {
			if m.matched || si == len(starts) {
				break
			}
			// nothing alive: jump to the next place a match may start
			if pos < starts[si].From {
				pos = starts[si].From
			}
		}
		r, width := rune(-1), 0
		if pos < len(text) {
			r, width = utf8.DecodeRuneInString(text[pos:])
		}
		if !m.matched && si < len(starts) && pos >= starts[si].From && p.CanStart(text, pos) {
			// a new thread at this position, with the lowest priority
			t := m.alloc()
			for i := range t.cap {
				t.cap[i] = -1
			}
			t.cap[0] = pos
			m.add(&m.clist, p.Start, pos, text, t, r)
			m.pool = append(m.pool, t)
		}
		m.step(pos, width, r, text)
		if width == 0 {
			break
		}
		pos += width
		for si < len(starts) && starts[si].To < pos {
			si++
		}
		m.clist, m.nlist = m.nlist, m.clist
	}
	m.free(&m.clist)
	m.free(&m.nlist)
	if m.matched {
		copy(caps, m.matchcap)
	}
	return m.matched
}

// step runs the threads of clist on rune r at pos, queueing survivors in nlist.
func (m *Machine) step(pos, width int, r rune, text string) {
	p := m.p
	next := rune(-1) // the rune the survivors wait for
	if pos+width < len(text) {
		next, _ = utf8.DecodeRuneInString(text[pos+width:])
	}
	for i := 0; i < len(m.clist.dense); i++ {
		d := &m.clist.dense[i]
		t := d.t
		if t == nil {
			continue
		}
		in := &p.Inst[d.pc]
		add := false
		switch in.Op {
		case OpMatch:
			t.cap[1] = pos
			copy(m.matchcap, t.cap)
			m.matched = true
			// leftmost-first: lower-priority threads are cut
			for _, d := range m.clist.dense[i+1:] {
				if d.t != nil {
					m.pool = append(m.pool, d.t)
				}
			}
			m.clist.dense = m.clist.dense[:0]
		default:
			add = p.takes(in, r)
		}
		if add {
			m.add(&m.nlist, int(in.Out), pos+width, text, t, next)
		}
		m.pool = append(m.pool, t)
	}
	m.clist.dense = m.clist.dense[:0]
}

// add follows pc's empty transitions at pos and queues copies of t for the
// instructions that wait for a rune (or match); t stays the caller's. r is
// the rune at pos (-1 at the end): an instruction that cannot take it gets
// no thread, so a long alternation copies captures only for the branches
// the text follows.
func (m *Machine) add(q *queue, pc0, pos int, text string, t *thread, r rune) {
	p := m.p
	m.stack = append(m.stack[:0], entry{pc: pc0, cap: -1})
	for len(m.stack) > 0 {
		e := m.stack[len(m.stack)-1]
		m.stack = m.stack[:len(m.stack)-1]
		if e.cap >= 0 {
			t.cap[e.cap] = e.val
			continue
		}
		pc := e.pc
		for {
			if q.contains(pc) {
				break
			}
			d := q.insert(pc)
			in := &p.Inst[pc]
			switch in.Op {
			case OpFail:
			case OpAlt:
				m.stack = append(m.stack, entry{pc: int(in.Arg), cap: -1})
				pc = int(in.Out)
				continue
			case OpNop:
				pc = int(in.Out)
				continue
			case OpEmpty:
				if emptyOK(in.Arg, text, pos) {
					pc = int(in.Out)
					continue
				}
			case OpCapture:
				if int(in.Arg) < len(t.cap) {
					m.stack = append(m.stack, entry{cap: int(in.Arg), val: t.cap[in.Arg]})
					t.cap[in.Arg] = pos
				}
				pc = int(in.Out)
				continue
			default: // waits for a rune, or matches
				if in.Op == OpMatch || p.takes(in, r) {
					d.t = m.fork(t)
				}
			}
			break
		}
	}
}

// fork copies t's captures into a thread of its own. (Not inlined: a
// copy of alloc at each call is code the page engine would carry.)
//
//go:noinline
func (m *Machine) fork(t *thread) *thread {
	c := m.alloc()
	copy(c.cap, t.cap)
	return c
}

// takes reports whether instruction in consumes rune r (r < 0: the end
// of the text, which nothing consumes). The VM, the set simulation and the
// DFA all step by it.
func (p *Prog) takes(in *Inst, r rune) bool {
	switch {
	case r < 0:
		return false
	case in.Op == OpRune:
		return matchRune(p.Runes[in.Lo:in.Lo+in.N], r)
	case in.Op == OpAnyNotNL:
		return r != '\n'
	}
	return in.Op == OpAny
}

func matchRune(rs []rune, r rune) bool {
	if len(rs) == 2 {
		return rs[0] <= r && r <= rs[1]
	}
	lo, hi := 0, len(rs)/2
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch {
		case r < rs[2*m]:
			hi = m
		case r > rs[2*m+1]:
			lo = m + 1
		default:
			return true
		}
	}
	return false
}

func emptyOK(cond uint32, text string, pos int) bool {
	before, after := rune(-1), rune(-1)
	if pos > 0 {
		before, _ = utf8.DecodeLastRuneInString(text[:pos])
	}
	if pos < len(text) {
		after, _ = utf8.DecodeRuneInString(text[pos:])
	}
	return emptyKinds(cond, kindOf(before), kindOf(after)) // the DFA's test too
}

// isWord is \w as RE2 has it: ASCII letters, digits and underscore.
func isWord(r rune) bool {
	return r == '_' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
}

// Exists reports whether p has any match in text that starts inside
// starts, at or after from. It needs no submatches or priorities, so it
// runs on a lazy DFA (dfa.go): a table look-up a byte, where Find steps
// every thread; the matcher asks it first and runs Find only where a
// match exists, which is rare.
func (m *Machine) Exists(p *Prog, text string, from int, starts Starts) bool {
	var d *dfa
	if p.ID > 0 {
		for len(m.dfas) <= p.ID {
			m.dfas = append(m.dfas, nil)
		}
		d = m.dfas[p.ID]
		if d == nil || d.p != p {
			d = newDFA(p, &m.dfaWork)
			m.dfas[p.ID] = d
		}
	} else {
		if m.last == nil || m.last.p != p {
			m.last = newDFA(p, &m.dfaWork)
		}
		d = m.last
	}
	return d.exists(text, from, starts)
}

// ExistsNFA is Exists by the set simulation, without caching states: the
// reference the DFA is tested against.
func (m *Machine) ExistsNFA(p *Prog, text string, from int, starts Starts) bool {
	n := len(p.Inst)
	m.cur.reset(n)
	m.nxt.reset(n)
	si := 0
	for si < len(starts) && starts[si].To < from {
		si++
	}
	if si == len(starts) {
		return false
	}
	pos := max(from, starts[si].From)
	for {
		if len(m.cur.dense) == 0 {
			if si == len(starts) {
				return false
			}
			if pos < starts[si].From {
				pos = starts[si].From
			}
		}
		r, width := rune(-1), 0
		if pos < len(text) {
			r, width = utf8.DecodeRuneInString(text[pos:])
		}
		if si < len(starts) && pos >= starts[si].From && p.CanStart(text, pos) {
			if m.close(&m.cur, p, p.Start, pos, text) {
				return true
			}
		}
		if width == 0 {
			return false
		}
		for _, pc := range m.cur.dense {
			in := &p.Inst[pc]
			if p.takes(in, r) && m.close(&m.nxt, p, int(in.Out), pos+width, text) {
				return true
			}
		}
		pos += width
		for si < len(starts) && starts[si].To < pos {
			si++
		}
		m.cur, m.nxt = m.nxt, m.cur
		m.nxt.dense = m.nxt.dense[:0]
	}
}

// close adds pc and what its empty transitions reach at pos to s, keeping
// the instructions that wait for a rune; it reports reaching a match.
func (m *Machine) close(s *pcset, p *Prog, pc0, pos int, text string) bool {
	m.pcs = append(m.pcs[:0], pc0)
	for len(m.pcs) > 0 {
		pc := m.pcs[len(m.pcs)-1]
		m.pcs = m.pcs[:len(m.pcs)-1]
		if s.has(pc) {
			continue
		}
		s.add(pc)
		in := &p.Inst[pc]
		switch in.Op {
		case OpMatch:
			return true
		case OpAlt:
			m.pcs = append(m.pcs, int(in.Arg), int(in.Out))
		case OpNop, OpCapture:
			m.pcs = append(m.pcs, int(in.Out))
		case OpEmpty:
			if emptyOK(in.Arg, text, pos) {
				m.pcs = append(m.pcs, int(in.Out))
			}
		}
	}
	return false
}

// pcset is a sparse set of instruction indices: constant-time add, test
// and clear, in insertion order.
type pcset struct {
	sparse []uint32
	dense  []int
}

func (s *pcset) reset(n int) {
	if cap(s.sparse) < n {
		s.sparse = make([]uint32, n)
		s.dense = make([]int, 0, n)
	}
	s.sparse = s.sparse[:n]
	s.dense = s.dense[:0]
}

func (s *pcset) has(pc int) bool {
	i := s.sparse[pc]
	return int(i) < len(s.dense) && s.dense[i] == pc
}

func (s *pcset) add(pc int) {
	s.sparse[pc] = uint32(len(s.dense))
	s.dense = append(s.dense, pc)
}
