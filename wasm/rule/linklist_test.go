package rule

import (
	"strings"
	"testing"
)

func TestLinkListDecode(t *testing.T) {
	pack := func(block string) string {
		return `{"id":"p","name":"P","version":"1.0.0","category":"promotional","colour":"#aabbcc","description":"d","rules":[{"id":"r","type":"block","explanation":"x","examples":{"match":["<ul><li>a</li></ul>"],"no_match":["<p>b</p>"]},` + block + `}]}`
	}
	for _, c := range []struct {
		name, block string
		want        *LinkList
		problem     string
	}{
		{"defaults", `"link_list":{}`, &LinkList{DefaultMinItems, DefaultMinLinkShare, DefaultMinWords, DefaultMaxItemChars, 0}, ""},
		{"set", `"link_list":{"min_items":4,"min_link_share":80,"min_words":2,"max_item_chars":150,"min_led_share":50}`, &LinkList{4, 80, 2, 150, 50}, ""},
		{"labels only", `"labels":["related"]`, nil, ""},
		{"share out of range", `"link_list":{"min_link_share":120}`, nil, "link_list.min_link_share"},
		{"unknown field", `"link_list":{"min_item":4}`, nil, "link_list.min_item"},
		{"nothing to match", `"max_chars":10`, nil, "needs"},
	} {
		p, probs := Load("p.json", []byte(pack(c.block)))
		if c.problem != "" {
			if !strings.Contains(probs.Error(), c.problem) {
				t.Errorf("%s: problems %q, want one about %q", c.name, probs.Error(), c.problem)
			}
			continue
		}
		if len(probs) > 0 {
			t.Fatalf("%s: %v", c.name, probs)
		}
		got := p.Rules[0].(*Block).LinkList
		if (got == nil) != (c.want == nil) || got != nil && *got != *c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}
