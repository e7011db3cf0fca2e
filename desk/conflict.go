package desk

import (
	"context"
	"errors"
	"fmt"
)

// Two consoles on one shared desk (two processes on one SQLite file, or
// hosts on one PostgreSQL database) each decide a change against the state
// they have seen; the store takes a change only if nothing was stored since
// (ErrConflict otherwise). A conflict is about the thing changed, not the
// whole desk: the loser catches up, and if nobody touched the question,
// draft, duty or shift its change is about, the change is checked again
// against the new state and stored; if somebody did, it is refused, saying
// who did what.

// changeTries is how often a command is decided again after conflicts with
// changes to other things, before the person is asked to try again.
const changeTries = 8

// ConflictError is a change refused because another console changed the
// same question, draft, duty or shift meanwhile. It wraps ErrConflict.
type ConflictError struct {
	// Did says what happened, in words: "PC Ellis assigned this question to
	// PC Khan".
	Did string
}

func (e *ConflictError) Error() string {
	return "not saved — " + e.Did + " meanwhile, on another console; look again"
}

func (e *ConflictError) Unwrap() error { return ErrConflict }

// Targets of commands, as touched names them.
func questionTarget(id string) string { return "question " + id }
func draftTarget(id string) string    { return "draft " + id }
func shiftTarget(id string) string    { return "shift " + id }

const dutyTarget = "duty"

// targets are what a new draft changes: the question it replies to.
func (in DraftInput) targets() []string {
	if in.Kind == DraftReply {
		return []string{questionTarget(in.ReplyTo)}
	}
	return nil
}

// act runs a command that changes targets: it takes the command's turn
// (lock), then decides it — its checks and its commit — and decides it again
// after a conflict with changes to other things; a conflict with a change to
// one of targets is refused with a *ConflictError.
func (d *Desk) act(ctx context.Context, targets []string, decide func() error) error {
	_, err := actFor(ctx, d, targets, func() (struct{}, error) { return struct{}{}, decide() })
	return err
}

// actFor is act for a command that returns a value (a draft's ID, a count).
func actFor[T any](ctx context.Context, d *Desk, targets []string, decide func() (T, error)) (T, error) {
	if err := d.lock(ctx); err != nil {
		var zero T
		return zero, err
	}
	defer d.unlock()
	return changeFor(d, targets, decide)
}

// change is act for a caller that holds its turn and d.mu already.
func (d *Desk) change(targets []string, decide func() error) error {
	_, err := changeFor(d, targets, func() (struct{}, error) { return struct{}{}, decide() })
	return err
}

func changeFor[T any](d *Desk, targets []string, decide func() (T, error)) (T, error) {
	for try := 1; ; try++ {
		d.missed = d.missed[:0]
		out, err := decide()
		if !errors.Is(err, ErrConflict) {
			return out, err
		}
		var cerr *ConflictError
		if errors.As(err, &cerr) {
			return out, err
		}
		if c := d.conflictOn(d.missed, targets); c != nil {
			return out, c
		}
		if try == changeTries {
			return out, err
		}
	}
}

// conflictOn finds, among events other processes stored, the last one that
// changed one of targets, and says what it did. The caller holds d.mu.
func (d *Desk) conflictOn(evs []Event, targets []string) *ConflictError {
	for i := len(evs) - 1; i >= 0; i-- {
		ev := evs[i]
		for _, t := range d.touches(ev) {
			for _, want := range targets {
				if t == want {
					return &ConflictError{Did: d.didWhat(ev, t)}
				}
			}
		}
	}
	return nil
}

// touches names what an event changes, as the targets of commands are
// named. A message arriving in a question's thread is not counted: the
// command is checked again against it (a follow-up may have reopened the
// question), but it is nobody's competing change. The caller holds d.mu.
func (d *Desk) touches(ev Event) []string {
	p, err := decodePayload(ev)
	if err != nil {
		return nil
	}
	switch p := p.(type) {
	case questionPayload:
		return []string{questionTarget(p.Question)}
	case levelPayload:
		return []string{questionTarget(p.Question)}
	case itemPayload:
		if ev.Type == EvItemEdited {
			return []string{questionTarget(d.ownerOf(p.Item.ID))}
		}
	case removedPayload:
		return []string{questionTarget(d.ownerOf(p.ItemID))}
	case draftCreatedPayload:
		out := []string{draftTarget(p.Draft)}
		if p.ReplyTo != "" {
			out = append(out, questionTarget(p.ReplyTo))
		}
		return out
	case draftEditedPayload:
		return []string{draftTarget(p.Draft)}
	case draftDecisionPayload:
		return []string{draftTarget(p.Draft)}
	case postStartedPayload:
		return []string{draftTarget(p.Draft)}
	case postedPayload:
		return []string{draftTarget(p.Draft)}
	case postFailedPayload:
		return []string{draftTarget(p.Draft)}
	case dutyPayload:
		return []string{dutyTarget}
	case shiftPayload:
		return []string{shiftTarget(p.Person)}
	}
	return nil
}

// ownerOf is the question an item belongs to (itself, or the question whose
// thread it is in). The caller holds d.mu.
func (d *Desk) ownerOf(item string) string {
	if q, ok := d.itemOwner[item]; ok {
		return q
	}
	return item
}

// didWhat says in words what ev did to target, and who did it. The caller
// holds d.mu.
func (d *Desk) didWhat(ev Event, target string) string {
	who := "the desk"
	if p, ok := d.people[ev.Actor]; ok {
		who = p.Name
	}
	p, _ := decodePayload(ev)
	what := map[EventType]string{
		EvAcknowledged: "acknowledged this question",
		EvClaimed:      "opened this question to reply",
		EvReleased:     "let go of this question",
		EvAnswered:     "answered this question",
		EvClosed:       "closed this question",
		EvDismissed:    "dismissed this question",
		EvHandedBack:   "handed this question back to the queue",
		EvReopened:     "reopened this question",
		EvFavourited:   "favourited this question",
		EvLevelSet:     "judged this question's level",
		EvDraftEdited:  "edited this draft",
		EvApproved:     "approved this draft",
		EvRejected:     "rejected this draft",
		EvSuperseded:   "withdrew this draft",
		EvPostStarted:  "started posting this draft",
		EvPosted:       "posted this draft",
		EvPostFailed:   "tried to post this draft",
	}[ev.Type]
	switch p := p.(type) {
	case questionPayload:
		if ev.Type == EvAssigned {
			what = "assigned this question to " + d.nameOf(p.Assignee)
		}
	case itemPayload:
		return "its author edited this question"
	case removedPayload:
		return "its author deleted this question"
	case draftCreatedPayload:
		what = "wrote a draft"
		if target == questionTarget(p.ReplyTo) {
			what = "wrote a reply to this question"
		}
	case dutyPayload:
		what = "put the team off duty"
		if p.On {
			what = "put the team on duty"
		}
	case shiftPayload:
		what = fmt.Sprintf("put %s off shift", d.nameOf(p.Person))
		if p.OnShift {
			what = fmt.Sprintf("put %s on shift", d.nameOf(p.Person))
		}
	}
	if what == "" {
		what = "changed it"
	}
	return who + " " + what
}
