// Command phrases prints the literal phrases of the built-in packs' phrase
// rules, templates expanded ({a|b} alternatives, {list} references) and
// folded as the matcher sees them, one per line. scripts/bench gives them
// to mark.js so that both highlighters look for the same phrases.
//
//	go run ./scripts/benchlib/phrases
package main

import (
	"bufio"
	"os"

	"github.com/sourcelight/sourcelight/wasm/engine"
	"github.com/sourcelight/sourcelight/wasm/rule"
)

func main() {
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	seen := map[string]bool{}
	for _, p := range engine.Defaults() {
		for _, r := range p.Rules {
			ph, ok := r.(*rule.Phrase)
			if !ok {
				continue // regexes, exceptions and block labels are not phrases to mark
			}
			for _, s := range ph.Phrases {
				if !seen[s] {
					seen[s] = true
					w.WriteString(s + "\n")
				}
			}
		}
	}
}
