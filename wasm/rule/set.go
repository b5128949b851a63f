package rule

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/sourcelight/sourcelight/wasm/packhead"
)

// File is a rule file's name and bytes.
type File struct {
	Name string
	Data []byte
}

// LoadAll loads packs from files. A file with problems is left out and its
// problems returned; the good packs load regardless. A pack whose id an
// earlier file already used is refused, so that which pack wins is never
// a matter of file order.
func LoadAll(files []File) ([]*Pack, Problems) {
	var packs []*Pack
	var all Problems
	byID := map[string]string{}
	for _, f := range files {
		p, probs := Load(f.Name, f.Data)
		if probs != nil {
			all = append(all, probs...)
			continue
		}
		if prev, dup := byID[p.ID]; dup {
			all = append(all, Problem{File: f.Name, Path: "id", Msg: fmt.Sprintf("pack id %q is already used by %s", p.ID, prev)})
			continue
		}
		byID[p.ID] = f.Name
		packs = append(packs, p)
	}
	return packs, all
}

// IsPackFile tells rule packs from other JSON in a rules folder (the schema).
func IsPackFile(name string) bool { return packhead.IsPackFile(name) }

// ReadFS reads the pack files at the top of fsys, in name order.
func ReadFS(fsys fs.FS) ([]File, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var files []File
	for _, e := range entries {
		if e.IsDir() || !IsPackFile(e.Name()) {
			continue
		}
		data, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: e.Name(), Data: data})
	}
	return files, nil
}

// ReadPaths reads pack files from paths: a file, or a folder whose pack
// files are read in name order.
func ReadPaths(paths []string) ([]File, error) {
	var files []File
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			data, err := os.ReadFile(p)
			if err != nil {
				return nil, err
			}
			files = append(files, File{Name: p, Data: data})
			continue
		}
		names, err := filepath.Glob(filepath.Join(p, "*.json"))
		if err != nil {
			return nil, err
		}
		sort.Strings(names)
		for _, n := range names {
			if !IsPackFile(n) {
				continue
			}
			data, err := os.ReadFile(n)
			if err != nil {
				return nil, err
			}
			files = append(files, File{Name: n, Data: data})
		}
	}
	return files, nil
}
