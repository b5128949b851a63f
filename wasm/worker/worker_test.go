package worker

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sourcelight/sourcelight/wasm/engine"
)

const token = "s3cret-token"

var stamp = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func newTestHandler(t *testing.T, s Store) http.Handler {
	t.Helper()
	return New(Config{Store: s, Token: token, BuiltinUpdated: "2026-11-01T00:00:00Z",
		Now: func() time.Time { return stamp }, Log: io.Discard})
}

// req is one request of a table test; header values are "Name: value".
type req struct {
	method, path, body string
	header             []string
}

func (q req) do(h http.Handler) *httptest.ResponseRecorder {
	var body io.Reader
	if q.body != "" {
		body = strings.NewReader(q.body)
	}
	r := httptest.NewRequest(q.method, q.path, body)
	for _, hv := range q.header {
		k, v, _ := strings.Cut(hv, ":")
		r.Header.Set(k, strings.TrimSpace(v))
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// errorOf decodes an error body; every 4xx and 5xx must have one.
func errorOf(t *testing.T, w *httptest.ResponseRecorder) apiError {
	t.Helper()
	var e apiError
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Fatalf("error Content-Type %q, body %s", ct, w.Body)
	}
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error == "" {
		t.Fatalf("error body %q is not {\"error\": ...}: %v", w.Body, err)
	}
	return e
}

func TestRoutes(t *testing.T) {
	h := newTestHandler(t, newMemStore())
	tests := []struct {
		name   string
		req    req
		status int
		inBody string
	}{
		{"index", req{"GET", "/v1/packs", "", nil}, 200, `"id":"denial"`},
		{"built-in pack", req{"GET", "/v1/packs/denial", "", nil}, 200, `"id": "denial"`},
		{"HEAD of a pack", req{"HEAD", "/v1/packs/denial", "", nil}, 200, ""},
		{"unknown pack", req{"GET", "/v1/packs/nope", "", nil}, 404, `no pack \"nope\"`},
		{"id with capitals", req{"GET", "/v1/packs/Denial", "", nil}, 400, "lower-case letters"},
		{"id with a slash", req{"GET", "/v1/packs/a/b", "", nil}, 400, "lower-case letters"},
		{"empty id", req{"GET", "/v1/packs/", "", nil}, 400, "lower-case letters"},
		{"id too long", req{"GET", "/v1/packs/" + strings.Repeat("a", maxIDLen+1), "", nil}, 400, "at most 64"},
		{"POST to the index", req{"POST", "/v1/packs", "x", nil}, 405, "use GET or HEAD"},
		{"PATCH a pack", req{"PATCH", "/v1/packs/denial", "x", nil}, 405, "PATCH"},
		{"GET the check", req{"GET", "/v1/check", "", nil}, 405, "use POST"},
		{"unknown path", req{"GET", "/v2/packs", "", nil}, 404, "no such endpoint"},
		{"root", req{"GET", "/", "", nil}, 404, "/v1/check"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.req.do(h)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d; body %s", w.Code, tt.status, w.Body)
			}
			if !strings.Contains(w.Body.String(), tt.inBody) {
				t.Errorf("body %s does not contain %s", w.Body, tt.inBody)
			}
			if w.Code >= 400 {
				errorOf(t, w)
			}
			if got := w.Header().Get("Access-Control-Allow-Origin"); got != "*" {
				t.Errorf("Access-Control-Allow-Origin %q", got)
			}
			if cl := w.Header().Get("Content-Length"); w.Code != 304 && cl == "" {
				t.Error("no Content-Length")
			}
		})
	}
}

func TestPreflight(t *testing.T) {
	w := req{"OPTIONS", "/v1/packs/team", "", []string{
		"Origin: https://cms.example", "Access-Control-Request-Method: PUT",
		"Access-Control-Request-Headers: authorization, content-type"}}.do(newTestHandler(t, newMemStore()))
	if w.Code != http.StatusNoContent {
		t.Fatalf("status %d", w.Code)
	}
	for k, want := range map[string]string{
		"Access-Control-Allow-Origin":  "*",
		"Access-Control-Allow-Methods": "PUT",
		"Access-Control-Allow-Headers": "Authorization",
	} {
		if got := w.Header().Get(k); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want it to contain %q", k, got, want)
		}
	}
}

// The built-in packs are served byte for byte as the CLI reads them, and
// conditional GETs answer 304 for the ETag in any of its forms.
func TestGetBuiltinPacks(t *testing.T) {
	h := newTestHandler(t, newMemStore())
	for _, f := range engine.DefaultFiles() {
		id := strings.TrimSuffix(f.Name, ".json")
		w := req{"GET", "/v1/packs/" + id, "", nil}.do(h)
		if w.Code != 200 || !bytes.Equal(w.Body.Bytes(), f.Data) {
			t.Fatalf("%s: status %d, body differs from rules/%s", id, w.Code, f.Name)
		}
		tag := w.Header().Get("ETag")
		if tag != `"`+sha(f.Data)+`"` {
			t.Errorf("%s: ETag %s, want the quoted SHA-256 of the file", id, tag)
		}
		if cc := w.Header().Get("Cache-Control"); !strings.Contains(cc, "max-age=") {
			t.Errorf("%s: Cache-Control %q", id, cc)
		}
		conditional := []struct {
			inm    string
			status int
		}{
			{tag, 304},
			{"W/" + tag, 304},
			{`"other", ` + tag, 304},
			{"*", 304},
			{`"other"`, 200},
			{"", 200},
		}
		for _, c := range conditional {
			w := req{"GET", "/v1/packs/" + id, "", []string{"If-None-Match: " + c.inm}}.do(h)
			if w.Code != c.status {
				t.Errorf("%s: If-None-Match %s: status %d, want %d", id, c.inm, w.Code, c.status)
			}
			if c.status == 304 && (w.Body.Len() != 0 || w.Header().Get("ETag") != tag) {
				t.Errorf("%s: 304 with body %q, ETag %q", id, w.Body, w.Header().Get("ETag"))
			}
		}
	}
}

func TestStoreOutage(t *testing.T) {
	s := newMemStore()
	s.err = errors.New("KV unreachable")
	h := newTestHandler(t, s)
	pack := readFile(t, "testdata/newsroom-policy.json")
	auth := []string{"Authorization: Bearer " + token}
	tests := []struct {
		name   string
		req    req
		status int
	}{
		{"index", req{"GET", "/v1/packs", "", nil}, 503},
		{"team pack", req{"GET", "/v1/packs/newsroom-policy", "", nil}, 503},
		{"built-in pack needs no store", req{"GET", "/v1/packs/denial", "", nil}, 200},
		{"put", req{"PUT", "/v1/packs/newsroom-policy", pack, auth}, 503},
		{"delete", req{"DELETE", "/v1/packs/newsroom-policy", "", auth}, 503},
		{"check with a team pack", req{"POST", "/v1/check?packs=newsroom-policy", "x", []string{"Content-Type: text/plain"}}, 503},
		{"check with built-in packs needs no store", req{"POST", "/v1/check", "x", []string{"Content-Type: text/plain"}}, 200},
	}
	for _, tt := range tests {
		w := tt.req.do(h)
		if w.Code != tt.status {
			t.Errorf("%s: status %d, want %d; body %s", tt.name, w.Code, tt.status, w.Body)
		}
		if w.Code == 503 && !strings.Contains(errorOf(t, w).Error, "KV unreachable") {
			t.Errorf("%s: error does not say what failed: %s", tt.name, w.Body)
		}
	}
}

func TestPanicIsA500(t *testing.T) {
	var log bytes.Buffer
	s := newMemStore()
	h := New(Config{Store: panicking{s}, Token: token, Log: &log})
	w := req{"GET", "/v1/packs/team", "", nil}.do(h)
	if w.Code != 500 || errorOf(t, w).Error != "internal error" {
		t.Fatalf("status %d body %s", w.Code, w.Body)
	}
	if !strings.Contains(log.String(), "panic serving GET /v1/packs/team: boom") {
		t.Errorf("log %q does not record the panic", log.String())
	}
}

// panicking stands for any bug below the handler.
type panicking struct{ *memStore }

func (panicking) Get(context.Context, string) ([]byte, bool, error) { panic("boom") }

// countingBody records how much of a request body was read.
type countingBody struct {
	r    io.Reader
	read int
}

func (c *countingBody) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.read += n
	return n, err
}

func (c *countingBody) Close() error { return nil }

// Under wrangler dev a request body left partly read stalls the next
// request, so every body is read to its end unless its declared length
// was refused outright.
func TestBodiesAreDrained(t *testing.T) {
	h := newTestHandler(t, panicking{newMemStore()}) // a team pack's GET panics in the store
	tests := []struct {
		name     string
		method   string
		path     string
		size     int
		declared int64 // Content-Length; 0 as syumai/workers sets it when absent
		wantRead bool
		auth     bool
	}{
		{"refused write", "PUT", "/v1/packs/team", 1000, 1000, true, false},
		{"body on a GET", "GET", "/v1/packs/denial", 1000, 1000, true, false},
		{"too large, no length", "PUT", "/v1/packs/team", MaxPackBody + 10, 0, true, true},
		{"declared past the drain bound", "POST", "/v1/check", maxDrain + 1, maxDrain + 1, false, false},
		{"a panic", "GET", "/v1/packs/team", 1000, 1000, true, false},
	}
	for _, tt := range tests {
		body := &countingBody{r: bytes.NewReader(make([]byte, tt.size))}
		r := httptest.NewRequest(tt.method, tt.path, nil)
		r.Body, r.ContentLength = body, tt.declared
		r.Header.Set("Content-Type", "text/plain")
		if tt.auth {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if tt.name == "a panic" && w.Code != 500 {
			t.Errorf("%s: status %d", tt.name, w.Code)
		}
		if got := body.read == tt.size; got != tt.wantRead {
			t.Errorf("%s: read %d of %d bytes", tt.name, body.read, tt.size)
		}
	}
}

func TestSameToken(t *testing.T) {
	tests := []struct {
		got, want string
		same      bool
	}{
		{"abc", "abc", true},
		{"abc", "abd", false},
		{"ab", "abc", false},
		{"", "abc", false},
	}
	for _, tt := range tests {
		if sameToken(tt.got, tt.want) != tt.same {
			t.Errorf("sameToken(%q, %q) = %v", tt.got, tt.want, !tt.same)
		}
	}
}
