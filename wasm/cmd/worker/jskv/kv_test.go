//go:build js && wasm

package jskv

import (
	"bytes"
	"strings"
	"syscall/js"
	"testing"
)

// namespace makes a JS object from the body of a function that returns it.
func namespace(t *testing.T, body string) Store {
	t.Helper()
	ns := js.Global().Get("Function").New(body).Invoke()
	return Store{Binding: "KV", Lookup: func(name string) js.Value {
		if name != "KV" {
			return js.Undefined()
		}
		return ns
	}}
}

// A binding whose promises reject with undefined (or null, or a value with
// no usable text) is a KV failure, answered 503 by the handler: before,
// await called toString on the reason and panicked.
func TestRejectedWithAnythingIsAnError(t *testing.T) {
	reasons := map[string]string{
		"undefined":                "rejected with undefined",
		"null":                     "rejected with null",
		"new Error('quota')":       "Error: quota",
		"new TypeError('bad')":     "TypeError: bad",
		"'a string'":               "a string",
		"42":                       "42",
		"Object.create(null)":      "does not convert to text",
		"{toString() { throw 1 }}": "does not convert to text",
	}
	for reason, want := range reasons {
		s := namespace(t, `const r = () => Promise.reject(`+reason+`);
			return {get: r, put: r, delete: r, list: r};`)
		check := func(op string, err error) {
			t.Helper()
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s rejected with %s: error %v, want one saying %q", op, reason, err, want)
			}
		}
		_, found, err := s.Get(t.Context(), "k")
		if found {
			t.Errorf("get rejected with %s: found", reason)
		}
		check("get", err)
		check("put", s.Put(t.Context(), "k", []byte("v"), nil))
		check("delete", s.Delete(t.Context(), "k"))
		_, err = s.List(t.Context(), "")
		check("list", err)
	}
}

// A binding that throws instead of returning a promise is an error too.
func TestThrowingBindingIsAnError(t *testing.T) {
	s := namespace(t, `const r = () => { throw new Error("no") };
		return {get: r, put: r, delete: r, list: r};`)
	if _, _, err := s.Get(t.Context(), "k"); err == nil || !strings.Contains(err.Error(), "no") {
		t.Errorf("get: %v", err)
	}
	if err := s.Put(t.Context(), "k", nil, nil); err == nil {
		t.Error("put: no error")
	}
}

func TestNoBinding(t *testing.T) {
	s := Store{Binding: "KV", Lookup: func(string) js.Value { return js.Undefined() }}
	if _, _, err := s.Get(t.Context(), "k"); err == nil || !strings.Contains(err.Error(), "no KV namespace bound as KV") {
		t.Errorf("get: %v", err)
	}
}

// Values cross byte for byte, a missing key is not found (not "<null>"),
// metadata comes back in List, and List follows the cursor.
func TestRoundTrip(t *testing.T) {
	s := namespace(t, `const m = new Map();
		return {
			async get(k, o) { if (o.type !== "arrayBuffer") throw new Error("type " + o.type);
				return m.has(k) ? m.get(k).v.slice().buffer : null; },
			async put(k, v, o) { m.set(k, {v: new Uint8Array(v), md: o.metadata}); },
			async delete(k) { m.delete(k); },
			async list(o) {
				const keys = [...m.keys()].filter(k => k.startsWith(o.prefix)).sort();
				const from = o.cursor ? Number(o.cursor) : 0, page = keys.slice(from, from + 1);
				const done = from + 1 >= keys.length;
				return {keys: page.map(k => ({name: k, metadata: m.get(k).md})),
					list_complete: done, cursor: done ? undefined : String(from + 1)};
			},
		};`)
	ctx := t.Context()
	val := []byte{0xff, 0x00, 'a', 0xe9}
	if err := s.Put(ctx, "pack/a", val, []byte(`{"name":"A"}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, "pack/b", []byte("b"), nil); err != nil {
		t.Fatal(err)
	}
	got, found, err := s.Get(ctx, "pack/a")
	if err != nil || !found || !bytes.Equal(got, val) {
		t.Errorf("get: %q %v %v, want %q", got, found, err, val)
	}
	if got, found, err := s.Get(ctx, "pack/none"); err != nil || found || got != nil {
		t.Errorf("get of a missing key: %q %v %v", got, found, err)
	}
	ls, err := s.List(ctx, "pack/")
	if err != nil || len(ls) != 2 || ls[0].Key != "pack/a" || string(ls[0].Meta) != `{"name":"A"}` || ls[1].Key != "pack/b" || ls[1].Meta != nil {
		t.Errorf("list: %+v %v", ls, err)
	}
	if err := s.Delete(ctx, "pack/a"); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := s.Get(ctx, "pack/a"); found {
		t.Error("found after delete")
	}
}
