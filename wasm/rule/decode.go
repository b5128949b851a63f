package rule

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tidwall/gjson"
)

// object reads one JSON object with gjson, recording each key it is asked
// for so that anything else (a typo such as "phrase" for "phrases") is
// reported instead of silently ignored.
type object struct {
	v    gjson.Result
	path string
	p    *problems
	used map[string]bool
}

func newObject(v gjson.Result, path string, p *problems) *object {
	o := &object{v: v, path: path, p: p, used: map[string]bool{}}
	if !v.IsObject() {
		p.add(path, "must be a JSON object, not %s", kind(v))
		o.v = gjson.Result{}
		return o
	}
	seen := map[string]bool{}
	v.ForEach(func(k, _ gjson.Result) bool {
		if seen[k.String()] {
			p.add(join(path, k.String()), "appears twice in the same object")
		}
		seen[k.String()] = true
		return true
	})
	return o
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

func kind(v gjson.Result) string {
	switch {
	case !v.Exists():
		return "missing"
	case v.IsObject():
		return "an object"
	case v.IsArray():
		return "an array"
	case v.Type == gjson.String:
		return "a string"
	case v.Type == gjson.Number:
		return "a number"
	case v.Type == gjson.True || v.Type == gjson.False:
		return "true/false"
	case v.Type == gjson.Null:
		return "null"
	}
	return "something else"
}

// get returns the value at key; gjson paths treat '.', '*' and '?' as
// syntax, so keys are looked up by iterating instead.
func (o *object) get(key string) gjson.Result {
	o.used[key] = true
	var out gjson.Result
	o.v.ForEach(func(k, v gjson.Result) bool {
		if k.String() == key {
			out = v
			return false
		}
		return true
	})
	return out
}

func (o *object) str(key string, required bool) string {
	v := o.get(key)
	if !v.Exists() {
		if required {
			o.p.add(join(o.path, key), "is required")
		}
		return ""
	}
	if v.Type != gjson.String {
		o.p.add(join(o.path, key), "must be a string, not %s", kind(v))
		return ""
	}
	s := strings.TrimSpace(v.String())
	if s == "" && required {
		o.p.add(join(o.path, key), "must not be empty")
	}
	return s
}

func (o *object) strs(key string, required bool) []string {
	v := o.get(key)
	path := join(o.path, key)
	if !v.Exists() {
		if required {
			o.p.add(path, "is required")
		}
		return nil
	}
	if !v.IsArray() {
		o.p.add(path, "must be an array of strings, not %s", kind(v))
		return nil
	}
	var out []string
	for i, e := range v.Array() {
		if e.Type != gjson.String {
			o.p.add(index(path, i), "must be a string, not %s", kind(e))
			continue
		}
		out = append(out, e.String())
	}
	if required && len(v.Array()) == 0 {
		o.p.add(path, "must not be empty")
	}
	return out
}

func (o *object) int(key string, def, min, max int) int {
	v := o.get(key)
	if !v.Exists() {
		return def
	}
	path := join(o.path, key)
	if v.Type != gjson.Number || v.Num != float64(int(v.Num)) {
		o.p.add(path, "must be a whole number, not %s", kind(v))
		return def
	}
	n := int(v.Num)
	if n < min || n > max {
		o.p.add(path, "must be between %d and %d, not %d", min, max, n)
		return def
	}
	return n
}

// done reports keys that were never asked for.
func (o *object) done() {
	var extra []string
	o.v.ForEach(func(k, _ gjson.Result) bool {
		key := k.String()
		if !o.used[key] && !strings.HasPrefix(key, "$") && !strings.HasPrefix(key, "//") {
			extra = append(extra, key)
		}
		return true
	})
	sort.Strings(extra)
	known := make([]string, 0, len(o.used))
	for k := range o.used {
		known = append(known, k)
	}
	sort.Strings(known)
	for _, k := range extra {
		o.p.add(join(o.path, k), "is not a known field here (known: %s)", strings.Join(known, ", "))
	}
}
