package re

import "unicode/utf8"

// The matcher calls Find only once the DFA has found where the leftmost
// match starts, so Find is asked about one start position. There a
// depth-first search in priority order (Go's bit-state backtracker) finds
// the leftmost-first match and its submatches much faster than the VM,
// which copies captures for every thread it keeps: each (instruction,
// position) pair is tried at most once, since a pair that failed once
// fails again whatever the captures, so the work stays linear in the text.

// maxVisits bounds the pairs one search may record (16 bytes each); past
// it the search gives up and the VM answers, so memory stays small
// whatever the pattern and the text.
const maxVisits = 1 << 15

type job struct {
	pc   uint32
	slot int32 // -1: try pc at pos; else restore caps[slot] = pos
	pos  int
}

// visits is the set of (instruction, position) pairs tried, an
// open-addressing hash table emptied by bumping its generation.
type visits struct {
	keys []uint64
	gens []uint32
	gen  uint32
	n    int
}

func (v *visits) clear() {
	if v.keys == nil {
		v.keys, v.gens = make([]uint64, 1024), make([]uint32, 1024)
	}
	v.gen++
	if v.gen == 0 { // wrapped: stale stamps could read as current
		clear(v.gens)
		v.gen = 1
	}
	v.n = 0
}

// add records the pair and reports whether it is new.
func (v *visits) add(pc uint32, pos int) bool {
	key := uint64(pos)<<32 | uint64(pc)
	mask := uint64(len(v.keys) - 1)
	for i := (key * 0x9E3779B97F4A7C15 >> 20) & mask; ; i = (i + 1) & mask {
		if v.gens[i] != v.gen {
			v.keys[i], v.gens[i] = key, v.gen
			v.n++
			if 2*v.n > len(v.keys) {
				v.grow()
			}
			return true
		}
		if v.keys[i] == key {
			return false
		}
	}
}

//go:noinline
func (v *visits) grow() {
	keys, gens, gen := v.keys, v.gens, v.gen
	v.keys, v.gens = make([]uint64, 2*len(keys)), make([]uint32, 2*len(keys))
	v.gen, v.n = 1, 0
	for i, k := range keys {
		if gens[i] == gen {
			v.add(uint32(k), int(k>>32))
		}
	}
}

// backtrack looks for the leftmost-first match that starts at start. done
// is false when it gave up (too many pairs): then the VM must answer.
func (m *Machine) backtrack(p *Prog, text string, start int, caps []int) (found, done bool) {
	for i := range caps {
		caps[i] = -1
	}
	if !p.CanStart(text, start) {
		return false, true
	}
	v := &m.vis
	v.clear()
	caps[0] = start
	stack := append(m.jobs[:0], job{pc: uint32(p.Start), slot: -1, pos: start})
	defer func() { m.jobs = stack[:0] }()
	for len(stack) > 0 {
		j := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if j.slot >= 0 { // undo a capture on the way back
			caps[j.slot] = j.pos
			continue
		}
		pc, pos := j.pc, j.pos
		for {
			if !v.add(pc, pos) {
				break
			}
			if v.n > maxVisits {
				return false, false
			}
			in := &p.Inst[pc]
			switch in.Op {
			case OpAlt: // Out first: it has the priority
				stack = append(stack, job{pc: in.Arg, slot: -1, pos: pos})
				pc = in.Out
				continue
			case OpNop:
				pc = in.Out
				continue
			case OpEmpty:
				if emptyOK(in.Arg, text, pos) {
					pc = in.Out
					continue
				}
			case OpCapture:
				if int(in.Arg) < len(caps) {
					stack = append(stack, job{pc: 0, slot: int32(in.Arg), pos: caps[in.Arg]})
					caps[in.Arg] = pos
				}
				pc = in.Out
				continue
			case OpMatch:
				caps[1] = pos
				return true, true
			case OpFail:
			default:
				if pos < len(text) {
					r, w := rune(text[pos]), 1
					if r >= utf8.RuneSelf {
						r, w = utf8.DecodeRuneInString(text[pos:])
					}
					if p.takes(in, r) {
						pc, pos = in.Out, pos+w
						continue
					}
				}
			}
			break
		}
	}
	return false, true
}
