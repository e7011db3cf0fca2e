package desk

import (
	"encoding/json"
	"fmt"
	"time"
)

// EventType names a change to the desk. The names are stored: never rename one.
type EventType string

const (
	EvItemArrived      EventType = "item.arrived"   // a new item (question or team post)
	EvItemEdited       EventType = "item.edited"    // its author edited it
	EvItemRemoved      EventType = "item.removed"   // its author or the server removed it
	EvDuplicateArrived EventType = "item.duplicate" // the same text again from the same author
	EvReaction         EventType = "item.reaction"  // a favourite or boost on a team post
	EvAcknowledged     EventType = "question.acknowledged"
	EvAssigned         EventType = "question.assigned"
	EvClaimed          EventType = "question.claimed" // someone opened it to reply
	EvReleased         EventType = "question.released"
	EvAnswered         EventType = "question.answered"
	EvClosed           EventType = "question.closed"
	EvDismissed        EventType = "question.dismissed"
	EvHandedBack       EventType = "question.handed_back" // its assignee went off shift; back to the queue, acknowledged
	EvDrafted          EventType = "draft.created"
	EvDraftEdited      EventType = "draft.edited"
	EvApproved         EventType = "draft.approved"
	EvRejected         EventType = "draft.rejected"
	EvPostStarted      EventType = "draft.post_started"
	EvPosted           EventType = "draft.posted"
	EvPostFailed       EventType = "draft.post_failed"
	EvSuperseded       EventType = "draft.superseded" // withdrawn: the question was taken over or answered
	EvDutyChanged      EventType = "duty.changed"
	EvShiftChanged     EventType = "roster.shift_changed"
	EvRosterNamed      EventType = "roster.named" // who is who: each person's ID, name and role, as configured
	EvSessionOpened    EventType = "session.opened"
	EvSessionClosed    EventType = "session.closed"
	EvAccessRefused    EventType = "access.refused"
)

// Event is one stored change: the audit trail that disclosure rules need.
type Event struct {
	Seq     int64           // global order, given by the store
	Type    EventType       //
	Actor   string          // person ID, or "system"/"feed:NAME" for automatic changes
	At      time.Time       //
	Payload json.RawMessage // one of the payload types in record.go, as JSON
	// Hash is the event's link in the hash chain (chain.go), given by the
	// store when it stores the event.
	Hash []byte

	// decoded is the payload this process encoded, kept so that applying
	// its own events does not decode what it has just encoded (half the
	// cost of a surge's arrivals). Events read from the store have none.
	decoded any
}

// SystemActor is the actor of changes nobody on the team made (items arriving).
const SystemActor = "system"

func newEvent(t EventType, actor string, at time.Time, payload any) (Event, error) {
	raw, err := json.Marshal(payload)
	if err != nil {
		return Event{}, fmt.Errorf("encode %s event: %w", t, err)
	}
	return Event{Type: t, Actor: actor, At: at, Payload: raw, decoded: payload}, nil
}

func decode[T any](ev Event) (T, error) {
	if p, ok := ev.decoded.(T); ok {
		return p, nil
	}
	var p T
	if err := json.Unmarshal(ev.Payload, &p); err != nil {
		return p, fmt.Errorf("decode event %d (%s): %w", ev.Seq, ev.Type, err)
	}
	return p, nil
}
