package desk

import (
	"context"
	"fmt"
)

// Questions closed or dismissed by mistake come back: Reopen undoes the
// close, stored as question.reopened so that the audit trail shows who
// brought it back. A question whose assignee is still on shift goes back to
// them; otherwise it returns to the queue, acknowledged.

// EvReopened: someone reopened a closed or dismissed question.
const EvReopened EventType = "question.reopened"

// Reopen brings a closed or dismissed question back to the queue.
// Supervisors reopen anything; an officer reopens a question that was
// closed while assigned to them.
func (d *Desk) Reopen(ctx context.Context, actor, id string) error {
	return d.actOnQuestion(ctx, actor, id, func(p *Person, q *Question) error {
		switch {
		case q.State != StateClosed && q.State != StateDismissed:
			return fmt.Errorf("%w: cannot reopen a question that is %s; only closed or dismissed ones", ErrIllegal, q.State)
		case p.Role == RoleSupervisor:
		case q.State == StateDismissed:
			return fmt.Errorf("%w: only a supervisor can reopen a dismissed question", ErrNotAllowed)
		case q.Assignee != actor:
			return fmt.Errorf("%w: only a supervisor or the officer it was assigned to can reopen this question", ErrNotAllowed)
		}
		back := ""
		if who, ok := d.people[q.Assignee]; ok && who.OnShift {
			back = q.Assignee
		}
		return d.record(ctx, EvReopened, actor, questionPayload{Question: id, Assignee: back, Previous: string(q.State)})
	})
}
