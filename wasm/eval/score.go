package eval

import (
	"strings"

	"github.com/sourcelight/sourcelight/wasm/doc"
)

// Counts adds up one category on one part of a corpus.
type Counts struct {
	TP, FP       int // hints that find gold / that find nothing the gold allows
	Unjudged     int // inline hints on no annotated source or cue: strict precision counts them false
	Gold, Found  int // gold items / those some hint finds
	Misses, Errs []string
}

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	c.TP += o.TP
	c.FP += o.FP
	c.Unjudged += o.Unjudged
	c.Gold += o.Gold
	c.Found += o.Found
	c.Misses = append(c.Misses, o.Misses...)
	c.Errs = append(c.Errs, o.Errs...)
}

// Precision is the share of counted hints that are right (1 with no hint).
func (c Counts) Precision() float64 {
	if c.TP+c.FP == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.TP+c.FP)
}

// Strict is the precision with unjudged hints counted false: a floor, since
// PolNeAR's annotators did not mark every attribution.
func (c Counts) Strict() float64 {
	if c.TP+c.FP+c.Unjudged == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.TP+c.FP+c.Unjudged)
}

// Recall is the share of gold items found (1 with no gold).
func (c Counts) Recall() float64 {
	if c.Gold == 0 {
		return 1
	}
	return float64(c.Found) / float64(c.Gold)
}

// Hit is an inline hint as the scorer sees it.
type Hit struct {
	Span
	Text string
}

// ScoreInline scores one article's hints of a category against its judged
// attributions. A hint matches a gold item when it overlaps one of its
// target spans by at least one byte. Positive items that overlap (the same
// attribution seen by two annotators) count once. A hint that overlaps only
// a neutral (borderline) item is not counted; one that overlaps a negative
// item only is a false positive; one that overlaps no annotated attribution
// at all is unjudged (PolNeAR is not exhaustive), counted apart.
func ScoreInline(golds []Gold, hits []Hit) Counts {
	var c Counts
	var pos, neu, neg []Gold
	for _, g := range golds {
		switch g.Verdict {
		case Positive:
			pos = append(pos, g)
		case Neutral:
			neu = append(neu, g)
		default:
			neg = append(neg, g)
		}
	}
	for _, cl := range clusters(pos) {
		c.Gold++
		found := false
		for _, gi := range cl {
			for _, h := range hits {
				if overlapsAny(h.Span, pos[gi].Target) {
					found = true
				}
			}
		}
		if found {
			c.Found++
		} else {
			c.Misses = append(c.Misses, pos[cl[0]].Text)
		}
	}
	for _, h := range hits {
		switch {
		case anyGold(h.Span, pos):
			c.TP++
		case anyGold(h.Span, neu):
		case anyGold(h.Span, neg):
			if nested(h.Span, neg) {
				c.Unjudged++
				c.Errs = append(c.Errs, "(unjudged, inside a source) "+h.Text)
			} else {
				c.FP++
				c.Errs = append(c.Errs, h.Text)
			}
		default:
			c.Unjudged++
			c.Errs = append(c.Errs, "(unjudged) "+h.Text)
		}
	}
	return c
}

// nested tells whether a hint lies wholly inside the annotated source of
// every judged item it touches: an attribution within the source of
// another ("Graham's endorsement of a man who many believe betrayed …
// will raise questions"), which that annotation does not judge.
func nested(s Span, gs []Gold) bool {
	for _, g := range gs {
		if !overlapsAny(s, g.Target) {
			continue
		}
		in := false
		for _, src := range g.Source {
			if src.Start <= s.Start && s.End <= src.End {
				in = true
			}
		}
		if !in {
			return false
		}
	}
	return true
}

func overlapsAny(s Span, ts []Span) bool {
	for _, t := range ts {
		if s.Overlaps(t) {
			return true
		}
	}
	return false
}

func anyGold(s Span, gs []Gold) bool {
	for _, g := range gs {
		if overlapsAny(s, g.Target) {
			return true
		}
	}
	return false
}

// clusters groups gold items whose targets overlap.
func clusters(gs []Gold) [][]int {
	parent := make([]int, len(gs))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			i = parent[i]
		}
		return i
	}
	for i := range gs {
		for j := i + 1; j < len(gs); j++ {
			for _, t := range gs[i].Target {
				if overlapsAny(t, gs[j].Target) {
					parent[find(j)] = find(i)
					break
				}
			}
		}
	}
	idx := map[int]int{}
	var out [][]int
	for i := range gs {
		r := find(i)
		k, ok := idx[r]
		if !ok {
			k = len(out)
			idx[r] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], i)
	}
	return out
}

// L3S labels of text: 0 not content, 1 headline, 2 full text, 3
// supplemental, 4 related content, 5 comments; 6 unlabelled boilerplate.
const (
	Headline   = 1
	FullText   = 2
	Supplement = 3
	Related    = 4
	Unlabelled = 6
)

// PageLabels holds an annotated L3S page's labels.
type PageLabels struct {
	Label map[int]int // text node Ref -> label of the innermost labelled span
	// Units are what block rules should mark: each related-content span, and
	// each link outside one (kept by ScoreBlocks only when it reads like a
	// story headline in page furniture: see storyLink).
	Units []Unit
}

// Unit is one gold item for blocks: the text nodes it holds.
type Unit struct {
	Nodes   []int
	Related bool // an L3S related-content span; else a link
}

// LabelPage reads the x-nc-selN spans and the links of an annotated L3S page.
func LabelPage(root *doc.Node) PageLabels {
	pl := PageLabels{Label: map[int]int{}}
	var walk func(n *doc.Node, label int, cur *[]int)
	walk = func(n *doc.Node, label int, cur *[]int) {
		if n.Kind == doc.TextNode {
			pl.Label[n.Ref] = label
			if cur != nil {
				*cur = append(*cur, n.Ref)
			}
			return
		}
		if c, ok := n.Attr("class"); ok && strings.HasPrefix(c, "x-nc-sel") && len(c) == len("x-nc-sel")+1 {
			label = int(c[len(c)-1] - '0')
			if label == Related && cur == nil {
				var nodes []int
				for _, k := range n.Children {
					walk(k, label, &nodes)
				}
				pl.Units = append(pl.Units, Unit{Nodes: nodes, Related: true})
				return
			}
		}
		if _, ok := n.Attr("href"); ok && n.Tag == "a" && cur == nil {
			var nodes []int
			for _, k := range n.Children {
				walk(k, label, &nodes)
			}
			pl.Units = append(pl.Units, Unit{Nodes: nodes})
			return
		}
		for _, k := range n.Children {
			walk(k, label, cur)
		}
	}
	walk(root, Unlabelled, nil)
	return pl
}

// storyLink tells whether a link is a teaser for another story in page
// furniture: at least four words, none of its text labelled as the
// article, its comments or supplemental text.
func storyLink(text string, labels []int) bool {
	if len(strings.Fields(text)) < 4 {
		return false
	}
	for _, l := range labels {
		if l != 0 && l != Related && l != Unlabelled {
			return false
		}
	}
	return true
}

// MaxNoise is how many bytes labelled headline or full text a marked block
// may hold and still be right: the labels put a stray "Advertisement" or
// copyright line inside full-text spans.
const MaxNoise = 120

// ScoreBlocks scores a page's block hints (their Start/End in d.Text). A
// marked block is right when it holds at most MaxNoise bytes of headline or
// full text and is not mostly supplemental text (captions, fact boxes). A
// related-content span is found when at least half of its visible bytes lie
// in marked blocks (spans with no visible text are not counted).
func ScoreBlocks(d *doc.Document, pl PageLabels, marks []Hit) Counts {
	var c Counts
	marked := map[int]int{} // text node -> bytes inside marked blocks
	total := map[int]int{}  // text node -> visible bytes
	for _, b := range d.Blocks {
		for _, r := range b.Runs {
			if r.Node >= 0 {
				total[r.Node] += r.Len
			}
		}
	}
	for _, h := range marks {
		var by [7]int
		all := 0
		for _, b := range d.Blocks {
			if b.End <= h.Start || b.Start >= h.End {
				continue
			}
			for _, r := range b.Runs {
				// A marked inline element (a <font> list of links in a
				// table cell) holds only part of its text block: count the
				// runs inside it, as the extension outlines just them.
				if r.Node < 0 || b.Start+r.Off < h.Start || b.Start+r.Off+r.Len > h.End {
					continue
				}
				l, ok := pl.Label[r.Node]
				if !ok {
					l = Unlabelled
				}
				by[l] += r.Len
				all += r.Len
				marked[r.Node] += r.Len
			}
		}
		if by[Headline]+by[FullText] <= MaxNoise && 2*by[Supplement] <= all {
			c.TP++
		} else {
			c.FP++
			c.Errs = append(c.Errs, clip(h.Text, 100))
		}
	}
	text := map[int][]string{} // text node -> its visible pieces
	for _, b := range d.Blocks {
		for _, r := range b.Runs {
			if r.Node >= 0 {
				text[r.Node] = append(text[r.Node], d.Text[b.Start+r.Off:b.Start+r.Off+r.Len])
			}
		}
	}
	for _, u := range pl.Units {
		vis, in := 0, 0
		var words []string
		var labels []int
		for _, n := range u.Nodes {
			vis += total[n]
			in += min(marked[n], total[n])
			words = append(words, text[n]...)
			labels = append(labels, pl.Label[n])
		}
		t := strings.Join(strings.Fields(strings.Join(words, " ")), " ")
		if vis == 0 || !u.Related && !storyLink(t, labels) {
			continue
		}
		c.Gold++
		if 2*in >= vis {
			c.Found++
		} else {
			c.Misses = append(c.Misses, clip(t, 100))
		}
	}
	return c
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
