//go:build js && wasm

package ui

import (
	"syscall/js"

	"honnef.co/go/js/dom/v2"

	"github.com/sourcelight/sourcelight/wasm/doc"
)

// parseHTML builds the document of an HTML snippet with the browser's own
// parser (DOMParser) and a walk over the result in Go: how block-rule
// examples are run in the options page, where there is no x/net/html.
func parseHTML(s string) (*doc.Document, error) {
	parsed := js.Global().Get("DOMParser").New().Call("parseFromString", s, "text/html")
	root := dom.WrapDocument(parsed).DocumentElement()
	return doc.Build(toTree(root)), nil
}

func toTree(n dom.Node) *doc.Node {
	switch n.NodeType() {
	case 3: // text
		return &doc.Node{Kind: doc.TextNode, Text: n.NodeValue()}
	case 1: // element
		e := n.(dom.Element)
		out := &doc.Node{Kind: doc.ElementNode, Tag: lower(e.TagName())}
		attrs := e.Underlying().Get("attributes")
		for i := 0; i < attrs.Length(); i++ {
			a := attrs.Index(i)
			out.Attrs = append(out.Attrs, doc.Attr{Key: a.Get("name").String(), Val: a.Get("value").String()})
		}
		for _, c := range n.ChildNodes() {
			if k := toTree(c); k != nil {
				out.Children = append(out.Children, k)
			}
		}
		return out
	}
	return nil
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
