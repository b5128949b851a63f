package main

import (
	"fmt"
	"io"
	"os"

	"github.com/sourcelight/sourcelight/wasm/match"
	"github.com/sourcelight/sourcelight/wasm/rule"
)

// compile writes packs in the compiled form the page engine loads (the
// build makes extension/packs.bin with it). Any problem fails it: a
// build never ships half a pack set.
func compile(args []string, stdout, stderr io.Writer) int {
	out := ""
	var paths []string
	for i := 0; i < len(args); i++ {
		if args[i] == "-o" && i+1 < len(args) {
			out = args[i+1]
			i++
			continue
		}
		paths = append(paths, args[i])
	}
	if out == "" {
		fmt.Fprint(stderr, "sourcelight compile: -o FILE is required\n")
		return 2
	}
	files, err := ruleFiles(paths)
	if err != nil {
		fmt.Fprintf(stderr, "sourcelight compile: %v\n", err)
		return 2
	}
	packs, probs := rule.LoadAll(files)
	if len(probs) > 0 {
		fmt.Fprintln(stderr, probs.Error())
		return 1
	}
	data := match.Compile(packs...)
	if err := os.WriteFile(out, data, 0o644); err != nil {
		fmt.Fprintf(stderr, "sourcelight compile: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: %d packs, %d bytes\n", out, len(packs), len(data))
	return 0
}
