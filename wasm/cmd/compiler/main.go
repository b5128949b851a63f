//go:build js && wasm

// Command compiler checks and compiles rule packs where there is no DOM: the
// extension's background loads it on demand to validate a subscribed pack
// before it is used (the same validator and examples runner as the CLI,
// wasm/ui/packcheck), and to compile the reader's packs for the page engine
// whenever they change without the options page (subscriptions, an update).
// It registers globalThis.sourcelightCompiler:
//
//	check(name, text) → reportJSON   packcheck.Report: marks, counts, id, rule ids
//	compile(rulesJSON) → {"format": n, "data": base64 or "", "problems": [...]}
//	problems(rulesJSON) → [report.Problem...]   what is wrong with a config's files
//	preview(name, packText, text) → {"hints": [...]} or {"error": "..."}
//
// The options page loads it too, beside ui.wasm, which draws the page and
// links no validator: the same checks, from one program.
package main

import (
	"encoding/json"
	"syscall/js"

	"github.com/sourcelight/sourcelight/wasm/engine"
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
	api.Set("compile", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 1 {
			return engine.CompileJSON("")
		}
		return engine.CompileJSON(args[0].String())
	}))
	api.Set("problems", js.FuncOf(func(_ js.Value, args []js.Value) any {
		var c engine.Config
		if len(args) > 0 {
			json.Unmarshal([]byte(args[0].String()), &c)
		}
		b, _ := json.Marshal(packcheck.Problems(c))
		return string(b)
	}))
	api.Set("preview", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 3 {
			return `{"error":"preview(name, packText, text): three arguments"}`
		}
		hints, err := packcheck.PreviewText(args[0].String(), args[1].String(), args[2].String())
		out := map[string]any{"hints": hints}
		if err != nil {
			out = map[string]any{"error": err.Error()}
		}
		b, _ := json.Marshal(out)
		return string(b)
	}))
	js.Global().Set("sourcelightCompiler", api)
	select {}
}
