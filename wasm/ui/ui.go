//go:build js && wasm

// Package ui draws the extension's popup and options page in Go with
// honnef.co/go/js/dom/v2. The JavaScript around it (extension/popup,
// extension/options) does the browser APIs and storage and hands the state
// over as JSON; every action goes back through a JS function it passed in.
// Text from pages and rule files is only ever set as text, never as HTML.
package ui

import (
	"syscall/js"

	"honnef.co/go/js/dom/v2"
)

var document = dom.GetWindow().Document()

// prop is something el applies to an element: an attribute, a class, text,
// a child, or a listener.
type prop func(dom.Element)

func attr(k, v string) prop { return func(e dom.Element) { e.SetAttribute(k, v) } }
func cls(c string) prop     { return func(e dom.Element) { e.Class().Add(c) } }
func text(s string) prop    { return func(e dom.Element) { e.AppendChild(document.CreateTextNode(s)) } }
func kid(c dom.Element) prop {
	return func(e dom.Element) {
		if c != nil {
			e.AppendChild(c)
		}
	}
}
func kids(cs []dom.Element) prop {
	return func(e dom.Element) {
		for _, c := range cs {
			e.AppendChild(c)
		}
	}
}

// on listens for an event; the handler runs in Go.
func on(typ string, fn func(dom.Event)) prop {
	return func(e dom.Element) { e.AddEventListener(typ, false, fn) }
}

func el(tag string, props ...prop) dom.Element {
	e := document.CreateElement(tag)
	for _, p := range props {
		if p != nil {
			p(e)
		}
	}
	return e
}

// when returns p if ok, else nothing.
func when(ok bool, p prop) prop {
	if ok {
		return p
	}
	return nil
}

// call invokes a JS action and, if then is given, passes it the resolved
// value of the promise the action returns.
func call(actions js.Value, name string, then func(js.Value), args ...any) {
	r := actions.Call(name, args...)
	if then == nil || r.Type() != js.TypeObject || r.Get("then").Type() != js.TypeFunction {
		return
	}
	var f js.Func
	f = js.FuncOf(func(_ js.Value, a []js.Value) any {
		f.Release()
		v := js.Undefined()
		if len(a) > 0 {
			v = a[0]
		}
		then(v)
		return nil
	})
	r.Call("then", f)
}

// mount replaces the contents of #app.
func mount(children ...dom.Element) {
	app := document.GetElementByID("app")
	app.SetTextContent("")
	for _, c := range children {
		if c != nil {
			app.AppendChild(c)
		}
	}
}

// switchInput is a labelled checkbox styled as a switch.
func switchInput(label string, checked, disabled bool, change func(bool)) dom.Element {
	input := el("input", attr("type", "checkbox"), attr("role", "switch"))
	in := input.(*dom.HTMLInputElement)
	in.SetChecked(checked)
	in.SetDisabled(disabled)
	input.AddEventListener("change", false, func(dom.Event) { change(in.Checked()) })
	return el("label", cls("switch"), kid(input), kid(el("span", text(label))))
}

var categoryNames = map[string]string{
	"anonymous-source": "Anonymous sources",
	"denial":           "Denials",
	"promotional":      "Promotional blocks",
}

func categoryName(c string) string {
	if n, ok := categoryNames[c]; ok {
		return n
	}
	return c
}
