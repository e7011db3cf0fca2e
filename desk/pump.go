package desk

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// Pump moves feed events into the desk with Ingest, in batches, until ctx
// ends or events is closed: whatever has arrived while the last batch was
// being stored goes in the next one, so a surge is stored in few
// transactions (group commit). A failed store is retried with backoff and
// shown in the status bar; no event is dropped.
func (d *Desk) Pump(ctx context.Context, events <-chan feeds.Event) {
	const maxBatch = 1024
	batch := make([]feeds.Event, 0, maxBatch)
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-events:
			if !ok {
				return
			}
			batch = append(batch[:0], ev)
		}
	fill:
		for len(batch) < maxBatch {
			select {
			case ev, ok := <-events:
				if !ok {
					break fill
				}
				batch = append(batch, ev)
			default:
				break fill
			}
		}
		for backoff := 100 * time.Millisecond; ; backoff = min(backoff*2, 10*time.Second) {
			err := d.Ingest(ctx, batch)
			if err == nil {
				d.SetHealth("store", "")
				break
			}
			if ctx.Err() != nil {
				return
			}
			// A store fault is in the status bar already, in plain words
			// (storeCall); anything else, cause first: a narrow status bar
			// cuts the end off.
			var serr *StoreError
			if !errors.As(err, &serr) {
				d.SetHealth("store", fmt.Sprintf("retrying in %s: %v", backoff, err))
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
		}
	}
}
