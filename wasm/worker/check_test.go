package worker

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/sourcelight/sourcelight/wasm/report"
)

const article = "../testdata/example-article.html"

// A check answers exactly what `sourcelight scan --format json` prints:
// one line, fields in this order, HTML characters unescaped. The golden
// files in testdata/check were written by hand, not by running the code:
//
//   - aides.txt: "Her aides said" is bytes 0-14; "reportedly" starts after
//     "Her aides said the deal was " (28 bytes) and is 10 long; the first
//     paragraph is 44 bytes, then "\n\n", then "The ministry " (13), so
//     "denied reports" is 59-73.
//   - port.html: its text (as `sourcelight text` prints it) is
//     "Port deal" (9) + "\n\n" + "The Port Authority & its board denied
//     reports of a deal." (the &amp; decoded, the spaces and the line break
//     collapsed: 56 bytes, "denied reports" at 31 in it, so 42-56) +
//     "\n\n" + "Advertisement" (69-82) + "\n\n" + "Buy boats" (84-93):
//     the aside, label and link, is the advertisement block 69-93, its
//     text collapsed to "Advertisement Buy boats".
//
// The explanations are the packs' own, copied from rules/.
// (scripts/test-worker also compares with the CLI itself, under wrangler.)
func TestCheckGolden(t *testing.T) {
	h := newTestHandler(t, newMemStore())
	tests := []struct {
		page, query, ctype, golden string
	}{
		{"aides.txt", "?file=aides.txt", "text/plain; charset=utf-8", "aides.golden.json"},
		{"port.html", "?packs=denial,promotional", "text/html", "port.golden.json"},
		{"port.html", "", "text/html", "port.golden.json"}, // the built-in packs find the same
	}
	for _, tt := range tests {
		page := readFile(t, "testdata/check/"+tt.page)
		want := readFile(t, "testdata/check/"+tt.golden)
		w := req{"POST", "/v1/check" + tt.query, page, []string{"Content-Type: " + tt.ctype}}.do(h)
		if w.Code != 200 {
			t.Fatalf("%s: status %d: %s", tt.page, w.Code, w.Body)
		}
		if got := w.Body.String(); got != want {
			t.Errorf("%s%s: check answered\n%s\nwant (%s)\n%s", tt.page, tt.query, got, tt.golden, want)
		}
		if !strings.Contains(w.Header().Get("Server-Timing"), "packs;dur=") {
			t.Errorf("Server-Timing %q", w.Header().Get("Server-Timing"))
		}
	}
}

// The example article's hints, read and judged by hand against the
// guidelines: every one is what it is flagged as, and nothing else in the
// page is (the named mayor, the auditor's report and Ruth Adeyemi are
// sources on the record). Inline hints come in text order, then blocks.
func TestCheckExampleArticle(t *testing.T) {
	want := []string{
		"denial/denied-claim: Denies Report",
		"denial/denied-claim: denied reports",
		"denial/falsity-phrase: completely untrue",
		"denial/rebuffed-criticism: rejecting claims",
		"anonymous-source/people-familiar: Two people familiar with the negotiations said",
		"anonymous-source/hedge-adverb: reportedly",
		"anonymous-source/unnamed-source-says: A senior city official, who was not authorized to speak publicly, said",
		"denial/dismissed-claim: dismissed the allegations",
		"anonymous-source/quantified-group-says: Some board members say",
		"promotional/site-links [block]: HomeCityBusinessSubscribe",
		"promotional/advertisement [block]: Advertisement",
		"promotional/related [block]: Related coverage Ferry fares to rise in April Harbor bridge repairs run late again",
		"promotional/newsletter [block]: Sign up for our City Hall newsletter The week’s local politics in your inbox every Friday. Sign up", // the form's button
	}
	w := req{"POST", "/v1/check", readFile(t, article), []string{"Content-Type: text/html"}}.do(newTestHandler(t, newMemStore()))
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var rep report.Report
	if err := json.Unmarshal(w.Body.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range rep.Hints {
		block := ""
		if x.Block {
			block = " [block]"
		}
		got = append(got, x.Pack+"/"+x.Rule+block+": "+x.Text)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("hints on the example article:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if rep.File != "-" {
		t.Errorf("file %q, want -", rep.File)
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
