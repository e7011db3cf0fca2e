package desk

import "context"

// Store keeps the desk's events in order. Append is durable when it returns:
// a change is shown as done only after its event is stored.
type Store interface {
	// Append stores events in one transaction and returns them with their
	// sequence numbers set.
	Append(ctx context.Context, events []Event) ([]Event, error)
	// Replay calls fn for every stored event with Seq > after, in order.
	Replay(ctx context.Context, after int64, fn func(Event) error) error
	// Close releases the store.
	Close() error
}
