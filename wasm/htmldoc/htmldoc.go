// Package htmldoc reads HTML into the doc package's tree, for the hosts
// that see markup rather than a live DOM: the CLI and the worker. It parses
// with golang.org/x/net/html's tokenizer and a copy of its tree builder
// (internal/htmlparse) that reads pages nested deeper than 512 elements
// as Chromium and Firefox do, where upstream refuses them: the extension
// sees those pages, so the CLI must see the same tree.
package htmldoc

import (
	"io"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"

	html "github.com/sourcelight/sourcelight/wasm/htmldoc/internal/htmlparse"

	"github.com/sourcelight/sourcelight/wasm/doc"
)

// Parse reads an HTML page, decoding it as a browser does (Encoding), and
// builds its document.
func Parse(r io.Reader, contentType string) (*doc.Document, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	root, _, _, err := parseBytes(data, contentType)
	if err != nil {
		return nil, err
	}
	return doc.Build(tree(root)), nil
}

// Encoding names the character encoding a page is read with, as browsers
// choose it (WHATWG HTML "determining the character encoding"): a byte
// order mark, else contentType's charset, else a <meta> in the first 1024
// bytes, else UTF-8 when those bytes are valid UTF-8 with some non-ASCII
// (where browsers guess), else windows-1252. All but the first two are
// tentative: the first <meta> charset the parser meets later decides, as
// browsers reload a page whose late <meta charset> names another encoding.
func Encoding(data []byte, contentType string) (string, error) {
	_, name, _, err := parseBytes(data, contentType)
	return name, err
}

// Decode returns data as the text Parse reads: decoded by the encoding
// that Encoding names (so windows-1252 by the WHATWG table, as browsers).
func Decode(data []byte, contentType string) (string, error) {
	_, _, text, err := parseBytes(data, contentType)
	return text, err
}

// parseBytes decodes and parses data, and returns the tree, the encoding's
// name and the text it parsed.
func parseBytes(data []byte, contentType string) (*html.Node, string, string, error) {
	e, name, certain := charset.DetermineEncoding(data, contentType)
	text := decode(data, e, name)
	root, err := html.Parse(strings.NewReader(text))
	if err != nil || certain {
		return root, name, text, err
	}
	if e2, name2 := metaEncoding(root); e2 != nil && name2 != name {
		text = decode(data, e2, name2)
		root, err = html.Parse(strings.NewReader(text))
		return root, name2, text, err
	}
	return root, name, text, nil
}

// metaEncoding is the encoding named by the first <meta> of the parsed
// page that names a known one (charset=, or http-equiv=Content-Type with
// a charset in its content), with the spec's substitutions; nil if none.
func metaEncoding(n *html.Node) (encoding.Encoding, string) {
	if n.Type == html.ElementNode && n.Data == "meta" && n.Namespace == "" {
		label, equiv, content := "", "", ""
		for _, a := range n.Attr {
			switch a.Key {
			case "charset":
				label = a.Val
			case "http-equiv":
				equiv = a.Val
			case "content":
				content = a.Val
			}
		}
		if label == "" && strings.EqualFold(strings.TrimSpace(equiv), "content-type") {
			if _, params, err := mime.ParseMediaType(content); err == nil {
				label = params["charset"]
			}
		}
		if e, name := charset.Lookup(label); e != nil {
			switch name {
			case "utf-16be", "utf-16le":
				return charset.Lookup("utf-8")
			case "x-user-defined":
				return charmap.Windows1252, "windows-1252"
			}
			return e, name
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if e, name := metaEncoding(c); e != nil {
			return e, name
		}
	}
	return nil, ""
}

// decode turns data into text. windows-1252 is decoded by the WHATWG
// table, which maps the five bytes Microsoft's leaves undefined (0x81,
// 0x8D, 0x8F, 0x90, 0x9D) to the C1 controls of the same number, as
// browsers do; x/text's table makes them U+FFFD, so the CLI's text
// differed from the page's.
func decode(data []byte, e encoding.Encoding, name string) string {
	switch {
	case name == "windows-1252":
		var b strings.Builder
		b.Grow(len(data) + len(data)/8)
		for _, c := range data {
			b.WriteRune(windows1252[c])
		}
		return b.String()
	case e == encoding.Nop: // UTF-8 guessed from the bytes: read as they are, as before
		if utf8.Valid(data) {
			return string(data)
		}
		// a browser's UTF-8 decoder puts U+FFFD for each bad sequence: so
		// must we, or a hint's text holds bytes the page's DOM never has
		out, _ := xunicode.UTF8.NewDecoder().Bytes(data)
		return string(out)
	}
	out, err := e.NewDecoder().Bytes(data)
	if err != nil {
		return string(data)
	}
	return string(out)
}

var windows1252 = func() (t [256]rune) {
	for i := range t {
		t[i] = charmap.Windows1252.DecodeByte(byte(i))
		if t[i] == utf8.RuneError {
			t[i] = rune(i)
		}
	}
	return t
}()

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
