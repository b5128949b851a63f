package scan

import (
	"errors"
	"math"
)

// Varints as encoding/binary writes them (that package pulls reflect into
// the page engine: 300 KB).
func appendUvarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func appendVarint(b []byte, v int64) []byte {
	u := uint64(v) << 1
	if v < 0 {
		u = ^u
	}
	return appendUvarint(b, u)
}

// uvarint returns the value and its length, or n <= 0 when b ends first
// or the value overflows.
func uvarint(b []byte) (uint64, int) {
	var v uint64
	var s uint
	for i, c := range b {
		if i == 10 {
			return 0, -1
		}
		if c < 0x80 {
			if i == 9 && c > 1 {
				return 0, -1
			}
			return v | uint64(c)<<s, i + 1
		}
		v |= uint64(c&0x7f) << s
		s += 7
	}
	return 0, 0
}

func varint(b []byte) (int64, int) {
	u, n := uvarint(b)
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return v, n
}

// The compiled form: the bytes a page engine loads instead of rule files.
// Little-endian varints and length-prefixed strings, in the order of the
// Spec's fields, but for the phrase tables (tables.go); a magic number and a format version first, so an engine
// refuses what another version wrote instead of misreading it.
const (
	magic  = "SLPK"
	Format = 4 // bump on any change to the layout
)

type writer struct{ b []byte }

func (w *writer) uint(v int)   { w.b = appendUvarint(w.b, uint64(v)) }
func (w *writer) int(v int)    { w.b = appendVarint(w.b, int64(v)) }
func (w *writer) u64(v uint64) { w.b = appendUvarint(w.b, v) }
func (w *writer) str(s string) { w.uint(len(s)); w.b = append(w.b, s...) }
func (w *writer) bool(v bool)  { w.uint(map[bool]int{false: 0, true: 1}[v]) }
func (w *writer) strs(s []string) {
	w.uint(len(s))
	for _, x := range s {
		w.str(x)
	}
}

var errCorrupt = errors.New("compiled packs: corrupt or truncated")

// reader reads what writer wrote. It moves an offset, never the slice:
// storing a slice is a pointer write, which costs a write barrier while
// the garbage collector runs, and loading packs is when it runs most.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) left() int { return len(r.b) - r.off }

// take returns the next n bytes (n <= left()).
//
//go:noinline
func (r *reader) take(n int) []byte {
	p := r.b[r.off : r.off+n : r.off+n]
	r.off += n
	return p
}

func (r *reader) u64() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := uvarint(r.b[r.off:])
	if n <= 0 {
		r.err = errCorrupt
		return 0
	}
	r.off += n
	return v
}

// The reader's methods are not inlined: loading packs calls them from
// many places, and each inlined copy would weigh on the page engine's
// size budget; a call costs little next to a varint's loop.
//
//go:noinline
func (r *reader) uint() int {
	v := r.u64()
	if v > math.MaxInt32 {
		r.err = errCorrupt
		return 0
	}
	return int(v)
}

// count reads a length and checks it against what is left: every item
// takes at least one byte, so a corrupt length cannot allocate much.
//
//go:noinline
func (r *reader) count() int {
	n := r.uint()
	if n > r.left() {
		r.err = errCorrupt
		return 0
	}
	return n
}

//go:noinline
func (r *reader) int() int {
	if r.err != nil {
		return 0
	}
	v, n := varint(r.b[r.off:])
	if n <= 0 || v > math.MaxInt32 || v < math.MinInt32 {
		r.err = errCorrupt
		return 0
	}
	r.off += n
	return int(v)
}

func (r *reader) str() string {
	n := r.count()
	if r.err != nil {
		return ""
	}
	s := string(r.take(n))
	return s
}

func (r *reader) bool() bool { return r.uint() != 0 }

func (r *reader) strs() []string {
	n := r.count()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.str()
	}
	return out
}
