package eval

import (
	"strings"
	"testing"

	"github.com/sourcelight/sourcelight/wasm/doc"
	"github.com/sourcelight/sourcelight/wasm/htmldoc"
)

// brat offsets count characters: the curly quote before "Officials" is
// three bytes but one character.
func TestParseAnn(t *testing.T) {
	text := "“Officials said the deal is off,” it reads."
	ann := "T1\tSource 1 10\tOfficials\nT2\tCue 11 15\tsaid\nT3\tContent 16 31\tthe deal is off\n" +
		"T4\tAttribution 11 15\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
	as := ParseAnn(text, ann)
	if len(as) != 1 {
		t.Fatalf("got %d attributions, want 1", len(as))
	}
	a := as[0]
	for _, c := range []struct{ got, want string }{
		{textOf(text, a.Source), "Officials"},
		{textOf(text, a.Cue), "said"},
		{textOf(text, a.Content), "the deal is off"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestWholeWords(t *testing.T) {
	text := "“It will pass,” said the senior Cruz adviser, who has been applauded."
	for _, c := range []struct{ cut, want string }{
		{"the senior Cruz advise", "the senior Cruz adviser"},
		{"he senior", "the senior"},
		{"as been applauded", "has been applauded"},
		{"said", "said"},
		{"It will pass,", "It will pass,"},
	} {
		i := strings.Index(text, c.cut)
		s := wholeWords(text, Span{i, i + len(c.cut)})
		if got := text[s.Start:s.End]; got != c.want {
			t.Errorf("%q: got %q, want %q", c.cut, got, c.want)
		}
	}
}

// attr builds an attribution over text from the first occurrences of its
// source and cue.
func attr(text, src, cue, content string) Attribution {
	var a Attribution
	a.Type = "Attribution"
	find := func(s string) []Span {
		if s == "" {
			return nil
		}
		i := strings.Index(text, s)
		return []Span{{i, i + len(s)}}
	}
	a.Source, a.Cue, a.Content = find(src), find(cue), find(content)
	if src == "" {
		a.Type = "Attribution-no-source"
	}
	return a
}

func TestAnonGold(t *testing.T) {
	for _, c := range []struct {
		text, src, cue string
		want           Verdict
	}{
		{"Senior administration officials said the plan was dead.", "Senior administration officials", "said", Positive},
		{"People familiar with the matter said it was over.", "People familiar with the matter", "said", Positive},
		{"Some Democrats say Perez would help.", "Some Democrats", "say", Positive},
		{"Mr. Rubio's advisers privately conceded defeat.", "Mr. Rubio's advisers", "conceded", Positive},
		{"The senator reportedly said no.", "", "reportedly", Positive},
		{"Trump reportedly said no.", "Trump", "reportedly said", Positive},
		{"Trump is also said to favour it.", "Trump", "is also said to", Positive},
		{"According to press reports, he left.", "press reports", "According to", Positive},
		{"Media Reports Reveal Reason Behind Firing", "Media Reports", "Reveal", Positive},
		{"Reports say he left.", "Reports", "say", Positive},
		{"Washington Post Reports Reveal Reason Behind Firing", "Washington Post Reports", "Reveal", Negative},
		// never anonymous: named people, organisations, polls
		{"Dan Conston, a senior adviser to the group said it failed.", "Dan Conston, a senior adviser to the group", "said", Negative},
		{"Clinton aide Huma Abedin said it failed.", "Clinton aide Huma Abedin", "said", Negative},
		{"The White House said it failed.", "The White House", "said", Negative},
		{"A new poll found Trump ahead.", "A new poll", "found", Negative},
		{"Many young voters like his socialism, according to a new poll by Harvard.", "Many young voters like his socialism", "according to", Negative},
		{"The plan is dead, according to some aides.", "some aides", "according to", Positive},
		// borderline: not a sourcing cue, a bare party, a vox-pop individual
		{"Clinton's advisers worried about turnout.", "Clinton's advisers", "worried about", Neutral},
		{"Republicans said the bill would fail.", "Republicans", "said", Neutral},
		{"A bartender said the bar was full.", "A bartender", "said", Neutral},
		{"He said so.", "He", "said", Neutral},
		{"Many of you have noted the difference.", "Many of you", "have noted", Neutral},
		{"Some of them said it failed.", "Some of them", "said", Positive},
		// feelings and deeds a sourcing stem also spells: borderline, as
		// "worried" is; a fear or hope of a claim stays a belief
		{"Some Democrats are concerned that he will lose.", "Some Democrats", "are concerned", Neutral},
		{"Many in the party had backed him in the hope of stopping Trump.", "Many in the party", "in the hope of", Neutral},
		{"The leaks left progressives fearful that more would come.", "progressives", "fearful", Neutral},
		{"Several businesses have called off projects with him.", "Several businesses", "have called off", Neutral},
		{"Some critics fear the law will fail.", "Some critics", "fear", Positive},
		{"Strategists hope the ads will work.", "Strategists", "hope", Positive},
		{"Clinton aides have privately expressed frustration over it.", "Clinton aides", "have privately expressed frustration over", Positive},
		// a capitalised quantifier, adjective or party opening the source
		// names no one (guidelines: FLAG "officials ... with no name")
		{"Current and former officials said it failed.", "Current and former officials", "said", Positive},
		{"Many Democrats, including Clinton's advisers, said it failed.", "Many Democrats, including Clinton's advisers,", "said", Positive},
		{"Her directors and advisers continued to assure donors.", "Her directors and advisers", "continued to assure", Positive},
		{"House Republicans said the bill would fail.", "House Republicans", "said", Neutral},
		{"Democrats — and some Republicans — say it failed.", "Democrats — and some Republicans —", "say", Neutral},
		{"none of the constitutional scholars I interviewed thought so.", "none of the constitutional scholars I interviewed", "thought", Positive},
		// a group whose members are named is named, quantifier or not
		// (guidelines: NOT anonymous "named people"; experts "when no
		// expert is named")
		{"Several candidates, including Trump, said it failed.", "Several candidates, including Trump,", "said", Negative},
		{"Others, including Sen. Jeff Merkley, are urging a vote.", "Others, including Sen. Jeff Merkley,", "are urging", Negative},
		{"Some defenders of globalization, like Gary Clyde Hufbauer, a senior fellow, also acknowledge it.", "Some defenders of globalization, like Gary Clyde Hufbauer, a senior fellow,", "also acknowledge", Negative},
		{"Several experts on trade, such as Jared Bernstein, said it failed.", "Several experts on trade, such as Jared Bernstein,", "said", Negative},
		{"Party officials in a number of states, including Wisconsin, said it failed.", "Party officials in a number of states, including Wisconsin,", "said", Positive},
		{"Many speakers at the service — including Muslims, Christians, Jews — said it was painful.", "Many speakers at the service — including Muslims, Christians, Jews —", "said", Positive},
		{"Many experts on trade, like their critics, said it failed.", "Many experts on trade, like their critics,", "said", Positive},
		{"Two objectors, Lawrence Joyce and William Graham, contended it.", "Two objectors, Lawrence Joyce and William Graham,", "contended", Negative},
		{"Some candidates — for instance, Sen. Ted Cruz — have called for it.", "Some candidates — for instance, Sen. Ted Cruz —", "have called for", Negative},
		{"The director of the European Centre, Ina Kirsch, said it failed.", "The director of the European Centre, Ina Kirsch,", "said", Negative},
		{"Two members of Congress from Florida, Ileana Ros-Lehtinen and Carlos Curbelo, have said so.", "Two members of Congress from Florida, Ileana Ros-Lehtinen and Carlos Curbelo,", "have said", Negative},
		{"Some aides to the governor, who asked not to be named, said so.", "Some aides to the governor, who asked not to be named,", "said", Positive},
		// but a capitalised modifier names no one
		{"Many liberal economists and Wall Street reform advocates believe it.", "Many liberal economists and Wall Street reform advocates", "believe", Positive},
		// a pronoun beside the group: partly named (borderline)
		{"She and her aides said it failed.", "She and her aides", "said", Neutral},
		// the head is in the noun phrase, not in its clause or aside
		{"The former secretary of state, who won Iowa, said it failed.", "The former secretary of state, who won Iowa,", "said", Neutral},
		{"The designer, who works for another brand, said it failed.", "The designer, who works for another brand,", "said", Neutral},
		// studies, shares of a group and adjectives are no unnamed sources
		// (guidelines: NOT anonymous "polls, surveys, studies, documents")
		{"Research to be released this week by four economists suggests it failed.", "Research to be released this week by four economists", "suggests", Negative},
		{"Some analyses suggest it failed.", "Some analyses", "suggest", Negative},
		{"Some party figures concluded it was too late.", "Some party figures", "concluded", Positive},
		{"GOP figures said it was too late.", "GOP figures", "said", Neutral},
		{"Official figures show it failed.", "Official figures", "show", Negative},
		{"Some figures suggest it failed.", "Some figures", "suggest", Negative},
		{"Two-thirds of Democratic insiders said it failed.", "Two-thirds of Democratic insiders", "said", Negative},
		{"Half of Vermont Democrats said it failed.", "Half of Vermont Democrats", "said", Negative},
		{"A third source said it failed.", "A third source", "said", Positive},
		{"Executives for Mondelez, which made $30 billion, say it failed.", "Executives for Mondelez, which made $30 billion,", "say", Positive},
		{"Trump's official campaign account said it failed.", "Trump's official campaign account", "said", Negative},
	} {
		g := AnonGold(c.text, attr(c.text, c.src, c.cue, ""))
		if g.Verdict != c.want {
			t.Errorf("%q: got %v, want %v", c.text, g.Verdict, c.want)
		}
	}
}

func TestDenialGold(t *testing.T) {
	for _, c := range []struct {
		text, src, cue, content string
		want                    Verdict
		target                  string
	}{
		{"The Kremlin denied the reports.", "The Kremlin", "denied", "the reports", Positive, "denied"},
		{"“That's just not true,” he said.", "he", "said", "That's just not true", Positive, "'s just not true"},
		{"She pushed back on the claim.", "She", "pushed back", "the claim", Positive, "pushed back"},
		{"He said the economy was growing.", "He", "said", "the economy was growing", Negative, "said"},
		// a quoted falsity word still calls the claim false (guidelines:
		// "called it false / untrue")
		{`He said that Cruz's description was "false."`, "He", "said", `that Cruz's description was "false."`, Positive, `was "false`},
		{`He said that the claim is "simply not true."`, "He", "said", `that the claim is "simply not true."`, Positive, `is "simply not true`},
		// "wrong" of a claim or its author rebuts it; of deeds it does not
		// (guidelines: "wrong (when said of the specific claim)")
		{"Comey said those statements were wrong.", "Comey", "said", "those statements were wrong", Positive, "were wrong"},
		{`“They'd be wrong,” he said.`, "he", "said", "They'd be wrong", Positive, "be wrong"},
		{"He said a lot of the things they are doing are wrong.", "He", "said", "a lot of the things they are doing are wrong", Negative, "said"},
	} {
		g := DenialGold(c.text, attr(c.text, c.src, c.cue, c.content))
		if g.Verdict != c.want || textOf(c.text, g.Target) != c.target {
			t.Errorf("%q: got %v on %q, want %v on %q", c.text, g.Verdict, textOf(c.text, g.Target), c.want, c.target)
		}
	}
}

func TestScoreInline(t *testing.T) {
	golds := []Gold{
		{Verdict: Positive, Target: []Span{{0, 10}}},
		{Verdict: Positive, Target: []Span{{5, 12}}}, // a second annotator: one item
		{Verdict: Positive, Target: []Span{{40, 50}}},
		{Verdict: Neutral, Target: []Span{{60, 70}}},
		{Verdict: Negative, Target: []Span{{80, 90}}},
		// a named source from 110 to 140, its cue from 141 to 150
		{Verdict: Negative, Target: []Span{{110, 150}}, Source: []Span{{110, 140}}},
	}
	for _, c := range []struct {
		name                          string
		hits                          []Span
		tp, fp, unjudged, gold, found int
	}{
		{"none", nil, 0, 0, 0, 2, 0},
		{"one overlap finds the item", []Span{{9, 11}}, 1, 0, 0, 2, 1},
		{"neutral is not counted", []Span{{65, 66}}, 0, 0, 0, 2, 0},
		{"negative is false", []Span{{85, 95}}, 0, 1, 0, 2, 0},
		{"outside every annotation", []Span{{100, 105}}, 0, 0, 1, 2, 0},
		{"all", []Span{{0, 3}, {45, 46}, {85, 86}}, 2, 1, 0, 2, 2},
		{"inside a judged source: another attribution", []Span{{120, 125}}, 0, 0, 1, 2, 0},
		{"reaching the judged cue is false", []Span{{135, 145}}, 0, 1, 0, 2, 0},
	} {
		var hits []Hit
		for _, s := range c.hits {
			hits = append(hits, Hit{Span: s})
		}
		got := ScoreInline(golds, hits)
		if got.TP != c.tp || got.FP != c.fp || got.Unjudged != c.unjudged || got.Gold != c.gold || got.Found != c.found {
			t.Errorf("%s: got tp %d fp %d unjudged %d gold %d found %d", c.name, got.TP, got.FP, got.Unjudged, got.Gold, got.Found)
		}
	}
}

func TestHeld(t *testing.T) {
	if Held("a/x.txt") != Held("b/x.html") {
		t.Error("the split must depend on the base name only")
	}
	n := 0
	for i := range 1000 {
		if Held(strings.Repeat("p", i%7) + string(rune('a'+i%26)) + strings.Repeat("q", i)) {
			n++
		}
	}
	if n < 200 || n > 300 {
		t.Errorf("%d of 1000 held aside, want about 250", n)
	}
}

func TestFold(t *testing.T) {
	n := [3]int{}
	for i := range 1000 {
		name := strings.Repeat("p", i%7) + string(rune('a'+i%26)) + strings.Repeat("q", i)
		k := Fold(name, 3)
		if Held(name) != (k < 0) {
			t.Fatalf("%s: fold %d, held %v: check files are in no fold", name, k, Held(name))
		}
		if k >= 0 {
			n[k]++
		}
		if Fold("x/"+name+".txt", 3) != k {
			t.Fatal("a fold must depend on the base name only")
		}
	}
	for k, c := range n {
		if c < 200 || c > 300 {
			t.Errorf("fold %d holds %d of about 750 tuning names, want about 250", k, c)
		}
	}
	if Fold("a", 0) != -1 {
		t.Error("no folds: want -1")
	}
}

const page = `<html><body>
<h1><span class="x-nc-sel1">Port deal collapses after talks</span></h1>
<p><span class="x-nc-sel2">The port authority said on Tuesday that the deal it had negotiated for a year was off, and that it would look for another partner before the summer.</span></p>
<ul id="more">
<li><a href="/a">Storm damage closes the harbour bridge</a></li>
<li><a href="/b">Mayor opens the new ferry terminal today</a></li>
</ul>
<div id="rel"><span class="x-nc-sel4"><a href="/c">Council votes on the budget</a></span></div>
<p><a href="/home">Home</a></p>
<div>Most read: <font id="inline"><a href="/d">Ferry fares rise again this spring</a> <a href="/e">Harbour pilots go on strike</a></font></div>
</body></html>`

func TestScoreBlocks(t *testing.T) {
	tree, err := htmldoc.ParseTree(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	pl := LabelPage(tree)
	d := doc.Build(tree)
	elem := func(id string) Hit {
		for _, e := range d.Elems {
			if v, _ := e.Attr("id"); v == id {
				return Hit{Span: Span{e.Start, e.End}, Text: id}
			}
		}
		t.Fatalf("no element #%s", id)
		return Hit{}
	}
	body := Hit{Span: Span{0, len(d.Text)}, Text: "body"}
	for _, c := range []struct {
		name            string
		marks           []Hit
		tp, fp, gold, f int
	}{
		// gold: four story links, one related span; "Home" is too short
		{"nothing marked", nil, 0, 0, 5, 0},
		{"the list", []Hit{elem("more")}, 1, 0, 5, 2},
		{"list and related", []Hit{elem("more"), elem("rel")}, 2, 0, 5, 3},
		// an inline element marked holds part of its text block: its links count
		{"an inline list", []Hit{elem("inline")}, 1, 0, 5, 2},
		{"the article is never right", []Hit{body}, 0, 1, 5, 5},
	} {
		got := ScoreBlocks(d, pl, c.marks)
		if got.TP != c.tp || got.FP != c.fp || got.Gold != c.gold || got.Found != c.f {
			t.Errorf("%s: got tp %d fp %d gold %d found %d", c.name, got.TP, got.FP, got.Gold, got.Found)
		}
	}
}
