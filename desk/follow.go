package desk

import (
	"context"
	"errors"
)

// Follower is a store that other processes append to, and that can say when
// they may have: PostgresStore. Follow blocks, calling notify after changes
// (and as a periodic safety net), until ctx is done.
type Follower interface {
	Follow(ctx context.Context, notify func()) error
}

// Follow keeps the desk up to date with events other processes store, for as
// long as ctx lasts: on every signal from the store it catches up and
// publishes the changes to subscribers. Signals are coalesced so that a burst
// of appends elsewhere costs one catch-up, not one per event. A failed
// catch-up is shown as the "store" health condition, in plain words (the
// driver's detail goes to the log), and retried on the next signal (the store signals at least every second). It returns ctx's error
// when ctx is done, or nil when the store is closed or the desk shut down. For a store nobody else
// writes to (SQLite) it returns nil at once: there is nothing to follow.
func (d *Desk) Follow(ctx context.Context) error {
	f, ok := d.store.(Follower)
	if !ok || !d.life.start() {
		return nil
	}
	defer d.life.done()
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(d.life.ctx, cancel)() // Shutdown ends it too
	wake := make(chan struct{}, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-wake:
			}
			if err := d.CatchUp(ctx); err != nil {
				if ctx.Err() != nil {
					return
				}
				var serr *StoreError
				if !errors.As(err, &serr) {
					// not the store's fault: an event this build cannot apply
					d.SetHealth("store", "behind: "+err.Error())
				}
				continue // a store fault is in the status bar already (storeCall)
			}
			d.SetHealth("store", "live")
		}
	}()
	err := f.Follow(ctx, func() {
		select {
		case wake <- struct{}{}:
		default: // a catch-up is already due; it will read this change too
		}
	})
	cancel()
	<-done
	if err != nil && parent.Err() == nil && d.life.ctx.Err() != nil {
		return nil // shut down
	}
	return err
}
