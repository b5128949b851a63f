package engine

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/sourcelight/sourcelight/wasm/match"
	"github.com/sourcelight/sourcelight/wasm/packhead"
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
	off, taken := builtinIDs(c)
	var packs []*rule.Pack
	for _, p := range Defaults() {
		if !off[p.ID] {
			packs = append(packs, p)
		}
	}
	mine, probs := userPacks(c, taken)
	return append(packs, mine...), probs
}

// Problems is what Packs finds wrong with a config, without loading the
// built-in packs: the options page asks on every redraw.
func Problems(c Config) rule.Problems {
	_, taken := builtinIDs(c)
	_, probs := userPacks(c, taken)
	return probs
}

// builtinIDs says which built-in packs a config switches off, and which
// ids the others take (mapped to what took them), from their heads.
func builtinIDs(c Config) (off map[string]bool, taken map[string]string) {
	off, taken = map[string]bool{}, map[string]string{}
	for _, id := range c.Disabled {
		off[id] = true
	}
	for _, h := range packhead.Defaults() {
		if !off[h.ID] {
			taken[h.ID] = "the built-in pack " + h.File
		}
	}
	return off, taken
}

// userPacks loads a config's own files, leaving out those with problems
// and those whose id is taken (ids mapped to what took them).
func userPacks(c Config, taken map[string]string) ([]*rule.Pack, rule.Problems) {
	var packs []*rule.Pack
	var probs rule.Problems
	for _, f := range c.Files {
		p, ps := LoadUser(f.Name, f.Text)
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

// LoadUser is rule.Load for a reader's file, remembering the last few
// answers: the options page loads the same packs on every redraw, and a
// pack is never changed after loading.
func LoadUser(name, text string) (*rule.Pack, rule.Problems) {
	key := name + "\x00" + text
	loads.Lock()
	got, ok := loads.m[key]
	loads.Unlock()
	if ok {
		return got.p, got.probs
	}
	p, probs := rule.Load(name, []byte(text))
	loads.Lock()
	if len(loads.m) >= 16 || loads.m == nil {
		loads.m = map[string]loaded{} // a handful of packs in use: start again rather than track age
	}
	loads.m[key] = loaded{p, probs}
	loads.Unlock()
	return p, probs
}

type loaded struct {
	p     *rule.Pack
	probs rule.Problems
}

var loads struct {
	sync.Mutex
	m map[string]loaded
}

// CompileUser compiles a reader's own packs (and only those: the built-in
// packs ship compiled) for the page engine. Files with problems are left
// out and their problems returned, as Build does.
func CompileUser(c Config) ([]byte, rule.Problems) {
	packs, probs := Packs(c)
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
