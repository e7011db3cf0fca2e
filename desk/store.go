package desk

import (
	"context"
	"errors"
)

// ErrStoreClosed is returned by a store used after Close: a bug in the
// caller, which must stop the desk (Desk.Shutdown) before closing its store.
var ErrStoreClosed = errors.New("the store is closed; stop the desk before closing its store")

// ErrConflict is returned by Store.Append when another process stored events
// after the ones this desk has seen: the command was decided against an old
// state. The desk catches up and the person is told to look again.
var ErrConflict = errors.New("the desk changed meanwhile (another console or host); look again and retry")

// Store keeps the desk's events in one global order. Append is durable when
// it returns: a change is shown as done only after its event is stored.
type Store interface {
	// Append stores events in one transaction, only if the last stored event
	// is still after (else ErrConflict), and returns them with their sequence
	// numbers set.
	Append(ctx context.Context, after int64, events []Event) ([]Event, error)
	// Replay calls fn for every stored event with Seq > after, in order.
	Replay(ctx context.Context, after int64, fn func(Event) error) error
	// Close releases the store.
	Close() error
}
