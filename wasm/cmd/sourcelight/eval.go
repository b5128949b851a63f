package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/eval"
	"github.com/sourcelight/sourcelight/wasm/htmldoc"
	"github.com/sourcelight/sourcelight/wasm/match"
)

// evalCmd scores the packs on the corpora beside the project: PolNeAR train
// (inline categories, from its attribution annotations) and the annotated
// L3S-GN1 dev pages (blocks, from their related-content labels), each split
// by a hash of the file name into a tuning part and a held-aside check part.
func evalCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var rulePaths multi
	fs.Var(&rulePaths, "rules", "rule file or folder (repeatable; default: the built-in packs)")
	corpus := fs.String("corpus", "../shared/corpus", "folder holding polnear/ and l3s-gn1-dev/")
	show := fs.String("show", "", "also list misses and false hints of this category")
	part := fs.String("part", "tune", "part whose misses --show lists: tune or check")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	packs, ok := loadPacks(rulePaths, stderr)
	if !ok || len(packs) == 0 {
		fmt.Fprintln(stderr, "sourcelight eval: no valid rule packs")
		return 1
	}
	m := match.New(packs...)
	res := map[string]*[2]eval.Counts{}
	for _, c := range []string{"anonymous-source", "denial", "promotional"} {
		res[c] = &[2]eval.Counts{}
	}
	if err := evalPolNeAR(m, filepath.Join(*corpus, "polnear", "train"), res); err != nil {
		fmt.Fprintf(stderr, "sourcelight eval: %v\n", err)
		return 1
	}
	if err := evalL3S(m, filepath.Join(*corpus, "l3s-gn1-dev", "annotated"), res["promotional"]); err != nil {
		fmt.Fprintf(stderr, "sourcelight eval: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%-18s %-6s %6s %6s %9s %9s %7s\n", "category", "part", "hints", "gold", "precision", "recall", "strict")
	for _, c := range []string{"anonymous-source", "denial", "promotional"} {
		for p, name := range []string{"tune", "check"} {
			r := res[c][p]
			fmt.Fprintf(stdout, "%-18s %-6s %6d %6d %9.3f %9.3f %7.3f\n", c, name, r.TP+r.FP+r.Unjudged, r.Gold, r.Precision(), r.Recall(), r.Strict())
		}
	}
	if *show != "" {
		r, ok := res[*show]
		if !ok {
			fmt.Fprintf(stderr, "sourcelight eval: no category %q\n", *show)
			return 2
		}
		p := 0
		if *part == "check" {
			p = 1
		}
		for _, s := range r[p].Misses {
			fmt.Fprintf(stdout, "MISS  %s\n", oneLine(s))
		}
		for _, s := range r[p].Errs {
			fmt.Fprintf(stdout, "FALSE %s\n", oneLine(s))
		}
	}
	return 0
}

func partOf(name string) int {
	if eval.Held(name) {
		return 1
	}
	return 0
}

// evalPolNeAR scores the inline categories; an article annotated by several
// annotators is judged on the union of their attributions.
func evalPolNeAR(m *match.Matcher, dir string, res map[string]*[2]eval.Counts) error {
	texts, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(texts) == 0 {
		return fmt.Errorf("no PolNeAR texts in %s", dir)
	}
	sort.Strings(texts)
	for _, t := range texts {
		data, err := os.ReadFile(t)
		if err != nil {
			return err
		}
		text := string(data)
		anns, _ := filepath.Glob(strings.TrimSuffix(t, ".txt") + "_*.ann")
		var attrs []eval.Attribution
		for _, a := range anns {
			ad, err := os.ReadFile(a)
			if err != nil {
				return err
			}
			attrs = append(attrs, eval.ParseAnn(text, string(ad))...)
		}
		d := doc.Plain(text)
		hits := map[string][]eval.Hit{}
		for _, h := range m.Scan(d) {
			if !h.Block {
				hits[h.Category] = append(hits[h.Category], eval.Hit{Span: eval.Span{Start: h.Start, End: h.End}, Text: ctx(text, h.Start, h.End)})
			}
		}
		var anon, den []eval.Gold
		for _, a := range attrs {
			anon = append(anon, eval.AnonGold(text, a))
			den = append(den, eval.DenialGold(text, a))
		}
		p := partOf(t)
		res["anonymous-source"][p].Add(eval.ScoreInline(anon, hits["anonymous-source"]))
		res["denial"][p].Add(eval.ScoreInline(den, hits["denial"]))
	}
	return nil
}

// ctx shows a hint with some words around it, for --show.
func ctx(text string, s, e int) string {
	a, b := max(0, s-60), min(len(text), e+60)
	for a > 0 && a < s && text[a]&0xC0 == 0x80 {
		a--
	}
	for b < len(text) && text[b]&0xC0 == 0x80 {
		b++
	}
	return fmt.Sprintf("%s»%s«%s", text[a:s], text[s:e], text[e:b])
}

// evalL3S scores the block rules on the annotated L3S pages.
func evalL3S(m *match.Matcher, dir string, res *[2]eval.Counts) error {
	pages, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil || len(pages) == 0 {
		return fmt.Errorf("no annotated L3S pages in %s", dir)
	}
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		tree, err := htmldoc.ParseTree(bytes.NewReader(data))
		if err != nil {
			return fmt.Errorf("%s: %v", p, err)
		}
		pl := eval.LabelPage(tree)
		d := doc.Build(tree)
		var marks []eval.Hit
		for _, h := range m.Scan(d) {
			if h.Block {
				marks = append(marks, eval.Hit{Span: eval.Span{Start: h.Start, End: h.End}, Text: filepath.Base(p) + ": " + h.Rule + ": " + h.Text})
			}
		}
		c := eval.ScoreBlocks(d, pl, marks)
		for i := range c.Misses {
			c.Misses[i] = filepath.Base(p) + ": " + c.Misses[i]
		}
		res[partOf(p)].Add(c)
	}
	return nil
}
