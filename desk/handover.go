package desk

import (
	"context"
	"fmt"
)

// OpenAssigned lists the open questions assigned to a person, oldest first:
// what they hold when they go off shift. It scans the queue, so it is for a
// command, not for every frame.
func (d *Desk) OpenAssigned(person string) []Question {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.index.assigned[person] == 0 {
		return nil
	}
	var out []Question
	for _, q := range d.queue {
		if q.State == StateAssigned && q.Assignee == person {
			out = append(out, *q)
		}
	}
	return out
}

// LeaveShift puts a person off shift and, in the same transaction, hands
// every open question assigned to them on: to handTo, someone else on shift
// (a supervisor's decision, like any assignment), or with handTo "" back to
// the queue, unassigned and acknowledged, for whoever picks it up next.
// People take themselves off shift; supervisors anyone. It returns how many
// questions moved.
func (d *Desk) LeaveShift(ctx context.Context, actor, person, handTo string) (int, error) {
	return actFor(ctx, d, []string{shiftTarget(person)}, func() (int, error) {
		p, err := d.actor(actor)
		if err != nil {
			return 0, err
		}
		if actor != person && p.Role != RoleSupervisor {
			return 0, fmt.Errorf("%w: only a supervisor can change someone else's shift", ErrNotAllowed)
		}
		who, ok := d.people[person]
		if !ok {
			return 0, fmt.Errorf("%w: %q is not on the roster", ErrNotFound, person)
		}
		if handTo != "" {
			if p.Role != RoleSupervisor {
				return 0, fmt.Errorf("%w: only a supervisor can hand questions to another officer; hand them back to the queue instead", ErrNotAllowed)
			}
			to, ok := d.people[handTo]
			switch {
			case !ok:
				return 0, fmt.Errorf("%w: %q is not on the roster", ErrNotFound, handTo)
			case handTo == person:
				return 0, fmt.Errorf("%w: %s is the one going off shift", ErrIllegal, to.Name)
			case !to.OnShift:
				return 0, fmt.Errorf("%w: %s is not on shift", ErrIllegal, to.Name)
			}
		}
		var evs []Event
		if d.index.assigned[person] > 0 {
			for _, q := range d.queue {
				if q.State != StateAssigned || q.Assignee != person {
					continue
				}
				t, payload := EvHandedBack, questionPayload{Question: q.ID, Previous: person}
				if handTo != "" {
					t, payload.Assignee = EvAssigned, handTo
				}
				ev, err := d.event(t, actor, payload)
				if err != nil {
					return 0, err
				}
				evs = append(evs, ev)
			}
		}
		moved := len(evs)
		if who.OnShift {
			ev, err := d.event(EvShiftChanged, actor, shiftPayload{Person: person, OnShift: false})
			if err != nil {
				return 0, err
			}
			evs = append(evs, ev)
		}
		if len(evs) == 0 {
			return 0, nil
		}
		if err := d.commit(ctx, evs...); err != nil {
			return 0, fmt.Errorf("take %s off shift: %w", who.Name, err)
		}
		return moved, nil
	})
}
