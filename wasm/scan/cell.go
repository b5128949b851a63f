//go:build !wasm

package scan

import "sync/atomic"

// cell is an entry of the automaton's transition cache, which scanners
// share across goroutines here (the CLI and the worker scan in parallel).
type cell = atomic.Int32
