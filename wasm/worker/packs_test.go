package worker

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestWrites runs each write against a store that already holds a version
// of the team pack, and checks the status, the error, and that a refused
// write left the stored version as it was.
func TestWrites(t *testing.T) {
	pack := readFile(t, "testdata/newsroom-policy.json")
	old := strings.Replace(pack, `"1.0.0"`, `"0.9.0"`, 1)
	v2 := strings.Replace(pack, `"1.0.0"`, `"2.0.0"`, 1)
	auth := []string{"Authorization: Bearer " + token}
	const url = "/v1/packs/newsroom-policy"
	tests := []struct {
		name     string
		token    string // the worker's secret
		req      req
		status   int
		inError  string
		problems []problem // expected validator problems, when a 400 has them
		stored   string    // the value afterwards; "-" for none
	}{
		{"no secret configured", "", req{"PUT", url, v2, auth}, 403, "no SOURCELIGHT_TOKEN", nil, old},
		{"no Authorization", token, req{"PUT", url, v2, nil}, 401, "Authorization: Bearer", nil, old},
		{"Basic auth", token, req{"PUT", url, v2, []string{"Authorization: Basic " + token}}, 401, "Authorization: Bearer", nil, old},
		{"wrong token", token, req{"PUT", url, v2, []string{"Authorization: Bearer nope"}}, 401, "not the worker's", nil, old},
		{"token prefix", token, req{"PUT", url, v2, []string{"Authorization: Bearer " + token[:4]}}, 401, "not the worker's", nil, old},
		{"built-in id", token, req{"PUT", "/v1/packs/denial", pack, auth}, 409, "built-in pack", nil, old},
		{"id differs from the URL", token, req{"PUT", "/v1/packs/other-id", pack, auth}, 400, `the pack's id is "newsroom-policy" but the URL names "other-id"`, nil, old},
		{"JSON syntax error", token, req{"PUT", url, "{\n  \"id\": \"newsroom-policy\",\n  oops\n}", auth}, 400, "1 problem(s); nothing was stored",
			[]problem{{File: "newsroom-policy.json", Line: 3, Col: 4}}, old},
		{"invalid pack", token, req{"PUT", url, strings.Replace(v2, `"#f2b705"`, `"yellow"`, 1), auth}, 400, "nothing was stored",
			[]problem{{File: "newsroom-policy.json", Path: "colour", Message: "must be a hex colour such as \"#f5c542\""}}, old},
		{"too large", token, req{"PUT", url, v2 + strings.Repeat(" ", MaxPackBody), auth}, 413, "at most 262144", nil, old},
		{"replace", token, req{"PUT", url, v2, auth}, 200, "", nil, v2},
		{"lower-case scheme", token, req{"PUT", url, v2, []string{"Authorization: bearer " + token}}, 200, "", nil, v2},
		{"delete without token", token, req{"DELETE", url, "", nil}, 401, "Authorization: Bearer", nil, old},
		{"delete a built-in pack", token, req{"DELETE", "/v1/packs/denial", "", auth}, 409, "cannot be deleted", nil, old},
		{"delete", token, req{"DELETE", url, "", auth}, 204, "", nil, "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newMemStore()
			s.Put(t.Context(), packKey("newsroom-policy"), []byte(old), nil)
			h := New(Config{Store: s, Token: tt.token, Log: io.Discard})
			w := tt.req.do(h)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d; body %s", w.Code, tt.status, w.Body)
			}
			if w.Code >= 400 {
				e := errorOf(t, w)
				if !strings.Contains(e.Error, tt.inError) {
					t.Errorf("error %q does not say %q", e.Error, tt.inError)
				}
				if len(e.Problems) != len(tt.problems) {
					t.Fatalf("problems %+v, want %+v", e.Problems, tt.problems)
				}
				for i, want := range tt.problems {
					got := e.Problems[i]
					if got.File != want.File || got.Path != want.Path || got.Line != want.Line || got.Col != want.Col ||
						(want.Message != "" && got.Message != want.Message) || got.Message == "" {
						t.Errorf("problem %+v, want %+v", got, want)
					}
				}
			}
			if w.Code == 401 && w.Header().Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
			stored, found, _ := s.Get(t.Context(), packKey("newsroom-policy"))
			if got := map[bool]string{true: string(stored), false: "-"}[found]; got != tt.stored {
				t.Errorf("stored afterwards:\n%.80s\nwant\n%.80s", got, tt.stored)
			}
		})
	}
}

// A pack's life through the API: created, listed, read back byte for
// byte, replaced, deleted.
func TestTeamPackLifecycle(t *testing.T) {
	s := newMemStore()
	h := newTestHandler(t, s)
	pack := readFile(t, "testdata/newsroom-policy.json")
	auth := []string{"Authorization: Bearer " + token}
	const url = "/v1/packs/newsroom-policy"

	w := req{"PUT", url, pack, auth}.do(h)
	if w.Code != http.StatusOK || w.Header().Get("ETag") != `"`+sha([]byte(pack))+`"` {
		t.Fatalf("create: status %d, ETag %q; body %s", w.Code, w.Header().Get("ETag"), w.Body)
	}
	var created Entry
	json.Unmarshal(w.Body.Bytes(), &created)
	want := Entry{ID: "newsroom-policy", Name: "Our newsroom's anonymity policy", Category: "anonymous-source",
		Version: "1.0.0", SHA256: sha([]byte(pack)), Size: len(pack), Updated: "2026-11-25T12:00:00Z", URL: url}
	if created != want {
		t.Errorf("created %+v\nwant    %+v", created, want)
	}

	w = req{"GET", url, "", nil}.do(h)
	if w.Code != 200 || w.Body.String() != pack || w.Header().Get("ETag") != `"`+want.SHA256+`"` {
		t.Fatalf("get: status %d, ETag %s, body differs: %v", w.Code, w.Header().Get("ETag"), w.Body.String() != pack)
	}
	if w := (req{"GET", url, "", []string{"If-None-Match: " + w.Header().Get("ETag")}}).do(h); w.Code != 304 {
		t.Errorf("conditional get: status %d", w.Code)
	}

	idx := index(t, h)
	if n := len(idx.Packs); n != 4 {
		t.Fatalf("index has %d packs, want 3 built-in and 1 team pack", n)
	}
	for _, e := range idx.Packs[:3] {
		if !e.Builtin || e.Updated != "2026-11-01T00:00:00Z" || e.Name == "" || e.Version == "" || len(e.SHA256) != 64 {
			t.Errorf("built-in entry %+v", e)
		}
	}
	if idx.Packs[3] != want {
		t.Errorf("team entry %+v\nwant       %+v", idx.Packs[3], want)
	}

	if w := (req{"DELETE", url, "", auth}).do(h); w.Code != 204 {
		t.Fatalf("delete: status %d", w.Code)
	}
	if w := (req{"GET", url, "", nil}).do(h); w.Code != 404 {
		t.Errorf("get after delete: status %d", w.Code)
	}
	if w := (req{"DELETE", url, "", auth}).do(h); w.Code != 204 {
		t.Errorf("second delete: status %d, want 204 (KV cannot tell whether the pack is still there elsewhere)", w.Code)
	}
	if n := len(index(t, h).Packs); n != 3 {
		t.Errorf("index after delete has %d packs", n)
	}
}

func index(t *testing.T, h http.Handler) Index {
	t.Helper()
	w := req{"GET", "/v1/packs", "", nil}.do(h)
	if w.Code != 200 {
		t.Fatalf("index: status %d", w.Code)
	}
	var idx Index
	if err := json.Unmarshal(w.Body.Bytes(), &idx); err != nil {
		t.Fatal(err)
	}
	if w := (req{"GET", "/v1/packs", "", []string{"If-None-Match: " + w.Header().Get("ETag")}}).do(h); w.Code != 304 {
		t.Errorf("conditional index: status %d", w.Code)
	}
	return idx
}

// The index holds entries KV metadata cannot: a name too long for it, a
// key written by hand without metadata. It leaves out keys the API would
// not serve.
func TestIndexWithoutMetadata(t *testing.T) {
	s := newMemStore()
	h := New(Config{Store: s, Token: token, Log: io.Discard, Now: func() time.Time { return stamp }})
	pack := readFile(t, "testdata/newsroom-policy.json")
	long := strings.Repeat("A very long name ", 80)
	longPack := strings.Replace(strings.Replace(pack, "Our newsroom's anonymity policy", long, 1), `"newsroom-policy"`, `"long-name"`, 1)
	if w := (req{"PUT", "/v1/packs/long-name", longPack, []string{"Authorization: Bearer " + token}}).do(h); w.Code != 200 {
		t.Fatalf("put: status %d %s", w.Code, w.Body)
	}
	s.Put(t.Context(), packKey("by-hand"), []byte(strings.Replace(pack, `"newsroom-policy"`, `"by-hand"`, 1)), nil)
	s.Put(t.Context(), packKey("denial"), []byte(pack), nil)       // shadowed by the built-in pack
	s.Put(t.Context(), packKey("Not An Id"), []byte(pack), nil)    // not a pack id
	s.Put(t.Context(), "other/newsroom-policy", []byte(pack), nil) // not a pack key
	idx := index(t, h)
	var got []string
	for _, e := range idx.Packs[3:] {
		got = append(got, e.ID+" "+e.Name[:min(len(e.Name), 20)]+" "+e.Updated)
	}
	want := []string{
		"by-hand Our newsroom's anony ",
		"long-name A very long name A v 2026-11-25T12:00:00Z",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("team entries\n%q\nwant\n%q", got, want)
	}
}
