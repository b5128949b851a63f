package eval

import (
	"regexp"
	"strings"
)

// Verdict is what the guidelines say of an annotated attribution for one
// category.
type Verdict int

const (
	Negative Verdict = iota // never a hint of the category
	Neutral                 // borderline: a hint there counts neither way
	Positive                // must be found
)

func (v Verdict) String() string { return [...]string{"negative", "neutral", "positive"}[v] }

// Gold is one attribution judged for a category. Target is where a hint must
// overlap to find it: the source and cue for anonymous sources (the
// guidelines highlight source + cue, or the hedge cue), the cue or the
// falsity phrase for denials.
type Gold struct {
	Verdict Verdict
	Target  []Span
	Text    string // for reports: the source and cue, or the denial phrase
	Source  []Span // the annotated source, when the verdict judged it
}

// Words that head an unnamed source ("officials", "people familiar…"): a
// Source whose head is one of these, with no name in apposition, is
// anonymous (guidelines: FLAG).
var anonHeads = set("sources", "source", "officials", "official", "aides", "aide", "advisers", "adviser",
	"advisors", "advisor", "allies", "ally", "insiders", "insider", "strategists", "strategist",
	"operatives", "operative", "people", "person", "persons", "individuals", "experts", "expert",
	"analysts", "analyst", "critics", "critic", "observers", "confidants", "confidant", "associates", "associate",
	"staffers", "staffer", "someone", "diplomats", "diplomat", "executives", "executive", "insiders",
	"friends", "detractors", "defenders", "skeptics", "pundits", "loyalists", "veterans", "operatives", "others",
	"economists", "scholars", "academics", "historians", "scientists", "researchers",
	"commentators", "experts", "observers", "conservatives", "liberals", "progressives")

// Heads the guidelines call borderline when bare: flagging is optional.
var borderHeads = set("republicans", "democrats", "lawmakers", "leaders", "investigators", "prosecutors",
	"regulators", "spokesman", "spokeswoman", "spokesperson", "spokespeople", "representative",
	"campaign", "voters", "members", "supporters", "opponents", "donors", "residents", "senators",
	"legislators", "activists", "agents", "employees", "employee", "attendee", "attendees", "member", "worker", "workers", "democrat", "republican", "officer", "officers", "staff", "authorities", "observers", "organizers",
	"he", "she", "they", "it", "we", "i", "you", "who", "which", "that", "this", "them", "him", "her")

// Quantifiers over unnamed people: "some Republicans say" is a FLAG even
// where the bare group is borderline.
var quantWords = set("some", "many", "several", "few", "most", "numerous", "various", "other", "multiple", "countless", "two", "three", "four", "a", "others")

// Things that are never anonymous sources: documents and data.
var docHeads = set("reports", "research", "analyses", "message", "messages", "footnote", "account", "poll", "polls", "survey", "surveys", "study", "studies", "report", "data", "documents",
	"document", "e-mails", "emails", "email", "e-mail", "records", "results", "analysis", "figures",
	"numbers", "statement", "letter", "memo", "filing", "tweet", "website", "book", "article", "story")

var hedgeCue = regexp.MustCompile(`(?i)\b(?:reportedly|allegedly|purportedly|supposedly|rumou?red|(?:is|are|was|were|been|be) (?:widely |generally |also |not )?(?:said|believed|thought|assumed|understood|reported|rumou?red|alleged)\b|reports|it is (?:believed|thought|said))`)

var hedgeWord = regexp.MustCompile(`(?i)\b(?:reportedly|allegedly|purportedly|supposedly|(?:is|are|was|were) (?:(?:also|often|widely|once|still|now|long|sometimes) )?(?:said|reported|rumou?red) to)\b`)

// AnonGold judges one attribution for the anonymous-source category.
func AnonGold(text string, a Attribution) Gold {
	target := append(append([]Span{}, a.Source...), a.Cue...)
	g := Gold{Target: target, Text: textOf(text, target)}
	if len(a.Source) == 0 {
		// No source at all: a hedge ("reportedly", "is said to") is a FLAG,
		// anything else (a bare "according to") stays out of the score.
		if hedgeCue.MatchString(textOf(text, a.Cue)) {
			g.Verdict, g.Target = Positive, a.Cue
			return g
		}
		g.Verdict = Neutral
		return g
	}
	if loc := hedgeCue.FindStringIndex(textOf(text, a.Cue)); loc != nil && len(a.Cue) == 1 {
		// "Trump reportedly said": the hedge is flagged whoever the source.
		c := a.Cue[0]
		if hedgeWord.MatchString(text[c.Start:c.End]) {
			g.Verdict, g.Target = Positive, a.Cue
			return g
		}
	}
	src := textOf(text, a.Source)
	if len(a.Cue) == 1 && strings.EqualFold(strings.TrimSpace(textOf(text, a.Cue)), "according to") && a.Source[len(a.Source)-1].End <= a.Cue[0].Start {
		// "according to" names its source after it: a span before it is the
		// claim, marked as source by mistake ("X can be attributed to his
		// socialism, according to a new poll by …")
		src = after(text, a.Cue, 120)
		if i := strings.IndexAny(src, ".,;:"); i > 0 {
			src = src[:i]
		}
	}
	g.Verdict = judgeSource(src)
	if cue := textOf(text, a.Cue); g.Verdict == Positive && (!sourcingCue.MatchString(cue) || stateCue.MatchString(cue)) {
		// "Clinton's advisers worried", "some Republicans were willing":
		// unnamed, but not a source of a statement (borderline).
		g.Verdict = Neutral
	}
	g.Target = joinNear(a.Source, a.Cue)
	g.Text = cover(text, g.Target)
	g.Source = a.Source
	return g
}

// cover returns the text from the first target to the last, for reports.
func cover(text string, ss []Span) string {
	lo, hi := ss[0].Start, ss[0].End
	for _, s := range ss {
		lo, hi = min(lo, s.Start), max(hi, s.End)
	}
	if hi-lo > 300 {
		return textOf(text, ss)
	}
	return text[lo:hi]
}

// joinNear makes the source, the cue and what stands between them one
// target when they are close ("The official, who is not authorized to
// comment publicly, said"): the guidelines highlight that whole stretch.
func joinNear(src, cue []Span) []Span {
	all := append(append([]Span{}, src...), cue...)
	if len(src) == 0 || len(cue) == 0 {
		return all
	}
	lo, hi := all[0].Start, all[0].End
	for _, s := range all {
		lo, hi = min(lo, s.Start), max(hi, s.End)
	}
	if hi-lo > 250 {
		return all
	}
	return []Span{{lo, hi}}
}

// Cues that present a statement or belief as coming from the source (the
// guidelines' "sourcing attributions").
var sourcingCue = regexp.MustCompile(`(?i)\b(?:say|said|saying|tell|tells|told|telling|accord|not(?:e|ed|es|ing)|argu|warn|insist|acknowledg|admit|believ|suspect|agree|predict|think|thought|feel|feels|felt|claim|contend|suggest|call|describ|confirm|report|reveal|disclos|explain|add|writ|wrote|conced|estimat|fear|complain|charg|alleg|assert|maintain|point|conclud|speculat|indicat|caution|stress|emphasi|den(?:y|ies|ied)|disput|reject|dismiss|question|doubt|concur|affirm|downplay|recall|recount|characteri|quot|cite|cited|expect|announc|stat|declar|assur|criticiz|accus|urg|concern|expressed|projec|forecast|hope|mention|observ|lament|tweet|posted|counter|echo|remark|testif|grumbl|whisper|mutter)`)

// Cues that a sourcing stem matches but that state a feeling or a deed,
// not a statement or a belief: "some Democrats are concerned", "left
// strategists befuddled and concerned", "in the hope of", "have called off
// projects". The guidelines' own borderline example is "Clinton's advisers
// worried"; "fear that", "hope that" and "expressed concern" stay sourcing.
var stateCue = regexp.MustCompile(`(?i)^\W*(?:(?:are|is|were|was|be|been|being|have|has|had|long|still|also|now|increasingly|more|most|very|deeply|especially|privately|publicly|all|remain|remained|grow|grew|growing|become|became|seem|seemed|appear|appeared|clearly|quite|so|equally)\s+)*(?:concerned|fearful|hopeful|worried|anxious|nervous|keen|eager|reluctant|befuddled|in the hope)\b|\bcall(?:s|ed|ing)? off\b`)

// A share of a group is a poll's finding ("some 22 percent", "four in 10
// voters", "two-thirds of Democratic insiders", "half of Vermont
// Democrats"); a number elsewhere ("Executives for Mondelez, which
// generated more than $30 billion") is not.
var pollish = regexp.MustCompile(`(?i)\d\s*%|percent|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine)[- ]in[- ](?:\d+|two|three|four|five|ten)\b|\b(?:one|two|three|four|a)[- ](?:half|third|thirds|quarter|quarters|fourths?|fifths?)(?: of\b|\W*$)|^\W*(?:about |nearly |almost |more than |roughly |only )?(?:half|majorit(?:y|ies)) of\b|\bpolled\b|\bsurveyed\b`)

var wordRE = regexp.MustCompile(`[\p{L}\p{N}][\p{L}\p{N}.'’&-]*`)

// judgeSource decides from the Source text alone whether it is unnamed.
func judgeSource(src string) Verdict {
	locs := wordRE.FindAllStringIndex(src, -1)
	words := make([]string, len(locs))
	for i, l := range locs {
		words[i] = src[l[0]:l[1]]
	}
	if len(words) == 0 {
		return Neutral
	}
	lower := make([]string, len(words))
	for i, w := range words {
		lower[i] = strings.TrimRight(strings.ToLower(w), ".")
	}
	// The head is the first word that names a kind of source ("Democratic
	// insiders", "aides to Gov. Chris Christie"), else the last word before
	// a post-modifier ("the agency in charge of…").
	// Only the noun phrase itself can hold the head: not a relative clause
	// or an aside after it ("The former secretary of state, who …": not the
	// pronoun "who"; "Two objectors, Lawrence Joyce and …": "objectors").
	end := len(words)
	for i := 1; i < len(words); i++ {
		gap := src[locs[i-1][1]:locs[i][0]]
		aside := strings.ContainsAny(gap, ",(—–") || strings.Contains(gap, " - ")
		// "the families, supporters and administration officials" is one
		// list: an aside opens with a name, an article or "including".
		if relWords[lower[i]] || aside && (isName(words[i]) || asideOpen[lower[i]]) {
			end = i
			break
		}
	}
	// Words before the first post-modifier come first ("research … by
	// four economists": a study).
	core := end
	for i := 1; i < end; i++ {
		if postMod[lower[i]] {
			core = i
			break
		}
	}
	head := -1
	for k, lim := range []int{core, end} {
		for _, heads := range []map[string]bool{anonHeads, docHeads, borderHeads} {
			if k == 1 && heads["report"] && !(core < end && lower[core] == "of" && partitive[lower[core-1]]) {
				// "advocates for stem cell research": documents head the
				// core only, or a partitive's object ("a number of studies")
				continue
			}
			for i, w := range lower[:lim] {
				if i > 0 && pronouns[w] {
					continue // "emails released this week": a pronoun heads only alone
				}
				if heads[strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")] && head < 0 && !adjHead(lower, i) {
					head = i
				}
			}
			if head >= 0 {
				break
			}
		}
		if head >= 0 {
			break
		}
	}
	fallback := head < 0
	if fallback {
		head = core - 1
	}
	h := strings.TrimSuffix(strings.TrimSuffix(lower[head], "'s"), "’s")
	if pollish.MatchString(src) {
		return Negative // "some 22 percent", "four in 10 voters": a poll
	}
	if h == "reports" && !capBeside(words, head) {
		return Positive // "according to press reports": an unverified report
	}
	// "some party figures", "GOP figures": people, not numbers
	people := h == "figures" && head > 0 && figureKinds[strings.TrimSuffix(strings.TrimSuffix(lower[head-1], "'s"), "’s")]
	if !people && (docHeads[h] || docHeads[lower[len(lower)-1]] && !anyPostMod(lower)) {
		return Negative // "official data", "sources familiar with the report" stays
	}
	if head > 0 && isCap(words[head]) && !partyWords[h] && lower[0] == "the" && strings.ToUpper(src) != src {
		return Negative // "the People's Daily newspaper": a capitalised head is part of a name
	}
	if head > 0 && isCap(words[head]) && isName(words[head-1]) && !quantWords[lower[0]] && lower[0] != "the" && strings.ToUpper(src) != src {
		if !partyWords[h] { // "House Republicans" is a bare party, judged below
			return Negative // "Business Insider": a name, not an insider
		}
	}
	// A name in apposition before the head ("Dan Conston, a senior adviser
	// to the group") names the source; a capitalised quantifier or party
	// ("Many Democrats, including Clinton's advisers") does not.
	if i := strings.IndexAny(src, ",("); i > 0 && i < locs[head][0] && hasName(src[:i]) {
		return Negative
	}
	// A named person beside the group ("Hillary Clinton and her allies").
	if i := strings.Index(src, " and "); i > 0 && i < locs[head][0] && (hasName(src[:i]) || lower[0] == "he" || lower[0] == "she") {
		return Neutral
	}
	for i, w := range lower {
		// "Mr. Smith" names; "Mr. Rubio's advisers" does not.
		if (w == "mr" || w == "ms" || w == "mrs" || w == "dr") && i+1 < len(lower) && !strings.HasSuffix(lower[i+1], "'s") && !strings.HasSuffix(lower[i+1], "’s") {
			return Negative
		}
	}
	// A capitalised word after the head names the person ("aide Huma Abedin",
	// "others, including Sen. Jeff Merkley", "several candidates, including
	// Trump"), also after a quantifier; a party, a quantifier or a
	// possessive does not ("Democrats — and some Republicans", "many
	// Democrats, including Clinton's advisers").
	for i := head + 1; i < len(words) && (!postMod[lower[i]] || i == end && lower[i] == "for"); i++ { // "— for instance, Sen. Ted Cruz"
		if !isName(words[i]) || strings.HasSuffix(lower[i], "'s") || strings.HasSuffix(lower[i], "’s") {
			continue
		}
		// A run of capitals before a common noun modifies it ("and Wall
		// Street reform advocates"): no one is named.
		j := i
		for j+1 < len(words) && isCap(words[j+1]) && src[locs[j][1]:locs[j+1][0]] == " " {
			j++
		}
		if j+1 < len(words) && src[locs[j][1]:locs[j+1][0]] == " " && !isCap(words[j+1]) && !postMod[lower[j+1]] && !relWords[lower[j+1]] && lower[j+1] != "and" && lower[j+1] != "or" {
			i = j
			continue
		}
		return Negative
	}
	// Names in apposition after the group's description ("two members of
	// Congress from Florida, Ileana Ros-Lehtinen and Carlos Curbelo"), which
	// the loop above, stopped by the post-modifier, did not reach.
	for i := head + 1; i+1 < len(words); i++ {
		gap := src[locs[i-1][1]:locs[i][0]]
		if strings.ContainsAny(gap, ",(—–") && isName(words[i]) && isName(words[i+1]) && src[locs[i][1]:locs[i+1][0]] == " " {
			return Negative
		}
		// and names given as examples ("Some staunch defenders of
		// globalization, like Gary Clyde Hufbauer, …"), as "including"
		// gives them before a post-modifier
		if j := i + 1; strings.ContainsAny(gap, ",(—–") && memberOpen[lower[i]] {
			if lower[i] == "such" && lower[j] == "as" {
				j++
			}
			// a full name: two names in a row ("like Gary Clyde Hufbauer",
			// "such as Sen. Ted Cruz"); not "including Clinton's advisers",
			// "including Muslims, Christians, Jews" nor the "states,
			// including Wisconsin" of a post-modifier
			if j+1 < len(words) && isName(words[j]) && isName(words[j+1]) && src[locs[j][1]:locs[j+1][0]] == " " &&
				!strings.HasSuffix(lower[j], "'s") && !strings.HasSuffix(lower[j], "’s") {
				return Negative
			}
		}
	}
	if len(lower) > 2 && lower[1] == "of" && (lower[2] == "you" || lower[2] == "us") {
		return Neutral // "many of you", "some of us": the readers or the writer, as a pronoun names them
	}
	if quantWords[lower[0]] && lower[0] != "a" && lower[0] != "two" && lower[0] != "three" && lower[0] != "four" {
		return Positive // "some Americans", "many women in politics", "others"
	}
	switch {
	case anonHeads[h], familiar(lower):
		// "Clinton aide" stays anonymous; "a Clinton aide, Huma Abedin" was
		// caught above.
		return Positive
	case borderHeads[h] || people:
		if quantWords[lower[0]] && lower[0] != "a" && head > 0 {
			return Positive
		}
		return Neutral
	}
	if fallback && end < len(words) && relWords[lower[end]] && !hasName(strings.Join(words[1:end], " ")) && detWords[lower[0]] {
		// "the designer, who works for another brand", "those who back her
		// opponents": unnamed, described by a clause; no head says whether
		// a source or a vox-pop voice
		return Neutral
	}
	if !hasCap(strings.Join(words[1:], " ")) && (lower[0] == "a" || lower[0] == "an" || lower[0] == "one" || lower[0] == "another") {
		return Neutral // "a bartender said": a vox-pop individual, borderline
	}
	return Negative
}

// Modifiers that make "figures" people ("party figures") rather than
// numbers ("official figures").
var figureKinds = set("party", "gop", "political", "public", "democratic", "republican", "establishment", "prominent",
	"key", "leading", "media", "opposition", "conservative", "liberal", "progressive", "labor", "union", "business",
	"industry", "administration", "government", "campaign", "community", "religious", "military", "senior", "top")

// Words that open a list of a group's members in an aside.
var memberOpen = set("including", "like", "such", "notably", "especially", "namely")

// Words that open an aside after a comma or dash.
var asideOpen = set("including", "like", "such", "a", "an", "the", "among", "especially", "notably", "for", "who", "which")

var pronouns = set("he", "she", "they", "it", "we", "i", "you", "who", "which", "that", "this", "them", "him", "her")

// Nouns that count what follows "of" ("a number of studies", "a handful of").
var partitive = set("number", "batch", "series", "handful", "couple", "pair", "set", "lot", "lots", "host", "trove",
	"cache", "slew", "group", "dozen", "dozens", "hundreds", "thousands", "bunch", "variety", "range", "array",
	"collection", "string")

var detWords = set("a", "an", "one", "another", "the", "those", "these")

// Words that open a relative clause: no head lies after them.
var relWords = set("who", "whom", "whose", "which", "that")

// adjHead tells whether a head word is an adjective here: "official",
// "executive" or "expert" right before a noun ("Trump's official campaign
// account", "expert testimony") heads nothing.
func adjHead(lower []string, i int) bool {
	switch lower[i] {
	case "official", "executive", "expert", "insider", "source", "research":
	default:
		return false
	}
	if i+1 >= len(lower) {
		return false
	}
	n := lower[i+1]
	return !postMod[n] && !anonHeads[n] && !borderHeads[n] && n != "and" && n != "or"
}

var postMod = set("at", "in", "with", "from", "of", "familiar", "close", "who", "whom", "that", "inside",
	"within", "across", "around", "involved", "working", "briefed", "knowledgeable", "on", "for", "to", "speaking", "loyal", "allied")

func anyPostMod(ws []string) bool {
	for i, w := range ws {
		if i > 0 && postMod[w] {
			return true
		}
	}
	return false
}

// familiar reports "familiar with", "close to": a described, unnamed source.
func familiar(ws []string) bool {
	for i := 1; i+1 < len(ws); i++ {
		if ws[i] == "familiar" && ws[i+1] == "with" || ws[i] == "close" && ws[i+1] == "to" {
			return true
		}
	}
	return false
}

func hasCap(s string) bool {
	for _, w := range wordRE.FindAllString(s, -1) {
		if isCap(w) {
			return true
		}
	}
	return false
}

// capBeside tells whether a word other than the first and the head is
// capitalised: "Washington Post reports" names the outlet, "Media Reports
// Reveal …" is a headline's capitals.
func capBeside(words []string, head int) bool {
	for i, w := range words {
		if i > 0 && i != head && isCap(w) {
			return true
		}
	}
	return false
}

func isCap(w string) bool { return w != "" && w[0] >= 'A' && w[0] <= 'Z' }

// Parties: capitalised everywhere, so their capital names no one.
var partyWords = set("democrats", "republicans", "democrat", "republican", "democratic")

// Capitalised words that name no one: a quantifier, determiner or
// adjective opening a sentence ("Many Democrats", "Senior officials"), a
// party, or a source head itself.
var notName = set("the", "a", "an", "these", "those", "this", "that", "all", "both", "each", "every", "any",
	"no", "none", "most", "another", "one", "either", "neither", "senior", "top", "former", "current", "longtime", "veteran", "but", "and", "yet",
	"his", "her", "their", "its", "our", "my", "your", "even", "only", "virtually", "nearly", "almost",
	"about", "among", "at", "in", "of", "for", "with", "from", "according", "i", "i've", "i'm", "i'd", "i’ve", "i’m")

// isName tells whether a word can be (part of) a name: capitalised, and
// not a word that is capitalised only for opening a sentence or for being a
// party.
func isName(w string) bool {
	if !isCap(w) {
		return false
	}
	l := strings.TrimSuffix(strings.TrimSuffix(strings.TrimRight(strings.ToLower(w), "."), "'s"), "’s")
	return !notName[l] && !quantWords[l] && !partyWords[l] && !anonHeads[l] && !borderHeads[l] && !docHeads[l]
}

func hasName(s string) bool {
	for _, w := range wordRE.FindAllString(s, -1) {
		if isName(w) {
			return true
		}
	}
	return false
}

var denialCue = regexp.MustCompile(`(?i)\b(?:den(?:y|ies|ied|ying|ial|ials)|reject(?:s|ed|ing)?|refut(?:e|es|ed|ing)|disput(?:e|es|ed|ing)|dismiss(?:es|ed|ing)?|debunk(?:s|ed|ing)?|rebut(?:s|ted|ting)?|push(?:es|ed|ing)? back|brush(?:es|ed|ing)? (?:off|aside)|scoff(?:s|ed)?|shrug(?:s|ged)? off|laugh(?:s|ed)? off|counter(?:s|ed)?)\b`)

// A falsity phrase said of a claim carries the denial ("'That's just not
// true,' he said", "the report is simply false"): predicative, or the whole
// of a short content ("Nonsense.", "Fake news!").
var (
	falsityPred = regexp.MustCompile(`(?i)\b(?:is|are|was|were|'s|’s|be|been)(?: ["“'‘]?(?:just|simply|absolutely|completely|totally|flatly|unequivocally|categorically|patently|entirely|all|utterly|100 percent|plain|also)){0,2} ["“'‘]?(?:not true|untrue|false|a lie|lies|a smear|nonsense|fake(?: news)?|fabricated|a fabrication|baseless|unfounded|groundless|inaccurate|not accurate|bogus|a hoax|made up|garbage|bunk|hogwash|not the case|wrong)\b`)
	falsityAll  = regexp.MustCompile(`(?i)^\W*(?:(?:that's |it's |this is |all |just |more |pure |complete |total |utter )?(?:nonsense|lies|a lie|false|untrue|not true|fake news|fabricated|baseless|garbage|a smear|bogus)\b)`)
	// "wrong" rebuts only when said of a claim or of the one who made it
	// ("your facts are wrong", "they'd be wrong"), not of a policy or a deed.
	wrongClaim   = regexp.MustCompile(`(?i)(?:\b(?:you|they|he|she)(?:'re|’re|'s|’s|'d be|’d be| are| is| were| was| would be| will be)|\b(?:claims?|statements?|reports?|facts|figures|story|stories|idea|notion|recollections?|assertions?|allegations?|premise|information|numbers|account)\b(?: [\w'’]+){0,3} (?:is|are|was|were|'s|’s|be|been))(?: (?:just|simply|dead|absolutely|completely|totally|so|very|flat|flatly|plain|all|also|not|been|has|have))?(?: (?:just|simply|dead|absolutely|completely|totally|so|very|flat|plain|all|also|been))? ["“'‘]?wrong\b`)
	hypothetical = regexp.MustCompile(`(?i)^\W*(?:if|whether|unless)\b`)
	notWrong     = regexp.MustCompile(`(?i)\bnothing wrong\b|\bwhat (?:\w+ ){0,3}wrong\b|wrong (?:track|direction|way|path|move|moves|side|thing|choice|people|time|place|to|with|for)\b`)
	// Things one rejects or dismisses that are not claims (guidelines:
	// rejecting bills or requests, legal "dismissed").
	notClaim     = regexp.MustCompile(`(?i)^\W*(?:[\w'’.-]+ ){0,3}?(?:bill|bills|plan|proposal|request|nominee|nomination|offer|deal|amendment|measure|legislation|case|lawsuit|suit|appeal|motion|treaty|invitation|candidate|candidacy|application|resolution|budget|settlement|charges? against)\b`)
	strongDenial = regexp.MustCompile(`(?i)\b(?:den(?:y|ies|ied|ying|ial|ials)|refut|disput|debunk|rebut)`)
	claimish     = regexp.MustCompile(`(?i)\b(?:claims?|charges?|allegations?|accusations?|reports?|story|stories|comments?|remarks?|attacks?|criticism|critique|critics|idea|notion|suggestion|characteri[sz]ation|label|argument|assessments?|narrative|rumou?rs?|speculation|theor(?:y|ies)|statements?|insinuations?|assertions?|concerns?|implications?|labels?|kerfuffle|controversy|premise|term)\b|["“”']`)
	deniedThing  = regexp.MustCompile(`(?i)^\W*(?:[\w'’-]+ ){0,3}(?:licen[cs]es?|status|victory|change|nomination|entry|access|permission|bail|visas?|service|coverage|benefits|a vote|the vote|funding|request)\b`)
	negated      = regexp.MustCompile(`(?i)\b(?:not|n't|never|no|nor|refused to|declined to)\b`)
	passive      = regexp.MustCompile(`(?i)\b(?:was|were|is|are|be|been|being) (?:\w+ )?(?:den|reject|dismiss|disput)`)
	nounCue      = regexp.MustCompile(`(?i)\b(?:a|an|the|heated|in|apparent) (?:dispute|counter|rejection|denial)\b`)
)

// DenialGold judges one attribution for the denial category: a denial cue
// ("denied", "disputed", "pushed back"), or a falsity phrase said of a claim.
// Negated or passive cues are borderline; rejecting a bill and legal
// dismissals are never denials.
func DenialGold(text string, a Attribution) Gold {
	cue := textOf(text, a.Cue)
	if denialCue.MatchString(cue) && len(a.Cue) > 0 {
		g := Gold{Verdict: Positive, Target: a.Cue, Text: before(text, a.Cue, 60) + "»" + cue + "«" + after(text, a.Cue, 80)}
		obj := cue + " " + textOf(text, a.Content) + " " + after(text, a.Cue, 60)
		switch {
		case notClaim.MatchString(after(text, a.Cue, 40)) && !strongDenial.MatchString(cue):
			g.Verdict = Negative
		case !strongDenial.MatchString(cue) && !claimish.MatchString(obj):
			// rejecting a demand or a person, countering with a breakfast:
			// what is refused is not a claim (guidelines: never a denial)
			g.Verdict = Negative
		case strongDenial.MatchString(cue) && deniedThing.MatchString(after(text, a.Cue, 40)):
			g.Verdict = Negative // "denied his party the victory", "deny licenses"
		case negated.MatchString(cue), passive.MatchString(cue), nounCue.MatchString(cue):
			g.Verdict = Neutral
		}
		return g
	}
	for _, c := range a.Content {
		s := text[c.Start:c.End]
		if len(s) > 250 || notWrong.MatchString(s) || hypothetical.MatchString(s) {
			continue // a long content is a statement, not a rebuttal
		}
		loc := falsityPred.FindStringIndex(s)
		if loc != nil && strings.HasSuffix(strings.ToLower(s[loc[0]:loc[1]]), "wrong") && !wrongClaim.MatchString(s) {
			loc = nil
		}
		if loc == nil && len(s) <= 40 {
			loc = falsityAll.FindStringIndex(s)
		}
		if loc != nil {
			sp := Span{c.Start + loc[0], c.Start + loc[1]}
			return Gold{Verdict: Positive, Target: []Span{sp}, Text: s}
		}
	}
	return Gold{Verdict: Negative, Target: a.Cue, Text: cue}
}

// before returns up to n bytes of text before the first span.
func before(text string, ss []Span, n int) string {
	s := ss[0].Start
	b := max(0, s-n)
	for b > 0 && b < s && text[b]&0xC0 == 0x80 {
		b--
	}
	return text[b:s]
}

// after returns up to n bytes of text after the last span.
func after(text string, ss []Span, n int) string {
	e := ss[len(ss)-1].End
	f := min(len(text), e+n)
	for f < len(text) && text[f]&0xC0 == 0x80 {
		f++
	}
	return text[e:f]
}

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
