// Package packhead reads what a list of packs shows of a rule pack, its
// head, with one JSON walk and nothing else: the options page draws its
// list from heads, and its program (ui.wasm) links neither the validator
// nor the matcher (compiler.wasm does, and runs beside it).
package packhead

import (
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/tidwall/gjson"

	"github.com/sourcelight/sourcelight/rules"
)

// Head is what a list of packs shows of a pack: its name, category and its
// rules' ids, without their patterns. Reading it costs a JSON walk, where
// Load compiles every pattern and checks every example (tens of
// milliseconds in wasm for the built-in packs): the options page draws its
// list of packs from heads.
type Head struct {
	File     string
	ID       string
	Name     string
	Version  string
	Category string
	Colour   string
	RuleIDs  []string
	Raw      []byte
}

// Read reads a pack's head without checking the pack: what it says of a
// pack that does not load (rule.Load says why) is what its JSON holds.
func Read(file string, data []byte) Head {
	r := gjson.ParseBytes(data)
	h := Head{
		File:     file,
		ID:       r.Get("id").String(),
		Name:     r.Get("name").String(),
		Version:  r.Get("version").String(),
		Category: r.Get("category").String(),
		Colour:   r.Get("colour").String(),
		Raw:      data,
	}
	r.Get("rules").ForEach(func(_, v gjson.Result) bool {
		h.RuleIDs = append(h.RuleIDs, v.Get("id").String())
		return true
	})
	return h
}

// Defaults returns the built-in packs' heads, in file name order (the
// order the engine loads them in).
func Defaults() []Head {
	out := make([]Head, len(defaults()))
	copy(out, defaults())
	return out
}

// IsPackFile tells rule packs from other JSON in a rules folder (the
// schema). Here, beside the list of built-in packs, so that the options
// page's program lists the same files rule.ReadFS reads.
func IsPackFile(name string) bool {
	base := path.Base(filepath.ToSlash(name))
	return strings.HasSuffix(base, ".json") && base != "schema.json" && !strings.HasPrefix(base, ".")
}

var defaults = sync.OnceValue(func() []Head {
	var hs []Head
	entries, err := rules.FS.ReadDir(".")
	if err != nil {
		panic("packhead: built-in rules unreadable: " + err.Error()) // embedded: cannot happen
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !IsPackFile(name) {
			continue
		}
		data, err := rules.FS.ReadFile(name)
		if err != nil {
			panic("packhead: " + err.Error())
		}
		hs = append(hs, Read(name, data))
	}
	return hs
})
