package worker

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/sourcelight/sourcelight/wasm/match"
	"github.com/sourcelight/sourcelight/wasm/rule"
)

// What an anonymous check (one without the worker's bearer token) may make
// the worker compile from KV. Compiling is most of a check's cost (the
// three built-in packs, 57 KiB, take about 120 ms of CPU), and a check
// naming 16 stored packs of up to 256 KiB each would cost seconds: anyone
// on the web could spend the account's CPU that way. Built-in packs are
// always allowed (their cost is known and the default check needs them);
// a check with the token may name up to maxCheckPacks packs of any size.
const (
	MaxAnonTeamPacks = 2
	MaxAnonTeamBytes = 64 << 10
)

// compileCache keeps what checks compiled for as long as the handler
// lives: validated packs by the SHA-256 of their bytes (their ETag), and
// matchers by the SHA-256s of their packs in order. A pack replaced by a
// PUT has another digest, so nothing stale is ever served; entries past
// the bounds are dropped least recently used first.
//
// On Workers v0.30.2's shim the handler lives for one request (a fresh Go
// instance each), so there the cache only spares a check compiling a pack
// twice; a host that keeps the instance (or a future shim) gets a cache
// per isolate from the same code.
type compileCache struct {
	mu       sync.Mutex
	packs    lru[*rule.Pack]
	matchers lru[*match.Matcher]
	compiles atomic.Int64 // match.New calls: what the tests count
	loads    atomic.Int64 // rule.Load calls of packs that passed
}

const (
	maxCachedPacks    = 32
	maxCachedMatchers = 8
)

func newCompileCache() *compileCache {
	return &compileCache{packs: lru[*rule.Pack]{max: maxCachedPacks}, matchers: lru[*match.Matcher]{max: maxCachedMatchers}}
}

// pack returns the pack of raw, whose SHA-256 is sum, validating it only
// if no earlier check did.
func (c *compileCache) pack(id, sum string, raw []byte) (*rule.Pack, rule.Problems) {
	c.mu.Lock()
	p, ok := c.packs.get(sum)
	c.mu.Unlock()
	if ok {
		return p, nil
	}
	p, probs := rule.Load(id+".json", raw)
	if len(probs) > 0 {
		return nil, probs
	}
	c.loads.Add(1)
	c.mu.Lock()
	c.packs.put(sum, p)
	c.mu.Unlock()
	return p, nil
}

// matcher returns a matcher of packs (whose digests are sums, in order),
// compiling it only if no earlier check did. Matchers are safe for
// concurrent use.
func (c *compileCache) matcher(sums []string, packs []*rule.Pack) (m *match.Matcher, cached bool) {
	key := strings.Join(sums, ",")
	c.mu.Lock()
	m, ok := c.matchers.get(key)
	c.mu.Unlock()
	if ok {
		return m, true
	}
	m = match.New(packs...)
	c.compiles.Add(1)
	c.mu.Lock()
	c.matchers.put(key, m)
	c.mu.Unlock()
	return m, false
}

// lru is a small map that forgets its least recently used entry past max.
// The callers hold the cache's lock.
type lru[V any] struct {
	max   int
	order []string // least recently used first
	vals  map[string]V
}

func (l *lru[V]) get(k string) (V, bool) {
	v, ok := l.vals[k]
	if ok {
		l.touch(k)
	}
	return v, ok
}

func (l *lru[V]) put(k string, v V) {
	if l.vals == nil {
		l.vals = map[string]V{}
	}
	if _, ok := l.vals[k]; ok {
		l.vals[k] = v
		l.touch(k)
		return
	}
	if len(l.order) >= l.max {
		delete(l.vals, l.order[0])
		l.order = l.order[1:]
	}
	l.vals[k] = v
	l.order = append(l.order, k)
}

func (l *lru[V]) touch(k string) {
	for i, o := range l.order {
		if o == k {
			l.order = append(append(l.order[:i:i], l.order[i+1:]...), k)
			return
		}
	}
}
