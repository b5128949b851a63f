//go:build js && wasm

// Package ui draws the extension's popup and options page in Go with
// honnef.co/go/js/dom/v2. The JavaScript around it (extension/popup,
// extension/options) does the browser APIs and storage and hands the state
// over as JSON; every action goes back through a JS function it passed in.
// Text from pages and rule files is only ever set as text, never as HTML.
package ui

import (
	"strings"
	"syscall/js"

	"honnef.co/go/js/dom/v2"
)

var (
	document   = dom.GetWindow().Document()
	documentJS = js.Global().Get("document")
)

// create makes an element and wraps it by its tag. dom/v2's own
// CreateElement finds the wrapper type by comparing the element's
// constructor with some sixty of the window's, each a property read across
// the wasm boundary: the options page's first view made 12,830 of them,
// most of its drawing time in Firefox. Only these two types are asserted.
func create(tag string) dom.Element {
	e := &dom.BasicHTMLElement{BasicElement: &dom.BasicElement{BasicNode: &dom.BasicNode{Value: documentJS.Call("createElement", tag)}}}
	switch tag {
	case "input":
		return &dom.HTMLInputElement{BasicHTMLElement: e}
	case "textarea":
		return &dom.HTMLTextAreaElement{BasicHTMLElement: e}
	}
	return e
}

// prop is something el applies to an element: an attribute, a class, text,
// a child, or a listener.
type prop func(dom.Element)

func attr(k, v string) prop { return func(e dom.Element) { e.SetAttribute(k, v) } }
func cls(c string) prop     { return func(e dom.Element) { e.Class().Add(c) } }
func text(s string) prop {
	return func(e dom.Element) { e.Underlying().Call("append", s) } // a text node, never HTML
}
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
	e := create(tag)
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

// mount replaces the contents of #app. The control that had focus gets it
// back in the new tree (the same id, or the same kind and name): the popup
// and options page are redrawn on every storage change, and a keyboard or
// screen-reader user must not be thrown back to the top (issue #11).
func mount(children ...dom.Element) {
	app := document.GetElementByID("app")
	f := saveFocus(app.Underlying())
	app.SetTextContent("")
	for _, c := range children {
		if c != nil {
			app.AppendChild(c)
		}
	}
	f.restore(app.Underlying())
}

const focusable = "button, input, select, textarea, a[href], [tabindex]"

type focusState struct {
	key        string
	nth        int // among the controls with the same key
	start, end js.Value
}

func saveFocus(app js.Value) focusState {
	a := js.Global().Get("document").Get("activeElement")
	if a.IsNull() || a.Equal(app) || !app.Call("contains", a).Bool() {
		return focusState{}
	}
	f := focusState{key: focusKey(a), start: js.Null(), end: js.Null()}
	if a.Get("localName").String() == "textarea" || a.Get("type").String() == "text" {
		f.start, f.end = a.Get("selectionStart"), a.Get("selectionEnd")
	}
	list := app.Call("querySelectorAll", focusable)
	for i := 0; i < list.Length(); i++ {
		e := list.Index(i)
		if e.Equal(a) {
			break
		}
		if focusKey(e) == f.key {
			f.nth++
		}
	}
	return f
}

func (f focusState) restore(app js.Value) {
	if f.key == "" {
		return
	}
	list := app.Call("querySelectorAll", focusable)
	for i, n := 0, 0; i < list.Length(); i++ {
		e := list.Index(i)
		if focusKey(e) != f.key {
			continue
		}
		if n == f.nth {
			e.Call("focus")
			if f.start.Type() == js.TypeNumber && f.end.Type() == js.TypeNumber {
				e.Call("setSelectionRange", f.start, f.end)
			}
			return
		}
		n++
	}
}

// focusKey names a control: its id, or its tag, role and accessible text.
func focusKey(e js.Value) string {
	if id := e.Get("id").String(); id != "" {
		return "#" + id
	}
	name := e.Call("getAttribute", "aria-label")
	if name.IsNull() {
		if l := e.Call("closest", "label"); !l.IsNull() {
			name = l.Get("textContent")
		} else {
			name = e.Get("textContent")
		}
	}
	role := e.Call("getAttribute", "role")
	r := ""
	if !role.IsNull() {
		r = role.String()
	}
	n := name.String()
	if r == "switch" { // a switch's label says its state: "…: on" is "…: off" once toggled
		n = strings.TrimSuffix(strings.TrimSuffix(n, ": on"), ": off")
	}
	return e.Get("localName").String() + "|" + r + "|" + n
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
