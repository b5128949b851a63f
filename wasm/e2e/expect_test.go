//go:build e2e

package e2e

import (
	"os"
	"sort"
	"strings"

	"github.com/sourcelight/sourcelight/wasm/engine"
	"github.com/sourcelight/sourcelight/wasm/input"
	"github.com/sourcelight/sourcelight/wasm/match"
)

// Seen is what a browser shows: the texts in CSS.highlights by name, and the
// marked blocks. The Firefox test (scripts/e2e/firefox.mjs) prints the same.
type Seen struct {
	Highlights map[string][]string `json:"highlights"`
	Blocks     []struct {
		Kind string `json:"kind"`
		Text string `json:"text"`
	} `json:"blocks"`
}

// expected is what the CLI's engine reports for the page file, as
// "category|text" lines, sorted: the same form as lines(Seen).
func expected(file string) ([]string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	d, err := input.Document(file, "", data)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, h := range match.New(engine.Defaults()...).Scan(d) {
		kind := "inline"
		if h.Block {
			kind = "block"
		}
		out = append(out, kind+"|"+h.Category+"|"+collapse(h.Text))
	}
	sort.Strings(out)
	return out, nil
}

func lines(s Seen) []string {
	var out []string
	for name, texts := range s.Highlights {
		for _, t := range texts {
			out = append(out, "inline|"+strings.TrimPrefix(name, "sourcelight-")+"|"+collapse(t))
		}
	}
	for _, b := range s.Blocks {
		out = append(out, "block|"+b.Kind+"|"+collapse(b.Text))
	}
	sort.Strings(out)
	return out
}

// collapse drops white space: a Range's text keeps the page's line breaks
// and a block's textContent runs its paragraphs together, where the engine
// collapses and separates; the words are what must agree.
func collapse(s string) string { return strings.Join(strings.Fields(s), "") }

// readSeen is evaluated in the page's own world: what the page (or a theme,
// or a test) can see of Sourcelight.
const readSeen = `(() => {
  const highlights = {};
  for (const [name, h] of CSS.highlights) {
    // sourcelight-<category> names what a hint is; sourcelight-pack-<id> only paints it
    if (name.startsWith('sourcelight-') && !name.startsWith('sourcelight-pack-')) highlights[name] = [...h].map((r) => r.toString());
  }
  const blocks = [...document.querySelectorAll('[data-sourcelight]')].map((e) => ({kind: e.dataset.sourcelight, text: e.textContent}));
  return {highlights, blocks};
})()`
