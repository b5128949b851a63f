// Package htmlparse is the tree builder of golang.org/x/net/html v0.62.0
// (parse.go, foreign.go, doctype.go, const.go, node.go: BSD licence, see
// LICENSE), copied so that one thing can change: upstream refuses a page
// with more than 512 open elements ("open stack of elements exceeds 512
// nodes"), where Chromium and Firefox read it and attach what lies deeper
// to the element at depth 512 (maxDepth in parse.go). The CLI and the
// worker must see the tree the extension sees in the browser, so they
// parse with this copy. The tokenizer is upstream's (tokens.go). Every
// change from upstream is marked "Sourcelight:"; the package keeps
// upstream's names so that a diff against a newer x/net/html stays small.
package htmlparse
