// Command sweep-charset prints, for each HTML file named, the character
// encoding the sourcelight CLI decodes it with (htmldoc.Encoding on the
// file's bytes, no Content-Type: what the CLI does). The sweep's server
// sends it as the page's charset, so the browser reads the same text as the
// CLI it is compared with; where a browser left to itself would decode a
// file differently (UTF-8 with no declaration, which browsers guess at) is
// a question for the CLI's input, not for the extension.
package main

import (
	"bufio"
	"fmt"
	"os"

	"github.com/sourcelight/sourcelight/wasm/htmldoc"
)

func main() {
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for _, f := range os.Args[1:] {
		data, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		name, err := htmldoc.Encoding(data, "")
		if err != nil {
			fmt.Fprintln(os.Stderr, f, err)
			os.Exit(1)
		}
		fmt.Fprintf(out, "%s\t%s\n", f, name)
	}
}
