package match

import (
	"bytes"
	"strings"
	"testing"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/scan"
)

// compiledSample is a small compiled form with every kind of rule.
func compiledSample(t testing.TB) []byte {
	a := pack(t, "anon", "anonymous-source", `["en"]`, `
	  {"id": "hedge", "type": "phrase", "phrases": ["reportedly", "is said to"], `+ex+`},
	  {"id": "unnamed", "type": "regex", "patterns": ["(?:some|many) (?:officials|aides) {say}"], `+ex+`}`)
	b := pack(t, "promo", "promotional", `["en"]`, `
	  {"id": "ad", "type": "block", "labels": ["Advertisement"], "selectors": [".sponsor-box"], `+ex+`}`)
	return Compile(a, b)
}

// The shipped form loads trusted; the same bytes load checked alike.
func TestLoadTrustedSame(t *testing.T) {
	data := compiledSample(t)
	d := doc.Plain("Some officials said it reportedly is said to rain.")
	a, err := scan.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	b, err := scan.LoadTrusted(bytes.Clone(data))
	if err != nil {
		t.Fatal(err)
	}
	if x, y := texts(a.Scan(d)), texts(b.Scan(d)); x != y || !strings.Contains(x, "unnamed:") || !strings.Contains(x, "hedge:") {
		t.Fatalf("checked %q, trusted %q", x, y)
	}
}

// A corrupt or truncated compiled form is an error or gives some hints:
// never a panic or a loop (the reader's packs come from storage).
func TestLoadCorrupt(t *testing.T) {
	data := compiledSample(t)
	for n := 0; n < len(data); n++ {
		loadAndScan(t, data[:n])
	}
	for i := range data {
		for _, flip := range []byte{0x01, 0x80, 0xff} {
			c := bytes.Clone(data)
			c[i] ^= flip
			loadAndScan(t, c)
		}
	}
}

func FuzzLoad(f *testing.F) {
	f.Add(compiledSample(f))
	f.Fuzz(func(t *testing.T, data []byte) { loadAndScan(t, data) })
}

func loadAndScan(t *testing.T, data []byte) {
	m, err := scan.Load(data)
	if err != nil {
		return
	}
	m.Scan(doc.Plain("Many aides say it reportedly is said to rain. Advertisement"))
}
