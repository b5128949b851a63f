// Package engine is where every host (the CLI, the extension's wasm, the
// worker) gets its rules: the built-in packs, embedded, and a reader's own
// packs on top of them.
package engine

import (
	"slices"
	"sync"

	"github.com/sourcelight/sourcelight/rules"
	"github.com/sourcelight/sourcelight/wasm/rule"
	"github.com/sourcelight/sourcelight/wasm/scan"
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

// DefaultMatcher returns the built-in packs' matcher, loaded from their
// compiled form (rules.Compiled): a few milliseconds instead of reading and
// compiling the rule files. Tests guarantee it is what Defaults compile to.
//
// Only a host that calls it links the compiled form (1.8 MB): a
// package-level sync.OnceValue would keep it in every binary that imports
// this package, the popup's and options page's ui.wasm among them.
func DefaultMatcher() *scan.Matcher {
	defaultOnce.Do(func() {
		m, err := scan.LoadTrusted(rules.Compiled)
		if err != nil {
			panic("engine: rules/compiled.bin does not load: " + err.Error())
		}
		defaultM = m
	})
	return defaultM
}

var (
	defaultOnce sync.Once
	defaultM    *scan.Matcher
)

var defaults = sync.OnceValue(func() []*rule.Pack {
	packs, probs := rule.LoadAll(DefaultFiles())
	if len(probs) > 0 {
		panic("engine: built-in rules invalid:\n" + probs.Error())
	}
	return packs
})
