package doc

import "strings"

// Plain builds the document of plain text: paragraphs are separated by
// blank lines, and Document.Text is s itself, so hint offsets are offsets
// into the file.
func Plain(s string) *Document {
	d := &Document{Text: s}
	d.Elems = append(d.Elems, Element{Tag: "body", Parent: -1, End: len(s)})
	start := -1 // start of the current paragraph, -1 between paragraphs
	end := 0    // end of its last non-blank line
	para := func() {
		if start < 0 {
			return
		}
		text := s[start:end]
		lead := len(text) - len(strings.TrimLeft(text, " \t\r\n\f\v"))
		st, en := start+lead, start+len(strings.TrimRight(text, " \t\r\n\f\v"))
		if st < en {
			ei := len(d.Elems)
			n := en - st
			long := 0
			if n >= LongBlock {
				long = 1
			}
			d.Elems = append(d.Elems, Element{Tag: "p", Parent: 0, Depth: 1, Start: st, End: en, Chars: n, Long: long})
			d.Blocks = append(d.Blocks, Block{Start: st, End: en, Elem: ei, Runs: []Run{{Off: 0, Node: 0, NodeOff: st, Len: n}}})
			d.Elems[0].Chars += n
			d.Elems[0].Long += long
		}
		start = -1
	}
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			j = len(s)
		} else {
			j += i + 1
		}
		line := s[i:j]
		if strings.TrimSpace(line) == "" {
			para()
		} else {
			if start < 0 {
				start = i
			}
			end = j
		}
		i = j
	}
	para()
	if len(d.Blocks) > 0 {
		d.Elems[0].Start = d.Blocks[0].Start
	}
	return d
}
