package snapshot

import (
	"strings"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/htmldoc"
)

func parseTree(s string) (*doc.Node, error) {
	return htmldoc.ParseTree(strings.NewReader(s))
}
