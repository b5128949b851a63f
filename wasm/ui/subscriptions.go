//go:build js && wasm

package ui

import (
	"encoding/json"
	"strings"
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"
)

// subscriptionsSection lists the URLs the reader subscribed to. The
// background fetches and checks them (extension/subscriptions.js); this
// shows what it found: the last good copy, the next try, and the error of
// the last one that failed.
func subscriptionsSection() dom.Element {
	in := el("input", attr("id", "subscribe-url"), attr("type", "url"), attr("spellcheck", "false"),
		attr("placeholder", "https://packs.example.org/v1/packs"), attr("aria-label", "Address of a pack or a feed of packs"))
	// what the reader typed outlives redraws too: a subscription's update
	// in the background, or any other storage write, redraws the page
	in.(*dom.HTMLInputElement).SetValue(subURL)
	in.AddEventListener("input", false, func(dom.Event) { subURL = in.(*dom.HTMLInputElement).Value() })
	status := el("p", attr("id", "subscribe-status"), attr("aria-live", "polite"), attr("class", subStatus.class), text(subStatus.text))
	// the message outlives the redraws that the subscription's own
	// storage writes cause
	show := func(class, msg string) {
		subStatus.class, subStatus.text = class, msg
		if st := document.GetElementByID("subscribe-status"); st != nil {
			st.SetAttribute("class", class)
			st.SetTextContent(msg)
		}
	}
	subscribe := func() {
		url := strings.TrimSpace(in.(*dom.HTMLInputElement).Value())
		show("muted", "Subscribing to "+url+"…")
		call(act, "subscribe", func(v js.Value) {
			var r struct{ Error string }
			if v.Type() == js.TypeString {
				json.Unmarshal([]byte(v.String()), &r)
			}
			if r.Error != "" {
				show("error", r.Error)
				return
			}
			show("ok", "Subscribed to "+url+".")
		}, url)
	}
	items := []dom.Element{}
	for _, s := range cur.Subscriptions {
		s := s
		packs := []string{}
		for _, p := range s.Packs {
			packs = append(packs, p.ID)
		}
		what := "a pack"
		if s.Kind == "feed" {
			what = "a feed"
		}
		if len(packs) > 0 {
			what += ": " + strings.Join(packs, ", ")
		}
		good := "No good copy yet."
		if s.LastGood > 0 {
			good = "Last good copy fetched " + when16(s.LastGood) + "."
		}
		next := ""
		if s.NextTry > 0 {
			next = " Next try " + when16(s.NextTry) + "."
		}
		var errEl dom.Element
		if s.Error != "" {
			msg := "The last update failed (" + when16(s.LastTry) + "): " + strings.TrimRight(s.Error, ".") + "."
			if s.LastGood > 0 {
				msg += " The last good copy stays in use."
			}
			errEl = el("p", cls("error"), cls("sub-error"), text(msg))
		}
		items = append(items, el("li", attr("data-url", s.URL), cls("subscription"),
			kid(el("strong", text(s.URL))), text(" ("+what+")"),
			kid(el("p", cls("muted"), cls("sub-times"), text(good+next))),
			kid(errEl),
			kid(el("div", cls("row"),
				kid(button("Check now", func() { call(act, "refreshSubscription", nil, s.URL) })),
				kid(button("Unsubscribe", func() {
					if js.Global().Call("confirm", "Unsubscribe from "+s.URL+"? Its packs are removed.").Bool() {
						call(act, "unsubscribe", nil, s.URL)
					}
				}))))))
	}
	return el("section", attr("aria-labelledby", "subs-h"),
		kid(el("h2", attr("id", "subs-h"), text("Subscriptions"))),
		kid(el("p", cls("muted"), text("Subscribe to a pack, or to a feed of packs such as a newsroom's /v1/packs, by its https address. Sourcelight asks for access to that site when you subscribe, checks every pack with the same validator before using it, looks for updates once a day (or as the feed says), and keeps the last good copy when an update is broken or unreachable. Subscribed packs are read only: copy one to your packs to change it."))),
		kid(el("div", cls("row"), kid(in),
			kid(el("button", attr("type", "button"), attr("id", "subscribe"), text("Subscribe"), on("click", func(dom.Event) { subscribe() }))))),
		kid(status),
		kid(listOr(items, "No subscription.")))
}

var (
	subStatus struct{ class, text string }
	subURL    string // the address being typed
)

// when16 formats a time in milliseconds since the epoch for a reader.
func when16(ms int64) string {
	t := time.UnixMilli(ms).Local()
	now := time.Now()
	day := func(t time.Time) string { return t.Format("2006-01-02") }
	switch day(t) {
	case day(now):
		return "today at " + t.Format("15:04")
	case day(now.AddDate(0, 0, 1)):
		return "tomorrow at " + t.Format("15:04")
	case day(now.AddDate(0, 0, -1)):
		return "yesterday at " + t.Format("15:04")
	}
	return t.Format("2 Jan 2006 at 15:04")
}
