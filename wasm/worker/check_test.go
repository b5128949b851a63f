package worker

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/sourcelight/sourcelight/wasm/engine"
	"github.com/sourcelight/sourcelight/wasm/input"
	"github.com/sourcelight/sourcelight/wasm/match"
	"github.com/sourcelight/sourcelight/wasm/report"
	"github.com/sourcelight/sourcelight/wasm/rule"
)

const article = "../testdata/example-article.html"

// A check answers what `sourcelight scan --format json -` prints for the
// same page: the built-in packs in file order, "-" as the file, one line.
// (scripts/test-worker compares with the CLI itself, under wrangler.)
func TestCheckIsTheCLIReport(t *testing.T) {
	page := readFile(t, article)
	packs, probs := rule.LoadAll(engine.DefaultFiles())
	if probs != nil {
		t.Fatal(probs)
	}
	_, hints, err := input.Scan(match.New(packs...), "-", "", strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	enc.Encode(report.New("-", hints))

	w := req{"POST", "/v1/check", page, []string{"Content-Type: text/html; charset=utf-8"}}.do(newTestHandler(t, newMemStore()))
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if w.Body.String() != want.String() {
		t.Errorf("check answered\n%s\nthe CLI prints\n%s", w.Body, want.String())
	}
	if !strings.Contains(w.Header().Get("Server-Timing"), "packs;dur=") {
		t.Errorf("Server-Timing %q", w.Header().Get("Server-Timing"))
	}
}

func TestCheck(t *testing.T) {
	s := newMemStore()
	team := readFile(t, "testdata/newsroom-policy.json")
	s.Put(t.Context(), packKey("newsroom-policy"), []byte(team), nil)
	s.Put(t.Context(), packKey("stale"), []byte(strings.Replace(team, `"newsroom-policy"`, `"stale"`, 1)+"}"), nil)
	h := newTestHandler(t, s)
	page := readFile(t, article)
	const aides = "Her aides said the deal was reportedly done.\n\nThe ministry denied reports of a deal."
	html := "Content-Type: text/html"
	text := "Content-Type: text/plain; charset=utf-8"
	tooMany := strings.TrimSuffix(strings.Repeat("p,", maxCheckPacks)+"denial", ",")
	for i := range maxCheckPacks {
		tooMany = strings.Replace(tooMany, "p,", fmt.Sprintf("p%d,", i), 1)
	}
	tests := []struct {
		name    string
		path    string
		ctype   string
		body    string
		status  int
		hits    string // "pack/rule" of each hint, sorted and joined by spaces
		inError string
	}{
		{"text, built-in packs", "/v1/check", text, aides, 200,
			"anonymous-source/hedge-adverb anonymous-source/unnamed-source-says denial/denied-claim", ""},
		{"text, one built-in pack", "/v1/check?packs=denial", text, aides, 200, "denial/denied-claim", ""},
		{"text, a team pack", "/v1/check?packs=newsroom-policy", text, aides, 200, "newsroom-policy/aides-say", ""},
		{"repeated and listed packs", "/v1/check?packs=newsroom-policy,denial&packs=denial", text, aides, 200,
			"denial/denied-claim newsroom-policy/aides-say", ""},
		{"html, promotional only", "/v1/check?packs=promotional", html, page, 200,
			"promotional/advertisement promotional/newsletter promotional/related promotional/site-links", ""},
		{"xhtml", "/v1/check?packs=denial", "Content-Type: application/xhtml+xml", "<p>" + aides + "</p>", 200, "denial/denied-claim", ""},
		{"html in windows-1252", "/v1/check?packs=denial", "Content-Type: text/html; charset=windows-1252",
			"<p>The minister\x92s office denied reports of a deal.</p>", 200, "denial/denied-claim", ""},
		{"no Content-Type", "/v1/check", "", aides, 415, "", "no Content-Type"},
		{"JSON body", "/v1/check", "Content-Type: application/json", `{"text": "x"}`, 415, "", "cannot check application/json"},
		{"text in Latin-1", "/v1/check", "Content-Type: text/plain; charset=iso-8859-1", aides, 415, "", "must be UTF-8"},
		{"Content-Type garbage", "/v1/check", "Content-Type: text/", aides, 415, "", "does not parse"},
		{"text that is not UTF-8", "/v1/check", text, "caf\xe9 said", 400, "", "not UTF-8"},
		{"empty body", "/v1/check", html, "", 400, "", "body is empty"},
		{"unknown pack", "/v1/check?packs=denial,nope", text, aides, 400, "", `unknown pack "nope"`},
		{"malformed pack id", "/v1/check?packs=Denial", text, aides, 400, "", `pack id "Denial"`},
		{"no pack named", "/v1/check?packs=,", text, aides, 400, "", "names no pack"},
		{"too many packs", "/v1/check?packs=" + tooMany, text, aides, 400, "", "at most 16"},
		{"misspelt parameter", "/v1/check?pack=denial", text, aides, 400, "", `unknown query parameter "pack"`},
		{"too large", "/v1/check", text, strings.Repeat("a", MaxCheckBody+1), 413, "", "at most 2097152"},
		{"stored pack now invalid", "/v1/check?packs=stale", text, aides, 409, "", "no longer passes validation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hdr []string
			if tt.ctype != "" {
				hdr = append(hdr, tt.ctype)
			}
			w := req{"POST", tt.path, tt.body, hdr}.do(h)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d; body %.300s", w.Code, tt.status, w.Body)
			}
			if w.Code != 200 {
				if e := errorOf(t, w); !strings.Contains(e.Error, tt.inError) {
					t.Errorf("error %q does not say %q", e.Error, tt.inError)
				}
				return
			}
			var rep report.Report
			if err := json.Unmarshal(w.Body.Bytes(), &rep); err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			var hits []string
			for _, h := range rep.Hints {
				if k := h.Pack + "/" + h.Rule; !seen[k] {
					seen[k] = true
					hits = append(hits, k)
				}
			}
			if got := strings.Join(slices.Sorted(slices.Values(hits)), " "); got != tt.hits {
				t.Errorf("hits %q, want %q", got, tt.hits)
			}
		})
	}
}

func TestPackIDs(t *testing.T) {
	tests := []struct {
		query string
		want  string // ids joined by commas; "<nil>" for the built-in default
		err   bool
	}{
		{"", "<nil>", false},
		{"packs=denial", "denial", false},
		{"packs=denial,%20promotional", "denial,promotional", false},
		{"packs=a,a&packs=b", "a,b", false},
		{"packs=", "", true},
		{"packs=a_b", "", true},
	}
	for _, tt := range tests {
		q, _ := url.ParseQuery(tt.query)
		ids, err := packIDs(q)
		got := strings.Join(ids, ",")
		if ids == nil && err == nil {
			got = "<nil>"
		}
		if (err != nil) != tt.err || (!tt.err && got != tt.want) {
			t.Errorf("%s: %q, %v; want %q", tt.query, got, err, tt.want)
		}
	}
}
