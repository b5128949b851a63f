package worker

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sourcelight/sourcelight/wasm/engine"
	"github.com/sourcelight/sourcelight/wasm/input"
	"github.com/sourcelight/sourcelight/wasm/match"
	"github.com/sourcelight/sourcelight/wasm/report"
	"github.com/sourcelight/sourcelight/wasm/rule"
)

// maxCheckPacks bounds the compiling one check can ask for.
const maxCheckPacks = 16

// check scans a page: POST /v1/check?packs=a,b&file=NAME with the page as
// text/html or text/plain. Without packs it uses every built-in pack; file
// is the report's "file" ("-" if not given, as the CLI names standard
// input). Compiling packs is most of a check's cost, and a fresh Go
// instance serves each request, so only the packs named are compiled.
func (h *handler) check(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for k := range q {
		if k != "packs" && k != "file" {
			fail(w, r, http.StatusBadRequest, "unknown query parameter %q: a check takes packs (ids separated by commas) and file", k)
			return
		}
	}
	html, err := pageType(r.Header.Get("Content-Type"))
	if err != nil {
		fail(w, r, http.StatusUnsupportedMediaType, "%v", err)
		return
	}
	ids, err := packIDs(q)
	if err != nil {
		fail(w, r, http.StatusBadRequest, "%v", err)
		return
	}
	body, ok := readBody(w, r, MaxCheckBody)
	if !ok {
		return
	}
	switch {
	case len(body) == 0:
		fail(w, r, http.StatusBadRequest, "the body is empty: send the page to check")
		return
	case !html && !utf8.Valid(body):
		fail(w, r, http.StatusBadRequest, "the body is not UTF-8 text: send text/plain as UTF-8, or the page as text/html")
		return
	}
	if ids == nil {
		for _, b := range h.builtins() {
			ids = append(ids, b.entry.ID)
		}
	}

	start := time.Now()
	m, cached, ok := h.matcher(w, r, ids)
	if !ok {
		return
	}
	compiled := time.Now()
	file := q.Get("file")
	if file == "" {
		file = "-"
	}
	d, err := input.Document(file, r.Header.Get("Content-Type"), body)
	if err != nil {
		fail(w, r, http.StatusBadRequest, "reading the page: %v", err)
		return
	}
	rep := report.New(file, m.Scan(d))
	desc := "compiled"
	if cached {
		desc = "cached"
	}
	w.Header().Set("Server-Timing", fmt.Sprintf("packs;dur=%.1f;desc=%s, scan;dur=%.1f",
		ms(compiled.Sub(start)), desc, ms(time.Since(compiled))))
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, http.StatusOK, rep)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// pageType tells HTML from plain text by the media type, the only hint a
// request body has. Plain text must be UTF-8: its hints' offsets count
// bytes of it.
func pageType(contentType string) (html bool, err error) {
	if contentType == "" {
		return false, fmt.Errorf("the request has no Content-Type: send the page as text/html or text/plain")
	}
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false, fmt.Errorf("the Content-Type %q does not parse: %v", contentType, err)
	}
	switch mt {
	case "text/html", "application/xhtml+xml":
		return true, nil // input decodes the charset it names or the page declares
	case "text/plain":
		if cs := params["charset"]; cs != "" && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "us-ascii") {
			return false, fmt.Errorf("text/plain must be UTF-8, not %s", cs)
		}
		return false, nil
	}
	return false, fmt.Errorf("cannot check %s: send the page as text/html or text/plain", mt)
}

// packIDs reads ?packs=a,b (the parameter may also repeat). Nil means
// the parameter was not given.
func packIDs(q url.Values) ([]string, error) {
	vals, given := q["packs"]
	if !given {
		return nil, nil
	}
	var ids []string
	seen := map[string]bool{}
	for _, v := range vals {
		for _, id := range strings.Split(v, ",") {
			id = strings.TrimSpace(id)
			switch {
			case id == "" || seen[id]:
				continue
			case !validID(id):
				return nil, fmt.Errorf("pack id %q in packs: must be lower-case letters, digits and single hyphens, at most %d characters", id, maxIDLen)
			}
			seen[id] = true
			ids = append(ids, id)
		}
	}
	switch {
	case len(ids) == 0:
		return nil, fmt.Errorf("packs names no pack: give pack ids separated by commas, or leave it out for the built-in packs")
	case len(ids) > maxCheckPacks:
		return nil, fmt.Errorf("packs names %d packs; a check takes at most %d", len(ids), maxCheckPacks)
	}
	return ids, nil
}

// matcher reads the packs of a check, built-in or stored, and returns
// their matcher, compiled or from the cache (cached is true then). A
// check without the worker's token may name at most MaxAnonTeamPacks
// stored packs of MaxAnonTeamBytes together.
func (h *handler) matcher(w http.ResponseWriter, r *http.Request, ids []string) (m *match.Matcher, cached, ok bool) {
	anon := !h.hasToken(r)
	if anon {
		team := 0
		for _, id := range ids {
			if _, ok := h.builtin(id); !ok {
				team++
			}
		}
		if team > MaxAnonTeamPacks {
			h.refuseAnonymous(w, r, fmt.Sprintf("names %d team packs", team))
			return nil, false, false
		}
	}
	if m := h.builtinMatcher(ids); m != nil {
		return m, true, true
	}
	var packs []*rule.Pack
	var sums []string
	teamBytes := 0
	for _, id := range ids {
		var raw []byte
		var sum string
		if b, ok := h.builtin(id); ok {
			raw, sum = b.raw, b.entry.SHA256
		} else {
			eventual(w)
			data, found, err := h.cfg.Store.Get(r.Context(), packKey(id))
			if err != nil {
				h.storeFailed(w, r, err)
				return nil, false, false
			}
			if !found {
				fail(w, r, http.StatusBadRequest, "unknown pack %q in packs: GET /v1/packs lists the packs%s", id, notYetVisible)
				return nil, false, false
			}
			if teamBytes += len(data); anon && teamBytes > MaxAnonTeamBytes {
				h.refuseAnonymous(w, r, fmt.Sprintf("names team packs of more than %d bytes together", MaxAnonTeamBytes))
				return nil, false, false
			}
			d := sha256.Sum256(data)
			raw, sum = data, hex.EncodeToString(d[:])
		}
		p, probs := h.cache.pack(id, sum, raw)
		if len(probs) > 0 {
			// Stored before the validator grew stricter: say so rather
			// than check with part of what was asked.
			failWith(w, r, http.StatusConflict, apiError{
				Error:    fmt.Sprintf("the stored pack %q no longer passes validation; PUT a fixed version", id),
				Problems: problemsJSON(probs),
			})
			return nil, false, false
		}
		packs = append(packs, p)
		sums = append(sums, sum)
	}
	m, cached = h.cache.matcher(sums, packs)
	return m, cached, true
}

// builtinMatcher serves a check of built-in packs only (the default check)
// from their precompiled form, which loads in milliseconds where compiling
// them took most of a request's CPU; nil when a team pack is named.
func (h *handler) builtinMatcher(ids []string) *match.Matcher {
	want := map[string]bool{}
	for _, id := range ids {
		if _, ok := h.builtin(id); !ok {
			return nil
		}
		want[id] = true
	}
	var off []string
	for _, b := range h.builtins() {
		if !want[b.entry.ID] {
			off = append(off, b.entry.ID)
		}
	}
	return engine.DefaultMatcher().Without(off...)
}

// refuseAnonymous answers a check past what a caller without the token
// may make the worker compile.
func (h *handler) refuseAnonymous(w http.ResponseWriter, r *http.Request, what string) {
	msg := fmt.Sprintf("the check %s; without the worker's token a check may name at most %d team packs of %d bytes together (built-in packs are not counted)",
		what, MaxAnonTeamPacks, MaxAnonTeamBytes)
	if h.cfg.Token == "" {
		fail(w, r, http.StatusForbidden, "%s, and this worker has no SOURCELIGHT_TOKEN to lift that", msg)
		return
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="sourcelight"`)
	fail(w, r, http.StatusUnauthorized, "%s: send \"Authorization: Bearer <token>\" for up to %d packs", msg, maxCheckPacks)
}
