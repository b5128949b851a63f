//go:build js && wasm

package ui

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"github.com/tidwall/gjson"
	"honnef.co/go/js/dom/v2"

	"github.com/sourcelight/sourcelight/wasm/packhead"
	"github.com/sourcelight/sourcelight/wasm/ui/report"
)

// settings mirrors extension/api.js's storage keys.
type settings struct {
	Enabled       bool                `json:"enabled"`
	Sites         map[string]bool     `json:"sites"`
	Ignored       map[string][]string `json:"ignored"`
	Rules         rulesConfig         `json:"rules"`
	Renderer      string              `json:"renderer"`
	Engine        string              `json:"engine"`
	RulesOff      []string            `json:"rulesOff"`
	Subscriptions []subscription      `json:"subscriptions"`
}

// rulesConfig is the stored "rules" key. The engine reads files and
// disabled (engine.Config); the rest is the reader's choices, from which
// those two are derived on every save (rulesFor):
//
//	files      packs in force: the reader's, then subscribed ones
//	off        the reader's and subscribed packs switched off (kept, not run)
//	builtinOff built-in packs the reader switched off
//	disabled   built-in packs left out: builtinOff, and those a copy replaces
type rulesConfig struct {
	Files      []userFile `json:"files"`
	Off        []userFile `json:"off"`
	Disabled   []string   `json:"disabled"`
	BuiltinOff []string   `json:"builtinOff"`
}

// userFile is engine.UserFile with what the page needs to know about it.
type userFile struct {
	Name         string `json:"name"`
	Text         string `json:"text"`
	Subscription string `json:"subscription,omitempty"` // the URL it came from: read only
	Replaces     string `json:"replaces,omitempty"`     // the built-in pack this copy stands in for
	CopyOf       string `json:"copyOf,omitempty"`       // the built-in pack it was copied from
}

// subscription is the background's record of one subscribed URL
// (extension/subscriptions.js).
type subscription struct {
	URL      string `json:"url"`
	Kind     string `json:"kind"` // "pack" or "feed"
	LastGood int64  `json:"lastGood"`
	LastTry  int64  `json:"lastTry"`
	NextTry  int64  `json:"nextTry"`
	Error    string `json:"error"`
	Packs    []struct {
		ID   string `json:"id"`
		File string `json:"file"`
	} `json:"packs"`
}

// editor is the pack being edited. It survives redraws: storage changes
// made elsewhere (a rule ignored in a tab) never wipe unsaved work.
type editor struct {
	session  int    // names the CodeMirror instance kept by options.js
	name     string // file name; "" when closed
	text     string
	readOnly string // why it cannot be edited ("" when it can)
	original string // the name it was opened under ("" for a new pack)
	replaces string // built-in pack id a copy replaces ("" when both run)
	builtin  string // the built-in pack id it is a copy of
	copyOf   string // the name of the pack it was copied from, for the note
	checked  string // the text report is for ("" while not checked)
	report   report.Report
	saved    string // message after a save
	preview  string // text last previewed
	source   string // where it came from
}

var (
	cur      settings
	ed       editor
	act      js.Value
	sessions int
	checkFn  js.Func
	changeFn js.Func
	flash    string // one-time message at the top of the page
	saveErr  string // why the browser refused the last write, until one succeeds
)

// Options draws the options page from the stored settings.
func Options(settingsJSON string, actions js.Value) {
	act = actions
	// a fresh value each time: decoding into the old one would keep map
	// keys the stored settings no longer have (issue #11)
	var next settings
	if err := json.Unmarshal([]byte(settingsJSON), &next); err != nil {
		mount(el("p", cls("error"), text("Could not read the settings: "+err.Error())))
		return
	}
	cur = next
	if cur.Rules.BuiltinOff == nil { // stored before copies could replace packs
		for _, id := range cur.Rules.Disabled {
			if replacer(id) == nil {
				cur.Rules.BuiltinOff = append(cur.Rules.BuiltinOff, id)
			}
		}
	}
	draw()
}

func draw() {
	if ed.name != "" {
		check() // the checker may have started since the last draw
	}
	mount(
		el("header", kid(el("h1", text("Sourcelight: rules and settings"))),
			when(flash != "", kid(el("p", cls("note"), attr("role", "status"), text(flash)))),
			when(saveErr != "", kid(el("p", cls("error"), attr("id", "save-error"), attr("role", "alert"), text(saveErr))))),
		packsSection(),
		editorSection(),
		subscriptionsSection(),
		sitesSection(),
		displaySection(),
		settingsSection(),
	)
	// the status is filled in the tree now in the page (a redraw's
	// elements are not in it until mount)
	if ed.name != "" {
		refreshStatus()
	}
}

// replacer is the reader's pack in force that replaces built-in id, if any.
func replacer(id string) *userFile {
	for i, f := range cur.Rules.Files {
		if f.Replaces == id {
			return &cur.Rules.Files[i]
		}
	}
	return nil
}

func packsSection() dom.Element {
	// heads, not loaded packs: loading the built-in packs compiles them
	// (most of this page's first draw in wasm); they are tested valid
	defaults := packhead.Defaults()
	rows := []dom.Element{}
	for _, p := range defaults {
		p := p
		on := !contains(cur.Rules.BuiltinOff, p.ID)
		state, force := "In force", "in-force"
		if r := replacer(p.ID); r != nil && on {
			state, force = "Replaced by your copy “"+packTitle(*r)+"”", "replaced"
		} else if !on {
			state, force = "Off", "off"
		}
		rows = append(rows, el("tr", attr("data-pack", p.ID), attr("data-state", force),
			kid(el("td", kid(packName(p.Name, p.Category, p.Version, p.Colour, len(p.RuleIDs))), kid(rulesSwitches(p)))),
			kid(el("td", text("built in"))),
			kid(el("td", cls("force"), text(state))),
			kid(el("td", kid(packSwitch(p.Name, on, func(v bool) { setBuiltinOff(p.ID, !v) })))),
			kid(el("td", cls("actions"),
				kid(button("View", func() { open(p.File, string(p.Raw), "This is a built-in pack: copy it to your packs to change it.") })),
				kid(button("Copy to my packs", func() { copyPack(p.ID, p.Name, p.File, string(p.Raw), true) })))),
		))
	}
	probs, checked := configProblems(cur.Rules)
	type entry struct {
		f  userFile
		on bool
	}
	var all []entry
	for _, f := range cur.Rules.Files {
		all = append(all, entry{f, true})
	}
	for _, f := range cur.Rules.Off {
		all = append(all, entry{f, false})
	}
	for _, e := range all {
		e := e
		f := e.f
		// its head as its JSON says; the checker says whether it loads
		h := packhead.Read(f.Name, []byte(f.Text))
		var p *packhead.Head
		if h.ID != "" && h.Name != "" {
			p = &h
		}
		var name dom.Element = el("span", text(f.Name))
		title := f.Name
		if p != nil {
			name = packName(p.Name, p.Category, p.Version, p.Colour, len(p.RuleIDs))
			title = p.Name
		}
		state, force := "In force", "in-force"
		var status dom.Element
		for _, pr := range probs {
			if pr.File == f.Name {
				status = el("p", cls("error"), text(pr.Text))
				state, force = "Not used: it has a problem", "broken"
				break
			}
		}
		if !checked && e.on {
			state, force = "Checking…", "checking"
		}
		if !e.on {
			state, force = "Off", "off"
		} else if f.Replaces != "" && force == "in-force" {
			state = "In force, in place of the built-in “" + builtinName(f.Replaces) + "”"
		}
		where := "your pack"
		if f.Subscription != "" {
			where = "subscribed: " + f.Subscription
		}
		actions := []dom.Element{}
		if f.Subscription == "" {
			actions = append(actions, button("Edit", func() { open(f.Name, f.Text, "") }))
		} else {
			actions = append(actions, button("View", func() {
				open(f.Name, f.Text, "This pack comes from "+f.Subscription+": copy it to your packs to change it.")
			}))
			if p != nil {
				actions = append(actions, button("Copy to my packs", func() { copyPack(p.ID, p.Name, f.Name, f.Text, false) }))
			}
		}
		actions = append(actions, button("Export", func() { call(act, "download", nil, f.Name, f.Text) }))
		if f.Subscription == "" {
			actions = append(actions, button("Delete", func() { deleteFile(f.Name) }))
		}
		var rs dom.Element
		if p != nil {
			rs = rulesSwitches(*p)
		}
		rows = append(rows, el("tr", attr("data-pack", packID(p, f.Name)), attr("data-state", force),
			kid(el("td", kid(name), kid(status), kid(rs))),
			kid(el("td", text(where))),
			kid(el("td", cls("force"), text(state))),
			kid(el("td", kid(packSwitch(title, e.on, func(v bool) { setFileOn(f.Name, v) })))),
			kid(el("td", cls("actions"), kids(actions))),
		))
	}
	return el("section", attr("aria-labelledby", "packs-h"),
		kid(el("h2", attr("id", "packs-h"), text("Rule packs"))),
		kid(el("p", cls("muted"), text("Every hint comes from a rule in one of these packs. The “In force” column says which packs run; edits reach open tabs at once."))),
		kid(el("table", cls("packs"),
			kid(el("thead", kid(el("tr", kid(el("th", text("Pack"))), kid(el("th", text("From"))),
				kid(el("th", text("In force"))), kid(el("th", text("Switch"))), kid(el("th", text("Actions"))))))),
			kid(el("tbody", kids(rows))))),
		kid(el("div", cls("row"),
			kid(button("New pack", newPack)),
			kid(button("Import a pack file…", importFile)))))
}

func builtinName(id string) string {
	for _, p := range packhead.Defaults() {
		if p.ID == id {
			return p.Name
		}
	}
	return id
}

// packTitle is a file's pack name, or its file name while it cannot be read.
func packTitle(f userFile) string {
	if n := gjson.Get(f.Text, "name").String(); n != "" {
		return n
	}
	return f.Name
}

func packID(p *packhead.Head, fallback string) string {
	if p != nil {
		return p.ID
	}
	return fallback
}

// packSwitch is a pack's labelled switch: "Anonymous sources pack: on".
func packSwitch(name string, on bool, change func(bool)) dom.Element {
	return switchInput(name+" pack: "+onOff(on), on, false, change)
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

// rulesSwitches lists a pack's rules, each with its own switch (rulesOff).
func rulesSwitches(p packhead.Head) dom.Element {
	items := []dom.Element{}
	off := 0
	for _, rid := range p.RuleIDs {
		id := p.ID + "/" + rid
		on := !contains(cur.RulesOff, id)
		if !on {
			off++
		}
		items = append(items, el("li", attr("data-rule", id),
			kid(switchInput("Rule "+rid+": "+onOff(on), on, false, func(v bool) { setRuleOff(id, !v) }))))
	}
	summary := plural(len(p.RuleIDs), "rule", "rules")
	if off > 0 {
		summary += fmt.Sprintf(", %d switched off", off)
	}
	d := el("details", cls("rules"), kid(el("summary", text(summary))), kid(el("ul", cls("plain"), kids(items))))
	// Open while a rule is off, or as the reader left it: the page is
	// redrawn on every toggle, and a list that closed under the switch
	// just turned back on took the keyboard focus with it (issue #11).
	open, set := rulesOpen[p.ID]
	if !set {
		open = off > 0
	}
	if open {
		d.SetAttribute("open", "")
	}
	d.AddEventListener("toggle", false, func(dom.Event) { rulesOpen[p.ID] = d.Underlying().Get("open").Bool() })
	return d
}

// rulesOpen remembers, by pack id, the rule lists the reader opened or
// closed, across redraws.
var rulesOpen = map[string]bool{}

func setRuleOff(id string, off bool) {
	next := []string{}
	for _, x := range cur.RulesOff {
		if x != id {
			next = append(next, x)
		}
	}
	if off {
		next = append(next, id)
	}
	sort.Strings(next)
	cur.RulesOff = next
	b, _ := json.Marshal(next)
	call(act, "setRulesOff", nil, string(b))
}

func packName(name, category, version, colour string, rules int) dom.Element {
	return el("span", cls("pack"),
		kid(el("span", cls("dot"), attr("style", "background:"+colour))),
		kid(el("strong", text(name))),
		kid(el("span", cls("muted"), text(fmt.Sprintf("%s · v%s · %s", category, version, plural(rules, "rule", "rules"))))))
}

// named gives a switch its accessible name: "On" alone does not say which.
func named(sw dom.Element, name string) dom.Element {
	if in := sw.QuerySelector("input"); in != nil {
		in.SetAttribute("aria-label", name)
	}
	return sw
}

func button(label string, fn func()) dom.Element {
	return el("button", attr("type", "button"), text(label), on("click", func(dom.Event) { fn() }))
}

func setBuiltinOff(id string, off bool) {
	var out []string
	for _, d := range cur.Rules.BuiltinOff {
		if d != id {
			out = append(out, d)
		}
	}
	if off {
		out = append(out, id)
	}
	cur.Rules.BuiltinOff = out
	save()
}

// setFileOn moves one of the reader's or subscribed packs between files
// (in force) and off.
func setFileOn(name string, on bool) {
	from, to := &cur.Rules.Off, &cur.Rules.Files
	if !on {
		from, to = to, from
	}
	for i, f := range *from {
		if f.Name == name {
			*from = append((*from)[:i:i], (*from)[i+1:]...)
			*to = append(*to, f)
			break
		}
	}
	save()
}

// rulesFor derives what the engine reads from the reader's choices: the
// built-in packs left out are those switched off and those a copy in force
// replaces.
func rulesFor(c rulesConfig) rulesConfig {
	c.Disabled = append([]string{}, c.BuiltinOff...)
	for _, f := range c.Files {
		if f.Replaces != "" && !contains(c.Disabled, f.Replaces) {
			c.Disabled = append(c.Disabled, f.Replaces)
		}
	}
	if c.Files == nil {
		c.Files = []userFile{}
	}
	if c.Off == nil {
		c.Off = []userFile{}
	}
	if c.BuiltinOff == nil {
		c.BuiltinOff = []string{}
	}
	return c
}

// save is the one way the page writes the reader's packs: through the
// saveRules action (extension/options/options.js). When the browser refuses
// the write (past its storage quota) nothing was stored: the page says so
// at the top, undo runs (the editor's own state), and the page is drawn
// again from what is stored.
func save(undo ...func()) {
	cur.Rules = rulesFor(cur.Rules)
	b, _ := json.Marshal(cur.Rules)
	call(act, "saveRules", func(v js.Value) {
		msg := ""
		if v.Type() == js.TypeString {
			msg = v.String()
		}
		if msg == "" {
			if saveErr != "" {
				saveErr = ""
				draw()
			}
			return
		}
		saveErr = msg
		for _, u := range undo {
			u()
		}
		call(act, "redraw", nil)
	}, string(b))
}

func deleteFile(name string) {
	if !js.Global().Call("confirm", "Delete "+name+"? Export it first to keep a copy.").Bool() {
		return
	}
	drop := func(fs []userFile) []userFile {
		out := []userFile{}
		for _, f := range fs {
			if f.Name != name {
				out = append(out, f)
			}
		}
		return out
	}
	cur.Rules.Files, cur.Rules.Off = drop(cur.Rules.Files), drop(cur.Rules.Off)
	if ed.original == name {
		closeEditor()
	}
	save()
}

const template = `{
  "$schema": "https://github.com/sourcelight/sourcelight/raw/main/rules/schema.json",
  "id": "my-pack",
  "name": "My pack",
  "version": "1.0.0",
  "category": "anonymous-source",
  "colour": "#f2b705",
  "description": "What this pack flags, in a sentence.",
  "languages": ["en"],
  "rules": [
    {
      "id": "first-rule",
      "type": "phrase",
      "phrases": ["{his|her|their} aides said"],
      "explanation": "The source is not named, so the reader cannot weigh their position.",
      "examples": {
        "match": [{"text": "Her aides said the trip was off.", "hit": "Her aides said"}],
        "no_match": ["Her aide, Jane Roe, said the trip was off."]
      }
    }
  ]
}
`

func newPack() {
	open(uniqueName("my-pack.json"), strings.Replace(template, `"id": "my-pack"`, `"id": "`+uniqueID("my-pack")+`"`, 1), "")
	ed.original = ""
	draw()
}

// copyPack opens an editable copy of a built-in or subscribed pack under a
// new id, so it never clashes with the pack it came from. A copy of a
// built-in pack replaces it while the copy is on, unless the reader asks
// for both.
func copyPack(id, name, file, raw string, builtin bool) {
	nid := uniqueID(id + "-copy")
	text := setString(raw, "id", nid)
	text = setString(text, "name", name+" (my copy)")
	open(uniqueName(nid+".json"), text, "")
	ed.original = ""
	ed.copyOf = name
	if builtin {
		ed.replaces, ed.builtin = id, id
	}
	draw()
}

// setString replaces the string value of a top-level field in raw JSON,
// keeping the rest of the text (and its layout) as it is.
func setString(raw, key, value string) string {
	v := gjson.Get(raw, key)
	if !v.Exists() || v.Index <= 0 {
		return raw
	}
	q, _ := json.Marshal(value)
	return raw[:v.Index] + string(q) + raw[v.Index+len(v.Raw):]
}

func uniqueID(id string) string {
	taken := map[string]bool{}
	for _, p := range packhead.Defaults() {
		taken[p.ID] = true
	}
	for _, f := range append(append([]userFile{}, cur.Rules.Files...), cur.Rules.Off...) {
		taken[gjson.Get(f.Text, "id").String()] = true
	}
	base := id
	for i := 2; taken[id]; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	return id
}

func importFile() {
	call(act, "pickFile", func(v js.Value) {
		if v.Type() != js.TypeString || v.String() == "" {
			return
		}
		var f configFile
		if json.Unmarshal([]byte(v.String()), &f) != nil {
			return
		}
		open(uniqueName(f.Name), f.Text, "")
		ed.original = ""
		draw()
	})
}

func uniqueName(name string) string {
	taken := map[string]bool{}
	for _, f := range append(append([]userFile{}, cur.Rules.Files...), cur.Rules.Off...) {
		taken[f.Name] = true
	}
	base := strings.TrimSuffix(name, ".json")
	for i := 2; taken[name]; i++ {
		name = fmt.Sprintf("%s-%d.json", base, i)
	}
	return name
}

func open(name, text, readOnly string) {
	if ed.session != 0 {
		call(act, "closeEditor", nil, ed.session)
	}
	sessions++
	ed = editor{session: sessions, name: name, text: text, readOnly: readOnly, original: name}
	for _, f := range append(append([]userFile{}, cur.Rules.Files...), cur.Rules.Off...) {
		if f.Name == name && f.CopyOf != "" {
			ed.replaces, ed.builtin, ed.copyOf = f.Replaces, f.CopyOf, builtinName(f.CopyOf)
		}
	}
	check()
	draw()
	call(act, "focusEditor", nil, ed.session)
}

func closeEditor() {
	if ed.session != 0 {
		call(act, "closeEditor", nil, ed.session)
	}
	ed = editor{}
}

// check lints the editor's text with the same validator as the CLI and runs
// every rule's examples with the same runner (the checker). Until the
// checker is there the report is empty and the text not checked.
func check() {
	if ed.checked == ed.text && ed.checked != "" {
		return
	}
	r, ok := checkPack(ed.name, ed.text)
	if !ok {
		ed.report, ed.checked = report.Report{}, ""
		return
	}
	ed.report, ed.checked = r, ed.text
}

func init() {
	// CodeMirror's linter asks for the marks after each pause in typing.
	checkFn = js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) > 0 {
			ed.text = args[0].String()
		}
		check()
		refreshStatus()
		b, _ := json.Marshal(ed.report)
		return js.Global().Get("JSON").Call("parse", string(b))
	})
	changeFn = js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) > 0 {
			ed.text = args[0].String()
			ed.saved = ""
		}
		return nil
	})
}

func editorSection() dom.Element {
	if ed.name == "" {
		return nil
	}
	title := "Edit " + ed.name
	if ed.readOnly != "" {
		title = ed.name + " (read only)"
	}
	nameInput := el("input", attr("id", "pack-name"), attr("type", "text"), attr("spellcheck", "false"))
	nameInput.(*dom.HTMLInputElement).SetValue(ed.name)
	nameInput.(*dom.HTMLInputElement).SetReadOnly(ed.readOnly != "")
	nameInput.AddEventListener("input", false, func(dom.Event) { ed.name = nameInput.(*dom.HTMLInputElement).Value() })

	host := dom.WrapElement(act.Call("mountEditor", ed.session, ed.text, ed.readOnly != "", checkFn, changeFn))
	status := el("div", attr("id", "pack-status"), attr("aria-live", "polite"))

	var note dom.Element
	switch {
	case ed.readOnly != "":
		note = el("p", cls("note"), text(ed.readOnly))
	case ed.builtin != "":
		msg := fmt.Sprintf("This copy has its own id, %s. While it is on, it replaces the built-in pack “%s”, which stops running; switch the copy off and the built-in pack runs again.", ed.report.ID, ed.copyOf)
		if ed.replaces == "" {
			msg = fmt.Sprintf("This copy has its own id, %s. Both it and the built-in pack “%s” run.", ed.report.ID, ed.copyOf)
		}
		note = el("div", cls("note"), attr("id", "copy-note"),
			kid(el("p", text(msg))),
			kid(switchInput("Run both (on saving): keep the built-in pack on as well", ed.replaces == "", false, func(v bool) {
				ed.replaces = ed.builtin
				if v {
					ed.replaces = ""
				}
				draw()
			})))
	case ed.copyOf != "":
		note = el("p", cls("note"), attr("id", "copy-note"), text(fmt.Sprintf("This copy has its own id, %s. Both it and “%s” run: switch one of them off in the table above to keep only the other.", ed.report.ID, ed.copyOf)))
	}

	actions := []dom.Element{}
	if ed.readOnly == "" {
		actions = append(actions,
			el("button", attr("type", "button"), attr("id", "save-pack"), cls("primary"), text("Save"),
				attr("aria-describedby", "save-reason"), on("click", func(dom.Event) { saveEditor() })),
			el("span", attr("id", "save-reason"), cls("save-reason")))
	}
	actions = append(actions, button("Close", func() { closeEditor(); draw() }))
	sec := el("section", cls("editor"), attr("aria-labelledby", "editor-h"),
		kid(el("h2", attr("id", "editor-h"), text(title))),
		kid(note),
		kid(el("label", attr("for", "pack-name"), text("File name"))), kid(nameInput),
		kid(el("p", cls("label"), text("Pack (JSON): Ctrl+Space completes, Ctrl+F searches, Ctrl+Shift+M lists problems"))),
		kid(el("div", attr("id", "pack-editor"), kid(host))),
		kid(status),
		kid(el("div", cls("row"), kids(actions))),
		kid(previewSection()))
	return sec
}

// refreshStatus fills the problem list and the Save button's state from the
// last check.
func refreshStatus() {
	st := document.GetElementByID("pack-status")
	if st == nil {
		return
	}
	st.SetTextContent("")
	r := ed.report
	items := []dom.Element{}
	for _, m := range r.Marks {
		m := m
		items = append(items, el("li", attr("data-line", strconv.Itoa(m.Line)),
			kid(el("button", cls("link"), attr("type", "button"), text(fmt.Sprintf("line %d, column %d", m.Line, m.Col)),
				on("click", func(dom.Event) { call(act, "selectInEditor", nil, ed.session, m.From, m.To) }))),
			text(" "+markText(m))))
	}
	switch {
	case r.Problems > 0:
		st.AppendChild(el("p", cls("error"), text(plural(r.Problems, "problem", "problems")+" in this pack:")))
	case r.Failures > 0:
		st.AppendChild(el("p", cls("error"), text(fmt.Sprintf("%d of %d examples fail:", r.Failures, r.Examples))))
	case ed.checked == "":
		st.AppendChild(el("p", cls("muted"), text("Checking…")))
	case r.Loads():
		st.AppendChild(el("p", cls("ok"), text(fmt.Sprintf("Valid: %s, %s, every example behaves.",
			plural(len(r.Rules), "rule", "rules"), plural(r.Examples, "example", "examples")))))
	}
	if len(items) > 0 {
		st.AppendChild(el("ul", cls("problems"), kids(items)))
	}
	if ed.saved != "" {
		st.AppendChild(el("p", cls("ok"), attr("id", "saved"), text(ed.saved)))
	}
	btn, reason := document.GetElementByID("save-pack"), document.GetElementByID("save-reason")
	if btn == nil {
		return
	}
	why := saveBlocker()
	if why != "" {
		btn.SetAttribute("disabled", "")
	} else {
		btn.RemoveAttribute("disabled")
	}
	reason.SetTextContent(why)
}

func markText(m report.Mark) string {
	s := m.Message
	if m.Path != "" {
		s = m.Path + ": " + s
	}
	if m.Kind == "example" {
		s = "example " + s
	}
	return s
}

// saveBlocker says why the pack cannot be saved, in a sentence, or "".
func saveBlocker() string {
	r := ed.report
	switch {
	case r.Problems == 1:
		return "This pack cannot be saved until its problem is fixed."
	case r.Problems > 1:
		return fmt.Sprintf("This pack cannot be saved until its %d problems are fixed.", r.Problems)
	case r.Failures == 1:
		return "This pack cannot be saved until its failing example passes."
	case r.Failures > 1:
		return fmt.Sprintf("This pack cannot be saved until its %d failing examples pass.", r.Failures)
	case ed.checked == "":
		return "This pack is being checked: save it in a moment."
	case !r.Loads():
		return "This pack cannot be saved yet."
	case strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(ed.name), ".json")) == "":
		return "Give the file a name to save it."
	}
	return ""
}

func saveEditor() {
	check()
	refreshStatus()
	if saveBlocker() != "" {
		return // the last good version stays in force
	}
	name := strings.TrimSpace(ed.name)
	if !strings.HasSuffix(name, ".json") {
		name += ".json"
	}
	keep := func(fs []userFile) []userFile {
		out := []userFile{}
		for _, f := range fs {
			if f.Name != ed.original && f.Name != name {
				out = append(out, f)
			}
		}
		return out
	}
	wasOff := false // a pack switched off stays off when edited
	for _, f := range cur.Rules.Off {
		wasOff = wasOff || f.Name == ed.original
	}
	next := cur.Rules
	next.Files, next.Off = keep(cur.Rules.Files), keep(cur.Rules.Off)
	// the reader's own packs load before subscribed ones
	mine := 0
	for mine < len(next.Files) && next.Files[mine].Subscription == "" {
		mine++
	}
	f := userFile{Name: name, Text: ed.text, Replaces: ed.replaces, CopyOf: ed.builtin}
	if wasOff {
		next.Off = append(next.Off, f)
	} else {
		next.Files = append(next.Files[:mine:mine], append([]userFile{f}, next.Files[mine:]...)...)
	}
	next = rulesFor(next)
	probs, ok := configProblems(next)
	if !ok {
		return // not checked yet: saveBlocker said so
	}
	for _, p := range probs {
		if p.File == name {
			ed.report.Problems++
			ed.report.Marks = append(ed.report.Marks, report.Mark{Kind: "problem", Severity: "error", Path: p.Path, Message: p.Message, Line: 1, Col: 1, From: p.From, To: p.To})
			ed.checked = "" // check again after the next edit
			refreshStatus()
			return
		}
	}
	cur.Rules = next
	was := ed
	ed.name, ed.original = name, name
	ed.saved = "Saved at " + time.Now().Format("15:04:05") + ": open tabs use it now."
	save(func() {
		if ed.session == was.session {
			ed.name, ed.original, ed.saved = was.name, was.original, "Not saved: see the message at the top of the page."
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sitesSection() dom.Element {
	off := []string{}
	for host, on := range cur.Sites {
		if !on {
			off = append(off, host)
		}
	}
	sort.Strings(off)
	offItems := []dom.Element{}
	for _, h := range off {
		h := h
		offItems = append(offItems, el("li", text(h+" "), kid(button("Turn back on", func() { call(act, "enableSite", nil, h) }))))
	}
	hosts := []string{}
	for h := range cur.Ignored {
		hosts = append(hosts, h)
	}
	sort.Strings(hosts)
	ignItems := []dom.Element{}
	for _, h := range hosts {
		for _, id := range cur.Ignored[h] {
			h, id := h, id
			ignItems = append(ignItems, el("li", kid(el("code", text(id))), text(" on "+h+" "),
				kid(button("Stop ignoring", func() { call(act, "unignore", nil, h, id) }))))
		}
	}
	return el("section", attr("aria-labelledby", "sites-h"),
		kid(el("h2", attr("id", "sites-h"), text("Sites"))),
		kid(el("h3", text("Sourcelight is off on"))),
		kid(listOr(offItems, "No site: Sourcelight runs everywhere.")),
		kid(el("h3", text("Rules ignored on a site"))),
		kid(listOr(ignItems, "None: use “Ignore this rule on this site” on a hint card.")))
}

func listOr(items []dom.Element, empty string) dom.Element {
	if len(items) == 0 {
		return el("p", cls("muted"), text(empty))
	}
	return el("ul", cls("plain"), kids(items))
}

func displaySection() dom.Element {
	radio := func(name, current, value, def, label string) dom.Element {
		in := el("input", attr("type", "radio"), attr("name", name), attr("value", value))
		in.(*dom.HTMLInputElement).SetChecked(current == value || (current == "" && value == def))
		in.AddEventListener("change", false, func(dom.Event) { call(act, "set", nil, name, value) })
		return el("label", cls("radio"), kid(in), text(" "+label))
	}
	return el("section", attr("aria-labelledby", "display-h"),
		kid(el("h2", attr("id", "display-h"), text("Display"))),
		kid(radio("renderer", cur.Renderer, "auto", "auto", "Highlight the text itself (CSS Custom Highlight API; the page is not changed)")),
		kid(radio("renderer", cur.Renderer, "overlay", "auto", "Draw boxes over the text (for browsers or pages where highlights do not show)")),
		kid(el("h3", text("Where the engine runs"))),
		kid(radio("engine", cur.Engine, "page", "page", "In each page (default): the engine starts as the page loads; the background serves pages whose security policy forbids it there")),
		kid(radio("engine", cur.Engine, "background", "page", "In the extension's background: one engine for every tab, reached by message")),
		kid(el("p", cls("muted"), text("Either way the page's text stays in your browser: nothing is sent anywhere."))))
}
