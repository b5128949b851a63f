// Package report is the JSON that `sourcelight scan --format json` prints
// and the worker's check API answers. Other tools read it: keep it stable.
package report

import "github.com/sourcelight/sourcelight/wasm/match"

// Report is the result for one file or request body.
type Report struct {
	File  string `json:"file"`
	Hints []Hint `json:"hints"`
}

// Hint is one hint. Start and End are UTF-8 byte offsets: into the file for
// plain text, into the text that "sourcelight text" prints for HTML. For a
// block hint, Text is the block's visible text with white space collapsed.
type Hint struct {
	Category    string `json:"category"`
	Pack        string `json:"pack"`
	Rule        string `json:"rule"`
	Text        string `json:"text"`
	Block       bool   `json:"block"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
	Explanation string `json:"explanation"`
}

// New converts matcher hints for output.
func New(file string, hints []match.Hint) Report {
	r := Report{File: file, Hints: make([]Hint, 0, len(hints))}
	for _, h := range hints {
		r.Hints = append(r.Hints, Hint{
			Category: h.Category, Pack: h.Pack, Rule: h.Rule, Text: h.Text, Block: h.Block,
			Start: h.Start, End: h.End, Explanation: h.Explanation,
		})
	}
	return r
}
