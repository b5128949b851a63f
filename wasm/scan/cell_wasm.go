//go:build wasm

package scan

// cell is an entry of the automaton's transition cache. A wasm engine
// runs one goroutine at a time, and Go's wasm atomics are calls, not
// instructions: one a byte of text in the automaton's loop. A plain int32
// costs a load.
type cell struct{ v int32 }

func (c *cell) Load() int32   { return c.v }
func (c *cell) Store(v int32) { c.v = v }
