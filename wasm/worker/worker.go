// Package worker is Sourcelight's rule feed and check API as a plain
// http.Handler: the host in wasm/cmd/worker serves it on Cloudflare Workers,
// the tests serve it with httptest. It never imports syscall/js; the host
// passes in the KV namespace (Store) and the write token.
//
//	GET     /v1/packs        index: built-in packs, then team packs from the Store
//	GET     /v1/packs/{id}   the pack's bytes as stored, with ETag (If-None-Match → 304)
//	PUT     /v1/packs/{id}   store a team pack: bearer token, validated by rule.Load
//	DELETE  /v1/packs/{id}   remove a team pack: bearer token
//	POST    /v1/check        scan an HTML or text body: the JSON of `sourcelight scan --format json`
//	OPTIONS any              CORS preflight
//
// A request pays only for what it uses: the index and pack reads never
// compile a rule, and a check compiles only the packs it names, and only
// if the handler has not compiled them before (compile.go; on Workers'
// shim a handler lives for one request). A check without the write token
// may name only a few small stored packs.
package worker

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

// Config is what the host provides.
type Config struct {
	Store Store  // team packs (Workers KV)
	Token string // the SOURCELIGHT_TOKEN secret; empty refuses every write
	// BuiltinUpdated is when the built-in packs last changed (RFC 3339),
	// shown as their "updated" in the index; empty leaves it out.
	BuiltinUpdated string
	Now            func() time.Time // when a pack is stored; time.Now if nil
	Log            io.Writer        // panics and store failures; os.Stderr if nil
}

// Request size limits. A check body is a whole page; a pack is hand-written
// JSON (the built-in ones are under 25 KiB).
const (
	MaxCheckBody = 2 << 20
	MaxPackBody  = 256 << 10
)

type handler struct {
	cfg      Config
	builtins func() []builtin
	cache    *compileCache
}

// New returns the API's handler.
func New(cfg Config) http.Handler {
	_, hh := newHandler(cfg)
	return hh
}

// newHandler is New, with the handler itself for the tests.
func newHandler(cfg Config) (*handler, http.Handler) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = os.Stderr
	}
	h := &handler{cfg: cfg, builtins: sync.OnceValue(readBuiltins), cache: newCompileCache()}
	return h, drainBody(recoverPanics(cors(http.HandlerFunc(h.route)), cfg.Log))
}

func (h *handler) route(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case r.Method == http.MethodOptions:
		preflight(w)
	case p == "/v1/packs":
		if allow(w, r, "GET", "HEAD") {
			h.index(w, r)
		}
	case strings.HasPrefix(p, "/v1/packs/"):
		id := strings.TrimPrefix(p, "/v1/packs/")
		if !validID(id) {
			fail(w, r, http.StatusBadRequest, "pack id %q: must be lower-case letters, digits and single hyphens, at most %d characters", id, maxIDLen)
			return
		}
		switch r.Method {
		case "GET", "HEAD":
			h.getPack(w, r, id)
		case "PUT":
			h.putPack(w, r, id)
		case "DELETE":
			h.deletePack(w, r, id)
		default:
			allow(w, r, "GET", "HEAD", "PUT", "DELETE")
		}
	case p == "/v1/check":
		if allow(w, r, "POST") {
			h.check(w, r)
		}
	default:
		fail(w, r, http.StatusNotFound, "no such endpoint %s: the API is /v1/packs, /v1/packs/{id} and /v1/check", p)
	}
}

// allow answers 405 unless r uses one of methods.
func allow(w http.ResponseWriter, r *http.Request, methods ...string) bool {
	for _, m := range methods {
		if r.Method == m {
			return true
		}
	}
	w.Header().Set("Allow", strings.Join(methods, ", "))
	fail(w, r, http.StatusMethodNotAllowed, "%s %s is not supported; use %s", r.Method, r.URL.Path, strings.Join(methods, " or "))
	return false
}

// recoverPanics answers 500 instead of letting a panic end the Go
// instance, which the Workers shim reports as an opaque exception.
func recoverPanics(next http.Handler, log io.Writer) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				fmt.Fprintf(log, "sourcelight worker: panic serving %s %s: %v\n%s", r.Method, r.URL.Path, v, debug.Stack())
				fail(w, r, http.StatusInternalServerError, "internal error")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// maxDrain bounds how much of an unread request body drainBody discards.
const maxDrain = 2 * MaxCheckBody

// drainBody reads what a handler left of the request body, after a panic
// too. Under wrangler dev a partly read body makes the next request on the
// runtime hang. A body whose declared length is past maxDrain was refused
// unread (413), and is not worth the CPU of reading.
func drainBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		if r.Body != nil && r.ContentLength <= maxDrain {
			io.Copy(io.Discard, io.LimitReader(r.Body, maxDrain))
		}
	})
}
