//go:build e2e

package e2e

import (
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
)

// Pages served to the browsers on 127.0.0.1. The project's own example is
// always there; the seed article when ../shared is present.
const (
	example = "../testdata/example-article.html"
	seed    = "../../../shared/fixtures/seed-article.html"
)

var dynamicPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Live blog</title></head>
<body><main id="feed"><h1>Live: harbour vote</h1><p>The council met at noon.</p></main>
<script>
setTimeout(() => {
  const p = document.createElement('p');
  p.id = 'late';
  p.textContent = 'Two senior officials said the vote was delayed, and the mayor reportedly left early.';
  document.getElementById('feed').append(p);
}, 700);
</script></body></html>`

// framesPage holds hints in a same-origin frame and in an open shadow root.
var framesPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Frames</title></head>
<body><h1>Roundup</h1><p>Opening paragraph with nothing to flag.</p>
<iframe src="/frame" width="600" height="200"></iframe>
<story-card></story-card>
<script>
customElements.define('story-card', class extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({mode: 'open'}).innerHTML = '<p>The minister allegedly met the envoy in May.</p>';
  }
});
</script></body></html>`

var framePage = `<!doctype html><html lang="en"><head><meta charset="utf-8"></head>
<body><p>The ministry denied reports that the deal was signed.</p></body></html>`

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
		"/seed":         read(seed),
		"/dynamic":      []byte(dynamicPage),
		"/frames":       []byte(framesPage),
		"/frame":        []byte(framePage),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		body := pages[r.URL.Path]
		for _, prefix := range []string{"/example", "/seed"} {
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
