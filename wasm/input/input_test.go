package input

import (
	"bytes"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/engine"
	"github.com/sourcelight/sourcelight/wasm/htmldoc"
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

// pageText is an HTML page's text as x/net/html parses it, every text
// node in document order with all white space removed: a view of the page
// built without wasm/doc, for checking that a hint's text is the page's.
// (doc collapses white space and separates blocks, so the comparison
// removes white space on both sides.)
func pageText(t testing.TB, page string) string {
	// decoded as browsers do (htmldoc.Decode: windows-1252's five undefined
	// bytes are C1 controls, where x/text's table makes them U+FFFD)
	text, err := htmldoc.Decode([]byte(page), "")
	if err != nil {
		t.Fatal(err)
	}
	root, err := html.Parse(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for n := range root.Descendants() {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
	}
	return noSpace(b.String())
}

func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// expHint is a hint as written by hand: rule, text and UTF-8 byte offsets.
type expHint struct {
	rule       string // pack/rule
	text       string
	start, end int
	block      bool
}

func hintsOf(hs []match.Hint) []expHint {
	var out []expHint
	for _, h := range hs {
		out = append(out, expHint{h.Pack + "/" + h.Rule, h.Text, h.Start, h.End, h.Block})
	}
	return out
}

// Plain text: the offsets count bytes of the input as given (the README's
// promise for .txt files), whatever its line endings and characters. The
// expected offsets were counted by hand: "Café " is 6 bytes (é is 2), so
// "reportedly" is 12-22; the first paragraph is 28 bytes, then "\r\n\r\n",
// then "The ministry " (13) puts "denied\r\nreports" at 45-60, the text
// as it stands in the file, line break included; that paragraph is 39
// bytes, then "\n\n": the third starts at 73; "People familiar with the
// matter said" is 36 bytes; " it was " (8) and the 3-byte opening quote
// put "simply false" at 120-132.
func TestPlainTextHints(t *testing.T) {
	const src = "Caf\u00e9 staff reportedly quit.\r\n\r\nThe ministry denied\r\nreports of a deal.\n\n" +
		"People familiar with the matter said it was \u201csimply false.\u201d"
	want := []expHint{
		{"anonymous-source/hedge-adverb", "reportedly", 12, 22, false},
		{"denial/denied-claim", "denied\r\nreports", 45, 60, false},
		{"anonymous-source/people-familiar", "People familiar with the matter said", 73, 109, false},
		{"denial/falsity-phrase", "simply false", 120, 132, false},
	}
	for _, w := range want { // the hand count, against the source itself
		if src[w.start:w.end] != w.text {
			t.Fatalf("the test's own count is wrong: src[%d:%d] = %q, not %q", w.start, w.end, src[w.start:w.end], w.text)
		}
	}
	_, hs, err := Scan(match.New(engine.Defaults()...), "story.txt", "", strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := hintsOf(hs); !slices.Equal(got, want) {
		t.Errorf("hints\n%v\nwant\n%v", got, want)
	}
}

// HTML: the offsets count bytes of the page's text as `sourcelight text`
// prints it, written here by hand: the &amp; decoded, the spaces and the
// line break collapsed, blocks separated by a blank line. "denied
// reports" is 31 bytes into the second block, which starts at 11; the
// aside (its label and link) is the advertisement block.
func TestHTMLHints(t *testing.T) {
	const page = `<!doctype html><html><body><article><h1>Port deal</h1>
<p>The Port Authority &amp; its board   denied
reports of a deal.</p>
<aside><p>Advertisement</p><a href="/x">Buy boats</a></aside>
</article></body></html>`
	const text = "Port deal\n\nThe Port Authority & its board denied reports of a deal.\n\nAdvertisement\n\nBuy boats"
	want := []expHint{
		{"denial/denied-claim", "denied reports", 42, 56, false},
		{"promotional/advertisement", "Advertisement Buy boats", 69, 93, true},
	}
	if text[42:56] != "denied reports" || text[69:82] != "Advertisement" || len(text) != 93 {
		t.Fatal("the test's own count is wrong")
	}
	d, hs, err := Scan(match.New(engine.Defaults()...), "page.html", "", strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimRight(d.Text, "\n") != text {
		t.Errorf("text %q\nwant %q", d.Text, text)
	}
	if got := hintsOf(hs); !slices.Equal(got, want) {
		t.Errorf("hints\n%v\nwant\n%v", got, want)
	}
}

// FuzzScan: whatever the page, nothing panics, inline hints of one
// category never overlap, and a hint's text is the input's: for plain text
// the input's own bytes at its offsets, for HTML text that the page's text
// nodes (parsed here without wasm/doc) hold.
func FuzzScan(f *testing.F) {
	f.Add("<p>Officials said the report was \u201csimply false,\u201d he reportedly denied it.</p><aside><h2>Related</h2><a href=/>x</a></aside>")
	f.Add("Two senior officials, who spoke on condition of anonymity, said\n\nAdvertisement\n\nsources close to him")
	f.Add("<p>The ministry <b>denied</b><br>reports &amp; said it was <i>completely</i> untrue.</p>")
	f.Add("Caf\u00e9 staff reportedly quit.\r\n\r\nThe ministry denied\r\nreports.")
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
		var nodes string
		if name == "page.html" {
			nodes = pageText(t, page)
		}
		end := map[string]int{}
		for _, h := range m.Scan(d) {
			if h.Start < 0 || h.End > len(d.Text) || h.Start > h.End || h.Text == "" {
				t.Fatalf("hint %+v outside the text (%d bytes)", h, len(d.Text))
			}
			switch {
			case name == "page.txt" && !h.Block && page[h.Start:h.End] != h.Text:
				t.Fatalf("hint %q is not the input's bytes %d..%d, %q", h.Text, h.Start, h.End, page[h.Start:h.End])
			case name == "page.txt" && h.Block && strings.Join(strings.Fields(page[h.Start:h.End]), " ") != strings.Join(strings.Fields(h.Text), " "):
				// a block's text is its visible text with white space collapsed
				t.Fatalf("block %q is not the input's words %d..%d, %q", h.Text, h.Start, h.End, page[h.Start:h.End])
			case name == "page.html" && !h.Block && !strings.Contains(nodes, noSpace(h.Text)):
				t.Fatalf("hint %q is not text of the page", h.Text)
			case name == "page.html" && h.Block:
				for _, w := range strings.Fields(h.Text) {
					if !strings.Contains(nodes, w) {
						t.Fatalf("block %q: %q is not text of the page", h.Text, w)
					}
				}
			}
			if h.Block {
				continue
			}
			if h.Start < end[h.Category] {
				t.Fatalf("overlapping %s hints at %d", h.Category, h.Start)
			}
			end[h.Category] = h.End
		}
	})
}
