package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// Why a console ended; stored as the reason of its session.closed event.
const (
	endQuit     = "quit"
	endIdle     = "idle"
	endShutdown = "shutdown"
)

// errShuttingDown refuses new consoles once the server is stopping.
var errShuttingDown = errors.New("the desk is shutting down; try again in a minute")

// console is one person's SSH session while it is open.
type console struct {
	person, name, fingerprint, remote string

	lastInput atomic.Int64 // unix nanoseconds of the last key pressed

	mu      sync.Mutex
	program *tea.Program
	reason  string // set when the server ends the console
}

// touch notes that the person did something.
func (c *console) touch() { c.lastInput.Store(time.Now().UnixNano()) }

// idleFor is how long since the person last pressed a key.
func (c *console) idleFor() time.Duration {
	return time.Since(time.Unix(0, c.lastInput.Load()))
}

// attach gives the console its running program; if the console was ended
// meanwhile, the program is told to quit at once.
func (c *console) attach(p *tea.Program) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.program = p
	if c.reason != "" {
		go p.Quit()
	}
}

// end asks the console to close for reason (the first reason wins).
func (c *console) end(reason string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reason != "" {
		return
	}
	c.reason = reason
	if c.program != nil {
		// Quit waits for the program's event loop; never block the caller.
		go c.program.Quit()
	}
}

// ended says why the server ended the console, or endQuit if it did not.
func (c *console) ended() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reason == "" {
		return endQuit
	}
	return c.reason
}

// farewell is the line the person reads after the console closes.
func (c *console) farewell(idle time.Duration) string {
	switch c.ended() {
	case endIdle:
		return fmt.Sprintf("dutydesk: logged out after %s without a key pressed; your work is saved — log in again to carry on.", idle)
	case endShutdown:
		return "dutydesk: the desk is shutting down; your work is saved — log in again when it is back."
	}
	return ""
}

// watchIdle ends the console after idle without a key pressed, until ctx ends.
func (c *console) watchIdle(ctx context.Context, idle time.Duration) {
	if idle <= 0 {
		return
	}
	every := min(max(idle/10, 50*time.Millisecond), 30*time.Second)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if c.idleFor() >= idle {
				c.end(endIdle)
				return
			}
		}
	}
}

// activityReader is the console's input: every key read counts as activity.
type activityReader struct {
	r io.Reader
	c *console
}

func (a activityReader) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	if n > 0 {
		a.c.touch()
	}
	return n, err
}

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
