package main

import (
	"fmt"
	"io"

	"github.com/sourcelight/sourcelight/wasm/htmldoc"
	"github.com/sourcelight/sourcelight/wasm/rule"
	"github.com/sourcelight/sourcelight/wasm/ruletest"
)

// test runs every rule's examples, reporting like a test runner.
func test(args []string, stdout, stderr io.Writer) int {
	files, err := ruleFiles(args)
	if err != nil {
		fmt.Fprintf(stderr, "sourcelight test: %v\n", err)
		return 2
	}
	packs, probs := rule.LoadAll(files)
	status := 0
	for _, p := range probs {
		fmt.Fprintf(stdout, "FAIL %s\n", p.Error())
		status = 1
	}
	for _, p := range packs {
		res := ruletest.Run(p, htmldoc.ParseString)
		for _, f := range res.Failures {
			fmt.Fprintf(stdout, "FAIL %s\n", f.Error())
		}
		verdict := "ok  "
		if len(res.Failures) > 0 {
			verdict = "FAIL"
			status = 1
		}
		fmt.Fprintf(stdout, "%s %-20s %2d rules, %3d examples, %d failed  (%s)\n",
			verdict, p.ID, len(p.Rules), res.Examples, len(res.Failures), p.File)
	}
	return status
}
