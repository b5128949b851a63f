package worker

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// authorize lets a write through when it carries the worker's token as
// "Authorization: Bearer <token>"; otherwise it answers and returns false.
func (h *handler) authorize(w http.ResponseWriter, r *http.Request) bool {
	if h.cfg.Token == "" {
		fail(w, r, http.StatusForbidden, "writes are disabled: this worker has no SOURCELIGHT_TOKEN secret")
		return false
	}
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="sourcelight"`)
		fail(w, r, http.StatusUnauthorized, "writing packs needs the header \"Authorization: Bearer <token>\" with the worker's SOURCELIGHT_TOKEN")
		return false
	}
	if !sameToken(strings.TrimSpace(token), h.cfg.Token) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="sourcelight", error="invalid_token"`)
		fail(w, r, http.StatusUnauthorized, "the bearer token is not the worker's SOURCELIGHT_TOKEN")
		return false
	}
	return true
}

// hasToken tells whether r carries the worker's token; a worker without
// one has no token to carry.
func (h *handler) hasToken(r *http.Request) bool {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	return h.cfg.Token != "" && strings.EqualFold(scheme, "Bearer") && token != "" &&
		sameToken(strings.TrimSpace(token), h.cfg.Token)
}

// sameToken compares in constant time. Hashing first makes the time
// independent of the lengths too, which ConstantTimeCompare alone is not.
func sameToken(got, want string) bool {
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}
