// Package ruletest runs the examples every rule carries: text that the rule
// must flag (with, optionally, the exact text it must flag) and text it must
// not. `go test` runs it over the built-in packs, `sourcelight test` over any.
package ruletest

import (
	"fmt"
	"strings"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/match"
	"github.com/sourcelight/sourcelight/wasm/rule"
)

// ParseHTML builds the document of an HTML snippet (block rule examples).
type ParseHTML func(html string) (*doc.Document, error)

// Failure is an example that did not behave.
type Failure struct {
	File string
	Pack string
	Rule string
	Path string // JSON path of the example
	Text string
	Want string // what should have happened
	Got  string // what did
}

func (f Failure) Error() string {
	return fmt.Sprintf("%s: %s: rule %s/%s: %s; got %s\n    text: %q", f.File, f.Path, f.Pack, f.Rule, f.Want, f.Got, f.Text)
}

// Result is the outcome for one pack.
type Result struct {
	Pack     *rule.Pack
	Examples int
	Failures []Failure
}

// Run checks every example of every rule in p. Examples run against the
// whole pack, so that its exceptions apply, and before overlaps between
// rules are resolved, so that each rule answers for itself.
func Run(p *rule.Pack, parse ParseHTML) Result {
	res := Result{Pack: p}
	m := match.New(p)
	for _, r := range p.Rules {
		d := r.Base()
		mm, id := m, d.ID
		if e, ok := r.(*rule.Exception); ok {
			// An exception cancels rather than flags: ask what it matches by
			// running its phrases and patterns as a rule of their own.
			mm, id = probe(p, e), e.ID
		}
		for _, ex := range d.Match {
			res.Examples++
			hits, err := hitsOf(mm, r, id, ex.Text, parse)
			want := "a hit"
			if ex.Hit != "" {
				want = fmt.Sprintf("a hit on %q", ex.Hit)
			}
			switch {
			case err != nil:
				res.fail(p, d, ex, want, err.Error())
			case len(hits) == 0:
				res.fail(p, d, ex, want, "nothing")
			case ex.Hit != "" && !covers(hits, ex.Hit, isBlock(r)):
				res.fail(p, d, ex, want, quoteAll(hits))
			}
		}
		for _, ex := range d.NoMatch {
			res.Examples++
			hits, err := hitsOf(mm, r, id, ex.Text, parse)
			switch {
			case err != nil:
				res.fail(p, d, ex, "no hit", err.Error())
			case len(hits) > 0:
				res.fail(p, d, ex, "no hit", quoteAll(hits))
			}
		}
	}
	return res
}

func (res *Result) fail(p *rule.Pack, d *rule.Def, ex rule.Example, want, got string) {
	res.Failures = append(res.Failures, Failure{
		File: p.File, Pack: p.ID, Rule: d.ID, Path: ex.Path, Text: ex.Text, Want: want, Got: got,
	})
}

func isBlock(r rule.Rule) bool {
	_, ok := r.(*rule.Block)
	return ok
}

// hitsOf returns the texts that rule id flags in an example.
func hitsOf(m *match.Matcher, r rule.Rule, id, text string, parse ParseHTML) ([]string, error) {
	var d *doc.Document
	if isBlock(r) {
		if parse == nil {
			return nil, fmt.Errorf("no HTML parser to run block examples")
		}
		var err error
		if d, err = parse(text); err != nil {
			return nil, err
		}
	} else {
		d = doc.Plain(text)
	}
	var out []string
	for _, h := range m.ScanAll(d) {
		if h.Rule == id {
			out = append(out, h.Text)
		}
	}
	return out, nil
}

// probe is a pack holding an exception's phrases and patterns as rules.
func probe(p *rule.Pack, e *rule.Exception) *match.Matcher {
	def := e.Def
	q := &rule.Pack{ID: p.ID, Category: p.Category, Colour: p.Colour}
	if len(e.Phrases) > 0 {
		q.Rules = append(q.Rules, &rule.Phrase{Def: def, Phrases: e.Phrases})
	}
	if len(e.Patterns) > 0 {
		q.Rules = append(q.Rules, &rule.Regex{Def: def, Patterns: e.Patterns})
	}
	return match.New(q)
}

// covers: inline hits must equal the expected text; a block must contain it.
func covers(hits []string, want string, block bool) bool {
	w := strings.Join(strings.Fields(want), " ")
	for _, h := range hits {
		if h == want || (block && strings.Contains(h, w)) {
			return true
		}
	}
	return false
}

func quoteAll(hits []string) string {
	q := make([]string, len(hits))
	for i, h := range hits {
		q[i] = fmt.Sprintf("%q", h)
	}
	return strings.Join(q, ", ")
}
