// Package report holds what the checker answers the options page: the
// validator's and examples runner's findings, placed in a pack's text, and
// a preview's hints. compiler.wasm (wasm/ui/packcheck) writes them as
// JSON; the options page (ui.wasm, which links no validator) reads them.
package report

// Mark is one problem or failing example at its place in the text.
type Mark struct {
	Kind     string `json:"kind"` // "problem" or "example"
	Severity string `json:"severity"`
	Path     string `json:"path"`
	Message  string `json:"message"`
	Line     int    `json:"line"` // 1-based
	Col      int    `json:"col"`  // 1-based, in characters
	From     int    `json:"from"` // UTF-16 offsets into the text
	To       int    `json:"to"`
}

// Report is what an editor shows about a pack.
type Report struct {
	Marks    []Mark   `json:"marks"`
	Problems int      `json:"problems"`
	Failures int      `json:"failures"`
	Examples int      `json:"examples"`
	ID       string   `json:"id,omitempty"`
	Name     string   `json:"name,omitempty"`
	Category string   `json:"category,omitempty"`
	Colour   string   `json:"colour,omitempty"`
	Rules    []string `json:"rules,omitempty"` // rule ids
	Lists    []string `json:"lists,omitempty"` // the pack's list names, for completion
}

// OK reports whether the pack may be saved or used: no problem, no failing
// example.
func (r Report) OK() bool { return r.ID != "" && r.Problems == 0 && r.Failures == 0 }

// Loads reports whether the pack loads: no problem (examples may fail).
func (r Report) Loads() bool { return r.ID != "" && r.Problems == 0 }

// Hint is one hint of a preview.
type Hint struct {
	Category string `json:"category"`
	Rule     string `json:"rule"`
	Text     string `json:"text"`
	From     int    `json:"from"` // UTF-16 offsets into the previewed text
	To       int    `json:"to"`
	Colour   string `json:"colour"`
	Start    int    `json:"start"` // byte offsets, for Go
	End      int    `json:"end"`
}

// Problem is what is wrong with one of a reader's files in a config: its
// own problems, or an id another pack has taken.
type Problem struct {
	File    string `json:"file"`
	Path    string `json:"path"`
	Message string `json:"message"`
	Text    string `json:"text"` // the whole message, file and path included
	From    int    `json:"from"` // UTF-16 offsets into the file's text
	To      int    `json:"to"`
}
