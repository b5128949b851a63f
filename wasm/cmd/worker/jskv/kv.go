//go:build js && wasm

// Package jskv is the worker's Store on a Workers KV namespace binding,
// spoken to directly through syscall/js: the kv package of syumai/workers
// v0.30.2 reads values as strings, which mangles bytes that are not UTF-8
// and turns a missing key into "<null>", and it has no metadata. Values
// cross as ArrayBuffers, byte for byte.
//
// It is apart from package main, and imports nothing of syumai/workers
// (whose package init needs the Workers runtime), so that its tests run
// under Node: GOOS=js GOARCH=wasm go test -exec go_js_wasm_exec.
package jskv

import (
	"context"
	"fmt"
	"syscall/js"

	"github.com/sourcelight/sourcelight/wasm/worker"
)

// Store is a KV namespace binding as a worker.Store.
type Store struct {
	Binding string                // the name in wrangler.toml's [[kv_namespaces]]
	Lookup  func(string) js.Value // cloudflare.GetBinding on Workers
}

var _ worker.Store = Store{}

func (s Store) namespace() (js.Value, error) {
	ns := s.Lookup(s.Binding)
	if ns.Type() != js.TypeObject {
		return js.Value{}, fmt.Errorf("the worker has no KV namespace bound as %s (see wrangler.toml)", s.Binding)
	}
	return ns, nil
}

func (s Store) Get(_ context.Context, key string) ([]byte, bool, error) {
	ns, err := s.namespace()
	if err != nil {
		return nil, false, err
	}
	opts := js.Global().Get("Object").New()
	opts.Set("type", "arrayBuffer")
	v, err := call(ns, "get", key, opts)
	if err != nil {
		return nil, false, fmt.Errorf("KV get %s: %w", key, err)
	}
	if v.IsNull() || v.IsUndefined() {
		return nil, false, nil
	}
	u8 := js.Global().Get("Uint8Array").New(v)
	buf := make([]byte, u8.Get("byteLength").Int())
	js.CopyBytesToGo(buf, u8)
	return buf, true, nil
}

func (s Store) Put(_ context.Context, key string, value, meta []byte) error {
	ns, err := s.namespace()
	if err != nil {
		return err
	}
	u8 := js.Global().Get("Uint8Array").New(len(value))
	js.CopyBytesToJS(u8, value)
	opts := js.Global().Get("Object").New()
	if meta != nil {
		opts.Set("metadata", js.Global().Get("JSON").Call("parse", string(meta)))
	}
	if _, err := call(ns, "put", key, u8, opts); err != nil {
		return fmt.Errorf("KV put %s: %w", key, err)
	}
	return nil
}

func (s Store) Delete(_ context.Context, key string) error {
	ns, err := s.namespace()
	if err != nil {
		return err
	}
	if _, err := call(ns, "delete", key); err != nil {
		return fmt.Errorf("KV delete %s: %w", key, err)
	}
	return nil
}

// List pages through the keys (KV returns up to 1000 at a time).
func (s Store) List(_ context.Context, prefix string) ([]worker.Listed, error) {
	ns, err := s.namespace()
	if err != nil {
		return nil, err
	}
	var out []worker.Listed
	cursor := js.Undefined()
	for {
		opts := js.Global().Get("Object").New()
		opts.Set("prefix", prefix)
		opts.Set("cursor", cursor)
		page, err := call(ns, "list", opts)
		if err != nil {
			return nil, fmt.Errorf("KV list %s: %w", prefix, err)
		}
		if page.Type() != js.TypeObject || page.Get("keys").Type() != js.TypeObject {
			return nil, fmt.Errorf("KV list %s: the answer has no keys", prefix)
		}
		keys := page.Get("keys")
		for i := range keys.Length() {
			k := keys.Index(i)
			l := worker.Listed{Key: k.Get("name").String()}
			if md := k.Get("metadata"); !md.IsUndefined() && !md.IsNull() {
				l.Meta = []byte(js.Global().Get("JSON").Call("stringify", md).String())
			}
			out = append(out, l)
		}
		if page.Get("list_complete").Truthy() {
			return out, nil
		}
		cursor = page.Get("cursor")
	}
}

// call invokes a method of the binding that returns a promise and waits
// for it. A method that throws synchronously is an error too, not a panic.
func call(ns js.Value, method string, args ...any) (v js.Value, err error) {
	var p js.Value
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("%s threw: %v", method, r)
			}
		}()
		p = ns.Call(method, args...)
	}()
	if err != nil {
		return js.Value{}, err
	}
	return await(p)
}

// await waits for a JS promise (or takes a plain value as already
// settled). The handler runs on its own goroutine, so blocking here lets
// the JS event loop settle the promise.
func await(p js.Value) (js.Value, error) {
	if p.Type() != js.TypeObject || p.Get("then").Type() != js.TypeFunction {
		return p, nil
	}
	done := make(chan js.Value, 1)
	failed := make(chan error, 1)
	then := js.FuncOf(func(_ js.Value, args []js.Value) any {
		v := js.Undefined()
		if len(args) > 0 {
			v = args[0]
		}
		done <- v
		return nil
	})
	catch := js.FuncOf(func(_ js.Value, args []js.Value) any {
		v := js.Undefined()
		if len(args) > 0 {
			v = args[0]
		}
		failed <- rejection(v)
		return nil
	})
	defer then.Release()
	defer catch.Release()
	p.Call("then", then, catch)
	select {
	case v := <-done:
		return v, nil
	case err := <-failed:
		return js.Value{}, err
	}
}

// rejection turns a promise's rejection reason into an error whatever it
// is: an Error, a string, undefined or null (which have no toString: the
// old code panicked on them), or an object whose toString throws.
func rejection(reason js.Value) (err error) {
	switch reason.Type() {
	case js.TypeUndefined, js.TypeNull:
		return fmt.Errorf("the promise was rejected with %s", reason.Type())
	case js.TypeString:
		return fmt.Errorf("%s", reason.String())
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the promise was rejected with a %s that does not convert to text", reason.Type())
		}
	}()
	if reason.Type() == js.TypeObject {
		if m := reason.Get("message"); m.Type() == js.TypeString {
			name := "Error"
			if n := reason.Get("name"); n.Type() == js.TypeString {
				name = n.String()
			}
			return fmt.Errorf("%s: %s", name, m.String())
		}
	}
	return fmt.Errorf("%s", js.Global().Call("String", reason).String())
}
