// Package input reads the inputs of the hosts that see files and request
// bodies rather than a live DOM (the CLI and the worker): HTML through
// golang.org/x/net/html, plain text as paragraphs.
package input

import (
	"bytes"
	"io"
	"strings"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/htmldoc"
	"github.com/sourcelight/sourcelight/wasm/match"
)

// IsHTML guesses whether a named input is HTML rather than plain text.
func IsHTML(name, contentType string, data []byte) bool {
	ct := strings.ToLower(contentType)
	switch {
	case strings.HasPrefix(ct, "text/plain"):
		return false
	case strings.Contains(ct, "html"):
		return true
	}
	n := strings.ToLower(name)
	if strings.HasSuffix(n, ".txt") || strings.HasSuffix(n, ".text") {
		return false
	}
	if strings.HasSuffix(n, ".html") || strings.HasSuffix(n, ".htm") || strings.HasSuffix(n, ".xhtml") {
		return true
	}
	head := bytes.TrimLeft(data[:min(len(data), 512)], " \t\r\n\ufeff")
	return bytes.HasPrefix(head, []byte("<"))
}

// Document builds the document of an input: HTML through x/net/html, plain
// text as paragraphs separated by blank lines.
func Document(name, contentType string, data []byte) (*doc.Document, error) {
	if IsHTML(name, contentType, data) {
		return htmldoc.Parse(bytes.NewReader(data), contentType)
	}
	return doc.Plain(string(data)), nil
}

// Scan reads an input and returns its document and hints.
func Scan(m *match.Matcher, name, contentType string, r io.Reader) (*doc.Document, []match.Hint, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, err
	}
	d, err := Document(name, contentType, data)
	if err != nil {
		return nil, nil, err
	}
	return d, m.Scan(d), nil
}
