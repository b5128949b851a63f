package scan

import (
	"math/bits"
)

// automaton is an Aho–Corasick automaton over bytes: it finds every
// occurrence of thousands of phrases in one pass over the text, whatever
// their number. It is built at load from the sorted phrases (one pass: the
// trie, then the fail links breadth-first) and becomes a DFA as it runs:
// the transition of a state on a byte is worked out once, through the fail
// links, and kept in a row for that state. Rows exist only for the states
// text visits, a small part of the trie, so memory stays small.
type automaton struct {
	class  [256]uint8 // byte -> class; 0: a byte no phrase has (always back to the root)
	nclass int
	// State s's edges are first[s] to first[s+1] in eb, their labels
	// sorted. A loaded automaton's arrays are the compiled bytes
	// themselves (see tables): nothing to decode or allocate at load.
	first []int32
	eb    []byte
	// en holds edge targets while the automaton is built; once states are
	// numbered breadth first, edge k leads to state k+1 and en is dropped
	en   []int32
	fail []int32
	out  []int32 // while built: state -> phrase id ending here, or -1
	dict []int32 // state -> nearest state on the fail chain with an output, or -1
	plen []int32 // phrase id -> length
	// Where phrases end, as a bitmap of states (ends) and the number of
	// bits set before each of its words (rank): the phrase ending at state
	// s is the rank of s among the end states, or ids[rank] where phrases
	// are numbered otherwise (a built automaton; a loaded one's phrases
	// are numbered in the order of their end states). Only a hit looks it
	// up; a page loads the bitmap as it is.
	ends, rank, ids []int32
	root            [256]int32
	// delta caches the transitions of the first hot states by class: 0 is
	// not known yet, else what fill says. States are numbered breadth
	// first, so the hot ones are the shallow ones, where text spends its
	// time; deeper states step through the trie. Scanners share the
	// cache (cell.go: atomics where goroutines run in parallel).
	delta []cell
	hot   int32
}

// hotStates bounds the transition cache: 4096 states × ~40 classes × 4
// bytes, about 650 KB, filled only as text visits them.
const hotStates = 4096

// newAutomaton builds the automaton of sorted, distinct phrases; phrase i
// gets id i.
func newAutomaton(phrases []string) *automaton {
	a := &automaton{plen: make([]int32, len(phrases))}
	for _, p := range phrases {
		for i := 0; i < len(p); i++ {
			a.class[p[i]] = 1
		}
	}
	a.numberClasses()
	type edge struct {
		from, to int32
		c        byte
	}
	var edges []edge
	out := []int32{-1}
	path := []int32{0} // states along the previous phrase
	prev := ""
	for id, p := range phrases {
		a.plen[id] = int32(len(p))
		k := 0 // the length of the prefix shared with the previous phrase
		for k < len(p) && k < len(prev) && p[k] == prev[k] {
			k++
		}
		path = path[:k+1]
		for i := k; i < len(p); i++ {
			n := int32(len(out))
			out = append(out, -1)
			edges = append(edges, edge{path[i], n, p[i]})
			path = append(path, n)
		}
		out[path[len(p)]] = int32(id)
		prev = p
	}
	n := len(out)
	a.out = out
	a.first = make([]int32, n+1)
	a.fail = make([]int32, n)
	a.dict = make([]int32, n)
	for _, e := range edges {
		a.first[e.from+1]++
	}
	for s := 0; s < n; s++ {
		a.first[s+1] += a.first[s]
	}
	// sorted phrases give each state's edges in byte order
	a.eb = make([]byte, len(edges))
	a.en = make([]int32, len(edges))
	fill := make([]int32, n)
	for _, e := range edges {
		i := a.first[e.from] + fill[e.from]
		fill[e.from]++
		a.eb[i], a.en[i] = e.c, e.to
	}
	order := make([]int32, 1, n) // breadth first, from the root
	for k := a.first[0]; k < a.first[1]; k++ {
		a.root[a.eb[k]] = a.en[k]
		order = append(order, a.en[k])
	}
	a.dict[0] = -1
	// breadth-first: fail links point to shorter states, already done
	for i := 1; i < len(order); i++ {
		s := order[i]
		f := a.fail[s]
		if a.out[f] >= 0 {
			a.dict[s] = f
		} else {
			a.dict[s] = a.dict[f]
		}
		for k := a.first[s]; k < a.first[s+1]; k++ {
			c, t := a.eb[k], a.en[k]
			a.fail[t] = a.step(a.fail[s], c)
			order = append(order, t)
		}
	}
	a.renumber(order)
	a.ends = make([]int32, (n+31)/32)
	for s, o := range a.out {
		if o >= 0 {
			a.ends[s/32] |= 1 << (s % 32)
			a.ids = append(a.ids, o)
		}
	}
	a.rank = rankOf(a.ends)
	a.out = nil
	a.makeCache(n)
	return a
}

// numberClasses numbers the bytes marked in class (those phrases hold)
// 1, 2, ..., and counts one more class for all other bytes.
func (a *automaton) numberClasses() {
	for c := range a.class {
		if a.class[c] != 0 {
			a.nclass++
			a.class[c] = uint8(a.nclass)
		}
	}
	a.nclass++
}

// makeCache makes the transition cache of an automaton of n states.
func (a *automaton) makeCache(n int) {
	a.hot = int32(min(n, hotStates))
	a.delta = make([]cell, int(a.hot)*a.nclass)
}

// renumber gives the states the numbers of their places in order (the
// breadth-first order of the fail-link pass), so that shallow states,
// where text spends its time, have the small numbers the cache covers.
func (a *automaton) renumber(order []int32) {
	n := len(order)
	id := make([]int32, n)
	for i, s := range order {
		id[s] = int32(i)
	}
	m := func(s int32) int32 {
		if s < 0 {
			return s
		}
		return id[s]
	}
	first := make([]int32, n+1)
	eb := make([]byte, 0, len(a.eb))
	fail, out, dict := make([]int32, n), make([]int32, n), make([]int32, n)
	for i, s := range order {
		first[i] = int32(len(eb))
		for k := a.first[s]; k < a.first[s+1]; k++ {
			eb = append(eb, a.eb[k])
		}
		fail[i], out[i], dict[i] = m(a.fail[s]), a.out[s], m(a.dict[s])
	}
	for c := range a.root {
		a.root[c] = id[a.root[c]]
	}
	first[n] = int32(len(eb))
	a.first, a.eb, a.fail, a.out, a.dict = first, eb, fail, out, dict
	a.en = nil // edge k now leads to state k+1
}

// step follows byte c from state s through the trie and the fail links.
func (a *automaton) step(s int32, c byte) int32 {
	for ; s != 0; s = a.fail[s] {
		if t := a.edge(s, c); t != 0 {
			return t
		}
	}
	return a.root[c]
}

// edge returns the state that s's own edge on byte c leads to, or 0 when
// s has none (no edge leads back to the root).
func (a *automaton) edge(s int32, c byte) int32 {
	lo, end := a.first[s], a.first[s+1]
	hi := end
	for lo < hi { // binary search: edge lists are sorted
		m := int32(uint32(lo+hi) >> 1)
		if a.eb[m] < c {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < end && a.eb[lo] == c {
		if a.en != nil { // still being built
			return a.en[lo]
		}
		return lo + 1 // once renumbered, edge k leads to state k+1
	}
	return 0
}

// reports says whether state s ends a phrase, itself or down its fail
// links.
func (a *automaton) reports(s int32) bool { return a.ends[s/32]&(1<<(s%32)) != 0 || a.dict[s] >= 0 }

// phrase returns the id of the phrase ending at state s, or -1.
func (a *automaton) phrase(s int32) int32 {
	w := a.ends[s/32]
	if w&(1<<(s%32)) == 0 {
		return -1
	}
	r := a.rank[s/32] + int32(bits.OnesCount32(uint32(w)&(1<<(s%32)-1)))
	if a.ids != nil {
		return a.ids[r]
	}
	return r
}

// rankOf returns, for each word of a bitmap, the bits set before it.
func rankOf(ends []int32) []int32 {
	rank := make([]int32, len(ends))
	sum := int32(0)
	for i, w := range ends {
		rank[i] = sum
		sum += int32(bits.OnesCount32(uint32(w)))
	}
	return rank
}

// fill works out the cached transition of hot state s on byte c: the
// target + 1, shifted left, with the low bit set when the target reports
// a phrase (one look-up a byte answers both).
func (a *automaton) fill(s int32, c byte) int32 {
	t := a.step(s, c)
	v := (t + 1) << 1
	if a.reports(t) {
		v |= 1
	}
	a.delta[int(s)*a.nclass+int(a.class[c])].Store(v)
	return v
}

// scan calls hit(id, end) for every occurrence of every phrase in s.
func (a *automaton) scan(s string, hit func(id int, end int)) {
	st := int32(0)
	ncls, hot, delta := int32(a.nclass), a.hot, a.delta
	for i := 0; i < len(s); i++ {
		c := s[i]
		cl := int32(a.class[c])
		if cl == 0 { // a byte no phrase has
			st = 0
			continue
		}
		// a deep state steps by its own edges, else down its fail links
		// to a hot state, whose transitions are cached
		t := int32(0)
		for st >= hot && t == 0 {
			if t = a.edge(st, c); t == 0 {
				st = a.fail[st]
			}
		}
		var emit bool
		if t > 0 {
			st, emit = t, a.reports(t)
		} else {
			v := delta[st*ncls+cl].Load()
			if v == 0 {
				v = a.fill(st, c)
			}
			st, emit = v>>1-1, v&1 != 0
		}
		if !emit {
			continue
		}
		for o := st; o > 0; o = a.dict[o] {
			if id := a.phrase(o); id >= 0 {
				hit(int(id), i+1)
			}
		}
	}
}
