//go:build js && wasm

// Command engine is the Sourcelight engine for the browser: the content
// script loads it, or, where the page's CSP forbids WebAssembly there, the
// extension's background does. It registers globalThis.sourcelightEngine:
//
//	configure(configJSON) → problemsJSON   reader's packs; the last good matcher stays on error
//	scan(snapshotJSON, skipJSON) → resultJSON   see package snapshot
//	tags() → {"block": [...], "skip": [...], "embed": [...], "attrs": [...]}
//
// Everything crosses the boundary as one JSON string per call: one call
// costs more than kilobytes of JSON.
package main

import (
	"encoding/json"
	"fmt"
	"syscall/js"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/engine"
	"github.com/sourcelight/sourcelight/wasm/match"
	"github.com/sourcelight/sourcelight/wasm/snapshot"
)

// m is compiled on first use: by configure (the content script always
// configures first), else by the first scan with the built-in packs only.
var m *match.Matcher

func matcher() *match.Matcher {
	if m == nil {
		m = match.New(engine.Defaults()...)
	}
	return m
}

func main() {
	api := js.Global().Get("Object").New()
	api.Set("configure", js.FuncOf(configure))
	api.Set("scan", js.FuncOf(scan))
	api.Set("tags", js.FuncOf(tags))
	js.Global().Set("sourcelightEngine", api)
	select {} // serve calls until the page goes away
}

func configure(_ js.Value, args []js.Value) any {
	var c engine.Config
	if len(args) > 0 {
		if err := json.Unmarshal([]byte(args[0].String()), &c); err != nil {
			return errorJSON(fmt.Errorf("configure: %v", err))
		}
	}
	next, probs := engine.Build(c)
	m = next
	out := make([]string, 0, len(probs))
	for _, p := range probs {
		out = append(out, p.Error())
	}
	b, _ := json.Marshal(map[string]any{"problems": out})
	return string(b)
}

func scan(_ js.Value, args []js.Value) any {
	if len(args) == 0 {
		return errorJSON(fmt.Errorf("scan: no snapshot"))
	}
	skip := map[string]bool{}
	if len(args) > 1 && args[1].Type() == js.TypeString {
		var ids []string
		json.Unmarshal([]byte(args[1].String()), &ids)
		for _, id := range ids {
			skip[id] = true
		}
	}
	out, err := snapshot.Scan(matcher(), args[0].String(), skip)
	if err != nil {
		return errorJSON(err)
	}
	return string(out)
}

func tags(js.Value, []js.Value) any {
	block, skip, embed := doc.Tags()
	b, _ := json.Marshal(map[string][]string{"block": block, "skip": skip, "embed": embed, "attrs": matcher().Attrs()})
	return string(b)
}

func errorJSON(err error) string {
	b, _ := json.Marshal(map[string]string{"error": err.Error()})
	return string(b)
}
