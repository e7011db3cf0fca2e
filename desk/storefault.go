package desk

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"time"
)

// A store that stops answering (a PostgreSQL whose processes are stopped, a
// network that drops packets, an SQLite file another program holds locked)
// must never freeze a console. Consoles read the desk under d.mu, so no
// store round trip is made while d.mu is held: a command takes its turn
// (lock), decides under d.mu, and commit lets d.mu go for the round trip
// itself. The turn keeps this process's commands in order, so nothing but
// the command holding it changes the state meanwhile; readers see the state
// as it was until the change is applied. Every round trip has a deadline
// (Options.StoreTimeout), and one that takes longer than storeStall is
// shown in the status bar at once, long before the deadline.

// DefaultStoreTimeout is how long one store round trip may take before the
// change it carries is given up as not saved.
const DefaultStoreTimeout = 30 * time.Second

// storeStall is how long a round trip may take before the status bar says
// the database is not answering (sooner with a shorter StoreTimeout): a
// sergeant should not wait half a minute to learn that changes are not
// being saved, and a loaded machine's slow commit should not cry wolf.
const storeStall = 3 * time.Second

// Store health in a sergeant's words (the "store" health condition). The
// driver's own text goes to the log, never to the screen.
const (
	HealthStoreStalled     = "database not answering — changes are not being saved (waiting)"
	HealthStoreUnreachable = "database unreachable — changes are not being saved (retrying)"
)

// StoreError is a change the store did not take: it was not saved, and the
// person must do it again once the status bar says "store live". Its text
// is for the screen; Err, with the driver's detail, is logged.
type StoreError struct {
	Cause string // "database unreachable", "the disk is full", …
	Err   error
}

func (e *StoreError) Error() string {
	return "not saved — " + e.Cause + "; try again when the bar says store live"
}

func (e *StoreError) Unwrap() error { return e.Err }

// errStalled is a round trip that outlived its deadline.
var errStalled = errors.New("the store did not answer in time")

// storeCause names, in plain words, why the store refused or failed a
// round trip.
func storeCause(err error) string {
	msg := strings.ToLower(err.Error())
	switch {
	case errors.Is(err, ErrStoreDamaged):
		return "the desk's file is damaged (restore a backup)"
	case errors.Is(err, errStalled) || errors.Is(err, context.DeadlineExceeded):
		return "database not answering"
	case strings.Contains(msg, "disk is full") || strings.Contains(msg, "sqlite_full"):
		return "the disk is full"
	case strings.Contains(msg, "disk i/o error"):
		return "disk I/O error on the desk's file"
	case strings.Contains(msg, "readonly") || strings.Contains(msg, "read-only"):
		return "the desk's file is read-only"
	case strings.Contains(msg, "database is locked") || strings.Contains(msg, "sqlite_busy"):
		return "desk file locked by another program"
	}
	return "database unreachable"
}

// storeTimeout is the deadline of one store round trip.
func (d *Desk) storeTimeout() time.Duration {
	if d.opts.StoreTimeout > 0 {
		return d.opts.StoreTimeout
	}
	return DefaultStoreTimeout
}

// lock takes this process's turn to change the desk, then d.mu. It gives up,
// with the change not saved, if the turn does not come within the store's
// deadline (the command before it is stuck on a store that does not answer)
// or ctx ends. Every command that stores events takes it; unlock ends it.
func (d *Desk) lock(ctx context.Context) error {
	t := time.NewTimer(d.storeTimeout())
	defer t.Stop()
	select {
	case d.turn <- struct{}{}:
	case <-ctx.Done():
		return &StoreError{Cause: "the console closed before the change was made", Err: ctx.Err()}
	case <-t.C:
		return &StoreError{Cause: "database not answering", Err: errStalled}
	}
	d.mu.Lock()
	d.missed = d.missed[:0]
	return nil
}

// lockAlways is lock for work that must be recorded however long it waits
// (the outcome of a post that has gone out); its own round trips still have
// their deadline.
func (d *Desk) lockAlways() {
	d.turn <- struct{}{}
	d.mu.Lock()
	d.missed = d.missed[:0]
}

// unlock ends what lock began.
func (d *Desk) unlock() {
	d.mu.Unlock()
	<-d.turn
}

// perEvent is how much longer than StoreTimeout (and storeStall) a round
// trip storing or reading n events may take: a surge of 3000 arrivals stored
// at once takes over 30 s on a loaded machine, and is not a stalled store.
const perEvent = 20 * time.Millisecond

// roundTrip runs one store call with d.mu let go (the caller holds it and
// its turn, and holds both again when roundTrip returns). The call has the
// store's deadline; one slower than storeStall shows the store as not
// answering while it lasts. A failure is logged in full and shown in plain
// words, and returned as a *StoreError; ErrConflict and ErrStoreClosed are
// returned as they are.
func (d *Desk) roundTrip(ctx context.Context, events int, call func(ctx context.Context) error) error {
	d.mu.Unlock()
	err := d.storeCall(ctx, events, call)
	d.mu.Lock()
	return err
}

// storeCall is roundTrip for a caller not holding d.mu; events is how many
// the call stores (0 for a read).
func (d *Desk) storeCall(ctx context.Context, events int, call func(ctx context.Context) error) error {
	extra := time.Duration(events) * perEvent
	timeout := d.storeTimeout() + extra
	cctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var done atomic.Bool
	stall := time.AfterFunc(min(storeStall, d.storeTimeout()/5)+extra/10, func() {
		d.mu.Lock()
		defer d.mu.Unlock()
		if !done.Load() {
			d.setStoreHealth(HealthStoreStalled, true)
		}
	})
	err := call(cctx)
	done.Store(true)
	stall.Stop()
	if err == nil || errors.Is(err, ErrConflict) {
		d.mu.Lock()
		if d.storeDown {
			d.setStoreHealth("live", false)
		}
		d.mu.Unlock()
		return err
	}
	var readOnly *ReadOnlyError
	if errors.Is(err, ErrStoreClosed) || errors.As(err, &readOnly) || ctx.Err() != nil {
		return err // shutting down, a desk viewing the past, or the console went: nothing the store did
	}
	if cctx.Err() != nil {
		err = errors.Join(errStalled, err)
	}
	d.logf("dutydesk: store: %v", err)
	cause := storeCause(err)
	d.mu.Lock()
	health := HealthStoreUnreachable
	if cause != "database unreachable" {
		health = cause + " — changes are not being saved (retrying)"
	}
	d.setStoreHealth(health, true)
	d.mu.Unlock()
	return &StoreError{Cause: cause, Err: err}
}

// setStoreHealth sets the "store" health condition and whether it is a
// fault that a working round trip clears. The caller holds d.mu.
func (d *Desk) setStoreHealth(condition string, down bool) {
	d.storeDown = down
	if d.broken != nil || d.health["store"] == condition {
		return
	}
	d.health["store"] = condition
	d.notify()
}
