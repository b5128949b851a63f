package worker

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// memStore is Workers KV in memory, with KV's metadata limit; err, when
// set, makes every call fail as a KV outage would.
type memStore struct {
	mu   sync.Mutex
	vals map[string][]byte
	meta map[string][]byte
	err  error
}

func newMemStore() *memStore {
	return &memStore{vals: map[string][]byte{}, meta: map[string][]byte{}}
}

func (s *memStore) Get(_ context.Context, key string) ([]byte, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return nil, false, s.err
	}
	v, ok := s.vals[key]
	return bytes.Clone(v), ok, nil
}

func (s *memStore) Put(_ context.Context, key string, value, meta []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	if len(meta) > MaxMeta {
		return fmt.Errorf("metadata of %d bytes is past KV's limit of %d", len(meta), MaxMeta)
	}
	s.vals[key], s.meta[key] = bytes.Clone(value), bytes.Clone(meta)
	return nil
}

func (s *memStore) Delete(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	delete(s.vals, key)
	delete(s.meta, key)
	return nil
}

func (s *memStore) List(_ context.Context, prefix string) ([]Listed, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return nil, s.err
	}
	var out []Listed
	for k := range s.vals {
		if strings.HasPrefix(k, prefix) {
			out = append(out, Listed{Key: k, Meta: s.meta[k]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}
