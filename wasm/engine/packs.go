package engine

import (
	"github.com/sourcelight/sourcelight/wasm/match"
	"github.com/sourcelight/sourcelight/wasm/rule"
)

// Config is what a reader has chosen: their own rule files, and the
// built-in packs they switched off.
type Config struct {
	Files    []rule.File `json:"files"`
	Disabled []string    `json:"disabled"` // ids of built-in packs to leave out
}

// Build makes the matcher for a reader's config: the built-in packs they
// keep, then their own packs. A user pack with problems is left out and its
// problems returned; so is one that reuses a built-in pack's id while that
// pack is on. The rest always loads.
func Build(c Config) (*match.Matcher, rule.Problems) {
	off := map[string]bool{}
	for _, id := range c.Disabled {
		off[id] = true
	}
	var files []rule.File
	for _, f := range DefaultFiles() {
		files = append(files, f)
	}
	files = append(files, c.Files...)
	all, probs := rule.LoadAll(files)
	var packs []*rule.Pack
	for _, p := range all {
		if !off[p.ID] {
			packs = append(packs, p)
		}
	}
	return match.New(packs...), probs
}
