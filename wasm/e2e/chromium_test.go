//go:build e2e

// Package e2e tests the extension in real browsers. This file drives
// Debian's Chromium with the unpacked extension loaded (the repository root,
// built by scripts/build) over chromedp; scripts/e2e/firefox.mjs does the
// same in Firefox ESR. Run: go test -tags e2e ./wasm/e2e/
package e2e

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/dom"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"github.com/sourcelight/sourcelight/wasm/engine"
	"github.com/sourcelight/sourcelight/wasm/scan"
)

const chromiumBin = "/usr/lib/chromium/chromium" // /usr/bin/chromium is a wrapper that adds --load-extension=

var repoRoot, _ = filepath.Abs("../..")

type browser struct {
	t      testing.TB
	ctx    context.Context // the browser's first tab
	extID  string
	ext    context.Context // an extension page, for chrome.* calls
	cancel func()
}

func startChromium(t testing.TB) *browser { return startChromiumOpts(t, false) }

func startChromiumOpts(t testing.TB, headed bool) *browser {
	t.Helper()
	if _, err := os.Stat(chromiumBin); err != nil {
		t.Skip("Debian's chromium is not installed")
	}
	if _, err := os.Stat(filepath.Join(repoRoot, "extension/engine.wasm")); err != nil {
		t.Fatal("extension/engine.wasm missing: run scripts/build first")
	}
	// Our own option list: chromedp's defaults include --disable-extensions.
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumBin),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", map[bool]any{false: "new", true: false}[headed]),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), // this machine refuses the internet
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(1100, 900),
		chromedp.Flag("load-extension", repoRoot),
		chromedp.Flag("disable-extensions-except", repoRoot),
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil {
		acancel()
		t.Fatal(err)
	}
	b := &browser{t: t, ctx: bctx, cancel: func() { bcancel(); acancel() }}
	t.Cleanup(b.cancel)
	b.extID = b.waitExtension()
	// an extension page of ours, kept open in a second tab for chrome.* calls
	ext, _ := chromedp.NewContext(bctx)
	if err := chromedp.Do(ext, chromedp.Navigate("chrome-extension://"+b.extID+"/extension/options/options.html")); err != nil {
		t.Fatal(err)
	}
	b.ext = ext
	return b
}

// waitExtension finds the extension's service worker; its URL names the id.
func (b *browser) waitExtension() string {
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		infos, err := chromedp.Targets(b.ctx)
		if err != nil {
			b.t.Fatal(err)
		}
		for _, ti := range infos {
			if ti.Type == "service_worker" && strings.HasPrefix(ti.URL, "chrome-extension://") {
				return strings.SplitN(strings.TrimPrefix(ti.URL, "chrome-extension://"), "/", 2)[0]
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatal("the extension's service worker never started")
	return ""
}

// extEval runs JS in our extension page (full chrome.* API) and decodes the result.
func extEval[T any](b *browser, js string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ext, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("extension page: %v\n%s", err, js)
	}
	return v
}

// open loads url in a new tab and waits until Sourcelight has reported
// (timings.painted) or has been switched off there.
func (b *browser) open(url string) (context.Context, int) {
	b.t.Helper()
	tab, _ := chromedp.NewContext(b.ctx)
	if err := chromedp.Do(tab, chromedp.Navigate(url)); err != nil {
		b.t.Fatal(err)
	}
	return tab, b.tabID(url)
}

func (b *browser) tabID(url string) int {
	b.t.Helper()
	for i := 0; i < 300; i++ {
		// Without the "tabs" permission tab URLs are hidden from us; the
		// content script's reports (storage.session, by tab) name them.
		id := extEval[int](b, fmt.Sprintf(`chrome.storage.session.get(null).then(all => {
			for (const [k, v] of Object.entries(all)) if (k.startsWith('tab:') && v.url === %q) return Number(k.slice(4));
			return -1;
		})`, url))
		if id >= 0 {
			return id
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatalf("no tab shows %s", url)
	return -1
}

// state asks the page's content script (top frame) for its state.
type pageState struct {
	Host           string             `json:"host"`
	Shown          bool               `json:"shown"`
	Enabled        bool               `json:"enabled"`
	Path           string             `json:"path"`
	FallbackReason string             `json:"fallbackReason"`
	Timings        map[string]float64 `json:"timings"`
	Memory         float64            `json:"memory"`
	Counts         map[string]int     `json:"counts"`
	Error          string             `json:"error"`
}

func (b *browser) state(tabID int) (pageState, bool) {
	raw := extEval[string](b, fmt.Sprintf(`chrome.tabs.sendMessage(%d, {type: 'state'}, {frameId: 0}).then(JSON.stringify, () => '')`, tabID))
	var s pageState
	if raw == "" || json.Unmarshal([]byte(raw), &s) != nil {
		return s, false
	}
	return s, true
}

// painted waits until the page's hints are on screen.
func (b *browser) painted(tabID int) pageState {
	b.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if s, ok := b.state(tabID); ok && (s.Timings["painted"] > 0 || s.Error != "") {
			if s.Error != "" {
				b.t.Fatalf("Sourcelight failed on the page: %s", s.Error)
			}
			return s
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatal("no hints painted within 20 s")
	return pageState{}
}

func seen(t testing.TB, tab context.Context) Seen {
	t.Helper()
	s, err := chromedp.Run(tab, chromedp.Evaluate[Seen](readSeen))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// diff compares multisets: a hint shown twice, or once where the CLI finds
// it twice, is a difference (issue #11: sets hid duplicates).
func diff(want, got []string) string {
	count := map[string]int{}
	for _, w := range want {
		count[w]++
	}
	for _, g := range got {
		count[g]--
	}
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		for n := count[k]; n > 0; n-- {
			fmt.Fprintf(&b, "\n  missing: %s", k)
		}
		for n := count[k]; n < 0; n++ {
			fmt.Fprintf(&b, "\n  extra:   %s", k)
		}
	}
	return b.String()
}

func TestChromium(t *testing.T) {
	srv := serve(t)
	b := startChromium(t)

	type page struct{ path, file string }
	pages := []page{{"/example", example}}
	if seedPresent(t) {
		pages = append(pages, page{"/seed", seed})
	}
	for _, p := range pages {
		t.Run("highlights equal the CLI on "+p.path, func(t *testing.T) {
			tab, id := b.open(srv + p.path)
			st := b.painted(id)
			if st.Path != "content" {
				t.Errorf("engine path = %q, want content (the default: the engine in the page)", st.Path)
			}
			// the engine's wasm memory, which the popup shows: its data
			// and the packs alone are a few megabytes
			if st.Memory < 4<<20 || st.Memory > 256<<20 {
				t.Errorf("engine memory reported = %.0f bytes, want the wasm memory's size", st.Memory)
			}
			// the start-up's steps, dated for the bench: each after the
			// one it waits for
			tm := st.Timings
			if !(tm["settings"] > 0 && tm["settings"] <= tm["compiled"] && tm["compiled"] <= tm["engine"] &&
				tm["imported"] > 0 && tm["imported"] <= tm["engine"] && tm["engine"] <= tm["painted"]) {
				t.Errorf("timings = %v, want settings <= compiled <= engine, imported <= engine, engine <= painted", tm)
			}
			want := sameAsCLI(t, tab, p.file)
			badge := extEval[string](b, fmt.Sprintf(`chrome.action.getBadgeText({tabId: %d})`, id))
			if badge != fmt.Sprint(len(want)) {
				t.Errorf("badge = %q, want %d", badge, len(want))
			}
			if p.path == "/seed" {
				shoot(t, tab, "chromium-seed.png")
			}
		})
	}

	t.Run("a page delivered slowly: the engine warms up while it loads", func(t *testing.T) {
		tab, id := b.open(srv + "/slow-example")
		st := b.painted(id)
		if st.Timings["warmMs"] <= 0 {
			t.Errorf("timings = %v, want warmMs: the engine was ready before the page", st.Timings)
		}
		sameAsCLI(t, tab, example) // the made-up page's hints never reach this one
	})

	t.Run("a long page shows its first hints while the rest is scanned", func(t *testing.T) {
		// the page's own animation frames count the highlighted ranges
		tab, _ := chromedp.NewContext(b.ctx)
		probe := `window.__counts = []; const tick = () => {
			let n = 0;
			for (const [k, h] of CSS.highlights) if (k.startsWith('sourcelight-') && !k.startsWith('sourcelight-pack-')) n += h.size;
			if (n !== window.__counts.at(-1)) window.__counts.push(n);
			requestAnimationFrame(tick);
		}; requestAnimationFrame(tick);`
		url := srv + "/long"
		if _, err := chromedp.Call(tab, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: probe}); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(tab, chromedp.Navigate(url)); err != nil {
			t.Fatal(err)
		}
		st := b.painted(b.tabID(url))
		counts, err := chromedp.Run(tab, chromedp.Evaluate[[]int](`window.__counts`))
		if err != nil || len(counts) == 0 {
			t.Fatalf("the page's counts: %v %v", counts, err)
		}
		total := 0
		for _, n := range st.Counts {
			total += n
		}
		partial := false
		for _, n := range counts {
			partial = partial || n > 0 && n < counts[len(counts)-1]
		}
		if !partial || st.Timings["firstPaint"] <= 0 || st.Timings["firstPaint"] >= st.Timings["painted"] {
			t.Errorf("ranges seen frame by frame %v (%d hints in all), timings %v: want some hints shown before all are", counts, total, st.Timings)
		}
	})

	t.Run("engine in the page: same hints", func(t *testing.T) {
		b.setting(t, "engine", "page", "background")
		tab, id := b.open(srv + "/example?page-engine")
		if st := b.painted(id); st.Path != "content" {
			t.Errorf("engine path = %q (%s), want content", st.Path, st.FallbackReason)
		}
		sameAsCLI(t, tab, example)
	})

	t.Run("page DOM text unchanged", func(t *testing.T) {
		tab, id := b.open(srv + "/example-copy")
		b.painted(id)
		same, err := chromedp.Run(tab, chromedp.Evaluate[bool](`fetch(location.href).then(r => r.text()).then(html => {
			const orig = new DOMParser().parseFromString(html, 'text/html');
			return orig.body.textContent === document.body.textContent && orig.body.innerHTML.length > 1000;
		})`, chromedp.EvalAwaitPromise))
		if err != nil || !same {
			t.Errorf("the page's text changed (%v)", err)
		}
	})

	t.Run("page switch hides and restores", func(t *testing.T) {
		tab, id := b.open(srv + "/example?page-switch") // a URL of its own: tabID finds tabs by URL
		b.painted(id)
		before := lines(seen(t, tab))
		extEval[any](b, fmt.Sprintf(`chrome.tabs.sendMessage(%d, {type: 'toggle-page', on: false})`, id))
		if got := lines(seen(t, tab)); len(got) != 0 {
			t.Errorf("after switching off, still shown: %v", got)
		}
		extEval[any](b, fmt.Sprintf(`chrome.tabs.sendMessage(%d, {type: 'toggle-page', on: true})`, id))
		if got := lines(seen(t, tab)); d(before, got) {
			t.Errorf("after switching on again:%s", diff(before, got))
		}
	})

	t.Run("site switch survives a reload", func(t *testing.T) {
		tab, id := b.open(srv + "/example?site")
		b.painted(id)
		extEval[any](b, `chrome.storage.local.set({sites: {'127.0.0.1': false}})`)
		defer extEval[any](b, `chrome.storage.local.set({sites: {}})`)
		if got := eventually(t, tab, func(got []string) bool { return len(got) == 0 }); len(got) != 0 {
			t.Errorf("site switched off, still shown before the reload: %v", got)
		}
		if err := chromedp.Do(tab, chromedp.Reload(), chromedp.Sleep(1500*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		if got := lines(seen(t, tab)); len(got) != 0 {
			t.Errorf("site switched off, yet shown: %v", got)
		}
		if wasm := extEval[bool](b, fmt.Sprintf(`chrome.tabs.sendMessage(%d, {type: 'state'}, {frameId: 0}).then(() => true, () => false)`, id)); wasm {
			t.Error("the engine's page code answered on a site switched off: it should never load there")
		}
	})

	t.Run("strict CSP page gets its hints from the background", func(t *testing.T) {
		b.setting(t, "engine", "page", "page") // even when the engine should run in the page
		tab, id := b.open(srv + "/strict")
		st := b.painted(id)
		if st.Path != "background" || !strings.Contains(st.FallbackReason, "CompileError") {
			t.Errorf("path %q (%s), want background after a CompileError", st.Path, st.FallbackReason)
		}
		if st.Memory != 0 {
			t.Errorf("engine memory reported = %.0f bytes, want none: the background's engine is not this tab's", st.Memory)
		}
		sameAsCLI(t, tab, example)
	})

	t.Run("edited rules reach an open tab without a reload", func(t *testing.T) {
		tab, id := b.open(srv + "/example?rules")
		b.painted(id)
		// as the options page saves: the rules and their compiled form together
		files := []engine.UserFile{{Name: "harbour.json", Text: myPack}}
		cfg, _ := json.Marshal(map[string]any{"files": files, "disabled": []string{}})
		data, probs := engine.CompileUser(engine.Config{Files: files})
		if len(probs) > 0 || data == nil {
			t.Fatalf("the test pack does not compile: %v", probs)
		}
		compiled, _ := json.Marshal(map[string]any{"format": scan.Format, "data": base64.StdEncoding.EncodeToString(data)})
		extEval[any](b, fmt.Sprintf(`chrome.storage.local.set({rules: %s, compiled: %s})`, cfg, compiled))
		defer extEval[any](b, `chrome.storage.local.set({rules: {files: [], disabled: []}, compiled: null})`)
		got := eventually(t, tab, func(g []string) bool { return slices.Contains(g, "inline|denial|Harborbridgerepairs") })
		if !slices.Contains(got, "inline|denial|Harborbridgerepairs") {
			t.Errorf("the new rule's hint did not appear: %v", got)
		}
	})

	t.Run("keyboard: next hint opens its card; ignoring the rule removes it", func(t *testing.T) {
		tab, id := b.open(srv + "/example?card")
		b.painted(id)
		// our shadow root is closed: the content script tells what its card
		// shows. The site's menu (a block) comes first on the page; the
		// headline's denial is the next hint after it.
		var card cardState
		for press := 0; press < 4 && !strings.Contains(card.Text, "Denies Report"); press++ {
			extEval[any](b, fmt.Sprintf(`chrome.tabs.sendMessage(%d, {type: 'next'}, {frameId: 0})`, id))
			prev := card.Text
			for i := 0; i < 60 && (card.Text == "" || card.Text == prev); i++ { // until the next card is drawn
				card = b.card(id)
				time.Sleep(50 * time.Millisecond)
			}
		}
		if !strings.Contains(card.Text, "Port Authority") && !strings.Contains(card.Text, "Denies Report") {
			t.Errorf("card after 'next hint': %q", card.Text)
		}
		if !strings.Contains(card.Text, "Ignore this rule on this site") || !strings.HasPrefix(card.Focus, "button.close") {
			t.Errorf("card is missing its action or keyboard focus on Close: %+v", card)
		}
		// the reader's own keys: focus Ignore, press Enter
		node := pierceFind(t, tab, "ignore")
		if _, err := chromedp.Call(tab, dom.Focus, dom.FocusParams{BackendNodeID: node}); err != nil {
			t.Fatal(err)
		}
		press(t, tab, "Enter", "Enter", 13)
		defer extEval[any](b, `chrome.storage.local.set({ignored: {}})`)
		got := eventually(t, tab, func(g []string) bool { return !slices.Contains(g, "inline|denial|DeniesReport") })
		if slices.Contains(got, "inline|denial|DeniesReport") || slices.Contains(got, "inline|denial|deniedreports") {
			t.Errorf("the ignored rule's hints are still shown: %v", got)
		}
		ignored := extEval[string](b, `chrome.storage.local.get('ignored').then(s => JSON.stringify(s.ignored))`)
		if !strings.Contains(ignored, `"127.0.0.1":["denial/denied-claim"]`) {
			t.Errorf("storage ignored = %s", ignored)
		}
	})

	t.Run("options page lists the packs and checks an edit", func(t *testing.T) {
		n := extEval[int](b, `new Promise(r => setTimeout(() => r(document.querySelectorAll('table.packs tbody tr').length), 300))`)
		if n < 3 {
			t.Errorf("options page lists %d packs: %s", n, extEval[string](b, `document.body.innerText.slice(0, 500)`))
		}
		msg := extEval[string](b, `(async () => {
			[...document.querySelectorAll('button')].find(b => b.textContent === 'New pack').click();
			const ed = globalThis.sourcelightEditor; // the CodeMirror editor (options.js)
			const at = ed.text().indexOf('"version": "1.0.0"');
			ed.type(at, at + '"version": "1.0.0"'.length, '"version": "one"');
			await new Promise(r => setTimeout(r, 800));
			return document.getElementById('pack-status').textContent;
		})()`)
		if !strings.Contains(msg, "version") || !strings.Contains(msg, "1 problem") {
			t.Errorf("status after a bad edit: %q", msg)
		}
	})

	t.Run("popup: counts, switches, and a hint list that jumps", func(t *testing.T) {
		_, id := b.open(srv + "/example?popup")
		b.painted(id)
		pop, _ := chromedp.NewContext(b.ctx)
		defer chromedp.Cancel(pop)
		url := fmt.Sprintf("chrome-extension://%s/extension/popup/popup.html?tab=%d", b.extID, id)
		if err := chromedp.Do(pop, chromedp.Navigate(url)); err != nil {
			t.Fatal(err)
		}
		var got struct {
			Total    string   `json:"total"`
			Switches []string `json:"switches"`
			Hints    int      `json:"hints"`
			Footer   string   `json:"footer"`
		}
		for i := 0; i < 60 && got.Hints == 0; i++ {
			got, _ = chromedp.Run(pop, chromedp.Evaluate[struct {
				Total    string   `json:"total"`
				Switches []string `json:"switches"`
				Hints    int      `json:"hints"`
				Footer   string   `json:"footer"`
			}](`({total: document.querySelector('.total')?.textContent ?? '', switches: [...document.querySelectorAll('.switch')].map(s => s.textContent),
				hints: document.querySelectorAll('button.hint').length, footer: document.querySelector('footer')?.textContent ?? ''})`))
			time.Sleep(50 * time.Millisecond)
		}
		all, _ := expected(example)
		if want := len(all); got.Total != fmt.Sprintf("%d hints on this page", want) || got.Hints != want || len(got.Switches) != 3 {
			t.Errorf("popup shows %+v", got)
		}
		if !regexp.MustCompile(`^The engine ran in this page; hints appeared \d+ ms after the page started loading\. Its memory here: \d+\.\d MB\.$`).MatchString(got.Footer) {
			t.Errorf("popup footer = %q, want where the engine ran, when hints appeared and its memory", got.Footer)
		}
		if _, err := chromedp.Run(pop, chromedp.Evaluate[any](`[...document.querySelectorAll('button.hint')].find(b => b.textContent === 'reportedly').click()`)); err != nil {
			t.Fatal(err)
		}
		card := ""
		for i := 0; i < 60 && card == ""; i++ {
			card = b.card(id).Text
			time.Sleep(50 * time.Millisecond)
		}
		if !strings.Contains(card, "reportedly") {
			t.Errorf("after a click on “reportedly” in the popup, the page's card reads %q", card)
		}
	})

	t.Run("without the Highlight API: boxes drawn apart from the page", func(t *testing.T) {
		b.setting(t, "renderer", "overlay", "auto")
		tab, id := b.open(srv + "/example?overlay")
		b.painted(id)
		var got struct {
			Highlights int `json:"highlights"`
			Boxes      int `json:"boxes"`
		}
		got, err := chromedp.Run(tab, chromedp.Evaluate[struct {
			Highlights int `json:"highlights"`
			Boxes      int `json:"boxes"`
		}](`({highlights: [...CSS.highlights.keys()].filter(k => k.startsWith('sourcelight-')).length, boxes: 0})`))
		got.Boxes = extEval[int](b, fmt.Sprintf(`chrome.tabs.sendMessage(%d, {type: 'state'}, {frameId: 0}).then((s) => s.boxes)`, id))
		if err != nil || got.Highlights != 0 || got.Boxes < 9 {
			t.Errorf("overlay mode: %+v (%v); want no highlights and a box per inline hint at least", got, err)
		}
	})

	t.Run("same-origin frames and open shadow roots", func(t *testing.T) {
		tab, id := b.open(srv + "/frames")
		b.painted(id)
		var shadow []string
		for i := 0; i < 60; i++ {
			shadow, _ = chromedp.Run(tab, chromedp.Evaluate[[]string](`[...(CSS.highlights.get('sourcelight-anonymous-source') || [])].map(r => r.toString())`))
			if len(shadow) > 0 {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if !slices.Contains(shadow, "allegedly") {
			t.Errorf("shadow root hint: %v", shadow)
		}
		styled, _ := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelector('story-card').shadowRoot.adoptedStyleSheets.length`))
		if styled == 0 {
			t.Error("no highlight styles adopted in the shadow root")
		}
		var frame []string
		for i := 0; i < 60; i++ {
			frame, _ = chromedp.Run(tab, chromedp.Evaluate[[]string](`(() => { const w = document.querySelector('iframe').contentWindow;
				return [...(w.CSS.highlights.get('sourcelight-denial') || [])].map(r => r.toString()); })()`))
			if len(frame) > 0 {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if !slices.Contains(frame, "denied reports") {
			t.Errorf("frame hint: %v", frame)
		}
		badge := ""
		for i := 0; i < 40 && badge != "2"; i++ {
			badge = extEval[string](b, fmt.Sprintf(`chrome.action.getBadgeText({tabId: %d})`, id))
			time.Sleep(50 * time.Millisecond)
		}
		if badge != "2" {
			t.Errorf("badge = %q, want 2 (one hint in the frame, one in the shadow root)", badge)
		}
	})

	t.Run("content added later is highlighted", func(t *testing.T) {
		tab, id := b.open(srv + "/dynamic")
		b.painted(id)
		var got []string
		for i := 0; i < 60; i++ {
			got = lines(seen(t, tab))
			if slices.Contains(got, "inline|anonymous-source|reportedly") {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		for _, w := range []string{"inline|anonymous-source|reportedly", "inline|anonymous-source|Twoseniorofficialssaid"} {
			if !slices.Contains(got, w) {
				t.Errorf("late paragraph: missing %s in %v", w, got)
			}
		}
	})
}

func d(a, b []string) bool { return diff(a, b) != "" }

// cardState is what the content script says its card shows (our shadow
// root is closed: neither the page nor a test can look in).
type cardState struct {
	Text  string `json:"text"`
	Focus string `json:"focus"`
}

func (b *browser) card(tabID int) cardState {
	raw := extEval[string](b, fmt.Sprintf(`chrome.tabs.sendMessage(%d, {type: 'state'}, {frameId: 0}).then((s) => JSON.stringify(s?.card ?? {}), () => '{}')`, tabID))
	var c cardState
	json.Unmarshal([]byte(raw), &c)
	return c
}

// sameAsCLI checks that the page shows exactly what the CLI reports for the
// page's file, and returns that.
func sameAsCLI(t testing.TB, tab context.Context, file string) []string {
	t.Helper()
	want, err := expected(file)
	if err != nil {
		t.Fatal(err)
	}
	if d := diff(want, lines(seen(t, tab))); d != "" {
		t.Errorf("the page shows other hints than sourcelight scan reports for %s:%s", file, d)
	}
	return want
}

// setting stores one setting (a JSON string value) for the rest of a subtest.
func (b *browser) setting(t testing.TB, key, value, restore string) {
	set := func(v string) { extEval[any](b, fmt.Sprintf(`chrome.storage.local.set({%q: %q})`, key, v)) }
	set(value)
	t.Cleanup(func() { set(restore) })
}

// myPack is a reader's own pack, as the options page stores it.
const myPack = `{"id": "harbour", "name": "Harbour words", "version": "1.0.0", "category": "denial",
  "colour": "#cc0000", "description": "Test pack.", "rules": [{"id": "bridge", "type": "phrase",
  "phrases": ["harbor bridge repairs"], "explanation": "Added while the tab was open.",
  "examples": {"match": ["The harbor bridge repairs ran late."], "no_match": ["The bridge."]}}]}`

// eventually reads what the page shows until ok or 5 s have passed.
func eventually(t testing.TB, tab context.Context, ok func([]string) bool) []string {
	var got []string
	for i := 0; i < 100; i++ {
		if got = lines(seen(t, tab)); ok(got) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	return got
}

func shoot(t testing.TB, tab context.Context, name string) {
	png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot: %v", err)
		return
	}
	dir := filepath.Join(repoRoot, "build", "e2e")
	os.MkdirAll(dir, 0o755)
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Log(err)
	}
	t.Logf("screenshot: build/e2e/%s", name)
}

// TestChromiumTimings measures navigation start to highlights on screen
// (median of 10 loads): the content script's engine on the seed page, the
// background's on a strict-CSP page, warm and after the service worker was
// stopped. It reports; it asserts nothing about speed.
func TestChromiumTimings(t *testing.T) {
	if os.Getenv("SOURCELIGHT_TIMINGS") == "" {
		t.Skip("set SOURCELIGHT_TIMINGS=1 to measure")
	}
	srv := serve(t)
	b := startChromium(t)
	page := "/example"
	if hasSeed() {
		page = "/seed"
	}
	measure := func(path string, n int, before func()) {
		var ms []float64
		where := ""
		for i := 0; i < n; i++ {
			if before != nil {
				before()
			}
			tab, id := b.open(fmt.Sprintf("%s%s?t%d", srv, path, i))
			st := b.painted(id)
			ms = append(ms, st.Timings["painted"])
			where = st.Path
			if i == 0 {
				t.Logf("%s first load: %v", path, st.Timings)
			}
			chromedp.Cancel(tab)
		}
		sort.Float64s(ms)
		t.Logf("timing chromium %s: median %.0f ms from navigation to highlights (engine in %s; sorted runs %v)", path, ms[len(ms)/2], where, round(ms))
	}
	measure(page, 10, nil)
	measure("/strict", 10, nil)
	extEval[any](b, `chrome.storage.local.set({engine: 'page'})`)
	measure(page+"-page-engine", 10, nil)
	extEval[any](b, `chrome.storage.local.set({engine: 'background'})`)
	// cold: stop the service worker before each load
	measure("/strict-cold", 5, func() {
		worker := func() []*target.Info {
			var out []*target.Info
			infos, _ := chromedp.Targets(b.ctx)
			for _, ti := range infos {
				if ti.Type == "service_worker" && strings.Contains(ti.URL, b.extID) {
					out = append(out, ti)
				}
			}
			return out
		}
		for _, ti := range worker() {
			chromedp.CallBrowser(b.ctx, target.CloseTarget, target.CloseTargetParams{TargetID: ti.TargetID})
		}
		// a cold start only if the worker is gone: say so when it is not
		for i := 0; i < 60 && len(worker()) > 0; i++ {
			time.Sleep(50 * time.Millisecond)
		}
		if len(worker()) > 0 {
			t.Errorf("the service worker did not stop: this run is not a cold start")
		}
	})
}

func round(ms []float64) []int {
	out := make([]int, len(ms))
	for i, m := range ms {
		out[i] = int(m + 0.5)
	}
	return out
}
