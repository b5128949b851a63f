package htmlparse

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// The copy builds the same tree as upstream on every input upstream
// accepts: html5lib's tree-construction tests (shipped in the x/net
// module), the project's own pages and, when present, the corpus beside
// the project. Only pages upstream refuses (deeper than 512) may differ.
func TestSameTreeAsUpstream(t *testing.T) {
	var inputs []string
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "golang.org/x/net").Output()
	if err != nil {
		t.Fatalf("go list golang.org/x/net: %v", err)
	}
	dats, _ := filepath.Glob(filepath.Join(strings.TrimSpace(string(out)), "html/testdata/html5lib-tests/tree-construction/*.dat"))
	for _, f := range dats {
		inputs = append(inputs, datInputs(t, f)...)
	}
	if len(dats) == 0 || len(inputs) < 1000 {
		t.Fatalf("found %d html5lib files, %d inputs: the x/net module's testdata is missing", len(dats), len(inputs))
	}
	pages := 0
	for _, dir := range []string{"../../../testdata", "../../../../../shared/corpus"} {
		filepath.WalkDir(dir, func(f string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(f, ".html") {
				return nil
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			inputs = append(inputs, string(b))
			pages++
			return nil
		})
	}
	compared := 0
	for i, in := range inputs {
		want, err := html.Parse(strings.NewReader(in))
		if err != nil {
			continue // upstream refuses it: deeper than 512
		}
		got, err := Parse(strings.NewReader(in))
		if err != nil {
			t.Fatalf("input %d: %v", i, err)
		}
		if d := sameTree(want, got, ""); d != "" {
			t.Errorf("input %d (%.80q): %s", i, in, d)
		}
		compared++
	}
	t.Logf("%d inputs (%d pages) parsed to the same tree as upstream", compared, pages)
}

// datInputs reads the #data sections of an html5lib .dat file (documents
// only: fragment cases carry #document-fragment and are left out).
func datInputs(t *testing.T, file string) []string {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	var cur []string
	in, fragment := false, false
	flush := func() {
		if cur != nil && !fragment {
			out = append(out, strings.Join(cur, "\n"))
		}
		cur, fragment = nil, false
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "#data":
			flush()
			in, cur = true, []string{}
		case strings.HasPrefix(line, "#document-fragment"):
			fragment = true
			in = false
		case strings.HasPrefix(line, "#") && in && (line == "#errors" || line == "#new-errors" || strings.HasPrefix(line, "#script")):
			in = false
		case in:
			cur = append(cur, line)
		}
	}
	flush()
	return out
}

func sameTree(a *html.Node, b *Node, path string) string {
	if uint32(a.Type) != uint32(b.Type) || a.Data != b.Data || a.Namespace != b.Namespace || fmt.Sprint(a.Attr) != fmt.Sprint(b.Attr) {
		return fmt.Sprintf("at %s: upstream %d %q, copy %d %q", path, a.Type, a.Data, b.Type, b.Data)
	}
	ac, bc := a.FirstChild, b.FirstChild
	for i := 0; ac != nil || bc != nil; i++ {
		if ac == nil || bc == nil {
			return fmt.Sprintf("at %s/%s: child %d is missing on one side", path, a.Data, i)
		}
		if d := sameTree(ac, bc, path+"/"+a.Data); d != "" {
			return d
		}
		ac, bc = ac.NextSibling, bc.NextSibling
	}
	return ""
}
