// Command sweep-charset prints, for each HTML file named, the character
// encoding the sourcelight CLI decodes it with (x/net/html/charset on the
// file's bytes, no Content-Type: what wasm/htmldoc does). The sweep's server
// sends it as the page's charset, so the browser reads the same text as the
// CLI it is compared with; where a browser left to itself would decode a file
// differently (a <meta charset> past the first 1024 bytes, UTF-8 with no
// declaration) is a question for the CLI's input, not for the extension.
package main

import (
	"bufio"
	"fmt"
	"os"

	"golang.org/x/net/html/charset"
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
		_, name, _ := charset.DetermineEncoding(data[:min(len(data), 1024)], "")
		fmt.Fprintf(out, "%s\t%s\n", f, name)
	}
}
