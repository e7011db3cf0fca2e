package sshd

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// errShuttingDown refuses new consoles once the server is stopping.
var errShuttingDown = errors.New("the desk is shutting down; try again in a minute")

// sessions is every open console, with the caps on how many may be open.
type sessions struct {
	max, perPerson int

	mu       sync.Mutex
	open     map[*console]bool
	byPerson map[string]int
	closing  bool
	done     sync.WaitGroup
}

func newSessions(max, perPerson int) *sessions {
	return &sessions{max: max, perPerson: perPerson, open: map[*console]bool{}, byPerson: map[string]int{}}
}

// add admits a console, or says which cap refuses it.
func (r *sessions) add(c *console) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.closing:
		return errShuttingDown
	case len(r.open) >= r.max:
		return fmt.Errorf("the desk already has %d consoles open, the most allowed (serve.max_sessions); try again when someone logs out", len(r.open))
	case r.byPerson[c.person] >= r.perPerson:
		return fmt.Errorf("%s already has %d consoles open, the most allowed (serve.max_sessions_per_person); close one and try again", c.name, r.byPerson[c.person])
	}
	r.open[c] = true
	r.byPerson[c.person]++
	r.done.Add(1)
	return nil
}

// remove forgets a closed console.
func (r *sessions) remove(c *console) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.open[c] {
		return
	}
	delete(r.open, c)
	if r.byPerson[c.person]--; r.byPerson[c.person] <= 0 {
		delete(r.byPerson, c.person)
	}
	r.done.Done()
}

// count is how many consoles are open.
func (r *sessions) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.open)
}

// shutdown refuses new consoles, ends every open one and waits until they
// have closed (and stored their logout), or ctx ends.
func (r *sessions) shutdown(ctx context.Context) error {
	r.mu.Lock()
	r.closing = true
	for c := range r.open {
		c.end(endShutdown)
	}
	r.mu.Unlock()
	done := make(chan struct{})
	go func() {
		r.done.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%d consoles did not close in time: %w", r.count(), ctx.Err())
	}
}

// list is every open console.
func (r *sessions) list() []*console {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*console, 0, len(r.open))
	for c := range r.open {
		out = append(out, c)
	}
	return out
}
