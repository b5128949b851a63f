// Package htmldoc reads HTML into the doc package's tree, for the hosts
// that see markup rather than a live DOM: the CLI and the worker. It parses
// with golang.org/x/net/html's tokenizer and a copy of its tree builder
// (internal/htmlparse) that reads pages nested deeper than 512 elements
// as Chromium and Firefox do, where upstream refuses them: the extension
// sees those pages, so the CLI must see the same tree.
package htmldoc

import (
	"io"
	"strings"

	"golang.org/x/net/html/charset"

	html "github.com/sourcelight/sourcelight/wasm/htmldoc/internal/htmlparse"

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
	return doc.Build(tree(root)), nil
}

// ParseString builds the document of an HTML string (already text).
func ParseString(s string) (*doc.Document, error) {
	t, err := ParseTree(strings.NewReader(s))
	if err != nil {
		return nil, err
	}
	return doc.Build(t), nil
}

// ParseTree parses UTF-8 HTML into the doc tree, rooted at <html>, for
// callers that look at the tree before building blocks (eval's labels).
func ParseTree(r io.Reader) (*doc.Node, error) {
	root, err := html.Parse(r)
	if err != nil {
		return nil, err
	}
	return tree(root), nil
}

// tree converts a parsed page to the doc tree, rooted at <html>.
func tree(n *html.Node) *doc.Node {
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
