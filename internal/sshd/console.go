package sshd

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// Why a console ended; stored as the reason of its session.closed event.
const (
	endQuit     = "quit"
	endIdle     = "idle"
	endShutdown = "shutdown"
	endDropped  = "dropped" // the connection went before the person quit
	endRevoked  = "revoked" // a roster reload took the console's key away
)

// console is one person's SSH session while it is open.
type console struct {
	person, name, fingerprint, remote string
	key                               string // marshalled public key it logged in with

	lastInput atomic.Int64 // unix nanoseconds of the last key pressed

	mu     sync.Mutex
	quit   func() // ends the running console: its program's Quit, or the plain console's cancel
	reason string // set when the server ends the console
}

// touch notes that the person did something.
func (c *console) touch() { c.lastInput.Store(time.Now().UnixNano()) }

// idleFor is how long since the person last pressed a key.
func (c *console) idleFor() time.Duration {
	return time.Since(time.Unix(0, c.lastInput.Load()))
}

// attach gives the console the way to end what runs in it; if the console
// was ended meanwhile, it is ended at once.
func (c *console) attach(quit func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.quit = quit
	if c.reason != "" {
		go quit()
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
	if c.quit != nil {
		// A program's Quit waits for its event loop; never block the caller.
		go c.quit()
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
	case endRevoked:
		return fmt.Sprintf("dutydesk: your key %s is no longer on the roster, so this console has closed; ask a supervisor if that is a mistake.", c.fingerprint)
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
