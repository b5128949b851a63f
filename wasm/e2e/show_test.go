//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestShowExample is scripts/run-example: it opens the project's example
// article in Chromium with the extension loaded, prints the hints the page
// shows, and saves a screenshot. With a display it stays open until the
// window is closed.
func TestShowExample(t *testing.T) {
	if os.Getenv("SOURCELIGHT_SHOW") == "" {
		t.Skip("scripts/run-example sets SOURCELIGHT_SHOW=1")
	}
	headed := os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != ""
	srv := serve(t)
	b := startChromiumOpts(t, headed)
	tab, id := b.open(srv + "/example")
	st := b.painted(id)
	s := seen(t, tab)
	fmt.Printf("\nSourcelight on the example article (%s), engine in the %s, hints %.0f ms after navigation:\n", srv+"/example", st.Path, st.Timings["painted"])
	for name, texts := range s.Highlights {
		for _, text := range texts {
			fmt.Printf("  %-30s %s\n", name, collapseSpaces(text))
		}
	}
	for _, bl := range s.Blocks {
		fmt.Printf("  %-30s [block] %s\n", "data-sourcelight="+bl.Kind, clip(collapseSpaces(bl.Text), 90))
	}
	png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
	if err == nil {
		out := filepath.Join(repoRoot, "build", "example.png")
		os.MkdirAll(filepath.Dir(out), 0o755)
		os.WriteFile(out, png, 0o644)
		fmt.Printf("screenshot: %s\n", out)
	}
	if headed {
		fmt.Println("The browser stays open: close its window to finish.")
		for {
			if _, err := chromedp.Targets(b.ctx); err != nil {
				return
			}
			time.Sleep(500 * time.Millisecond)
		}
	}
}

func collapseSpaces(s string) string {
	out := []rune{}
	space := false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' {
			space = len(out) > 0
			continue
		}
		if space {
			out = append(out, ' ')
			space = false
		}
		out = append(out, r)
	}
	return string(out)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
