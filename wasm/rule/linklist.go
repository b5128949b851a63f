package rule

// LinkList marks, with no label, the link-dense blocks that list other
// stories: teaser lists, "more stories" boxes without a heading, section
// lists. An element qualifies when most of its text is inside links, its
// children repeat one shape (the same tag), at least MinItems of them hold
// a link, and the links read like headlines (MinWords words on average,
// each item at most MaxItemChars long). The block's MaxChars and MaxProse
// still bound it, so article text is never marked.
type LinkList struct {
	MinItems     int // children of the repeated shape that hold a link
	MinLinkShare int // percent of the element's text inside links
	MinWords     int // average words per item
	MaxItemChars int // longest item, in bytes
	// MinLedShare, when above 0, also accepts teaser lists with blurbs: at
	// least MinItems text blocks, and MinLedShare percent of the element's
	// blocks, begin with a headline-like link (article paragraphs do not).
	MinLedShare int
}

// Defaults for link_list.
const (
	DefaultMinItems     = 3
	DefaultMinLinkShare = 70
	DefaultMinWords     = 3
	DefaultMaxItemChars = 200
)

// decodeLinkList reads the optional "link_list" object of a block rule.
func decodeLinkList(o *object) *LinkList {
	v := o.get("link_list")
	if !v.Exists() {
		return nil
	}
	lo := newObject(v, join(o.path, "link_list"), o.p)
	ll := &LinkList{
		MinItems:     lo.int("min_items", DefaultMinItems, 2, 1000),
		MinLinkShare: lo.int("min_link_share", DefaultMinLinkShare, 1, 100),
		MinWords:     lo.int("min_words", DefaultMinWords, 1, 50),
		MaxItemChars: lo.int("max_item_chars", DefaultMaxItemChars, 10, 10000),
		MinLedShare:  lo.int("min_led_share", 0, 0, 100),
	}
	lo.done()
	return ll
}
