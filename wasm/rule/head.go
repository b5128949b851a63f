package rule

import "github.com/tidwall/gjson"

// Head is what a list of packs shows of a pack: its name, category and its
// rules' ids, without their patterns. Reading it costs a JSON walk, where
// Load compiles every pattern and checks every example (tens of
// milliseconds in wasm for the built-in packs): the options page draws its
// list of packs from heads.
type Head struct {
	File     string
	ID       string
	Name     string
	Version  string
	Category string
	Colour   string
	RuleIDs  []string
	Raw      []byte
}

// ReadHead reads a pack's head without checking the pack: call it on packs
// known to load (the built-in ones), and Load on any other.
func ReadHead(file string, data []byte) Head {
	r := gjson.ParseBytes(data)
	h := Head{
		File:     file,
		ID:       r.Get("id").String(),
		Name:     r.Get("name").String(),
		Version:  r.Get("version").String(),
		Category: r.Get("category").String(),
		Colour:   r.Get("colour").String(),
		Raw:      data,
	}
	r.Get("rules").ForEach(func(_, v gjson.Result) bool {
		h.RuleIDs = append(h.RuleIDs, v.Get("id").String())
		return true
	})
	return h
}

// Head returns a loaded pack's head.
func (p *Pack) Head() Head {
	h := Head{File: p.File, ID: p.ID, Name: p.Name, Version: p.Version, Category: p.Category, Colour: p.Colour, Raw: p.Raw}
	for _, r := range p.Rules {
		h.RuleIDs = append(h.RuleIDs, r.Base().ID)
	}
	return h
}
