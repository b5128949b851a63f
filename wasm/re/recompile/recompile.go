// Package recompile turns a pattern into a program for package re, with
// Go's own parser and compiler (regexp/syntax). It runs where packs are
// compiled (the CLI, the options page, the build), never in a page.
package recompile

import (
	"regexp/syntax"
	"sort"
	"unicode"

	"github.com/sourcelight/sourcelight/wasm/re"
)

// Compile parses src as Go's regexp.Compile does (Perl syntax) and returns
// its program.
func Compile(src string) (*re.Prog, error) {
	tree, err := syntax.Parse(src, syntax.Perl)
	if err != nil {
		return nil, err
	}
	return FromTree(tree)
}

// FromTree compiles a parsed pattern. Groups other than the one named
// "hint" do not capture: the matcher reads only the match and the hint,
// and every capture costs each thread a copy.
func FromTree(tree *syntax.Regexp) (*re.Prog, error) {
	p, _, err := WithCore(tree)
	return p, err
}

// WithCore compiles a pattern in which a group named "core" marks the
// part every match has at one of its start strings (see package match).
// It returns the program and, sharing its instructions, one that starts
// where the core does; core is nil when no group is so named.
func WithCore(tree *syntax.Regexp) (p, core *re.Prog, err error) {
	tree = keepHint(tree.Simplify())
	sp, err := syntax.Compile(tree)
	if err != nil {
		return nil, nil, err
	}
	slots := 2
	for _, in := range sp.Inst {
		if in.Op == syntax.InstCapture && in.Arg == 2 {
			slots = 4 // the hint is group 1
		}
	}
	p = &re.Prog{Start: sp.Start, Slots: slots, Inst: make([]re.Inst, len(sp.Inst))}
	corePC := -1
	for i, in := range sp.Inst {
		out := &p.Inst[i]
		out.Out = in.Out
		switch in.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			out.Op, out.Arg = re.OpAlt, in.Arg
		case syntax.InstCapture:
			out.Op, out.Arg = re.OpCapture, in.Arg
			if in.Arg >= 4 { // the core's group: a mark, not a capture
				out.Op, out.Arg = re.OpNop, 0
				if in.Arg == 4 {
					corePC = i
				}
			}
		case syntax.InstEmptyWidth:
			out.Op, out.Arg = re.OpEmpty, in.Arg
		case syntax.InstMatch:
			out.Op = re.OpMatch
		case syntax.InstFail:
			out.Op = re.OpFail
		case syntax.InstNop:
			out.Op = re.OpNop
		case syntax.InstRune, syntax.InstRune1:
			out.Op = re.OpRune
			rs := ranges(in.Rune, syntax.Flags(in.Arg)&syntax.FoldCase != 0)
			out.Lo, out.N = uint32(len(p.Runes)), uint32(len(rs))
			p.Runes = append(p.Runes, rs...)
		case syntax.InstRuneAny:
			out.Op = re.OpAny
		case syntax.InstRuneAnyNotNL:
			out.Op = re.OpAnyNotNL
		}
	}
	first(p)
	p.WordStart = wordStart(tree)
	if corePC >= 0 {
		core = &re.Prog{Inst: p.Inst, Runes: p.Runes, Start: corePC, Slots: p.Slots}
		first(core)
	}
	return p, core, nil
}

// keepHint returns re with every capture but the group named hint turned
// into a plain group, and the hint made group 1 (slots 2 and 3). It
// copies what it changes.
func keepHint(re *syntax.Regexp) *syntax.Regexp {
	if re.Op == syntax.OpCapture && re.Name != "hint" && re.Name != "core" {
		return keepHint(re.Sub[0])
	}
	if want := map[string]int{"hint": 1, "core": 2}[re.Name]; re.Op == syntax.OpCapture && re.Cap != want {
		c := *re
		c.Cap = want
		c.Sub = []*syntax.Regexp{keepHint(re.Sub[0])}
		return &c
	}
	var subs []*syntax.Regexp
	for i, s := range re.Sub {
		k := keepHint(s)
		if k != s && subs == nil {
			subs = append([]*syntax.Regexp(nil), re.Sub...)
		}
		if subs != nil {
			subs[i] = k
		}
	}
	if subs == nil {
		return re
	}
	c := *re
	c.Sub = subs
	return &c
}

// first sets p.First: the bytes a match can start with, by following the
// empty transitions from the start. Byte 0's bit also stands for "the
// match can be empty" (then it may start anywhere, even at the end).
func first(p *re.Prog) {
	set := func(c int) { p.First[c>>5] |= 1 << (c & 31) }
	seen := make([]bool, len(p.Inst))
	stack := []int{p.Start}
	for len(stack) > 0 {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[pc] {
			continue
		}
		seen[pc] = true
		in := p.Inst[pc]
		switch in.Op {
		case re.OpAlt:
			stack = append(stack, int(in.Out), int(in.Arg))
		case re.OpNop, re.OpCapture, re.OpEmpty:
			stack = append(stack, int(in.Out))
		case re.OpRune:
			rs := p.RunesOf(&in)
			for i := 0; i+1 < len(rs); i += 2 {
				lo, hi := rs[i], rs[i+1]
				for c := lo; c <= hi && c < 0x80; c++ {
					set(int(c))
				}
				if hi >= 0x80 { // a longer rune, or an invalid byte read as U+FFFD
					for c := 0x80; c < 0x100; c++ {
						set(c)
					}
				}
			}
		case re.OpAny, re.OpAnyNotNL, re.OpMatch:
			for i := range p.First {
				p.First[i] = ^uint32(0)
			}
		}
	}
}

// wordStart: the pattern opens with \b and every match's first character
// is a word character, so a match starts only where a word starts.
func wordStart(tree *syntax.Regexp) bool {
	if tree.Op != syntax.OpConcat || len(tree.Sub) < 2 || tree.Sub[0].Op != syntax.OpWordBoundary {
		return false
	}
	prog, err := syntax.Compile(&syntax.Regexp{Op: syntax.OpConcat, Sub: tree.Sub[1:]})
	if err != nil {
		return false
	}
	p := &re.Prog{Inst: make([]re.Inst, len(prog.Inst)), Start: prog.Start}
	for i, in := range prog.Inst {
		p.Inst[i] = re.Inst{Out: in.Out, Arg: in.Arg}
		switch in.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			p.Inst[i].Op = re.OpAlt
		case syntax.InstCapture, syntax.InstNop, syntax.InstEmptyWidth:
			p.Inst[i].Op = re.OpNop
		case syntax.InstRune, syntax.InstRune1:
			p.Inst[i].Op = re.OpRune
			rs := ranges(in.Rune, syntax.Flags(in.Arg)&syntax.FoldCase != 0)
			p.Inst[i].Lo, p.Inst[i].N = uint32(len(p.Runes)), uint32(len(rs))
			p.Runes = append(p.Runes, rs...)
		case syntax.InstMatch:
			p.Inst[i].Op = re.OpMatch
		default:
			p.Inst[i].Op = re.OpAny
		}
	}
	first(p)
	for c := 0; c < 256; c++ {
		if p.First[c>>5]&(1<<(c&31)) != 0 && !(c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// ranges turns an instruction's runes into sorted, merged inclusive
// ranges. A single rune may carry the fold-case flag (the parser expands
// classes itself): it stands for its whole case orbit.
func ranges(rs []rune, fold bool) []rune {
	if len(rs) == 1 {
		rs = []rune{rs[0], rs[0]}
		if fold {
			for r := unicode.SimpleFold(rs[0]); r != rs[0]; r = unicode.SimpleFold(r) {
				rs = append(rs, r, r)
			}
		}
	}
	type rng struct{ lo, hi rune }
	var list []rng
	for i := 0; i+1 < len(rs); i += 2 {
		list = append(list, rng{rs[i], rs[i+1]})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].lo < list[j].lo })
	var out []rune
	for _, r := range list {
		if n := len(out); n > 0 && r.lo <= out[n-1]+1 {
			out[n-1] = max(out[n-1], r.hi)
			continue
		}
		out = append(out, r.lo, r.hi)
	}
	return out
}
