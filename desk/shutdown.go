package desk

import (
	"context"
	"sync"
)

// lifetime is the desk's own background work: the auto-acknowledgement and
// emergency advice sender, the snapshot writer, the retry timers and Follow.
// Shutdown ends it and waits for it, so that the store can be closed after
// it without anything still writing to it.
type lifetime struct {
	mu      sync.Mutex
	stopped bool
	ctx     context.Context // cancelled by Shutdown
	cancel  context.CancelFunc
	running sync.WaitGroup
}

func (l *lifetime) init() { l.ctx, l.cancel = context.WithCancel(context.Background()) }

// start counts one piece of background work that Shutdown waits for, or
// reports false if the desk is shut down and the work must not begin.
func (l *lifetime) start() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stopped {
		return false
	}
	l.running.Add(1)
	return true
}

func (l *lifetime) done() { l.running.Done() }

// bound returns ctx (values kept, its cancellation dropped: the work
// outlives the command that started it) cancelled when the desk shuts down.
func (l *lifetime) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(l.ctx, cancel)
	return ctx, func() { stop(); cancel() }
}

// Shutdown stops the desk's background work — the sender of automatic
// replies (a post in flight is abandoned; its draft stays approved and
// ResumePosting sends it at the next start), the snapshot writer, the retry
// timers and Follow — and returns once all of it has stopped. Commands
// after it fail once the store is closed. Close the store only after
// Shutdown. Calling it again does nothing.
func (d *Desk) Shutdown() {
	l := &d.life
	l.mu.Lock()
	l.stopped = true
	l.mu.Unlock()
	l.cancel()
	l.running.Wait()
}
