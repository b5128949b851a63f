// Package rules holds the default rule packs, built into every host (the
// CLI, the extension's wasm, the worker) so that they work with no files
// around them. The packs are data: see README.md and schema.json.
package rules

import "embed"

// FS holds the default packs and their schema.
//
//go:embed *.json
var FS embed.FS

// Compiled is the default packs in the compiled form the engine loads
// (package scan), generated from the packs above by
//
//	go run ./wasm/cmd/sourcelight compile -o rules/compiled.bin
//
// and checked by a test to be up to date: hosts that start often (a
// worker's fresh instance per request) load it instead of compiling.
//
//go:embed compiled.bin
var Compiled []byte
