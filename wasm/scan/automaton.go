package scan

import "sync/atomic"

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
	first  []int32 // state -> index of its first edge in eb
	count  []uint16
	eb     []byte // edge labels, sorted per state
	// en holds edge targets while the automaton is built; once states are
	// numbered breadth first, edge k leads to state k+1 and en is dropped
	en   []int32
	fail []int32
	out  []int32 // state -> phrase id ending here, or -1
	dict []int32 // state -> nearest state on the fail chain with an output, or -1
	plen []int32 // phrase id -> length
	root [256]int32
	// delta caches the transitions of the first hot states by class: 0 is
	// not known yet, else what fill says. States are numbered breadth
	// first, so the hot ones are the shallow ones, where text spends its
	// time; deeper states step through the trie. Scanners share the
	// cache, hence the atomics.
	delta []atomic.Int32
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
	for c := range a.class {
		if a.class[c] != 0 {
			a.nclass++
			a.class[c] = uint8(a.nclass)
		}
	}
	a.nclass++
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
	a.first = make([]int32, n)
	a.count = make([]uint16, n)
	a.fail = make([]int32, n)
	a.dict = make([]int32, n)
	for _, e := range edges {
		a.count[e.from]++
	}
	sum := int32(0)
	for s := 0; s < n; s++ {
		a.first[s] = sum
		sum += int32(a.count[s])
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
	for k := a.first[0]; k < a.first[0]+int32(a.count[0]); k++ {
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
		for k := a.first[s]; k < a.first[s]+int32(a.count[s]); k++ {
			c, t := a.eb[k], a.en[k]
			a.fail[t] = a.step(a.fail[s], c)
			order = append(order, t)
		}
	}
	a.renumber(order)
	a.hot = int32(min(n, hotStates))
	a.delta = make([]atomic.Int32, int(a.hot)*a.nclass)
	return a
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
	first, count := make([]int32, n), make([]uint16, n)
	eb := make([]byte, 0, len(a.eb))
	fail, out, dict := make([]int32, n), make([]int32, n), make([]int32, n)
	for i, s := range order {
		first[i], count[i] = int32(len(eb)), a.count[s]
		for k := a.first[s]; k < a.first[s]+int32(a.count[s]); k++ {
			eb = append(eb, a.eb[k])
		}
		fail[i], out[i], dict[i] = m(a.fail[s]), a.out[s], m(a.dict[s])
	}
	for c := range a.root {
		a.root[c] = id[a.root[c]]
	}
	a.first, a.count, a.eb, a.fail, a.out, a.dict = first, count, eb, fail, out, dict
	a.en = nil // edge k now leads to state k+1
}

// step follows byte c from state s through the trie and the fail links.
func (a *automaton) step(s int32, c byte) int32 {
	for s != 0 {
		lo, hi := a.first[s], a.first[s]+int32(a.count[s])
		for lo < hi { // binary search: edge lists are sorted
			m := int32(uint32(lo+hi) >> 1)
			if a.eb[m] < c {
				lo = m + 1
			} else {
				hi = m
			}
		}
		if lo < a.first[s]+int32(a.count[s]) && a.eb[lo] == c {
			if a.en != nil { // still being built
				return a.en[lo]
			}
			return lo + 1
		}
		s = a.fail[s]
	}
	return a.root[c]
}

// reports says whether state s ends a phrase, itself or down its fail
// links.
func (a *automaton) reports(s int32) bool { return a.out[s] >= 0 || a.dict[s] >= 0 }

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
		var emit bool
		if st < hot {
			v := delta[st*ncls+cl].Load()
			if v == 0 {
				v = a.fill(st, c)
			}
			st, emit = v>>1-1, v&1 != 0
		} else {
			st = a.step(st, c)
			emit = a.reports(st)
		}
		if !emit {
			continue
		}
		for o := st; o > 0; o = a.dict[o] {
			if id := a.out[o]; id >= 0 {
				hit(int(id), i+1)
			}
		}
	}
}

// write writes the automaton as readAutomaton reads it. States are in
// breadth-first order, so a state's children are numbered consecutively
// after those of the states before it: the trie is each state's edge
// count and labels; then every state's fail link, and each phrase's end
// state. The rest follows from these in one pass.
func (a *automaton) write(w *writer) {
	n := len(a.out)
	w.uint(n)
	for s := 0; s < n; s++ {
		w.uint(int(a.count[s]))
		w.b = append(w.b, a.eb[a.first[s]:a.first[s]+int32(a.count[s])]...)
	}
	for s := 1; s < n; s++ {
		w.uint(int(a.fail[s]))
	}
	end := make([]int32, len(a.plen))
	for s, id := range a.out {
		if id >= 0 {
			end[id] = int32(s)
		}
	}
	for _, s := range end {
		w.uint(int(s))
	}
}

// readAutomaton reads what write wrote for phrases phrases, checking every
// index: a corrupt file is an error, never a crash.
func readAutomaton(r *reader, phrases int) *automaton {
	n := r.count()
	if r.err != nil || n == 0 {
		r.err = errCorrupt
		return nil
	}
	a := &automaton{first: make([]int32, n), count: make([]uint16, n), fail: make([]int32, n),
		out: make([]int32, n), dict: make([]int32, n), plen: make([]int32, phrases)}
	eb := make([]byte, 0, n-1) // a local: appends to a.eb would each be a pointer write
	for s := 0; s < n; s++ {
		c := r.count()
		if r.err != nil || c > 256 || len(eb)+c > n-1 {
			r.err = errCorrupt
			return nil
		}
		a.first[s], a.count[s] = int32(len(eb)), uint16(c)
		eb = append(eb, r.take(c)...)
		for i := 1; i < c; i++ {
			if eb[len(eb)-c+i] <= eb[len(eb)-c+i-1] { // sorted, distinct
				r.err = errCorrupt
				return nil
			}
		}
	}
	a.eb = eb
	if len(a.eb) != n-1 {
		r.err = errCorrupt
		return nil
	}
	// children are numbered in order: state s's first child is 1 + the
	// number of edges before s's
	depth := make([]int32, n)
	for s := 0; s < n; s++ {
		for k := a.first[s]; k < a.first[s]+int32(a.count[s]); k++ {
			depth[k+1] = depth[s] + 1
			if k+1 <= int32(s) { // a child must come after its parent
				r.err = errCorrupt
				return nil
			}
		}
	}
	for s := 1; s < n; s++ {
		f := r.uint()
		if f >= n || depth[f] >= depth[s] { // a fail link points to a shorter state
			r.err = errCorrupt
			return nil
		}
		a.fail[s] = int32(f)
	}
	for i := range a.out {
		a.out[i] = -1
	}
	for id := 0; id < phrases; id++ {
		s := r.uint()
		if s <= 0 || s >= n || a.out[s] >= 0 {
			r.err = errCorrupt
			return nil
		}
		a.out[s], a.plen[id] = int32(id), depth[s]
	}
	for c := 0; c < 256; c++ {
		a.class[c] = 0
	}
	for _, c := range a.eb {
		a.class[c] = 1
	}
	for c := range a.class {
		if a.class[c] != 0 {
			a.nclass++
			a.class[c] = uint8(a.nclass)
		}
	}
	a.nclass++
	for k := a.first[0]; k < a.first[0]+int32(a.count[0]); k++ {
		a.root[a.eb[k]] = k + 1
	}
	// breadth-first order is the numbering: fail links are done before
	a.dict[0] = -1
	for s := 1; s < n; s++ {
		f := a.fail[s]
		if a.out[f] >= 0 {
			a.dict[s] = f
		} else {
			a.dict[s] = a.dict[f]
		}
	}
	a.hot = int32(min(n, hotStates))
	a.delta = make([]atomic.Int32, int(a.hot)*a.nclass)
	return a
}
