package input

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/engine"
	"github.com/sourcelight/sourcelight/wasm/match"
)

func TestIsHTML(t *testing.T) {
	tests := []struct {
		name, ct, data string
		want           bool
	}{
		{"a.txt", "", "<b>not html</b>", false},
		{"a.html", "", "plain", true},
		{"-", "", "  <!DOCTYPE html><p>x", true},
		{"-", "", "Plain text.", false},
		{"x", "text/html; charset=utf-8", "x", true},
		{"x.html", "text/plain", "<p>", false},
	}
	for _, tt := range tests {
		if got := IsHTML(tt.name, tt.ct, []byte(tt.data)); got != tt.want {
			t.Errorf("IsHTML(%q, %q, %q) = %v", tt.name, tt.ct, tt.data, got)
		}
	}
}

// corpus is news-like text with hints sprinkled in at about the rate of
// real political news, for benchmarks.
func corpus(size int) string {
	words := strings.Fields(`the council said on tuesday that a budget for the harbour would be
	  reviewed by the mayor and her deputies after months of debate over costs taxes roads schools
	  and ferries in a city of two million people whose economy depends on trade and tourism`)
	inserts := []string{"officials said", "reportedly", "denied reports that", "people familiar with the matter said",
		"the minister, who spoke on condition of anonymity,", "called the claims baseless", "according to media reports"}
	r := rand.New(rand.NewSource(1))
	var b strings.Builder
	for b.Len() < size {
		for i := 0; i < 60; i++ {
			if r.Intn(40) == 0 {
				b.WriteString(inserts[r.Intn(len(inserts))])
			} else {
				b.WriteString(words[r.Intn(len(words))])
			}
			b.WriteByte(' ')
		}
		b.WriteString(".\n\n")
	}
	return b.String()
}

func BenchmarkScanText(b *testing.B) {
	m := match.New(engine.Defaults()...)
	text := corpus(4 << 20)
	d := doc.Plain(text)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Scan(d)
	}
}

// BenchmarkScanHTML parses, builds and scans a large page, as the CLI does.
func BenchmarkScanHTML(b *testing.B) {
	m := match.New(engine.Defaults()...)
	var page bytes.Buffer
	page.WriteString(`<html lang="en"><body><article><h1>Title</h1>`)
	for i, p := range strings.Split(corpus(4<<20), "\n\n") {
		fmt.Fprintf(&page, "<p>%s <a href=\"/%d\">link</a></p>\n", p, i)
		if i%20 == 0 {
			page.WriteString(`<aside><h2>Related articles</h2><ul><li><a href="/x">A story</a></li></ul></aside>`)
		}
	}
	page.WriteString(`</article></body></html>`)
	data := page.Bytes()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := Scan(m, "page.html", "", bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// The example article scans to its expected hints; see the CLI tests for
// the full comparison.
func TestExampleHasHints(t *testing.T) {
	data, err := os.ReadFile("../testdata/example-article.html")
	if err != nil {
		t.Fatal(err)
	}
	d, err := Document("example-article.html", "", data)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(match.New(engine.Defaults()...).Scan(d)); n < 10 {
		t.Errorf("%d hints on the example article", n)
	}
}

// FuzzScan: whatever the page, hints index the document text, inline hints
// of one category never overlap, and nothing panics.
func FuzzScan(f *testing.F) {
	f.Add("<p>Officials said the report was “simply false,” he reportedly denied it.</p><aside><h2>Related</h2><a href=/>x</a></aside>")
	f.Add("Two senior officials, who spoke on condition of anonymity, said\n\nAdvertisement\n\nsources close to him")
	m := match.New(engine.Defaults()...)
	f.Fuzz(func(t *testing.T, page string) {
		name := "page.txt"
		if strings.HasPrefix(page, "<") {
			name = "page.html"
		}
		d, err := Document(name, "", []byte(page))
		if err != nil {
			return
		}
		end := map[string]int{}
		for _, h := range m.Scan(d) {
			if h.Start < 0 || h.End > len(d.Text) || h.Start > h.End {
				t.Fatalf("hint %+v outside the text (%d bytes)", h, len(d.Text))
			}
			if h.Block {
				continue
			}
			if d.Text[h.Start:h.End] != h.Text || h.Text == "" {
				t.Fatalf("hint text %q is not the text at %d..%d", h.Text, h.Start, h.End)
			}
			if h.Start < end[h.Category] {
				t.Fatalf("overlapping %s hints at %d", h.Category, h.Start)
			}
			end[h.Category] = h.End
		}
	})
}
