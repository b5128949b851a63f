package worker

import (
	"context"
	"strings"
)

// Store is a key-value namespace with a little metadata per key: what the
// worker needs of Workers KV. Values are bytes, kept exactly.
type Store interface {
	// Get returns a key's value; found is false for a missing key.
	Get(ctx context.Context, key string) (value []byte, found bool, err error)
	// Put stores a value with its metadata (a JSON object, at most
	// MaxMeta bytes), replacing what the key held.
	Put(ctx context.Context, key string, value, meta []byte) error
	// Delete removes a key; a missing key is no error.
	Delete(ctx context.Context, key string) error
	// List returns every key with the prefix, in key order, each with the
	// metadata it was stored with.
	List(ctx context.Context, prefix string) ([]Listed, error)
}

// Listed is one key of a List.
type Listed struct {
	Key  string
	Meta []byte
}

// MaxMeta is Workers KV's limit on a key's metadata, serialized.
const MaxMeta = 1024

// packPrefix keeps team packs apart from anything else a namespace holds.
const packPrefix = "pack/"

func packKey(id string) string { return packPrefix + id }

func idOfKey(key string) string { return strings.TrimPrefix(key, packPrefix) }
