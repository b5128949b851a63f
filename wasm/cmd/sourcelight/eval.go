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
	// Hidden helpers for estimating, inside the tuning part, how a change
	// does on text its author did not read: --folds n also scores each of n
	// folds of the tuning part (PolNeAR), --fold k makes --show list the
	// misses and false hints of fold k only, and --dump-tune FILE writes
	// every gold item of the tuning part with its fold, whether a hint found
	// it and which rules did; --frames puts unnamed sources in the place of
	// the named ones the annotators found (eval.Frame) and lists those the
	// packs miss. None of them reads or prints the check part.
	folds := fs.Int("folds", 0, "")
	fold := fs.Int("fold", -1, "")
	dump := fs.String("dump-tune", "", "")
	frames := fs.Bool("frames", false, "")
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
	byFold := map[string][]eval.Counts{"anonymous-source": make([]eval.Counts, max(*folds, 0)), "denial": make([]eval.Counts, max(*folds, 0))}
	var fr *frameCounts
	if *frames {
		fr = &frameCounts{}
	}
	if err := evalPolNeAR(m, filepath.Join(*corpus, "polnear", "train"), res, byFold, *folds, *dump, fr); err != nil {
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
	for _, c := range []string{"anonymous-source", "denial"} {
		for k, r := range byFold[c] {
			fmt.Fprintf(stdout, "%-18s %-6s %6d %6d %9.3f %9.3f %7.3f\n", c, fmt.Sprintf("fold%d", k), r.TP+r.FP+r.Unjudged, r.Gold, r.Precision(), r.Recall(), r.Strict())
		}
	}
	if fr != nil {
		fmt.Fprintf(stdout, "frames: %d of %d named sources of the tuning part, made unnamed, found\n", fr.found, fr.total)
		for _, s := range fr.misses {
			fmt.Fprintf(stdout, "FRAME %s\n", s)
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
		if f := byFold[*show]; *fold >= 0 && *fold < len(f) && p == 0 {
			r = &[2]eval.Counts{f[*fold]}
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
func evalPolNeAR(m *match.Matcher, dir string, res map[string]*[2]eval.Counts, byFold map[string][]eval.Counts, folds int, dump string, fr *frameCounts) error {
	var dw io.Writer = io.Discard
	if dump != "" {
		f, err := os.Create(dump)
		if err != nil {
			return err
		}
		defer f.Close()
		dw = f
	}
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
		rules := map[string][]string{}
		for _, h := range m.Scan(d) {
			if !h.Block {
				hits[h.Category] = append(hits[h.Category], eval.Hit{Span: eval.Span{Start: h.Start, End: h.End}, Text: ctx(text, h.Start, h.End)})
				rules[h.Category] = append(rules[h.Category], h.Rule)
			}
		}
		var anon, den []eval.Gold
		for _, a := range attrs {
			anon = append(anon, eval.AnonGold(text, a))
			den = append(den, eval.DenialGold(text, a))
		}
		p := partOf(t)
		ca, cd := eval.ScoreInline(anon, hits["anonymous-source"]), eval.ScoreInline(den, hits["denial"])
		res["anonymous-source"][p].Add(ca)
		res["denial"][p].Add(cd)
		if p == 0 && fr != nil {
			seen := map[eval.Span]bool{} // several annotators mark one source
			for i, a := range attrs {
				if anon[i].Verdict == eval.Negative && eval.Framed(text, a) && !seen[a.Source[0]] {
					seen[a.Source[0]] = true
					fr.try(m, text, a)
				}
			}
		}
		if p == 0 {
			// tab-separated: category, fold, verdict, found, source, cue, gold
			// target, rules, and its paragraph around the target (before,
			// cover, after); every attribution, not only the gold ones
			for i, a := range attrs {
				for c, g := range [2]eval.Gold{anon[i], den[i]} {
					cat := [2]string{"anonymous-source", "denial"}[c]
					var by []string
					for j, h := range hits[cat] {
						for _, s := range g.Target {
							if h.Span.Overlaps(s) {
								by = append(by, rules[cat][j])
								break
							}
						}
					}
					pre, cover, post := around(text, g.Target)
					fmt.Fprintf(dw, "%s\t%d\t%s\t%v\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", cat, eval.Fold(t, max(folds, 1)), g.Verdict, len(by) > 0, spans(text, a.Source), spans(text, a.Cue), oneLine(g.Text), strings.Join(by, ","), pre, cover, post)
				}
			}
		}
		if k := eval.Fold(t, folds); k >= 0 {
			byFold["anonymous-source"][k].Add(ca)
			byFold["denial"][k].Add(cd)
		}
	}
	return nil
}

// around splits the paragraph holding a gold target into the text before
// the target's cover, the cover and the text after, for --dump-tune: a
// script can vary the target's words in their context.
func around(text string, ss []eval.Span) (before, cover, after string) {
	if len(ss) == 0 {
		return "", "", ""
	}
	lo, hi := ss[0].Start, ss[0].End
	for _, s := range ss {
		lo, hi = min(lo, s.Start), max(hi, s.End)
	}
	a, b := paragraph(text, lo, hi)
	return flat.Replace(text[a:lo]), flat.Replace(text[lo:hi]), flat.Replace(text[hi:b])
}

// paragraph returns the bounds of the line (a PolNeAR paragraph) that
// holds text[lo:hi].
func paragraph(text string, lo, hi int) (a, b int) {
	a, b = strings.LastIndex(text[:lo], "\n")+1, len(text)
	if i := strings.Index(text[hi:], "\n"); i >= 0 {
		b = hi + i
	}
	return a, b
}

// flat keeps a dumped field on its line and in its column, byte for byte
// otherwise (oneLine would drop the spacing a rescan depends on).
var flat = strings.NewReplacer("\t", " ", "\r", " ", "\n", " ")

// spans joins the text of spans, for --dump-tune.
func spans(text string, ss []eval.Span) string {
	var parts []string
	for _, s := range ss {
		parts = append(parts, oneLine(text[s.Start:s.End]))
	}
	return strings.Join(parts, " | ")
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

// frameCounts adds up --frames: named sources of the tuning part put into
// unnamed form, and those no anonymous-source hint found.
type frameCounts struct {
	found, total int
	misses       []string
}

// try frames one attribution in its paragraph with the next of
// eval.Unnamed and scans the paragraph alone.
func (f *frameCounts) try(m *match.Matcher, text string, a eval.Attribution) {
	s := a.Source[0]
	lo, hi := paragraph(text, s.Start, s.End)
	para, at := eval.Frame(text[lo:hi], eval.Span{Start: s.Start - lo, End: s.End - lo}, eval.Unnamed[f.total%len(eval.Unnamed)])
	f.total++
	for _, h := range m.Scan(doc.Plain(para)) {
		if h.Category == "anonymous-source" && h.Start < at.End && at.Start < h.End {
			f.found++
			return
		}
	}
	f.misses = append(f.misses, ctx(para, at.Start, at.End))
}
