package scan

import (
	"slices"
	"strings"
	"testing"

	"github.com/sourcelight/sourcelight/wasm/htmldoc"
)

func TestLinkLists(t *testing.T) {
	def := &LinkList{MinItems: 3, MinLinkShare: 70, MinWords: 3, MaxItemChars: 200}
	li := func(s string) string { return `<li><a href="/x">` + s + `</a></li>` }
	stories := li("Storm damage closes the harbour bridge") + li("Mayor opens the new ferry terminal") + li("Council votes on next year's budget")
	long := strings.Repeat("The council debated the budget late into the night. ", 8)
	for _, c := range []struct {
		name string
		html string
		p    *LinkList
		want []string // ids of the elements marked
	}{
		{"story list", `<ul id="l">` + stories + `</ul>`, def, []string{"l"}},
		{"links without wrappers", `<div id="d"><a href="/a">Storm damage closes the harbour bridge</a><br><a href="/b">Mayor opens the new ferry terminal</a><br><a href="/c">Council votes on the budget</a></div>`, def, []string{"d"}},
		{"no params, no lists", `<ul id="l">` + stories + `</ul>`, nil, nil},
		{"two items are not a list", `<ul id="l">` + li("Storm damage closes the harbour bridge") + li("Mayor opens the new ferry terminal") + `</ul>`, def, nil},
		{"one-word menu", `<ul id="m">` + li("Home") + li("News") + li("Sport") + li("Weather") + `</ul>`, def, nil},
		{"menu allowed by min_words 1", `<ul id="m">` + li("Home") + li("News") + li("Sport") + `</ul>`, &LinkList{MinItems: 3, MinLinkShare: 70, MinWords: 1, MaxItemChars: 200}, []string{"m"}},
		{"prose with links", `<div id="p"><p>The mayor, <a href="/m">Jane Roe</a>, said the terminal would open in May.</p><p>The council <a href="/c">voted</a> last week.</p><p>Work starts <a href="/w">on Monday</a>.</p></div>`, def, nil},
		{"links with dates between", `<p id="n"><a href="/a">Microsoft loses its appeal in Europe</a> <em>Jan 4</em> <a href="/b">Mayor opens the new ferry terminal</a> <em>Jan 3</em> <a href="/c">Council votes on the budget</a> <em>Jan 2</em></p>`, def, []string{"n"}},
		{"mixed shapes", `<div id="x"><a href="/a">Storm damage closes the harbour bridge</a><p>Mayor opens the new ferry terminal</p><span>Council votes</span><em>on the budget today</em></div>`, def, nil},
		{"an item too long", `<ul id="l">` + stories + `<li><a href="/y">` + long + `</a></li></ul>`, def, nil},
		{"long prose inside", `<div id="a"><ul>` + stories + `</ul><p>` + long + `</p></div>`, def, nil},
		{"never with a headline", `<div id="h"><h1>Port deal</h1>` + `<a href="/a">Storm damage closes the harbour bridge</a><a href="/b">Mayor opens the new ferry terminal</a><a href="/c">Council votes on the budget</a></div>`, def, nil},
	} {
		d, err := htmldoc.ParseString("<html><body>" + c.html + "</body></html>")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i, ok := range LinkLists(d, c.p, 4000, 300) {
			if ok {
				id, _ := d.Elems[i].Attr("id")
				got = append(got, id)
			}
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: marked %q, want %q", c.name, got, c.want)
		}
	}
}

func FuzzCountWords(f *testing.F) {
	f.Add("a  b\u00a0c\td ")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := countWords(s), len(strings.Fields(s)); got != want {
			t.Fatalf("countWords(%q) = %d, want %d", s, got, want)
		}
	})
}

// kidsOf's one array holds, per element, what a slice per element held.
func TestKidsOf(t *testing.T) {
	d, err := htmldoc.ParseString(`<body><ul><li><a href="/a">One story here</a></li><li></li><li>Two <b>bold</b></li></ul><p>x</p><div><span>y</span></div></body>`)
	if err != nil {
		t.Fatal(err)
	}
	c := kidsOf(d)
	for i := range d.Elems {
		var want []int32
		for k := 1; k < len(d.Elems); k++ {
			if d.Elems[k].Parent == i && d.Elems[k].Chars > 0 {
				want = append(want, int32(k))
			}
		}
		if got := c.of(i); !slices.Equal(got, want) {
			t.Errorf("element %d (%s): children %v, want %v", i, d.Elems[i].Tag, got, want)
		}
	}
}
