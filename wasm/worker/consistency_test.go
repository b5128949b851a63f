package worker

import (
	"context"
	"strings"
	"testing"
)

// laggyStore is Workers KV as a location that has not yet seen the writes
// made elsewhere: writes, deletes and lists reach the namespace, but Get
// reads a replica that is only as new as the last catchUp. Workers KV
// shows a write everywhere within about 60 s; until then a location can
// read a key's old value or none.
type laggyStore struct {
	*memStore
	replica *memStore
}

func newLaggyStore() *laggyStore { return &laggyStore{memStore: newMemStore(), replica: newMemStore()} }

func (s *laggyStore) Get(ctx context.Context, key string) ([]byte, bool, error) {
	return s.replica.Get(ctx, key)
}

// A write must not answer from a read that may be stale. Before, PUT read
// the key first and answered 201 Created for a pack that another location
// had stored a moment ago, and DELETE answered 404 for it and left it
// stored. Now a PUT answers 200 and a DELETE 204 whether or not this
// location has seen the pack, and the DELETE deletes it.
func TestWritesDoNotTrustAStaleRead(t *testing.T) {
	s := newLaggyStore()
	h := newTestHandler(t, s)
	pack := readFile(t, "testdata/newsroom-policy.json")
	auth := []string{"Authorization: Bearer " + token}
	const url = "/v1/packs/newsroom-policy"
	s.memStore.Put(t.Context(), packKey("newsroom-policy"), []byte(pack), nil) // stored elsewhere, not yet seen here

	w := req{"PUT", url, pack, auth}.do(h)
	if w.Code != 200 || w.Header().Get("Location") != "" {
		t.Errorf("PUT over a pack this location has not seen: status %d, Location %q; want 200 (it may have existed)", w.Code, w.Header().Get("Location"))
	}

	w = req{"DELETE", url, "", auth}.do(h)
	if w.Code != 204 {
		t.Errorf("DELETE of a pack this location has not seen: status %d, want 204; body %s", w.Code, w.Body)
	}
	if _, found, _ := s.memStore.Get(t.Context(), packKey("newsroom-policy")); found {
		t.Error("DELETE left the pack stored")
	}
}

// What a read cannot know yet, its answer says: a 404 for a pack, and a
// check naming an unknown pack, mention that a pack stored in the last
// minute may not be visible yet, and every answer that read KV says so in
// its Sourcelight-Consistency header.
func TestStaleReadsSaySo(t *testing.T) {
	h := newTestHandler(t, newLaggyStore())
	w := req{"GET", "/v1/packs/just-stored", "", nil}.do(h)
	if e := errorOf(t, w); w.Code != 404 || !strings.Contains(e.Error, "within about 60 s") {
		t.Errorf("GET: status %d, error %q", w.Code, e.Error)
	}
	if got := w.Header().Get("Sourcelight-Consistency"); got != "eventual; max-lag=60" {
		t.Errorf("GET 404: Sourcelight-Consistency %q", got)
	}
	w = req{"POST", "/v1/check?packs=just-stored", "x", []string{"Content-Type: text/plain"}}.do(h)
	if e := errorOf(t, w); w.Code != 400 || !strings.Contains(e.Error, "within about 60 s") {
		t.Errorf("check: status %d, error %q", w.Code, e.Error)
	}
	for _, q := range []req{
		{"GET", "/v1/packs", "", nil},
		{"PUT", "/v1/packs/newsroom-policy", readFile(t, "testdata/newsroom-policy.json"), []string{"Authorization: Bearer " + token}},
		{"DELETE", "/v1/packs/newsroom-policy", "", []string{"Authorization: Bearer " + token}},
	} {
		if got := q.do(h).Header().Get("Sourcelight-Consistency"); got != "eventual; max-lag=60" {
			t.Errorf("%s %s: Sourcelight-Consistency %q", q.method, q.path, got)
		}
	}
	// Built-in packs are in the worker, not KV: nothing to say.
	if got := (req{"GET", "/v1/packs/denial", "", nil}).do(h).Header().Get("Sourcelight-Consistency"); got != "" {
		t.Errorf("GET of a built-in pack: Sourcelight-Consistency %q", got)
	}
}
