package worker

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sourcelight/sourcelight/wasm/report"
)

// countingStore counts reads.
type countingStore struct {
	*memStore
	gets atomic.Int64
}

func (s *countingStore) Get(ctx context.Context, key string) ([]byte, bool, error) {
	s.gets.Add(1)
	return s.memStore.Get(ctx, key)
}

// teamPack is the test pack under another id, padded with spaces to size
// bytes when size is larger.
func teamPack(t *testing.T, id string, size int) []byte {
	p := strings.Replace(readFile(t, "testdata/newsroom-policy.json"), `"newsroom-policy"`, `"`+id+`"`, 1)
	if len(p) < size {
		p = strings.Replace(p, "{", "{"+strings.Repeat(" ", size-len(p)), 1)
	}
	return []byte(p)
}

// Without the token a check may make the worker compile at most
// MaxAnonTeamPacks stored packs of MaxAnonTeamBytes together; with it, up
// to 16. A refusal by count comes before any KV read. Before, any caller
// could name 16 stored packs of 256 KiB each.
func TestAnonymousChecksAreCapped(t *testing.T) {
	s := &countingStore{memStore: newMemStore()}
	for i := range 4 {
		id := fmt.Sprintf("team-%d", i)
		s.memStore.Put(t.Context(), packKey(id), teamPack(t, id, 0), nil)
	}
	s.memStore.Put(t.Context(), packKey("big"), teamPack(t, "big", MaxAnonTeamBytes+1), nil)
	auth := "Authorization: Bearer " + token
	text := "Content-Type: text/plain"
	const body = "Her aides said the deal was off."
	tests := []struct {
		name    string
		noToken bool // a worker without SOURCELIGHT_TOKEN
		packs   string
		auth    string
		status  int
		gets    int64 // KV reads at most
		inError string
	}{
		{"anonymous, built-in packs", false, "", "", 200, 0, ""},
		{"anonymous, two team packs and the built-ins", false, "team-0,team-1,denial,anonymous-source,promotional", "", 200, 2, ""},
		{"anonymous, three team packs", false, "team-0,team-1,team-2", "", 401, 0, "names 3 team packs"},
		{"anonymous, a wrong token", false, "team-0,team-1,team-2", "Authorization: Bearer nope", 401, 0, "names 3 team packs"},
		{"anonymous, one pack past the bytes", false, "big", "", 401, 1, "more than 65536 bytes"},
		{"anonymous, two packs past the bytes", false, "team-0,big", "", 401, 2, "more than 65536 bytes"},
		{"anonymous on a worker without a token", true, "team-0,team-1,team-2", "", 403, 0, "no SOURCELIGHT_TOKEN"},
		{"with the token, four team packs", false, "team-0,team-1,team-2,team-3", auth, 200, 4, ""},
		{"with the token, a big pack", false, "big,team-0", auth, 200, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Config{Store: s, Token: token, Log: io.Discard}
			if tt.noToken {
				cfg.Token = ""
			}
			h := New(cfg)
			path := "/v1/check"
			if tt.packs != "" {
				path += "?packs=" + tt.packs
			}
			hdr := []string{text}
			if tt.auth != "" {
				hdr = append(hdr, tt.auth)
			}
			before := s.gets.Load()
			w := req{"POST", path, body, hdr}.do(h)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			if n := s.gets.Load() - before; n > tt.gets {
				t.Errorf("%d KV reads, want at most %d", n, tt.gets)
			}
			if w.Code != 200 {
				if e := errorOf(t, w); !strings.Contains(e.Error, tt.inError) {
					t.Errorf("error %q does not say %q", e.Error, tt.inError)
				}
				if w.Code == 401 && w.Header().Get("WWW-Authenticate") == "" {
					t.Error("401 without WWW-Authenticate")
				}
			}
		})
	}
}

// A handler compiles a set of packs once: the same check again uses the
// cached matcher, another set sharing a pack validates only the new one,
// and a pack replaced by a PUT (new bytes, new SHA-256) is compiled anew,
// never served stale.
func TestCompiledPacksAreCached(t *testing.T) {
	s := newMemStore()
	h, hh := newHandler(Config{Store: s, Token: token, Log: io.Discard})
	auth := "Authorization: Bearer " + token
	pack := readFile(t, "testdata/newsroom-policy.json")
	if w := (req{"PUT", "/v1/packs/newsroom-policy", pack, []string{auth}}).do(hh); w.Code != 200 {
		t.Fatalf("put: %d %s", w.Code, w.Body)
	}
	check := func(packs, body string) (rules []string, timing string) {
		t.Helper()
		w := req{"POST", "/v1/check?packs=" + packs, body, []string{"Content-Type: text/plain"}}.do(hh)
		if w.Code != 200 {
			t.Fatalf("check: %d %s", w.Code, w.Body)
		}
		var rep report.Report
		if err := json.Unmarshal(w.Body.Bytes(), &rep); err != nil {
			t.Fatal(err)
		}
		for _, x := range rep.Hints {
			rules = append(rules, x.Pack+"/"+x.Rule+":"+x.Text)
		}
		return rules, w.Header().Get("Server-Timing")
	}
	counts := func(compiles, loads int64) {
		t.Helper()
		if c, l := h.cache.compiles.Load(), h.cache.loads.Load(); c != compiles || l != loads {
			t.Errorf("%d matchers compiled and %d packs validated, want %d and %d", c, l, compiles, loads)
		}
	}
	const body = "Her aides said the deal was off. His advisers said so too."

	got, timing := check("newsroom-policy,denial", body)
	if fmt.Sprint(got) != "[newsroom-policy/aides-say:Her aides said]" || !strings.Contains(timing, "desc=compiled") {
		t.Errorf("first check: %v, Server-Timing %q", got, timing)
	}
	counts(1, 2)
	got, timing = check("newsroom-policy,denial", body)
	if fmt.Sprint(got) != "[newsroom-policy/aides-say:Her aides said]" || !strings.Contains(timing, "desc=cached") {
		t.Errorf("same check again: %v, Server-Timing %q", got, timing)
	}
	counts(1, 2)
	check("newsroom-policy", body) // another set: a new matcher, no new validation
	counts(2, 2)

	v2 := strings.Replace(pack, `"{his|her|their} aides {say}"`, `"{his|her|their} advisers {say}"`, 1)
	if v2 == pack {
		t.Fatal("the test pack no longer has the phrase this test replaces")
	}
	if w := (req{"PUT", "/v1/packs/newsroom-policy", v2, []string{auth}}).do(hh); w.Code != 200 {
		t.Fatalf("put v2: %d %s", w.Code, w.Body)
	}
	got, timing = check("newsroom-policy,denial", body)
	if fmt.Sprint(got) != "[newsroom-policy/aides-say:His advisers said]" || !strings.Contains(timing, "desc=compiled") {
		t.Errorf("after a PUT: %v, Server-Timing %q; want the new version's hint", got, timing)
	}
	counts(3, 3)
}

func TestLRU(t *testing.T) {
	l := lru[int]{max: 2}
	l.put("a", 1)
	l.put("b", 2)
	l.get("a") // b is now the least recently used
	l.put("c", 3)
	if _, ok := l.get("b"); ok {
		t.Error("b survived")
	}
	if v, ok := l.get("a"); !ok || v != 1 {
		t.Error("a was dropped")
	}
	if v, ok := l.get("c"); !ok || v != 3 {
		t.Error("c was dropped")
	}
}

// Checks running at once share the cache safely (run with -race) and get
// the same answer.
func TestConcurrentChecksShareTheCache(t *testing.T) {
	h := newTestHandler(t, newMemStore())
	page := readFile(t, "testdata/check/port.html")
	want := readFile(t, "testdata/check/port.golden.json")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			w := req{"POST", "/v1/check?packs=denial,promotional", page, []string{"Content-Type: text/html"}}.do(h)
			if w.Code != 200 || w.Body.String() != want {
				t.Errorf("status %d, body %s", w.Code, w.Body)
			}
		})
	}
	wg.Wait()
}
