//go:build js && wasm

package main

import (
	"context"
	"fmt"
	"syscall/js"

	"github.com/syumai/workers/cloudflare"

	"github.com/sourcelight/sourcelight/wasm/worker"
)

// kvStore is a Workers KV namespace binding, spoken to directly: the kv
// package of syumai/workers v0.30.2 reads values as strings, which mangles
// bytes that are not UTF-8 and turns a missing key into "<null>", and it
// has no metadata. Values cross as ArrayBuffers, byte for byte.
type kvStore struct {
	binding string // the name in wrangler.toml's [[kv_namespaces]]
}

var _ worker.Store = kvStore{}

func (s kvStore) namespace() (js.Value, error) {
	ns := cloudflare.GetBinding(s.binding)
	if ns.Type() != js.TypeObject {
		return js.Value{}, fmt.Errorf("the worker has no KV namespace bound as %s (see wrangler.toml)", s.binding)
	}
	return ns, nil
}

func (s kvStore) Get(_ context.Context, key string) ([]byte, bool, error) {
	ns, err := s.namespace()
	if err != nil {
		return nil, false, err
	}
	opts := js.Global().Get("Object").New()
	opts.Set("type", "arrayBuffer")
	v, err := await(ns.Call("get", key, opts))
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

func (s kvStore) Put(_ context.Context, key string, value, meta []byte) error {
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
	if _, err := await(ns.Call("put", key, u8, opts)); err != nil {
		return fmt.Errorf("KV put %s: %w", key, err)
	}
	return nil
}

func (s kvStore) Delete(_ context.Context, key string) error {
	ns, err := s.namespace()
	if err != nil {
		return err
	}
	if _, err := await(ns.Call("delete", key)); err != nil {
		return fmt.Errorf("KV delete %s: %w", key, err)
	}
	return nil
}

// List pages through the keys (KV returns up to 1000 at a time).
func (s kvStore) List(_ context.Context, prefix string) ([]worker.Listed, error) {
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
		page, err := await(ns.Call("list", opts))
		if err != nil {
			return nil, fmt.Errorf("KV list %s: %w", prefix, err)
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

// await waits for a JS promise. The handler runs on its own goroutine, so
// blocking here lets the JS event loop settle the promise.
func await(p js.Value) (js.Value, error) {
	done := make(chan js.Value, 1)
	failed := make(chan error, 1)
	then := js.FuncOf(func(_ js.Value, args []js.Value) any { done <- args[0]; return nil })
	catch := js.FuncOf(func(_ js.Value, args []js.Value) any {
		failed <- fmt.Errorf("%s", args[0].Call("toString").String())
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

// secret reads a Worker secret or variable; "" when unset (where
// cloudflare.Getenv would answer "<undefined>").
func secret(name string) string {
	v := cloudflare.GetBinding(name)
	if v.Type() != js.TypeString {
		return ""
	}
	return v.String()
}
