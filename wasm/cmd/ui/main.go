//go:build js && wasm

// Command ui draws the extension's popup and options page (package ui). It
// registers globalThis.sourcelightUI = {popup(stateJSON, actions),
// options(settingsJSON, actions), check(name, text) → reportJSON}.
package main

import (
	"syscall/js"

	"github.com/sourcelight/sourcelight/wasm/engine"
	"github.com/sourcelight/sourcelight/wasm/ui"
)

func main() {
	api := js.Global().Get("Object").New()
	api.Set("popup", js.FuncOf(func(_ js.Value, args []js.Value) any {
		ui.Popup(args[0].String(), args[1])
		return nil
	}))
	api.Set("options", js.FuncOf(func(_ js.Value, args []js.Value) any {
		ui.Options(args[0].String(), args[1])
		return nil
	}))
	// compile(rulesJSON) → {"format": n, "data": base64 or "", "problems": [...]}:
	// the reader's own packs in the form the page engine loads, made
	// when they are saved (extension/options/options.js stores it).
	api.Set("compile", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 1 {
			return engine.CompileJSON("")
		}
		return engine.CompileJSON(args[0].String())
	}))
	api.Set("check", js.FuncOf(func(_ js.Value, args []js.Value) any {
		return ui.CheckPack(args[0].String(), args[1].String())
	}))
	js.Global().Set("sourcelightUI", api)
	select {}
}
