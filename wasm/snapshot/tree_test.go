package snapshot

import (
	"strings"

	"golang.org/x/net/html"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/htmldoc"
)

func parseTree(s string) (*doc.Node, error) {
	root, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return nil, err
	}
	return htmldoc.Tree(root), nil
}
