package main

import (
	"fmt"
	"io"

	"github.com/sourcelight/sourcelight/wasm/engine"
	"github.com/sourcelight/sourcelight/wasm/rule"
)

// lint validates rule files and exits non-zero with every problem found.
func lint(args []string, stdout, stderr io.Writer) int {
	files, err := ruleFiles(args)
	if err != nil {
		fmt.Fprintf(stderr, "sourcelight lint: %v\n", err)
		return 2
	}
	packs, probs := rule.LoadAll(files)
	for _, p := range probs {
		fmt.Fprintln(stderr, p.Error())
	}
	rules := 0
	for _, p := range packs {
		rules += len(p.Rules)
	}
	fmt.Fprintf(stdout, "%d files, %d valid packs, %d rules, %d problems\n", len(files), len(packs), rules, len(probs))
	if len(probs) > 0 {
		return 1
	}
	return 0
}

// ruleFiles reads the named paths, or the built-in packs.
func ruleFiles(paths []string) ([]rule.File, error) {
	if len(paths) == 0 {
		return engine.DefaultFiles(), nil
	}
	files, err := rule.ReadPaths(paths)
	if err == nil && len(files) == 0 {
		err = fmt.Errorf("no rule files in %v", paths)
	}
	return files, err
}
