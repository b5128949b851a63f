//go:build js && wasm

package ui

import (
	"encoding/json"
	"fmt"
	"strings"
	"syscall/js"

	"honnef.co/go/js/dom/v2"
)

// backup is the settings file: everything a reader chose, in one JSON
// file, to move to another browser or to hand a class.
type backup struct {
	Format   string          `json:"format"` // "sourcelight-settings"
	Version  int             `json:"version"`
	Settings json.RawMessage `json:"settings"`
}

func settingsSection() dom.Element {
	status := el("p", attr("id", "settings-status"), attr("aria-live", "polite"))
	return el("section", attr("aria-labelledby", "backup-h"),
		kid(el("h2", attr("id", "backup-h"), text("Your settings in one file"))),
		kid(el("p", cls("muted"), text("Packs, pack and rule switches, sites, ignored rules and subscriptions, to move to another browser or to share with a class. Importing replaces the settings here."))),
		kid(el("div", cls("row"),
			kid(el("button", attr("type", "button"), attr("id", "export-settings"), text("Export settings"),
				on("click", func(dom.Event) { call(act, "exportSettings", nil) }))),
			kid(el("button", attr("type", "button"), attr("id", "import-settings"), text("Import settings…"),
				on("click", func(dom.Event) {
					call(act, "pickFile", func(v js.Value) {
						if v.Type() == js.TypeString && v.String() != "" {
							importSettings(v.String(), status)
						}
					})
				}))))),
		kid(status))
}

// importSettings checks a settings file before anything is replaced: a
// file that is not one, or whose packs have problems, changes nothing.
func importSettings(fileJSON string, status dom.Element) {
	fail := func(msg string) {
		status.SetAttribute("class", "error")
		status.SetTextContent(msg)
	}
	var f struct{ Name, Text string }
	json.Unmarshal([]byte(fileJSON), &f)
	var b backup
	if err := json.Unmarshal([]byte(f.Text), &b); err != nil || b.Format != "sourcelight-settings" {
		fail(f.Name + " is not a Sourcelight settings file: nothing was changed.")
		return
	}
	var s settings
	if err := json.Unmarshal(b.Settings, &s); err != nil {
		fail(f.Name + " cannot be read (" + err.Error() + "): nothing was changed.")
		return
	}
	var bad []string
	for _, u := range append(append([]userFile{}, s.Rules.Files...), s.Rules.Off...) {
		r, ok := checkPack(u.Name, u.Text)
		if !ok {
			fail("The packs' checker is still starting: import " + f.Name + " again in a moment. Nothing was changed.")
			return
		}
		if r.Problems > 0 {
			bad = append(bad, u.Name)
		}
	}
	if len(bad) > 0 {
		fail(fmt.Sprintf("%s: %s cannot be used (%s): nothing was changed.", f.Name, plural(len(bad), "pack", "packs"), strings.Join(bad, ", ")))
		return
	}
	s.Rules = rulesFor(s.Rules)
	out, _ := json.Marshal(s)
	flash = fmt.Sprintf("Imported %s: %s, %s.", f.Name, plural(len(s.Rules.Files)+len(s.Rules.Off), "pack", "packs"),
		plural(len(s.Subscriptions), "subscription", "subscriptions"))
	call(act, "applySettings", func(v js.Value) {
		if v.Type() == js.TypeString && v.String() != "" {
			flash, saveErr = "", v.String() // nothing was replaced
			call(act, "redraw", nil)
		}
	}, string(out))
}
