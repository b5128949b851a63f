// Package htmldoc reads HTML with golang.org/x/net/html into the doc
// package's tree, for the hosts that see markup rather than a live DOM:
// the CLI and the worker.
package htmldoc

import (
	"io"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"github.com/sourcelight/sourcelight/wasm/doc"
)

// Parse reads an HTML page, decoding it from the charset its bytes or
// contentType declare (UTF-8 when neither does), and builds its document.
func Parse(r io.Reader, contentType string) (*doc.Document, error) {
	cr, err := charset.NewReader(r, contentType)
	if err != nil {
		return nil, err
	}
	root, err := html.Parse(cr)
	if err != nil {
		return nil, err
	}
	return doc.Build(Tree(root)), nil
}

// ParseString builds the document of an HTML string (already text).
func ParseString(s string) (*doc.Document, error) {
	root, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return nil, err
	}
	return doc.Build(Tree(root)), nil
}

// Tree converts a parsed page to the doc tree, rooted at <html>.
func Tree(n *html.Node) *doc.Node {
	ref := 0
	if n.Type == html.DocumentNode {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				return convert(c, &ref)
			}
		}
		return &doc.Node{Kind: doc.ElementNode, Tag: "html"}
	}
	return convert(n, &ref)
}

func convert(n *html.Node, ref *int) *doc.Node {
	out := &doc.Node{Ref: *ref}
	*ref++
	switch n.Type {
	case html.TextNode:
		out.Kind, out.Text = doc.TextNode, n.Data
		return out
	case html.ElementNode:
		out.Kind, out.Tag = doc.ElementNode, n.Data
		if n.Namespace != "" {
			out.Tag = n.Namespace + ":" + n.Data // svg and math content: skipped by name
			if n.Namespace == "svg" && n.Data == "svg" || n.Namespace == "math" && n.Data == "math" {
				out.Tag = n.Data
			}
		}
		for _, a := range n.Attr {
			key := a.Key
			if a.Namespace != "" {
				key = a.Namespace + ":" + a.Key
			}
			out.Attrs = append(out.Attrs, doc.Attr{Key: key, Val: a.Val})
		}
	default:
		return nil
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if k := convert(c, ref); k != nil {
			out.Children = append(out.Children, k)
		}
	}
	return out
}
