package engine

import (
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/sourcelight/sourcelight/wasm/match"
	"github.com/sourcelight/sourcelight/wasm/rule"
	"github.com/sourcelight/sourcelight/wasm/scan"
)

// Config is what a reader has chosen, as the extension stores it: their
// own rule files, and the built-in packs they switched off.
type Config struct {
	Files    []UserFile `json:"files"`
	Disabled []string   `json:"disabled"` // ids of built-in packs to leave out
}

// UserFile is one of the reader's rule files.
type UserFile struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

// Build makes the matcher for a reader's config: the built-in packs they
// keep, then their own. A file with problems is left out and its problems
// returned, and so is a pack whose id is already taken (a reader's copy of a
// built-in pack replaces it only once that pack is switched off). The rest
// always loads.
func Build(c Config) (*match.Matcher, rule.Problems) {
	packs, probs := Packs(c)
	return match.New(packs...), probs
}

// Packs loads the packs of a config, in the order Build uses them.
func Packs(c Config) ([]*rule.Pack, rule.Problems) {
	off := map[string]bool{}
	for _, id := range c.Disabled {
		off[id] = true
	}
	taken := map[string]string{}
	var packs []*rule.Pack
	for _, p := range Defaults() {
		if !off[p.ID] {
			packs = append(packs, p)
			taken[p.ID] = "the built-in pack " + p.File
		}
	}
	var probs rule.Problems
	for _, f := range c.Files {
		p, ps := rule.Load(f.Name, []byte(f.Text))
		if ps != nil {
			probs = append(probs, ps...)
			continue
		}
		if prev, dup := taken[p.ID]; dup {
			probs = append(probs, rule.Problem{File: f.Name, Path: "id",
				Msg: fmt.Sprintf("pack id %q is already used by %s; switch that pack off or choose another id", p.ID, prev)})
			continue
		}
		taken[p.ID] = f.Name
		packs = append(packs, p)
	}
	return packs, probs
}

// CompileUser compiles a reader's own packs (and only those: the built-in
// packs ship compiled) for the page engine. Files with problems are left
// out and their problems returned, as Build does.
func CompileUser(c Config) ([]byte, rule.Problems) {
	packs, probs := Packs(c)
	off := map[string]bool{}
	for _, id := range c.Disabled {
		off[id] = true
	}
	builtin := map[*rule.Pack]bool{}
	for _, p := range defaults() {
		builtin[p] = true
	}
	var mine []*rule.Pack
	for _, p := range packs {
		if !builtin[p] {
			mine = append(mine, p)
		}
	}
	if len(mine) == 0 {
		return nil, probs
	}
	return match.Compile(mine...), probs
}

// CompileJSON is CompileUser for the extension's pages and background:
// the reader's rules as stored (JSON) in, and out the answer they store,
// {"format": n, "data": base64 or "", "problems": [...]}.
func CompileJSON(rulesJSON string) string {
	var c Config
	out := map[string]any{"format": scan.Format, "data": "", "problems": []string{}}
	if err := json.Unmarshal([]byte(rulesJSON), &c); err != nil {
		out["problems"] = []string{"not the reader's rules: " + err.Error()}
	} else {
		data, probs := CompileUser(c)
		out["data"] = base64.StdEncoding.EncodeToString(data)
		msgs := []string{}
		for _, p := range probs {
			msgs = append(msgs, p.Error())
		}
		out["problems"] = msgs
	}
	b, _ := json.Marshal(out)
	return string(b)
}
