//go:build js && wasm

// Command worker serves Sourcelight's rule feed and check API (package
// wasm/worker) on Cloudflare Workers, through github.com/syumai/workers.
// This file and kv.go are the only code that knows it runs there: they
// hand the handler the KV namespace and the write token. See README.md
// for building, running it locally and deploying.
package main

import (
	"github.com/syumai/workers"

	"github.com/sourcelight/sourcelight/wasm/worker"
)

// builtinUpdated is when rules/ last changed, set by scripts/build-worker
// (-X main.builtinUpdated=...).
var builtinUpdated string

func main() {
	workers.Serve(worker.New(worker.Config{
		Store:          kvStore{binding: "SOURCELIGHT_KV"},
		Token:          secret("SOURCELIGHT_TOKEN"),
		BuiltinUpdated: builtinUpdated,
	}))
}
