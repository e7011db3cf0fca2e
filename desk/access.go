package desk

import (
	"context"
	"errors"
	"fmt"
)

// RecordAccess stores a login (EvSessionOpened), logout (EvSessionClosed) or
// refused attempt (EvAccessRefused) in the audit trail. person is who the
// session is or claimed to be, fingerprint the SHA256 fingerprint of the key
// used, remote the peer's address and reason why access ended or was refused.
// Access events change nothing on the desk, so a conflict with another
// process's events is retried rather than reported.
func (d *Desk) RecordAccess(ctx context.Context, t EventType, actor, person, fingerprint, remote, reason string) error {
	switch t {
	case EvSessionOpened, EvSessionClosed, EvAccessRefused:
	default:
		return fmt.Errorf("record access: %q is not an access event", t)
	}
	if err := d.lock(ctx); err != nil {
		return err
	}
	defer d.unlock()
	p := sessionPayload{Person: person, Fingerprint: fingerprint, Remote: remote, Reason: reason}
	for try := 0; ; try++ {
		err := d.record(ctx, t, actor, p)
		if errors.Is(err, ErrConflict) && try < 3 {
			continue
		}
		return err
	}
}

// AccessRecord is the audit detail of a session or access event.
type AccessRecord struct {
	Person, Fingerprint, Remote, Reason string
}

// Access decodes the detail of an EvSessionOpened, EvSessionClosed or
// EvAccessRefused event.
func (ev Event) Access() (AccessRecord, error) {
	p, err := decode[sessionPayload](ev)
	return AccessRecord(p), err
}

// Join marks one more open console for person, so that others see them as
// present; call leave when that console closes. Presence is not stored: it
// says who is here now, not what anyone did.
func (d *Desk) Join(person string) (leave func()) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.presence[person]++
	d.notify()
	done := false
	return func() {
		d.mu.Lock()
		defer d.mu.Unlock()
		if done {
			return
		}
		done = true
		if d.presence[person]--; d.presence[person] <= 0 {
			delete(d.presence, person)
		}
		d.notify()
	}
}

// Present lists the people with at least one console open, in roster order.
func (d *Desk) Present() []Person {
	d.mu.RLock()
	defer d.mu.RUnlock()
	var out []Person
	for _, id := range d.order {
		if d.presence[id] > 0 {
			out = append(out, *d.people[id])
		}
	}
	return out
}
