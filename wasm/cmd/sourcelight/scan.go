package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/engine"
	"github.com/sourcelight/sourcelight/wasm/input"
	"github.com/sourcelight/sourcelight/wasm/match"
	"github.com/sourcelight/sourcelight/wasm/report"
	"github.com/sourcelight/sourcelight/wasm/rule"
)

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(s string) error { *m = append(*m, s); return nil }

func scan(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var rulePaths multi
	fs.Var(&rulePaths, "rules", "rule file or folder (repeatable; default: the built-in packs)")
	format := fs.String("format", "text", "output format: text or json")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "sourcelight scan: --format must be text or json, not %q\n", *format)
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "sourcelight scan: name at least one file (or - for standard input)")
		return 2
	}
	status := 0
	packs, ok := loadPacks(rulePaths, stderr)
	if !ok {
		status = 1
	}
	if len(packs) == 0 {
		fmt.Fprintln(stderr, "sourcelight scan: no valid rule pack to scan with")
		return 1
	}
	m := match.New(packs...)
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	color := *format == "text" && isTerminal(stdout)
	for _, name := range fs.Args() {
		d, hints, err := scanFile(m, name, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "sourcelight scan: %v\n", err)
			status = 1
			continue
		}
		if *format == "json" {
			if err := enc.Encode(report.New(name, hints)); err != nil {
				fmt.Fprintf(stderr, "sourcelight scan: %v\n", err)
				return 1
			}
			continue
		}
		printText(stdout, name, d, hints, color)
	}
	return status
}

func scanFile(m *match.Matcher, name string, stdin io.Reader) (*doc.Document, []match.Hint, error) {
	if name == "-" {
		return input.Scan(m, name, "", stdin)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	return input.Scan(m, name, "", f)
}

// loadPacks reads the packs at paths, or the built-in ones; problems are
// reported and the good packs kept.
func loadPacks(paths []string, stderr io.Writer) ([]*rule.Pack, bool) {
	if len(paths) == 0 {
		return loadFiles(engine.DefaultFiles(), stderr)
	}
	files, err := rule.ReadPaths(paths)
	if err != nil {
		fmt.Fprintf(stderr, "sourcelight: %v\n", err)
		return nil, false
	}
	if len(files) == 0 {
		fmt.Fprintf(stderr, "sourcelight: no rule files in %s\n", strings.Join(paths, ", "))
		return nil, false
	}
	return loadFiles(files, stderr)
}

func loadFiles(files []rule.File, stderr io.Writer) ([]*rule.Pack, bool) {
	packs, probs := rule.LoadAll(files)
	for _, p := range probs {
		fmt.Fprintln(stderr, p.Error())
	}
	return packs, len(probs) == 0
}

func printText(w io.Writer, name string, d *doc.Document, hints []match.Hint, color bool) {
	counts := map[string]int{}
	for _, h := range hints {
		counts[h.Category]++
	}
	cats := make([]string, 0, len(counts))
	for c := range counts {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	var parts []string
	for _, c := range cats {
		parts = append(parts, fmt.Sprintf("%d %s", counts[c], c))
	}
	summary := "no hints"
	if len(hints) > 0 {
		summary = fmt.Sprintf("%d hints: %s", len(hints), strings.Join(parts, ", "))
	}
	fmt.Fprintf(w, "%s: %s\n", name, summary)
	open, shut := "»", "«"
	if color {
		open, shut = "\x1b[7m", "\x1b[0m"
	}
	for _, h := range hints {
		where := fmt.Sprintf("%s/%s", h.Pack, h.Rule)
		if h.Block {
			fmt.Fprintf(w, "  %-17s %-34s [block] %s\n", h.Category, where, clip(h.Text, 100))
			continue
		}
		b := d.Blocks[h.Index]
		before, after := context(d.Text[b.Start:h.Start], true), context(d.Text[h.End:b.End], false)
		fmt.Fprintf(w, "  %-17s %-34s %s%s%s%s%s\n", h.Category, where, before, open, oneLine(h.Text), shut, after)
	}
}

// context keeps up to 40 bytes of text next to a hint, on rune boundaries.
func context(s string, before bool) string {
	s = oneLine(s)
	const n = 40
	if len(s) <= n {
		return s
	}
	if before {
		i := len(s) - n
		for i < len(s) && !utf8.RuneStart(s[i]) {
			i++
		}
		return "…" + s[i:]
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.TrimRight(s[:runeStart(s, n)], " ") + "…"
}

func runeStart(s string, i int) int {
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

func oneLine(s string) string {
	lead := strings.HasPrefix(s, " ") || strings.HasPrefix(s, "\n")
	trail := strings.HasSuffix(s, " ") || strings.HasSuffix(s, "\n")
	s = strings.Join(strings.Fields(s), " ")
	if lead && s != "" {
		s = " " + s
	}
	if trail && s != "" {
		s += " "
	}
	return s
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0 && os.Getenv("NO_COLOR") == ""
}

// text prints the text blocks of each file, separated by blank lines: the
// text that scan's offsets index for HTML input.
func text(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "sourcelight text: name at least one file")
		return 2
	}
	status := 0
	for _, name := range args {
		var d *doc.Document
		var err error
		if name == "-" {
			var data []byte
			if data, err = io.ReadAll(stdin); err == nil {
				d, err = input.Document(name, "", data)
			}
		} else {
			var data []byte
			if data, err = os.ReadFile(name); err == nil {
				d, err = input.Document(name, "", data)
			}
		}
		if err != nil {
			fmt.Fprintf(stderr, "sourcelight text: %v\n", err)
			status = 1
			continue
		}
		fmt.Fprintln(stdout, d.Text)
	}
	return status
}
