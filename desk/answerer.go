package desk

import (
	"context"
	"fmt"
)

// A question has one answerer. Whoever has it open to reply holds it (a
// claim, question.claimed), and so does the author of a saved reply draft
// aimed at it until that draft is posted, rejected or superseded. Anyone
// else's `r` is refused with who holds it; a supervisor may take it over
// (T), which supersedes the holder's drafts: kept, marked, never postable.
// Posting a reply supersedes every other draft aimed at the question.

// openReply reports whether dr is a reply still on its way to q.
func openReply(dr *Draft, q string) bool {
	return dr.Kind == DraftReply && dr.ReplyTo == q &&
		(dr.State == DraftFlagged || dr.State == DraftOK || dr.State == DraftApproved || dr.State == DraftPosting)
}

// draftHolder is the author of the first open reply draft to q written by
// someone other than actor, and that draft ("" if none). The caller holds
// d.mu.
func (d *Desk) draftHolder(q, actor string) (person, draft string) {
	for _, dr := range d.draftList {
		if openReply(dr, q) && dr.Author != actor {
			return dr.Author, dr.ID
		}
	}
	return "", ""
}

// HeldBy says who holds question id: the person with it open to reply, or
// else the author of a saved reply draft to it ("" if nobody).
func (d *Desk) HeldBy(id string) string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	q, ok := d.questions[id]
	if !ok {
		return ""
	}
	if q.ClaimedBy != "" {
		return q.ClaimedBy
	}
	p, _ := d.draftHolder(id, "")
	return p
}

// holdRefusal is the error for actor answering q while someone else holds
// it, nil if nobody else does. The caller holds d.mu.
func (d *Desk) holdRefusal(q *Question, actor string) error {
	if q.ClaimedBy != "" && q.ClaimedBy != actor {
		return &ClaimedError{By: q.ClaimedBy, Name: d.nameOf(q.ClaimedBy)}
	}
	if p, dr := d.draftHolder(q.ID, actor); p != "" {
		return &ClaimedError{By: p, Name: d.nameOf(p), Draft: dr}
	}
	return nil
}

// supersede makes the events that withdraw every open reply draft to q
// except keep; a draft being posted cannot be withdrawn and is an error.
// The caller holds d.mu.
func (d *Desk) supersede(actor, q, keep, reason string) ([]Event, error) {
	var evs []Event
	for _, dr := range d.draftList {
		if !openReply(dr, q) || dr.ID == keep {
			continue
		}
		if dr.State == DraftPosting {
			return nil, fmt.Errorf("%w: %s's reply to this question is being posted", ErrIllegal, d.nameOf(dr.Author))
		}
		ev, err := d.event(EvSuperseded, actor, draftDecisionPayload{Draft: dr.ID, Reason: reason})
		if err != nil {
			return nil, err
		}
		evs = append(evs, ev)
	}
	return evs, nil
}

// takeOver records a supervisor taking question q over from whoever holds
// it: the claim, and the holder's drafts withdrawn, in one transaction. The
// caller holds d.mu.
func (d *Desk) takeOver(ctx context.Context, actor string, q *Question) error {
	previous := q.ClaimedBy
	if previous == "" {
		previous, _ = d.draftHolder(q.ID, actor)
	}
	claimed, err := d.event(EvClaimed, actor, questionPayload{Question: q.ID, Previous: previous, Console: d.console()})
	if err != nil {
		return err
	}
	withdrawn, err := d.supersede(actor, q.ID, "", "taken over by "+d.nameOf(actor))
	if err != nil {
		return err
	}
	return d.commit(ctx, append([]Event{claimed}, withdrawn...)...)
}
