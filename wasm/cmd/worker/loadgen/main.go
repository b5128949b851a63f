// Command loadgen sends a bounded load to a local worker and reports
// latency per kind of request; scripts/test-worker runs it. Kinds of
// request take turns:
//
//	loadgen -base http://127.0.0.1:8787 -n 3000 -c 16 \
//	  -r 'GET|/v1/packs/denial|If-None-Match: "…"' \
//	  -r 'POST|/v1/check?packs=denial|@page.html|Content-Type: text/html'
//
// A -r is METHOD|PATH followed by |@FILE for a body and |Name: value for
// headers. Any transport error or status outside 200–399 is an error, and
// errors make the exit status 1. With -cpu PID,... it also reports the CPU
// time those processes (the workerd runtime) spent per request, read from
// /proc: Linux only.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// kind is one kind of request, and what happened to its requests.
type kind struct {
	spec, method, path string
	body               []byte
	header             http.Header

	mu     sync.Mutex
	lat    []time.Duration
	codes  map[int]int
	errors int
	first  string // the first error, to show
}

type specs []string

func (s *specs) String() string     { return strings.Join(*s, " ") }
func (s *specs) Set(v string) error { *s = append(*s, v); return nil }

func main() {
	base := flag.String("base", "http://127.0.0.1:8787", "the worker's origin")
	n := flag.Int("n", 1000, "requests in all")
	c := flag.Int("c", 8, "requests in flight at once")
	cpuPIDs := flag.String("cpu", "", "pids (comma-separated) of the runtime processes whose CPU time to report per request")
	label := flag.String("label", "load", "name of the run in the report")
	var rs specs
	flag.Var(&rs, "r", "a kind of request: METHOD|PATH[|@FILE][|Name: value]... (repeat for several)")
	flag.Parse()
	if len(rs) == 0 || *n < 1 || *c < 1 {
		fmt.Fprintln(os.Stderr, "loadgen: give at least one -r, and -n and -c of at least 1")
		os.Exit(2)
	}
	var kinds []*kind
	for _, s := range rs {
		k, err := parse(s)
		if err != nil {
			fmt.Fprintf(os.Stderr, "loadgen: -r %q: %v\n", s, err)
			os.Exit(2)
		}
		kinds = append(kinds, k)
	}

	cpu0, cpuErr := cpuTime(*cpuPIDs)
	client := &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: *c, MaxConnsPerHost: *c},
		Timeout:   60 * time.Second,
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range *c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < int64(*n); i = next.Add(1) - 1 {
				k := kinds[i%int64(len(kinds))]
				k.send(client, *base)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu1, _ := cpuTime(*cpuPIDs)

	var all []time.Duration
	errs := 0
	for _, k := range kinds {
		all = append(all, k.lat...)
		errs += k.errors
		fmt.Printf("  %-60s %s\n", clip(k.spec, 60), k.summary())
	}
	slices.Sort(all)
	fmt.Printf("%s: %d requests, %d at once, %.0f req/s, p50 %s p99 %s max %s, %d errors",
		*label, *n, *c, float64(*n)/elapsed.Seconds(), pct(all, .50), pct(all, .99), pct(all, 1), errs)
	if *cpuPIDs != "" {
		if cpuErr != nil {
			fmt.Printf(", runtime CPU unknown: %v", cpuErr)
		} else {
			fmt.Printf(", runtime CPU %.1f ms/request", float64(cpu1-cpu0)/float64(*n)/1e6)
		}
	}
	fmt.Println()
	if errs > 0 {
		os.Exit(1)
	}
}

func parse(spec string) (*kind, error) {
	parts := strings.Split(spec, "|")
	if len(parts) < 2 || parts[0] == "" || !strings.HasPrefix(parts[1], "/") {
		return nil, errors.New("want METHOD|/PATH[|@FILE][|Name: value]...")
	}
	k := &kind{spec: spec, method: parts[0], path: parts[1], header: http.Header{}, codes: map[int]int{}}
	for _, p := range parts[2:] {
		if file, ok := strings.CutPrefix(p, "@"); ok {
			b, err := os.ReadFile(file)
			if err != nil {
				return nil, err
			}
			k.body = b
			continue
		}
		name, value, ok := strings.Cut(p, ":")
		if !ok {
			return nil, fmt.Errorf("%q is neither @FILE nor a header", p)
		}
		k.header.Add(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	return k, nil
}

func (k *kind) send(client *http.Client, base string) {
	req, err := http.NewRequest(k.method, base+k.path, bytes.NewReader(k.body))
	if err != nil {
		k.record(0, 0, err)
		return
	}
	req.Header = k.header.Clone()
	t0 := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		k.record(0, time.Since(t0), err)
		return
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err == nil && (resp.StatusCode < 200 || resp.StatusCode > 399) {
		err = fmt.Errorf("status %d", resp.StatusCode)
	}
	k.record(resp.StatusCode, time.Since(t0), err)
}

func (k *kind) record(code int, d time.Duration, err error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.lat = append(k.lat, d)
	if code != 0 {
		k.codes[code]++
	}
	if err != nil {
		k.errors++
		if k.first == "" {
			k.first = err.Error()
		}
	}
}

func (k *kind) summary() string {
	slices.Sort(k.lat)
	var codes []string
	for _, c := range slices.Sorted(maps.Keys(k.codes)) {
		codes = append(codes, fmt.Sprintf("%d×%d", k.codes[c], c))
	}
	s := fmt.Sprintf("n %d p50 %s p99 %s [%s]", len(k.lat), pct(k.lat, .5), pct(k.lat, .99), strings.Join(codes, " "))
	if k.errors > 0 {
		s += fmt.Sprintf(" %d errors, first: %s", k.errors, k.first)
	}
	return s
}

// pct is the q-quantile of sorted latencies, by the nearest-rank method.
func pct(sorted []time.Duration, q float64) string {
	if len(sorted) == 0 {
		return "-"
	}
	i := max(int(q*float64(len(sorted))+0.5)-1, 0)
	return fmt.Sprintf("%.1fms", float64(sorted[min(i, len(sorted)-1)].Microseconds())/1000)
}

// cpuTime is the CPU time of every thread of some processes, in
// nanoseconds, from /proc/PID/task/*/schedstat. Threads that ended in
// between are not counted, which the runtime's long-lived threads make no
// matter.
func cpuTime(pids string) (int64, error) {
	if pids == "" {
		return 0, nil
	}
	var stats []string
	for _, pid := range strings.Split(pids, ",") {
		s, _ := filepath.Glob("/proc/" + strings.TrimSpace(pid) + "/task/*/schedstat")
		if len(s) == 0 {
			return 0, fmt.Errorf("no process %s in /proc", pid)
		}
		stats = append(stats, s...)
	}
	var total int64
	for _, f := range stats {
		b, err := os.ReadFile(f)
		if err != nil {
			continue // the thread ended
		}
		ns, err := strconv.ParseInt(strings.Fields(string(b))[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%s: %v", f, err)
		}
		total += ns
	}
	return total, nil
}

func clip(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
