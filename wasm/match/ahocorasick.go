package match

import "sort"

// automaton is an Aho–Corasick automaton over bytes: it finds every
// occurrence of thousands of phrases in one pass over the text, whatever
// their number. The root has a dense table (most bytes fail straight back
// to it); other states keep sorted edge lists, which keeps a pack of some
// ten thousand phrases at a few megabytes, small enough for the wasm heap.
type automaton struct {
	root  [256]int32
	first []int32 // state -> index of its first edge in eb/en
	count []uint16
	eb    []byte  // edge labels, sorted per state
	en    []int32 // edge targets
	fail  []int32
	out   []int32 // state -> pattern id ending here, or -1
	dict  []int32 // state -> nearest state on the fail chain with an output, or -1
	plen  []int32 // pattern id -> length
}

// newAutomaton builds the automaton; pattern i gets id i. Duplicate
// patterns must have been merged by the caller. The trie is built from the
// patterns in sorted order, so that each state's edges come out sorted and
// no per-state map is needed: building is a sort and one pass.
func newAutomaton(patterns []string) *automaton {
	a := &automaton{plen: make([]int32, len(patterns))}
	order := make([]int, len(patterns))
	for i := range order {
		order[i] = i
		a.plen[i] = int32(len(patterns[i]))
	}
	sort.Slice(order, func(i, j int) bool { return patterns[order[i]] < patterns[order[j]] })

	type edge struct {
		from, to int32
		c        byte
	}
	var edges []edge
	out := []int32{-1}
	path := []int32{0} // states along the previous pattern
	prev := ""
	for _, id := range order {
		p := patterns[id]
		k := 0 // the length of the prefix shared with the previous pattern
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
	// edges were made in sorted order per state; group them by state
	for _, e := range edges {
		a.count[e.from]++
	}
	sum := int32(0)
	for s := 0; s < n; s++ {
		a.first[s] = sum
		sum += int32(a.count[s])
	}
	a.eb = make([]byte, len(edges))
	a.en = make([]int32, len(edges))
	fill := make([]int32, n)
	for _, e := range edges {
		i := a.first[e.from] + fill[e.from]
		fill[e.from]++
		a.eb[i], a.en[i] = e.c, e.to
	}
	queue := make([]int32, 0, n)
	for k := a.first[0]; k < a.first[0]+int32(a.count[0]); k++ {
		a.root[a.eb[k]] = a.en[k]
		queue = append(queue, a.en[k])
	}
	a.dict[0] = -1
	// breadth-first: fail links point to shorter states, already done
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		f := a.fail[s]
		if a.out[f] >= 0 {
			a.dict[s] = f
		} else {
			a.dict[s] = a.dict[f]
		}
		if s == 0 {
			continue
		}
		for k := a.first[s]; k < a.first[s]+int32(a.count[s]); k++ {
			c, t := a.eb[k], a.en[k]
			a.fail[t] = a.step(a.fail[s], c)
			queue = append(queue, t)
		}
	}
	return a
}

// step follows byte c from state s.
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
			return a.en[lo]
		}
		s = a.fail[s]
	}
	return a.root[c]
}

// scan calls hit(id, end) for every occurrence of every pattern in s.
func (a *automaton) scan(s string, hit func(id int, end int)) {
	st := int32(0)
	for i := 0; i < len(s); i++ {
		st = a.step(st, s[i])
		for o := st; o >= 0; o = a.dict[o] {
			if id := a.out[o]; id >= 0 {
				hit(int(id), i+1)
			}
			if o == 0 {
				break
			}
		}
	}
}
