// Package rule reads and validates Sourcelight rule packs: JSON files that
// say what to flag, why, and with examples that prove it. Each rule type
// lives in its own file (phrase.go, regex.go, exception.go, block.go) with a
// shared definition (Def). A pack with any problem is refused whole, with
// every problem reported; it never stops the other packs from loading.
package rule

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/sourcelight/sourcelight/wasm/packhead"
)

// Pack is one rule file.
type Pack struct {
	File        string // where it was read from, for messages
	ID          string
	Name        string
	Version     string
	Category    string // "anonymous-source", "denial", "promotional", ...
	Colour      string // "#rrggbb"
	Description string
	Languages   []string // BCP 47 primary tags such as "en"; empty: any language
	Author      string
	Homepage    string
	Rules       []Rule
	Raw         []byte // the file as read, served unchanged by the rule feed
}

// Rule is any rule type.
type Rule interface {
	Base() *Def
}

// Def is what every rule has.
type Def struct {
	ID          string
	Type        string
	Explanation string // shown to the reader: plain text, never HTML
	Source      string // the guideline behind the rule, e.g. "AP Stylebook"
	Link        string // http(s) link to that guideline
	Severity    string // "info" (default) or "warning"
	Languages   []string
	Match       []Example // must be flagged by this rule
	NoMatch     []Example // must not be flagged by this rule
	Path        string    // JSON path of the rule in its file, for messages
}

// Base returns the shared definition.
func (d *Def) Base() *Def { return d }

// Example is a rule example; Hit, when set, is the exact text the rule must
// flag in Text (for block rules: text the flagged block must contain).
type Example struct {
	Text string
	Hit  string
	Path string
}

// Categories the product knows; others are allowed for users' own packs.
var Categories = []string{"anonymous-source", "denial", "promotional"}

var (
	slugRe    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	colourRe  = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)
	versionRe = regexp.MustCompile(`^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$`)
	langRe    = regexp.MustCompile(`^[a-z]{2,3}$`)
)

// Load reads one pack. When anything is wrong it returns a nil pack and
// every problem found.
func Load(file string, data []byte) (*Pack, Problems) {
	p := &problems{file: file}
	if !gjson.ValidBytes(data) {
		p.list = append(p.list, syntaxProblem(file, data))
		return nil, p.list
	}
	root := gjson.ParseBytes(data)
	o := newObject(root, "", p)
	pk := &Pack{File: file, Raw: data}
	pk.ID = o.str("id", true)
	if pk.ID != "" && !slugRe.MatchString(pk.ID) {
		p.add("id", "must be lower-case letters, digits and single hyphens, like \"anonymous-source-en\"")
	}
	pk.Name = o.str("name", true)
	pk.Version = o.str("version", true)
	if pk.Version != "" && !versionRe.MatchString(pk.Version) {
		p.add("version", "must be a version such as \"1.2.0\"")
	}
	pk.Category = o.str("category", true)
	if pk.Category != "" && !slugRe.MatchString(pk.Category) {
		p.add("category", "must be lower-case letters, digits and single hyphens, like %q", Categories[0])
	}
	pk.Colour = o.str("colour", true)
	if pk.Colour != "" && !colourRe.MatchString(pk.Colour) {
		p.add("colour", "must be a hex colour such as \"#f5c542\"")
	}
	pk.Description = o.str("description", true)
	pk.Author = o.str("author", false)
	pk.Homepage = o.str("homepage", false)
	if pk.Homepage != "" {
		checkLink(p, "homepage", pk.Homepage)
	}
	pk.Languages = languages(o, "languages")

	l := &lists{raw: map[string][]string{}, done: map[string][]string{}, busy: map[string]bool{}}
	if lv := o.get("lists"); lv.Exists() {
		lo := newObject(lv, "lists", p)
		lv.ForEach(func(k, _ gjson.Result) bool {
			name := k.String()
			if !listName.MatchString("{" + name + "}") {
				p.add(join("lists", name), "list names are lower-case letters, digits and '_', starting with a letter")
			}
			l.raw[name] = lo.strs(name, true)
			return true
		})
	}

	rv := o.get("rules")
	switch {
	case !rv.Exists():
		p.add("rules", "is required")
	case !rv.IsArray():
		p.add("rules", "must be an array of rules, not %s", kind(rv))
	case len(rv.Array()) == 0:
		p.add("rules", "must hold at least one rule")
	}
	ids := map[string]string{}
	for i, r := range rv.Array() {
		path := index("rules", i)
		rule := decodeRule(newObject(r, path, p), l, pk.Category)
		if rule == nil {
			continue
		}
		d := rule.Base()
		if prev, dup := ids[d.ID]; dup && d.ID != "" {
			p.add(join(path, "id"), "%q is already the id of %s", d.ID, prev)
		}
		ids[d.ID] = path
		pk.Rules = append(pk.Rules, rule)
	}
	for _, r := range pk.Rules {
		if ex, ok := r.(*Exception); ok {
			for i, id := range ex.Cancels {
				if _, found := ids[id]; !found || id == ex.ID {
					p.add(index(join(ex.Path, "cancels"), i), "%q is not the id of another rule in this pack", id)
				}
			}
		}
	}
	o.done()
	if len(p.list) > 0 {
		return nil, p.list
	}
	return pk, nil
}

// decodeRule reads the fields every rule has, then its type's own.
func decodeRule(o *object, l *lists, category string) Rule {
	var d Def
	d.Path = o.path
	d.ID = o.str("id", true)
	if d.ID != "" && !slugRe.MatchString(d.ID) {
		o.p.add(join(o.path, "id"), "must be lower-case letters, digits and single hyphens")
	}
	d.Type = o.str("type", true)
	d.Source = o.str("source", false)
	d.Link = o.str("link", false)
	if d.Link != "" {
		checkLink(o.p, join(o.path, "link"), d.Link)
	}
	d.Severity = o.str("severity", false)
	switch d.Severity {
	case "":
		d.Severity = "info"
	case "info", "warning":
	default:
		o.p.add(join(o.path, "severity"), "must be \"info\" or \"warning\", not %q", d.Severity)
	}
	d.Languages = languages(o, "languages")
	decodeExamples(o, &d)

	var r Rule
	switch d.Type {
	case "phrase":
		r = decodePhrase(o, d, l)
	case "regex":
		r = decodeRegex(o, d, l)
	case "exception":
		r = decodeException(o, d, l)
	case "block":
		r = decodeBlock(o, d, l)
	case "":
		o.done()
		return nil
	default:
		o.p.add(join(o.path, "type"), "must be one of phrase, regex, exception, block; not %q", d.Type)
		return nil
	}
	b := r.Base()
	if b.Type != "exception" {
		b.Explanation = o.str("explanation", true)
	} else {
		b.Explanation = o.str("explanation", false)
	}
	if _, isBlock := r.(*Block); isBlock != (category == "promotional") && category != "" {
		if isBlock {
			o.p.add(join(o.path, "type"), "block rules belong in a \"promotional\" pack; this pack's category is %q", category)
		} else {
			o.p.add(join(o.path, "type"), "a \"promotional\" pack holds block rules only, not %q", d.Type)
		}
	}
	o.done()
	return r
}

func decodeExamples(o *object, d *Def) {
	v := o.get("examples")
	path := join(o.path, "examples")
	if !v.Exists() {
		o.p.add(path, "is required: every rule needs examples that must match and examples that must not")
		return
	}
	eo := newObject(v, path, o.p)
	d.Match = examples(eo, "match")
	d.NoMatch = examples(eo, "no_match")
	if len(d.Match) == 0 {
		o.p.add(join(path, "match"), "needs at least one example the rule must flag")
	}
	if len(d.NoMatch) == 0 {
		o.p.add(join(path, "no_match"), "needs at least one example the rule must not flag")
	}
	eo.done()
}

func examples(o *object, key string) []Example {
	v := o.get(key)
	path := join(o.path, key)
	if !v.Exists() {
		return nil
	}
	if !v.IsArray() {
		o.p.add(path, "must be an array, not %s", kind(v))
		return nil
	}
	var out []Example
	for i, e := range v.Array() {
		ep := index(path, i)
		switch {
		case e.Type == gjson.String:
			if strings.TrimSpace(e.String()) == "" {
				o.p.add(ep, "must not be empty")
				continue
			}
			out = append(out, Example{Text: e.String(), Path: ep})
		case e.IsObject():
			eo := newObject(e, ep, o.p)
			ex := Example{Text: eo.str("text", true), Hit: eo.str("hit", false), Path: ep}
			eo.done()
			if ex.Hit != "" && !strings.Contains(ex.Text, ex.Hit) {
				o.p.add(join(ep, "hit"), "%q does not occur in the example's text", ex.Hit)
			}
			if key == "no_match" && ex.Hit != "" {
				o.p.add(join(ep, "hit"), "a no_match example flags nothing, so it has no hit")
			}
			out = append(out, ex)
		default:
			o.p.add(ep, "must be a string or {\"text\": ..., \"hit\": ...}, not %s", kind(e))
		}
	}
	return out
}

func languages(o *object, key string) []string {
	ls := o.strs(key, false)
	for i, s := range ls {
		if !langRe.MatchString(s) {
			o.p.add(index(join(o.path, key), i), "must be a lower-case language code such as \"en\", not %q", s)
		}
	}
	return ls
}

// checkLink allows only web links: a rule pack is shared, and a javascript:
// link in a hint card would run in the reader's page.
func checkLink(p *problems, path, link string) {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		p.add(path, "must be an http:// or https:// link, not %q", link)
	}
}

// syntaxProblem locates a JSON syntax error by line and column.
func syntaxProblem(file string, data []byte) Problem {
	dec := json.NewDecoder(bytes.NewReader(data))
	var v any
	err := dec.Decode(&v)
	off := int(dec.InputOffset())
	msg := "is not valid JSON"
	if se, ok := err.(*json.SyntaxError); ok {
		off = int(se.Offset)
		msg = "invalid JSON: " + se.Error()
	} else if err != nil {
		msg = "invalid JSON: " + err.Error()
	} else if dec.More() {
		msg = "invalid JSON: more than one value in the file"
	}
	if off > len(data) {
		off = len(data)
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return Problem{File: file, Line: line, Col: col, Msg: msg}
}

// ruleErr formats a problem in a template or pattern.
func ruleErr(p *problems, path string, err error) {
	p.add(path, "%s", strings.TrimPrefix(fmt.Sprint(err), "error parsing regexp: "))
}

// Head returns a loaded pack's head.
func (p *Pack) Head() packhead.Head {
	h := packhead.Head{File: p.File, ID: p.ID, Name: p.Name, Version: p.Version, Category: p.Category, Colour: p.Colour, Raw: p.Raw}
	for _, r := range p.Rules {
		h.RuleIDs = append(h.RuleIDs, r.Base().ID)
	}
	return h
}
