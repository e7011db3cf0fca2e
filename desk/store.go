package desk

import (
	"context"
	"errors"
	"time"
)

// ErrStoreClosed is returned by a store used after Close: a bug in the
// caller, which must stop the desk (Desk.Shutdown) before closing its store.
var ErrStoreClosed = errors.New("the store is closed; stop the desk before closing its store")

// ErrConflict is returned by Store.Append when another process stored events
// after the ones this desk has seen: the command was decided against an old
// state. The desk catches up and decides the command again (conflict.go);
// only a change to the same thing is refused, with a *ConflictError.
var ErrConflict = errors.New("not saved — the desk kept changing on other consoles or hosts; look again and retry")

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

// scanEvent reads one stored event row — seq, type, actor, time in
// nanoseconds, payload and, when the query selects it, hash — through a
// driver's Scan, so that both stores and both of their readers (replay and
// the hash-chain upgrade) agree on the row's shape.
func scanEvent(scan func(dest ...any) error, withHash bool) (Event, error) {
	var (
		ev      Event
		typ     string
		at      int64
		payload []byte // not ev.Payload: database/sql turns a TEXT column into []byte, not into a named byte type
	)
	dest := []any{&ev.Seq, &typ, &ev.Actor, &at, &payload}
	if withHash {
		dest = append(dest, &ev.Hash)
	}
	if err := scan(dest...); err != nil {
		return Event{}, err
	}
	ev.Type, ev.At, ev.Payload = EventType(typ), time.Unix(0, at).UTC(), payload
	return ev, nil
}
