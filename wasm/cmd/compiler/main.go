//go:build js && wasm

// Command compiler checks rule packs where there is no DOM: the extension's
// background loads it on demand to validate a subscribed pack before it is
// used, with the same validator and examples runner as the CLI
// (wasm/ui/packcheck). It registers globalThis.sourcelightCompiler:
//
//	check(name, text) → reportJSON   packcheck.Report: marks, counts, id, rule ids
package main

import (
	"encoding/json"
	"syscall/js"

	"github.com/sourcelight/sourcelight/wasm/htmldoc"
	"github.com/sourcelight/sourcelight/wasm/ui/packcheck"
)

func main() {
	api := js.Global().Get("Object").New()
	api.Set("check", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 2 {
			return `{"problems":1,"marks":[{"message":"check(name, text): two arguments"}]}`
		}
		r, _ := packcheck.Check(args[0].String(), args[1].String(), htmldoc.ParseString)
		b, _ := json.Marshal(r)
		return string(b)
	}))
	js.Global().Set("sourcelightCompiler", api)
	select {}
}
