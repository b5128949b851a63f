package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/sourcelight/sourcelight/wasm/report"
)

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

// expected is the format of *.expected.json fixtures: quotes a hint must
// overlap (or, for blocks, be contained in), and text no hint may cover.
type expected struct {
	Required []struct {
		Category string `json:"category"`
		Block    bool   `json:"block"`
		Quote    string `json:"quote"`
		Count    int    `json:"count"`
	} `json:"required"`
	MustNot []string `json:"must_not"`
}

var spaces = regexp.MustCompile(`\s+`)

// normalize as the fixtures' judge does: NFKC, plain quotes, one space, lower case.
func normalize(s string) string {
	s = norm.NFKC.String(s)
	s = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u201c", `"`, "\u201d", `"`).Replace(s)
	return strings.ToLower(strings.TrimFunc(spaces.ReplaceAllString(s, " "), unicode.IsSpace))
}

func judge(t *testing.T, expFile string, rep report.Report) {
	t.Helper()
	data, err := os.ReadFile(expFile)
	if err != nil {
		t.Fatal(err)
	}
	var exp expected
	if err := json.Unmarshal(data, &exp); err != nil {
		t.Fatal(err)
	}
	overlaps := func(a, b string) bool {
		return a != "" && b != "" && (strings.Contains(a, b) || strings.Contains(b, a))
	}
	for _, r := range exp.Required {
		q, want, got := normalize(r.Quote), max(r.Count, 1), 0
		for _, h := range rep.Hints {
			text := normalize(h.Text)
			if h.Category == r.Category && ((r.Block && h.Block && strings.Contains(text, q)) || (!r.Block && overlaps(q, text))) {
				got++
			}
		}
		if got < want {
			t.Errorf("missing %s hint on %q: %d of %d", r.Category, r.Quote, got, want)
		}
	}
	for _, m := range exp.MustNot {
		for _, h := range rep.Hints {
			if !h.Block && overlaps(normalize(m), normalize(h.Text)) {
				t.Errorf("%s hint %q covers %q, which is named and on the record", h.Category, h.Text, m)
			}
		}
	}
}

func scanJSON(t *testing.T, file string) report.Report {
	t.Helper()
	out, errs, code := runCLI(t, "scan", "--format", "json", file)
	if code != 0 {
		t.Fatalf("scan exit %d: %s", code, errs)
	}
	var rep report.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("scan output is not one JSON object: %v\n%s", err, out)
	}
	return rep
}

func TestExampleArticle(t *testing.T) {
	rep := scanJSON(t, "../../testdata/example-article.html")
	if rep.File != "../../testdata/example-article.html" || len(rep.Hints) == 0 {
		t.Fatalf("report = %+v", rep)
	}
	judge(t, "../../testdata/example-article.expected.json", rep)
}

// The seed article this product was conceived from, when ../shared is here.
func TestSeedArticle(t *testing.T) {
	page := "../../../../shared/fixtures/seed-article.html"
	if _, err := os.Stat(page); err != nil {
		t.Skip("../shared/fixtures not present")
	}
	judge(t, strings.TrimSuffix(page, ".html")+".expected.json", scanJSON(t, page))
}

func TestTextOffsetsIndexTheFile(t *testing.T) {
	src := "Intro line.\r\n\r\nThe minister, who asked not to be named, said the “talks” had reportedly failed.\n\nAdvertisement\n"
	file := filepath.Join(t.TempDir(), "story.txt")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := scanJSON(t, file)
	if len(rep.Hints) < 3 {
		t.Fatalf("hints = %+v", rep.Hints)
	}
	for _, h := range rep.Hints {
		if got := src[h.Start:h.End]; !h.Block && got != h.Text {
			t.Errorf("hint %q at %d..%d, but the file has %q there", h.Text, h.Start, h.End, got)
		}
	}
}

func TestTextFormat(t *testing.T) {
	out, _, code := runCLI(t, "scan", "../../testdata/example-article.html")
	if code != 0 || !strings.Contains(out, "hints: ") || !strings.Contains(out, "»denied reports«") || !strings.Contains(out, "[block] Advertisement") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
}

const okPack = `{"id": "mine", "name": "Mine", "version": "1.0.0", "category": "denial", "colour": "#ff0000",
  "description": "d", "rules": [{"id": "fib", "type": "phrase", "phrases": ["porky pie"], "explanation": "A lie.",
  "examples": {"match": ["What a porky pie."], "no_match": ["A pork pie."]}}]}`

func writePacks(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLint(t *testing.T) {
	out, _, code := runCLI(t, "lint")
	if code != 0 || !strings.Contains(out, "0 problems") {
		t.Errorf("built-in packs: exit %d: %s", code, out)
	}
	dir := writePacks(t, map[string]string{"ok.json": okPack, "bad.json": strings.Replace(okPack, `"#ff0000"`, `"red"`, 1)})
	out, errs, code := runCLI(t, "lint", dir)
	if code != 1 || !strings.Contains(errs, "bad.json: colour: must be a hex colour") || !strings.Contains(out, "1 valid packs") {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
}

func TestRuleTests(t *testing.T) {
	out, _, code := runCLI(t, "test")
	if code != 0 || strings.Contains(out, "FAIL") {
		t.Errorf("built-in packs: exit %d:\n%s", code, out)
	}
	broken := strings.Replace(okPack, `"A pork pie."`, `"Another porky pie."`, 1)
	dir := writePacks(t, map[string]string{"broken.json": broken})
	out, _, code = runCLI(t, "test", dir)
	if code != 1 || !strings.Contains(out, "no_match[0]: rule mine/fib: no hit; got \"porky pie\"") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

// A bad pack is reported and the good ones still scan.
func TestScanKeepsGoodPacks(t *testing.T) {
	dir := writePacks(t, map[string]string{"ok.json": okPack, "bad.json": `{"id": `})
	page := filepath.Join(dir, "page.txt")
	os.WriteFile(page, []byte("That was a porky pie."), 0o644)
	var out, errb bytes.Buffer
	code := run([]string{"scan", "--rules", dir, "--format", "json", page}, nil, &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), "bad.json:1:") || !strings.Contains(out.String(), `"rule":"fib"`) {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, out.String(), errb.String())
	}
}

func TestStdinAndUsage(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"scan", "--format", "json", "-"}, strings.NewReader("Officials said it was reportedly over."), &out, &errb)
	if code != 0 || !strings.Contains(out.String(), `"text":"reportedly"`) {
		t.Errorf("stdin: exit %d: %s %s", code, out.String(), errb.String())
	}
	if _, _, code := runCLI(t, "frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
	if _, _, code := runCLI(t, "scan", "--format", "xml", "x"); code != 2 {
		t.Errorf("bad format: exit %d", code)
	}
}
