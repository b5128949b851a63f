//go:build e2e

package e2e

import (
	"bytes"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// Pages served to the browsers on 127.0.0.1. The project's own example is
// always there; the seed article when ../shared is present.
const (
	example = "../testdata/example-article.html"
	seed    = "../../../shared/fixtures/seed-article.html"
)

func serve(t testing.TB) string {
	read := func(p string) []byte {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		return b
	}
	pages := map[string][]byte{
		"/example":      read(example),
		"/example-copy": read(example),
		"/slow":         read(example), // sent slowly: see below
		"/seed":         read(seed),
		// a paragraph added by script after load; hints in a frame and a shadow root
		"/dynamic": read("../testdata/e2e/dynamic.html"),
		"/frames":  read("../testdata/e2e/frames.html"),
		"/frame":   read("../testdata/e2e/frame.html"),
		// issue #11: eight framed hints, a removed paragraph, an attribute only new rules select
		"/frames8": read("../testdata/e2e/frames8.html"),
		"/remove":  read("../testdata/e2e/remove.html"),
		"/attrs":   read("../testdata/e2e/attrs.html"),
		"/big":     bigPage(),
		"/long":    repeated(300),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		body := pages[r.URL.Path]
		for _, prefix := range []string{"/example", "/seed", "/slow"} {
			if body == nil && strings.HasPrefix(r.URL.Path, prefix) {
				body = pages[prefix]
			}
		}
		if strings.HasPrefix(r.URL.Path, "/strict") {
			body = pages["/example"]
			// the CSP that makes Chromium refuse WebAssembly in content scripts
			w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'self'")
		}
		if body == nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if strings.HasPrefix(r.URL.Path, "/slow") {
			// the example up to its <body> tag, the rest a second later, as a
			// network delivers it: the engine is ready before the page is
			end := bytes.Index(body, []byte("<body"))
			end += bytes.IndexByte(body[end:], '>') + 1
			w.Write(body[:end])
			w.(http.Flusher).Flush()
			time.Sleep(time.Second)
			body = body[end:]
		}
		w.Write(body)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

func hasSeed() bool {
	_, err := os.Stat(seed)
	return err == nil
}

// bigPage is the example article's body 60 times over: its snapshot is past
// the engine's 64 KB slice, so it is scanned in slices (issue #11: two
// sliced scans at once shared one session).
func bigPage() []byte { return repeated(60) }

// repeated is the example article with its body n times over.
func repeated(n int) []byte {
	b, err := os.ReadFile(example)
	if err != nil {
		return nil
	}
	s := string(b)
	i, j := strings.Index(s, "<body>"), strings.Index(s, "</body>")
	if i < 0 || j < i {
		return nil
	}
	body := s[i+len("<body>") : j]
	return []byte(s[:j] + strings.Repeat(body, n-1) + s[j:])
}
