package worker

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/sourcelight/sourcelight/wasm/rule"
)

// apiError is every error's body: one plain sentence, and for a pack the
// validator refused, each of its problems.
type apiError struct {
	Error    string    `json:"error"`
	Problems []problem `json:"problems,omitempty"`
}

// problem is a rule.Problem as JSON. Line and Col are set for JSON syntax
// errors only (0 otherwise); Path is the JSON path, "" for the whole file.
type problem struct {
	File    string `json:"file"`
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Message string `json:"message"`
}

func problemsJSON(ps rule.Problems) []problem {
	out := make([]problem, len(ps))
	for i, p := range ps {
		out[i] = problem{File: p.File, Path: p.Path, Line: p.Line, Col: p.Col, Message: p.Msg}
	}
	return out
}

func fail(w http.ResponseWriter, r *http.Request, status int, format string, a ...any) {
	failWith(w, r, status, apiError{Error: fmt.Sprintf(format, a...)})
}

func failWith(w http.ResponseWriter, r *http.Request, status int, e apiError) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, status, e)
}

// writeJSON encodes v as `sourcelight scan --format json` does: one line,
// HTML characters unescaped.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("encoding a response: %v", err)) // only our own types get here
	}
	write(w, r, status, "application/json", b.Bytes())
}

// write sends a whole body with its Content-Length, which lets the Workers
// runtime stream it as a fixed-length body.
func write(w http.ResponseWriter, r *http.Request, status int, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// readBody reads a request body of at most limit bytes. A body declared
// longer is refused before a byte of it is read.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, bool) {
	tooLarge := func(n string) {
		fail(w, r, http.StatusRequestEntityTooLarge, "the body is %s bytes; %s takes at most %d", n, r.URL.Path, limit)
	}
	if r.ContentLength > limit {
		tooLarge(strconv.FormatInt(r.ContentLength, 10))
		return nil, false
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		fail(w, r, http.StatusBadRequest, "reading the body: %v", err)
		return nil, false
	}
	if int64(len(data)) > limit {
		tooLarge("more than " + strconv.FormatInt(limit, 10))
		return nil, false
	}
	return data, true
}

// cors lets any page call the API: an extension, a CMS editor. Nothing
// rides on cookies (writes carry a bearer token), so "*" gives a foreign
// page no more than curl has.
func cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Expose-Headers", "ETag, Server-Timing, Sourcelight-Consistency")
		h.Set("Timing-Allow-Origin", "*")
		next.ServeHTTP(w, r)
	})
}

func preflight(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, DELETE, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, If-None-Match")
	h.Set("Access-Control-Max-Age", "86400")
	h.Set("Content-Length", "0")
	w.WriteHeader(http.StatusNoContent)
}

// etag is the strong validator of a body whose SHA-256 is sum: the same
// digest the index lists, so a client can tell a pack changed from either.
func etag(sum string) string { return `"` + sum + `"` }

// notModified applies If-None-Match (RFC 9110 13.1.2: weak comparison).
func notModified(r *http.Request, tag string) bool {
	for _, t := range strings.Split(r.Header.Get("If-None-Match"), ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == tag {
			return true
		}
	}
	return false
}

// serveCacheable sends a body with its ETag, or 304 when the client has it.
func serveCacheable(w http.ResponseWriter, r *http.Request, sum, contentType string, body []byte) {
	h := w.Header()
	h.Set("ETag", etag(sum))
	// Workers KV takes up to 60 s to show a write everywhere: caching as
	// long again keeps a reader at most about two minutes behind, and a
	// revalidation is a cheap 304.
	h.Set("Cache-Control", "public, max-age=60")
	if notModified(r, etag(sum)) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	write(w, r, http.StatusOK, contentType, body)
}
