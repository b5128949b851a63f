//go:build js && wasm

// Command ui draws the extension's popup and options page (package ui). It
// registers globalThis.sourcelightUI = {popup(stateJSON, actions),
// options(settingsJSON, actions)}. It links no validator or matcher: the
// options page runs compiler.wasm beside it for checks (wasm/ui/checker.go).
package main

import (
	"syscall/js"

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
	js.Global().Set("sourcelightUI", api)
	select {}
}
