// Package rules holds the default rule packs, built into every host (the
// CLI, the extension's wasm, the worker) so that they work with no files
// around them. The packs are data: see README.md and schema.json.
package rules

import "embed"

// FS holds the default packs and their schema.
//
//go:embed *.json
var FS embed.FS
