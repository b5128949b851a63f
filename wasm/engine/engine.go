// Package engine is the one place the hosts (the CLI, the extension's wasm,
// the worker) turn rule files and pages into hints: it loads packs, keeps the
// default ones built in, and builds documents from the inputs each host has.
package engine

import (
	"bytes"
	"io"
	"strings"

	"github.com/sourcelight/sourcelight/rules"
	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/htmldoc"
	"github.com/sourcelight/sourcelight/wasm/match"
	"github.com/sourcelight/sourcelight/wasm/rule"
)

// DefaultFiles returns the built-in pack files.
func DefaultFiles() []rule.File {
	files, err := rule.ReadFS(rules.FS)
	if err != nil {
		panic("engine: built-in rules unreadable: " + err.Error()) // embedded: cannot happen
	}
	return files
}

// Defaults loads the built-in packs; tests guarantee they are valid.
func Defaults() []*rule.Pack {
	packs, probs := rule.LoadAll(DefaultFiles())
	if len(probs) > 0 {
		panic("engine: built-in rules invalid:\n" + probs.Error())
	}
	return packs
}

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
