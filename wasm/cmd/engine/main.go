//go:build js && wasm

// Command engine is the Sourcelight engine for the browser: the content
// script loads it, or, where the page's CSP forbids WebAssembly there, the
// extension's background does. It carries only the scanner (package scan)
// and the snapshot boundary: packs arrive compiled (extension/packs.bin,
// and the reader's own, compiled when saved), so no page reads JSON rules.
// It registers globalThis.sourcelightEngine:
//
//	load(builtin, user, disabledJSON) → {"problems": [...]}   Uint8Arrays; user may be null, and
//	                                                          builtin too once given. On error the
//	                                                          last good matcher stays.
//	open(snapshotJSON, skipJSON) → {"next": phase}            then next(bytes) → result with "done" and,
//	                                                          until done, "next": the phase of the next
//	                                                          slice ("decode", "build", "text", "blocks");
//	                                                          a snapshot that does not decode: {"error"}
//	tags() → {"block": [...], "skip": [...], "embed": [...], "attrs": [...]}
//
// Everything crosses the boundary as one string or byte array per call.
package main

import (
	"syscall/js"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/scan"
	"github.com/sourcelight/sourcelight/wasm/snapshot"
)

var (
	builtin  *scan.Matcher   // the built-in packs, all of them
	matchers []*scan.Matcher // built-in, then the reader's; nil until load
	user     *scan.Matcher   // the reader's packs last loaded without error
	session  *snapshot.Session
)

func main() {
	api := js.Global().Get("Object").New()
	api.Set("load", js.FuncOf(load))
	api.Set("open", js.FuncOf(open))
	api.Set("next", js.FuncOf(next))
	api.Set("tags", js.FuncOf(tags))
	js.Global().Set("sourcelightEngine", api)
	select {} // serve calls until the page goes away
}

func bytesOf(v js.Value) []byte {
	if v.IsUndefined() || v.IsNull() {
		return nil
	}
	// A Uint8Array of Go's own global: in Firefox the caller's array may
	// come from another compartment, which CopyBytesToGo does not accept.
	u := js.Global().Get("Uint8Array").New(v)
	b := make([]byte, u.Get("length").Int())
	js.CopyBytesToGo(b, u)
	// syscall/js frees the values Go holds at Go's next collection, which
	// a page's engine may never reach: the copy's bytes are let go now
	// (the caller does the same with its own array).
	if buf := u.Get("buffer"); buf.Get("transfer").Type() == js.TypeFunction {
		buf.Call("transfer", 0)
	}
	return b
}

func load(_ js.Value, args []js.Value) any {
	if len(args) < 1 {
		return errorJSON("load: no packs")
	}
	// packs.bin, shipped with this engine, crosses once: the caller drops
	// its copy and later loads pass null (2 MB less held in each tab).
	if v := args[0]; !v.IsNull() && !v.IsUndefined() {
		b, err := scan.LoadTrusted(bytesOf(v))
		if err != nil {
			return errorJSON("built-in packs: " + err.Error())
		}
		builtin = b
	}
	if builtin == nil {
		return errorJSON("load: the built-in packs were never given")
	}
	var disabled []string
	if len(args) > 2 && args[2].Type() == js.TypeString {
		disabled = stringList(args[2].String())
	}
	next := []*scan.Matcher{builtin.Without(disabled...)}
	var problems []string
	var data []byte
	if len(args) > 1 {
		data = bytesOf(args[1])
	}
	if data == nil {
		user = nil // the reader has no packs of their own
	} else if u, err := scan.Load(data); err != nil {
		// the last good ones stay (issue #11: they were dropped)
		problems = append(problems, "your packs: "+err.Error()+"; the last ones that loaded stay in force")
	} else {
		user = u
	}
	if user != nil {
		next = append(next, user)
	}
	matchers = next
	b := []byte(`{"problems":[`)
	for i, p := range problems {
		if i > 0 {
			b = append(b, ',')
		}
		b = snapshot.AppendString(b, p)
	}
	return string(append(b, "]}"...))
}

func open(_ js.Value, args []js.Value) any {
	s, errJSON := start(args)
	if s == nil {
		return errJSON
	}
	session = s
	return `{"next":` + string(snapshot.AppendString(nil, s.Phase())) + `}`
}

func next(_ js.Value, args []js.Value) any {
	if session == nil {
		return errorJSON("next: no open scan")
	}
	budget := 64 << 10
	if len(args) > 0 && args[0].Type() == js.TypeNumber {
		budget = args[0].Int()
	}
	out := session.Next(budget)
	if session.Done() {
		session = nil
	}
	return string(out)
}

func start(args []js.Value) (*snapshot.Session, string) {
	if matchers == nil {
		return nil, errorJSON("scan: no packs loaded")
	}
	if len(args) == 0 || args[0].Type() != js.TypeString {
		return nil, errorJSON("scan: no snapshot")
	}
	skip := map[string]bool{}
	if len(args) > 1 && args[1].Type() == js.TypeString {
		for _, id := range stringList(args[1].String()) {
			skip[id] = true
		}
	}
	s, err := snapshot.OpenSliced(matchers, args[0].String(), skip)
	if err != nil {
		return nil, errorJSON(err.Error())
	}
	return s, ""
}

func tags(js.Value, []js.Value) any {
	block, skip, embed := doc.Tags()
	var attrs []string
	for _, m := range matchers {
		attrs = append(attrs, m.Attrs()...)
	}
	b := []byte(`{"block":`)
	b = appendList(b, block)
	b = append(b, `,"skip":`...)
	b = appendList(b, skip)
	b = append(b, `,"embed":`...)
	b = appendList(b, embed)
	b = append(b, `,"attrs":`...)
	b = appendList(b, attrs)
	return string(append(b, '}'))
}

func appendList(b []byte, l []string) []byte {
	b = append(b, '[')
	for i, s := range l {
		if i > 0 {
			b = append(b, ',')
		}
		b = snapshot.AppendString(b, s)
	}
	return append(b, ']')
}

// stringList reads a JSON array of plain strings (ids: no escapes needed).
func stringList(s string) []string {
	root, _, err := snapshot.Decode(`{"root":["x",{}` + trimArray(s) + `]}`)
	if err != nil {
		return nil
	}
	var out []string
	for _, c := range root.Children {
		if c.Kind == doc.TextNode {
			out = append(out, c.Text)
		}
	}
	return out
}

// trimArray turns `["a","b"]` into `,"a","b"` for the snapshot reader.
func trimArray(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\n') {
		s = s[1:]
	}
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' || s == "[]" {
		return ""
	}
	return "," + s[1:len(s)-1]
}

func errorJSON(msg string) string {
	return `{"error":` + string(snapshot.AppendString(nil, msg)) + `}`
}
