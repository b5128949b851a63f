package scan

import (
	"bytes"
	"os"
	"testing"
)

// Every regex program of the built-in packs decodes to a program that
// encodes to the same bytes: readProg reads what writeProg wrote (corrupt
// input is FuzzLoad's and TestLoadCorrupt's, in match).
func TestReadProgRoundTrip(t *testing.T) {
	data, err := os.ReadFile("../../rules/compiled.bin")
	if err != nil {
		t.Fatal(err)
	}
	m, err := LoadTrusted(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.spec.Regexes) == 0 {
		t.Fatal("no regexes in the built-in packs")
	}
	for k, x := range m.spec.Regexes {
		r := &reader{b: x.raw}
		p := readProg(r)
		if r.err != nil {
			t.Fatalf("regex %d: %v", k, r.err)
		}
		var w writer
		writeProg(&w, p)
		if !bytes.Equal(w.b, x.raw[:r.off]) {
			t.Fatalf("regex %d (rule %s): decoded program encodes differently", k, m.spec.Rules[x.Rule].ID)
		}
	}
}
