package rule

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a rule file, said so that its author can
// find and fix it: the file, the JSON path inside it, a plain sentence.
type Problem struct {
	File string
	Path string // "rules[3].phrases[0]"; "" for the file as a whole
	Line int    // for JSON syntax errors, else 0
	Col  int
	Msg  string
}

func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", p.Line, p.Col)
	}
	if p.Path != "" {
		b.WriteString(": " + p.Path)
	}
	b.WriteString(": " + p.Msg)
	return b.String()
}

// Problems is every problem found in one or more files.
type Problems []Problem

func (ps Problems) Error() string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.Error()
	}
	return strings.Join(s, "\n")
}

type problems struct {
	file string
	list Problems
}

func (p *problems) add(path, format string, a ...any) {
	p.list = append(p.list, Problem{File: p.file, Path: path, Msg: fmt.Sprintf(format, a...)})
}
