package doc

import "sort"

// Tags lists the element names Build treats specially, for hosts that walk
// a DOM themselves: the extension's snapshot code takes them from here, so
// the rules live in one place.
func Tags() (block, skip, embed []string) {
	return keys(blockTags), keys(skipTags), keys(embedTags)
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Stable(sort.StringSlice(out)) // not sort.Strings (a generic instantiation) nor sort.Sort (pdqsort): the page engine links only Stable
	return out
}
