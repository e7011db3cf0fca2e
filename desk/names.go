package desk

import (
	"context"
	"errors"
	"slices"
)

// namedPerson is one person as a roster.named event stores them.
type namedPerson struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Role    Role   `json:"role"`
	OnShift bool   `json:"on_shift"` // as configured; shift events say what became of it
}

// rosterNames is the roster as roster.named stores it.
func rosterNames(people []Person) []namedPerson {
	out := make([]namedPerson, len(people))
	for i, p := range people {
		out[i] = namedPerson{ID: p.ID, Name: p.Name, Role: p.Role, OnShift: p.OnShift}
	}
	return out
}

// RecordRoster stores who is who on the configured roster (each person's
// ID, name, role and configured shift) when the store does not hold it
// already, so that a reader of the store without the config — `dutydesk
// report --db` — names people instead of showing their IDs. A writer calls
// it with the config's people on start and after a reload; an unchanged
// roster stores nothing.
func (d *Desk) RecordRoster(ctx context.Context, people []Person) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	named := rosterNames(people)
	var err error
	// Hosts starting together on one shared store may race to store the
	// same roster: the loser has caught up with the winner's when it retries.
	for range 3 {
		if len(named) == 0 || slices.Equal(named, d.named) {
			return nil
		}
		if err = d.record(ctx, EvRosterNamed, SystemActor, rosterPayload{People: named}); !errors.Is(err, ErrConflict) {
			return err
		}
	}
	return err
}

// adoptStoredRoster makes the stored roster the desk's when it was opened
// without one (a reader with no config): names and roles as last recorded,
// shifts as the events left them. The caller is Open, before the desk is
// shared.
func (d *Desk) adoptStoredRoster() {
	if len(d.order) > 0 {
		return
	}
	for _, n := range d.named {
		if _, dup := d.people[n.ID]; dup {
			continue
		}
		p := &Person{ID: n.ID, Name: n.Name, Role: n.Role, OnShift: n.OnShift}
		if on, ok := d.shifts[n.ID]; ok {
			p.OnShift = on
		}
		d.people[n.ID] = p
		d.order = append(d.order, n.ID)
	}
}
