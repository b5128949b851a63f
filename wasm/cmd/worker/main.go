//go:build js && wasm

// Command worker serves Sourcelight's rule feed and check API (package
// wasm/worker) on Cloudflare Workers, through github.com/syumai/workers.
// This file and jskv/ are the only code that knows it runs there: they
// hand the handler the KV namespace and the write token. See README.md
// for building, running it locally and deploying.
package main

import (
	"syscall/js"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"

	"github.com/sourcelight/sourcelight/wasm/cmd/worker/jskv"
	"github.com/sourcelight/sourcelight/wasm/worker"
)

// builtinUpdated is when rules/ last changed, set by scripts/build-worker
// (-X main.builtinUpdated=...).
var builtinUpdated string

func main() {
	workers.Serve(worker.New(worker.Config{
		Store:          jskv.Store{Binding: "SOURCELIGHT_KV", Lookup: cloudflare.GetBinding},
		Token:          secret("SOURCELIGHT_TOKEN"),
		BuiltinUpdated: builtinUpdated,
	}))
}

// secret reads a Worker secret or variable; "" when unset (where
// cloudflare.Getenv would answer "<undefined>").
func secret(name string) string {
	v := cloudflare.GetBinding(name)
	if v.Type() != js.TypeString {
		return ""
	}
	return v.String()
}
