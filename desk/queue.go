package desk

import (
	"context"
	"fmt"
)

// question finds an open-for-business question. The caller holds d.mu.
func (d *Desk) question(id string) (*Question, error) {
	q, ok := d.questions[id]
	if !ok {
		return nil, fmt.Errorf("%w: question %s (removed by its author?)", ErrNotFound, id)
	}
	return q, nil
}

// moveQuestion checks the state machine for a command.
func moveQuestion(q *Question, next QuestionState, verb string) error {
	if !q.State.canMoveTo(next) {
		return fmt.Errorf("%w: cannot %s a question that is %s", ErrIllegal, verb, q.State)
	}
	return nil
}

// actOnQuestion runs a command on question id (act, with the question as
// its target): it finds who is acting and the question, then decides.
func (d *Desk) actOnQuestion(ctx context.Context, actor, id string, decide func(p *Person, q *Question) error) error {
	return d.act(ctx, []string{questionTarget(id)}, func() error {
		p, err := d.actor(actor)
		if err != nil {
			return err
		}
		q, err := d.question(id)
		if err != nil {
			return err
		}
		return decide(p, q)
	})
}

// supervisorsOnly refuses a command only supervisors may give to p.
func supervisorsOnly(p *Person, what string) error {
	if p.Role != RoleSupervisor {
		return fmt.Errorf("%w: only a supervisor can %s", ErrNotAllowed, what)
	}
	return nil
}

// Acknowledge tells the desk that someone has seen the question.
func (d *Desk) Acknowledge(ctx context.Context, actor, id string) error {
	return d.actOnQuestion(ctx, actor, id, func(p *Person, q *Question) error {
		if err := moveQuestion(q, StateAcknowledged, "acknowledge"); err != nil {
			return err
		}
		return d.record(ctx, EvAcknowledged, actor, questionPayload{Question: id})
	})
}

// Assign gives the question to someone on shift. Only supervisors assign.
func (d *Desk) Assign(ctx context.Context, actor, id, assignee string) error {
	return d.actOnQuestion(ctx, actor, id, func(p *Person, q *Question) error {
		if err := supervisorsOnly(p, "assign questions"); err != nil {
			return err
		}
		if err := moveQuestion(q, StateAssigned, "assign"); err != nil {
			return err
		}
		who, ok := d.people[assignee]
		if !ok {
			return fmt.Errorf("%w: %q is not on the roster", ErrNotFound, assignee)
		}
		if !who.OnShift {
			return fmt.Errorf("%w: %s is not on shift", ErrIllegal, who.Name)
		}
		if q.State == StateAssigned && q.Assignee == assignee {
			return fmt.Errorf("%w: already assigned to %s", ErrIllegal, who.Name)
		}
		return d.record(ctx, EvAssigned, actor, questionPayload{Question: id, Assignee: assignee})
	})
}

// Close marks the question finished. Supervisors close anything; an officer
// closes what is assigned to them.
func (d *Desk) Close(ctx context.Context, actor, id string) error {
	return d.actOnQuestion(ctx, actor, id, func(p *Person, q *Question) error {
		if p.Role != RoleSupervisor && q.Assignee != actor {
			return fmt.Errorf("%w: only a supervisor or the assigned officer can close this question", ErrNotAllowed)
		}
		if err := moveQuestion(q, StateClosed, "close"); err != nil {
			return err
		}
		return d.record(ctx, EvClosed, actor, questionPayload{Question: id})
	})
}

// Dismiss sets a question aside (spam, abuse, not for the team). Supervisors only.
func (d *Desk) Dismiss(ctx context.Context, actor, id string) error {
	return d.actOnQuestion(ctx, actor, id, func(p *Person, q *Question) error {
		if err := supervisorsOnly(p, "dismiss questions"); err != nil {
			return err
		}
		if err := moveQuestion(q, StateDismissed, "dismiss"); err != nil {
			return err
		}
		return d.record(ctx, EvDismissed, actor, questionPayload{Question: id})
	})
}

// Claim marks the question as being answered by actor, so that nobody else
// answers it too. If someone else holds it (has it open, or a reply draft to
// it waiting), Claim returns a *ClaimedError, unless takeover is set by a
// supervisor: that is recorded, and the holder's drafts are superseded.
func (d *Desk) Claim(ctx context.Context, actor, id string, takeover bool) error {
	return d.actOnQuestion(ctx, actor, id, func(p *Person, q *Question) error {
		if err := d.mayAnswer(p, q); err != nil {
			return err
		}
		if err := d.holdRefusal(q, actor); err != nil {
			if !takeover || p.Role != RoleSupervisor {
				return err
			}
			return d.takeOver(ctx, actor, q)
		}
		if q.ClaimedBy == actor {
			return nil
		}
		return d.record(ctx, EvClaimed, actor, questionPayload{Question: id, Console: d.console()})
	})
}

// Release gives up a claim.
func (d *Desk) Release(ctx context.Context, actor, id string) error {
	return d.act(ctx, []string{questionTarget(id)}, func() error {
		q, err := d.question(id)
		if err != nil {
			return err
		}
		if q.ClaimedBy != actor {
			return nil
		}
		return d.record(ctx, EvReleased, actor, questionPayload{Question: id})
	})
}

// mayAnswer: supervisors answer anything open; officers what is assigned to them.
func (d *Desk) mayAnswer(p *Person, q *Question) error {
	if !q.State.Open() && q.State != StateAnswered {
		return fmt.Errorf("%w: the question is %s", ErrIllegal, q.State)
	}
	if p.Role != RoleSupervisor && q.Assignee != p.ID {
		return fmt.Errorf("%w: officers answer questions assigned to them; ask a supervisor to assign this one", ErrNotAllowed)
	}
	return nil
}

func (d *state) nameOf(id string) string {
	if p, ok := d.people[id]; ok {
		return p.Name
	}
	return id
}
