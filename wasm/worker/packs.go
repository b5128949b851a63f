package worker

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"time"

	"github.com/tidwall/gjson"

	"github.com/sourcelight/sourcelight/wasm/engine"
	"github.com/sourcelight/sourcelight/wasm/rule"
)

// Entry is a pack in the index. Team packs store theirs as KV metadata, so
// that the index is one List, not a read per pack.
type Entry struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Category string `json:"category"`
	Version  string `json:"version"`
	SHA256   string `json:"sha256"` // of the bytes GET /v1/packs/{id} serves; also their ETag
	Size     int    `json:"size"`
	Updated  string `json:"updated,omitempty"` // RFC 3339
	Builtin  bool   `json:"builtin"`
	URL      string `json:"url"` // relative to the API's origin
}

// Index is the body of GET /v1/packs.
type Index struct {
	Packs []Entry `json:"packs"`
}

// entryOf describes a pack's bytes. It reads the fields with gjson rather
// than rule.Load: listing packs must not pay for compiling their rules.
func entryOf(id string, raw []byte) Entry {
	sum := sha256.Sum256(raw)
	return Entry{
		ID:       id,
		Name:     gjson.GetBytes(raw, "name").String(),
		Category: gjson.GetBytes(raw, "category").String(),
		Version:  gjson.GetBytes(raw, "version").String(),
		SHA256:   hex.EncodeToString(sum[:]),
		Size:     len(raw),
		URL:      "/v1/packs/" + id,
	}
}

// maxIDLen keeps a pack's KV key well inside KV's 512-byte limit.
const maxIDLen = 64

// idRe is the validator's rule for pack ids (rule.Load checks the body's).
var idRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func validID(id string) bool { return len(id) <= maxIDLen && idRe.MatchString(id) }

// builtin is a pack compiled into the worker: it is always served and can
// be neither overwritten nor deleted.
type builtin struct {
	entry Entry
	raw   []byte
}

func readBuiltins() []builtin {
	var out []builtin
	for _, f := range engine.DefaultFiles() {
		e := entryOf(gjson.GetBytes(f.Data, "id").String(), f.Data)
		e.Builtin = true
		out = append(out, builtin{entry: e, raw: f.Data})
	}
	return out
}

func (h *handler) builtin(id string) (builtin, bool) {
	for _, b := range h.builtins() {
		if b.entry.ID == id {
			return b, true
		}
	}
	return builtin{}, false
}

func (h *handler) index(w http.ResponseWriter, r *http.Request) {
	idx := Index{Packs: []Entry{}}
	for _, b := range h.builtins() {
		e := b.entry
		e.Updated = h.cfg.BuiltinUpdated
		idx.Packs = append(idx.Packs, e)
	}
	eventual(w)
	listed, err := h.cfg.Store.List(r.Context(), packPrefix)
	if err != nil {
		h.storeFailed(w, r, err)
		return
	}
	for _, l := range listed {
		id := idOfKey(l.Key)
		if _, shadowed := h.builtin(id); shadowed || !validID(id) {
			continue // not a key this API wrote, and GET would not serve it
		}
		e, err := h.teamEntry(r, id, l.Meta)
		if err != nil {
			h.storeFailed(w, r, err)
			return
		}
		if e != nil {
			idx.Packs = append(idx.Packs, *e)
		}
	}
	body, err := json.Marshal(idx)
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(body)
	serveCacheable(w, r, hex.EncodeToString(sum[:]), "application/json", body)
}

// teamEntry reads a listed pack's entry from its metadata, or from the pack
// itself when the metadata lacks the name (too long to store, see putPack)
// or is missing (a key written by hand). A pack deleted since the List
// gives nil.
func (h *handler) teamEntry(r *http.Request, id string, meta []byte) (*Entry, error) {
	var stored Entry
	if json.Unmarshal(meta, &stored) == nil && stored.Name != "" && stored.SHA256 != "" {
		stored.ID, stored.Builtin, stored.URL = id, false, "/v1/packs/"+id
		return &stored, nil
	}
	raw, found, err := h.cfg.Store.Get(r.Context(), packKey(id))
	if err != nil || !found {
		return nil, err
	}
	e := entryOf(id, raw)
	e.Updated = stored.Updated
	return &e, nil
}

func (h *handler) getPack(w http.ResponseWriter, r *http.Request, id string) {
	if b, ok := h.builtin(id); ok {
		serveCacheable(w, r, b.entry.SHA256, "application/json", b.raw)
		return
	}
	eventual(w)
	raw, found, err := h.cfg.Store.Get(r.Context(), packKey(id))
	if err != nil {
		h.storeFailed(w, r, err)
		return
	}
	if !found {
		fail(w, r, http.StatusNotFound, "no pack %q: GET /v1/packs lists the packs%s", id, notYetVisible)
		return
	}
	sum := sha256.Sum256(raw)
	serveCacheable(w, r, hex.EncodeToString(sum[:]), "application/json", raw)
}

func (h *handler) putPack(w http.ResponseWriter, r *http.Request, id string) {
	if !h.authorize(w, r) {
		return
	}
	if _, ok := h.builtin(id); ok {
		fail(w, r, http.StatusConflict, "%q is a built-in pack, which changes only with the worker: give your pack another id", id)
		return
	}
	data, ok := readBody(w, r, MaxPackBody)
	if !ok {
		return
	}
	pack, probs := rule.Load(id+".json", data)
	if len(probs) > 0 {
		failWith(w, r, http.StatusBadRequest, apiError{
			Error:    fmt.Sprintf("the pack has %d problem(s); nothing was stored", len(probs)),
			Problems: problemsJSON(probs),
		})
		return
	}
	if pack.ID != id {
		fail(w, r, http.StatusBadRequest, "the pack's id is %q but the URL names %q: they must be the same; nothing was stored", pack.ID, id)
		return
	}
	e := entryOf(id, data)
	e.Updated = h.cfg.Now().UTC().Format(time.RFC3339)
	meta, err := json.Marshal(e)
	if err != nil {
		panic(err)
	}
	if len(meta) > MaxMeta {
		// A very long name: keep the time, and let the index read the rest
		// from the pack itself (teamEntry).
		meta, _ = json.Marshal(Entry{ID: id, Updated: e.Updated})
	}
	// No read first: on eventually consistent KV it can miss a pack
	// stored elsewhere in the last minute, so "created" or "replaced" would
	// be a guess. A PUT answers 200 either way.
	eventual(w)
	if err := h.cfg.Store.Put(r.Context(), packKey(id), data, meta); err != nil {
		h.storeFailed(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(e.SHA256))
	writeJSON(w, r, http.StatusOK, e)
}

func (h *handler) deletePack(w http.ResponseWriter, r *http.Request, id string) {
	if !h.authorize(w, r) {
		return
	}
	if _, ok := h.builtin(id); ok {
		fail(w, r, http.StatusConflict, "%q is a built-in pack, which changes only with the worker: it cannot be deleted", id)
		return
	}
	// No read first, as in putPack: a stale read would answer 404 and
	// leave a pack stored elsewhere a moment ago. Deleting a missing key
	// is no error, so DELETE answers 204 whether or not the pack was there.
	eventual(w)
	if err := h.cfg.Store.Delete(r.Context(), packKey(id)); err != nil {
		h.storeFailed(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// Workers KV shows a write everywhere within about 60 s; until then a
// location may read a pack's old version or none. Every answer that read
// or wrote KV says so in a header, and a 404 in its message.
const (
	consistencyHeader = "Sourcelight-Consistency"
	consistency       = "eventual; max-lag=60"
	notYetVisible     = " (a pack stored or deleted within about 60 s may not be visible here yet)"
)

func eventual(w http.ResponseWriter) { w.Header().Set(consistencyHeader, consistency) }

func (h *handler) storeFailed(w http.ResponseWriter, r *http.Request, err error) {
	fmt.Fprintf(h.cfg.Log, "sourcelight worker: %s %s: pack store: %v\n", r.Method, r.URL.Path, err)
	fail(w, r, http.StatusServiceUnavailable, "the pack store failed; try again: %v", err)
}
