// Command sourcelight finds source-reliability hints in pages and texts with
// the same engine and rule packs as the Sourcelight extension, and tests and
// lints rule packs.
//
//	sourcelight scan [--rules PATH]... [--format text|json] FILE...
//	sourcelight text FILE...
//	sourcelight test [PATH]...
//	sourcelight lint [PATH]...
//	sourcelight eval [--rules PATH]... [--corpus DIR]
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `usage:
  sourcelight scan [--rules PATH]... [--format text|json] FILE...
        print the hints in HTML pages or .txt files (- reads standard input)
  sourcelight text FILE...
        print the text blocks the engine sees (scan offsets index this text)
  sourcelight test [PATH]...
        run every rule's examples (default: the built-in packs)
  sourcelight lint [PATH]...
        validate rule files (default: the built-in packs)
  sourcelight eval [--rules PATH]... [--corpus DIR] [--show CATEGORY [--part tune|check]]
        score the packs on PolNeAR train and the labelled L3S-GN1 dev pages

PATH is a rule file or a folder of them. Without --rules, scan uses the
built-in packs.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: tests call it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "scan":
		return scan(args[1:], stdin, stdout, stderr)
	case "text":
		return text(args[1:], stdin, stdout, stderr)
	case "test":
		return test(args[1:], stdout, stderr)
	case "lint":
		return lint(args[1:], stdout, stderr)
	case "eval":
		return evalCmd(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "sourcelight: unknown command %q\n%s", args[0], usage)
	return 2
}
