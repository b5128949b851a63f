//go:build js && wasm

package ui

import (
	"encoding/json"
	"syscall/js"

	"github.com/sourcelight/sourcelight/wasm/ui/report"
)

// The checker is compiler.wasm (wasm/cmd/compiler): the CLI's validator and
// examples runner. The options page starts it beside this program once its
// first view is drawn, and redraws when it is ready: the page's own
// program, drawn first, links no validator and so is half the size. Until
// then actions.checker() answers null, and what needs a check says
// "Checking…".
func checker() (js.Value, bool) {
	if act.Type() != js.TypeObject || act.Get("checker").Type() != js.TypeFunction {
		return js.Null(), false
	}
	c := act.Call("checker")
	return c, c.Type() == js.TypeObject
}

// checkPack validates a pack and runs its examples; ok is false while the
// checker is not there yet.
func checkPack(name, text string) (r report.Report, ok bool) {
	c, ok := checker()
	if !ok {
		return r, false
	}
	json.Unmarshal([]byte(c.Call("check", name, text).String()), &r)
	return r, true
}

// configProblems is what is wrong with the files of a config (each placed
// in its own text); ok is false while the checker is not there yet.
func configProblems(rc rulesConfig) (ps []report.Problem, ok bool) {
	c, ok := checker()
	if !ok {
		return nil, false
	}
	b, _ := json.Marshal(engineConfig(rc))
	json.Unmarshal([]byte(c.Call("problems", string(b)).String()), &ps)
	return ps, true
}

// previewPack runs a pack alone on text, as a page would.
func previewPack(name, packText, text string) (hints []report.Hint, problem string, ok bool) {
	c, ok := checker()
	if !ok {
		return nil, "", false
	}
	var out struct {
		Hints []report.Hint `json:"hints"`
		Error string        `json:"error"`
	}
	json.Unmarshal([]byte(c.Call("preview", name, packText, text).String()), &out)
	return out.Hints, out.Error, true
}

// config is what the engine reads of the reader's rules (engine.Config).
type config struct {
	Files    []configFile `json:"files"`
	Disabled []string     `json:"disabled"`
}

type configFile struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

// engineConfig is what the engine reads.
func engineConfig(c rulesConfig) config {
	out := config{Disabled: c.Disabled}
	for _, f := range c.Files {
		out.Files = append(out.Files, configFile{Name: f.Name, Text: f.Text})
	}
	return out
}
