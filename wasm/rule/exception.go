package rule

// Exception cancels hits that overlap text it matches: "according to
// Reuters" names its source, "source code" is not a source. It applies to
// the rules of its own pack listed in Cancels, or to all of them.
type Exception struct {
	Def
	Phrases  []string
	Patterns []Pattern
	Cancels  []string // rule ids; empty: every rule of the pack
}

func decodeException(o *object, d Def, l *lists) *Exception {
	e := &Exception{Def: d}
	e.Phrases = phrases(o, "phrases", false, l)
	e.Patterns = patterns(o, "patterns", false, l)
	e.Cancels = o.strs("cancels", false)
	if !o.get("phrases").Exists() && !o.get("patterns").Exists() {
		o.p.add(o.path, "an exception needs \"phrases\" or \"patterns\"")
	}
	return e
}
