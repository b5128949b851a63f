package rule

import (
	"strings"

	"github.com/sourcelight/sourcelight/wasm/fold"
)

// Phrase flags literal phrases, matched case-insensitively, on word
// boundaries and through typographic variants (see package fold). Phrases
// are templates: "denied {the |}{report|reports}" is four phrases.
type Phrase struct {
	Def
	Phrases []string // every variant, folded
}

func decodePhrase(o *object, d Def, l *lists) *Phrase {
	return &Phrase{Def: d, Phrases: phrases(o, "phrases", true, l)}
}

// phrases expands and folds the templates at key.
func phrases(o *object, key string, required bool, l *lists) []string {
	var out []string
	seen := map[string]bool{}
	for i, s := range o.strs(key, required) {
		path := index(join(o.path, key), i)
		vs, err := l.expand(s)
		if err != nil {
			ruleErr(o.p, path, err)
			continue
		}
		for _, v := range vs {
			f := fold.String(v)
			switch {
			case f == "":
				o.p.add(path, "has a variant that is empty")
			case !hasWord(f):
				o.p.add(path, "variant %q has no letter or digit to match", v)
			case len(f) > 200:
				o.p.add(path, "variant %q is longer than 200 bytes; phrases are short", v)
			case !seen[f]:
				seen[f] = true
				out = append(out, f)
			}
		}
	}
	return out
}

func hasWord(s string) bool {
	return strings.IndexFunc(s, fold.IsWord) >= 0
}
