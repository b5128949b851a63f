package scan

import (
	"math/bits"
	"unsafe"
)

// The automaton and the phrase payloads are most of the compiled form:
// they are stored as arrays of little-endian int32s, aligned to four
// bytes from the start of the data, so that a page engine uses the
// loaded bytes as they are. Decoding 100,000 states one varint at a time
// took 40–100 ms in V8 and most of a load's garbage; a view takes none.

// littleEndian is true on every host Sourcelight runs on (wasm, amd64,
// arm64); elsewhere tables are copied.
var littleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// int32s returns b as int32s: b itself when it is aligned on a
// little-endian host, else a copy. The caller must not change b later.
func int32s(b []byte) []int32 {
	n := len(b) / 4
	if n == 0 {
		return []int32{}
	}
	if littleEndian && uintptr(unsafe.Pointer(&b[0]))%4 == 0 {
		return unsafe.Slice((*int32)(unsafe.Pointer(&b[0])), n)
	}
	out := make([]int32, n)
	for i := range out {
		out[i] = int32(uint32(b[4*i]) | uint32(b[4*i+1])<<8 | uint32(b[4*i+2])<<16 | uint32(b[4*i+3])<<24)
	}
	return out
}

// align pads with zeros to a multiple of four bytes from the start.
func (w *writer) align() {
	for len(w.b)%4 != 0 {
		w.b = append(w.b, 0)
	}
}

func (w *writer) int32s(v []int32) {
	for _, x := range v {
		w.b = append(w.b, byte(x), byte(x>>8), byte(x>>16), byte(x>>24))
	}
}

// align skips the padding align wrote: the reader's offset counts from
// the start of the data.
func (r *reader) align() {
	for r.err == nil && r.off%4 != 0 {
		if r.left() == 0 || r.take(1)[0] != 0 {
			r.err = errCorrupt
		}
	}
}

// int32s returns the next n int32s (see int32s).
func (r *reader) int32s(n int) []int32 {
	if r.err != nil || n < 0 || n > r.left()/4 {
		r.err = errCorrupt
		return nil
	}
	return int32s(r.take(4 * n))
}

// writeTables writes the automaton of the sorted phrases ph, and what
// each phrase means, as readTables reads them. Arrays that the page can
// rebuild in one quick pass are stored in a form that gzips well (the
// file is fetched on every page, and embedded in the worker): counts
// instead of where each state's edges and each phrase's payload start,
// and a bitmap of the states where phrases end, phrases being numbered
// in the order of those states.
func writeTables(w *writer, ph []Phrase) {
	texts := make([]string, len(ph))
	for i, p := range ph {
		texts[i] = p.Text
	}
	a := newAutomaton(texts)
	n := len(a.fail)
	order := a.ids // new phrase id -> old
	var pay, plen []int32
	w.uint(len(ph))
	w.uint(n)
	for _, o := range order {
		pay = append(pay, ph[o].What...)
		plen = append(plen, a.plen[o])
		w.uint(len(ph[o].What))
	}
	w.uint(len(pay))
	w.align()
	for _, t := range [][]int32{pay, a.fail, a.dict, plen, a.ends} {
		w.int32s(t)
	}
	for s := 0; s < n; s++ {
		c := a.first[s+1] - a.first[s]
		w.b = append(w.b, byte(c), byte(c>>8))
	}
	w.b = append(w.b, a.eb...)
}

// readTables reads what writeTables wrote. Unless the data is trusted
// (packs.bin, shipped with the engine), it checks what scanning relies on
// to stay in bounds and to end: a corrupt file may give wrong hints,
// never a crash or a loop.
func readTables(r *reader, s *Spec, trusted bool) {
	nph, n := r.count(), r.count()
	if r.err != nil || n == 0 {
		r.err = errCorrupt
		return
	}
	s.payOff = make([]int32, nph+1)
	for i := 0; i < nph && r.err == nil; i++ {
		s.payOff[i+1] = s.payOff[i] + int32(r.count())
	}
	npay := r.count()
	r.align()
	s.pay = r.int32s(npay)
	a := &automaton{fail: r.int32s(n), dict: r.int32s(n), plen: r.int32s(nph), ends: r.int32s((n + 31) / 32)}
	if r.err != nil || 3*n-1 > r.left() || s.payOff[nph] != int32(npay) {
		r.err = errCorrupt
		return
	}
	counts := r.take(2 * n)
	a.eb = r.take(n - 1)
	a.rank = rankOf(a.ends)
	ok := int(a.rank[len(a.rank)-1])+bits.OnesCount32(uint32(a.ends[len(a.ends)-1])) == nph && a.ends[0]&1 == 0
	// Loops as simple as can be: they run before V8 has optimised them
	// (100,000 states: a trusted load only sums the edge counts).
	a.first = make([]int32, n+1)
	sum := int32(0)
	if trusted {
		for st := 0; st < n; st++ {
			sum += int32(counts[2*st]) | int32(counts[2*st+1])<<8
			a.first[st+1] = sum
		}
	} else {
		for i := 0; ok && i < nph; i++ {
			ok = a.plen[i] > 0
		}
		// fail and dict links point to earlier states, so their chains end
		for st := 0; st < n; st++ {
			sum += int32(counts[2*st]) | int32(counts[2*st+1])<<8
			a.first[st+1] = sum
			if st > 0 && uint32(a.fail[st]) >= uint32(st) || uint32(a.dict[st]+1) > uint32(st) {
				ok = false
			}
		}
	}
	if !ok || sum != int32(n-1) {
		r.err = errCorrupt
		return
	}
	for _, c := range a.eb {
		a.class[c] = 1
	}
	a.numberClasses()
	for k := a.first[0]; k < a.first[1]; k++ {
		a.root[a.eb[k]] = k + 1
	}
	a.makeCache(n)
	s.ac = a
}
