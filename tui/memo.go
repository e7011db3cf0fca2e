package tui

import "sync"

// memo keeps the results of a pure function for every console in
// the process: a desk change redraws every console, and most of what each
// draws — the same rows, cut to the same widths, in the same styles — was
// drawn a moment before, by itself or by another console.
//
// It holds two generations of at most limit results each: when the newer
// is full the older is dropped, and a result found in the older is carried
// into the newer. What is still drawn stays; what is no longer drawn goes
// within two generations; and the memory is bounded.
type memo[K comparable, V any] struct {
	limit int

	mu       sync.RWMutex
	new, old map[K]V
}

func newMemo[K comparable, V any](limit int) *memo[K, V] {
	return &memo[K, V]{limit: limit, new: make(map[K]V), old: make(map[K]V)}
}

// get is the result for k, made with make the first time.
func (c *memo[K, V]) get(k K, make func() V) V {
	c.mu.RLock()
	v, ok := c.new[k]
	c.mu.RUnlock()
	if ok {
		return v
	}
	c.mu.RLock()
	v, ok = c.old[k]
	c.mu.RUnlock()
	if !ok {
		v = make()
	}
	c.mu.Lock()
	if len(c.new) >= c.limit {
		c.old, c.new = c.new, c.old
		clear(c.new)
	}
	c.new[k] = v
	c.mu.Unlock()
	return v
}

// forget drops every result.
func (c *memo[K, V]) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.new)
	clear(c.old)
}
