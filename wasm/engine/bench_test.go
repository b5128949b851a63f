package engine

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/htmldoc"
	"github.com/sourcelight/sourcelight/wasm/match"
	"github.com/sourcelight/sourcelight/wasm/scan"
)

// BenchmarkScanPolNeAR scans every PolNeAR training article (real news
// text, when ../shared is present) with the built-in packs: the figure
// the lean-engine budget speaks of (MB/s of text, documents already built).
func BenchmarkScanPolNeAR(b *testing.B) {
	benchScan(b, "polnear/train/*.txt", func(s string) (*doc.Document, error) { return doc.Plain(s), nil })
}

// BenchmarkScanPages scans the article-extraction benchmark's 181 modern
// news pages (when ../shared is present), documents built beforehand: real
// markup, where the block search weighs more than on PolNeAR's plain text.
func BenchmarkScanPages(b *testing.B) {
	benchScan(b, "extraction-benchmark/*.html", htmldoc.ParseString)
}

// benchScan builds a document of each corpus file that glob (under
// ../shared/corpus) names, then times scanning them all with the built-in
// packs.
func benchScan(b *testing.B, glob string, build func(string) (*doc.Document, error)) {
	files, _ := filepath.Glob("../../../shared/corpus/" + glob)
	if len(files) == 0 {
		b.Skip("../shared/corpus/" + glob + ": none")
	}
	var docs []*doc.Document
	size := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		d, err := build(string(data))
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, d)
		size += len(d.Text)
	}
	m := match.New(Defaults()...)
	b.SetBytes(int64(size))
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			m.Scan(d)
		}
	}
	if cpu := cpuTime() - cpu; cpu > 0 {
		// MB/s of CPU time: what a loaded machine does not distort
		b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu.Seconds(), "cpu-MB/s")
	}
}

// BenchmarkLoadCompiled loads the built-in packs' compiled form, as a page
// engine does at start (the budget: under 5 ms in the page).
func BenchmarkLoadCompiled(b *testing.B) {
	data := match.Compile(Defaults()...)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := scan.Load(data); err != nil {
			b.Fatal(err)
		}
	}
}
