package scan

// ACScan runs only the automaton over s and counts hits (temporary, for profiling).
func ACScan(m *Matcher, s string) int {
	n := 0
	m.ac.scan(s, func(id, end int) { n++ })
	return n
}
