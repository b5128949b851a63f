// Package engine is where every host (the CLI, the extension's wasm, the
// worker) gets its rules: the built-in packs, embedded, and a reader's own
// packs on top of them.
package engine

import (
	"slices"
	"sync"

	"github.com/sourcelight/sourcelight/rules"
	"github.com/sourcelight/sourcelight/wasm/rule"
)

// DefaultFiles returns the built-in pack files.
func DefaultFiles() []rule.File {
	files, err := rule.ReadFS(rules.FS)
	if err != nil {
		panic("engine: built-in rules unreadable: " + err.Error()) // embedded: cannot happen
	}
	return files
}

// Defaults returns the built-in packs; tests guarantee they are valid. They
// are read once: the options page asks on every redraw, the engine on every
// reconfigure, and packs are never changed after loading.
func Defaults() []*rule.Pack { return slices.Clone(defaults()) }

var defaults = sync.OnceValue(func() []*rule.Pack {
	packs, probs := rule.LoadAll(DefaultFiles())
	if len(probs) > 0 {
		panic("engine: built-in rules invalid:\n" + probs.Error())
	}
	return packs
})
