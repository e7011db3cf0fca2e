package desk

import (
	"context"
	"fmt"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// Acknowledging so the public sees it. The x key asks how: silently (the
// desk only, Acknowledge), with a favourite on the question (its author is
// notified: the cheapest "we've seen this"), or with an acknowledgement reply
// from the saved replies, an ordinary draft: risk-checked, approved if
// flagged, posted once, threaded in the question's visibility. A question
// is acknowledged publicly at most once: not again after a favourite, an
// acknowledgement reply or the off-duty auto-reply.

// AckHow is how a question is acknowledged.
type AckHow string

const (
	AckSilent    AckHow = "silent"    // on the desk only
	AckFavourite AckHow = "favourite" // a favourite on the question
	AckReply     AckHow = "reply"     // a reply from the saved replies
)

// DraftAck is an acknowledgement reply: posting it does not answer the question.
const DraftAck DraftKind = "ack"

// EvFavourited: the question was favourited on the server as its acknowledgement.
const EvFavourited EventType = "question.favourited"

// applyFavourited folds EvFavourited. The caller holds d.mu.
func (d *state) applyFavourited(ev Event) error {
	p, err := decode[questionPayload](ev)
	if err != nil {
		return err
	}
	d.threads.init()
	if _, ok := d.threads.favourited[p.Question]; !ok {
		d.threads.favourited[p.Question] = ev.At
	}
	return nil
}

// PublicAck says how the question's author has already been told it was
// seen: "" if not, else "the off-duty auto-reply", "a favourite" or "an
// acknowledgement reply".
func (d *Desk) PublicAck(id string) string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.publicAck(id)
}

// publicAck is PublicAck for a caller that holds d.mu. It scans the drafts:
// it is for commands, not for every frame.
func (d *Desk) publicAck(id string) string {
	if _, ok := d.threads.favourited[id]; ok {
		return "a favourite"
	}
	for _, dr := range d.draftList {
		if dr.ReplyTo != id || dr.State == DraftRejected {
			continue
		}
		switch dr.Kind {
		case DraftAutoAck:
			return "the off-duty auto-reply"
		case DraftAck:
			return "an acknowledgement reply"
		}
	}
	return ""
}

// AckReplyName is the saved reply an acknowledgement reply uses: the one
// named "acknowledge", else the first tagged "ack", else "".
func (d *Desk) AckReplyName() string {
	rs := d.SavedReplies()
	for _, r := range rs {
		if r.Name == "acknowledge" {
			return r.Name
		}
	}
	for _, r := range rs {
		for _, t := range r.Tags {
			if t == "ack" {
				return r.Name
			}
		}
	}
	return ""
}

// AcknowledgeWith acknowledges the question as how says. AckSilent is
// Acknowledge. AckFavourite acknowledges it on the desk, favourites it on the
// server from the team account, then records the favourite. AckReply
// acknowledges it and drafts the saved reply replyName ("" = AckReplyName)
// filled in for the question, in one transaction, then posts the draft
// unless the risk check flagged it, when it waits for a supervisor's
// approval like any draft; it returns the draft's ID.
func (d *Desk) AcknowledgeWith(ctx context.Context, actor, id string, how AckHow, replyName string) (string, error) {
	switch how {
	case AckSilent:
		return "", d.Acknowledge(ctx, actor, id)
	case AckFavourite:
		return "", d.favourite(ctx, actor, id)
	case AckReply:
		draft, err := d.ackReply(ctx, actor, id, replyName)
		if err != nil || draft == "" {
			return draft, err
		}
		if dr, ok := d.Draft(draft); ok && dr.State == DraftFlagged {
			return draft, nil // waits for approval
		}
		return draft, d.Send(ctx, actor, draft)
	}
	return "", fmt.Errorf("%w: %q is not a way to acknowledge (silent, favourite or reply)", ErrIllegal, how)
}

// publicly makes the checks a public acknowledgement shares and returns the
// events that acknowledge the question on the desk if it is still new. The
// caller holds d.mu.
func (d *Desk) publicly(actor, id, how string) (*Question, []Event, error) {
	if _, err := d.actor(actor); err != nil {
		return nil, nil, err
	}
	q, err := d.question(id)
	if err != nil {
		return nil, nil, err
	}
	if !q.State.Open() {
		return nil, nil, fmt.Errorf("%w: the question is %s", ErrIllegal, q.State)
	}
	if already := d.publicAck(id); already != "" {
		return nil, nil, fmt.Errorf("%w: its author was already told by %s; %s would tell them twice", ErrIllegal, already, how)
	}
	var evs []Event
	if q.State == StateNew {
		ev, err := d.event(EvAcknowledged, actor, questionPayload{Question: id})
		if err != nil {
			return nil, nil, err
		}
		evs = append(evs, ev)
	}
	return q, evs, nil
}

// favouriteTimeout bounds the favourite's round trip to the server.
const favouriteTimeout = 30 * time.Second

func (d *Desk) favourite(ctx context.Context, actor, id string) error {
	fav, ok := d.opts.Poster.(feeds.Favouriter)
	if !ok {
		return fmt.Errorf("%w: this desk's feed cannot favourite; acknowledge silently or with a reply", ErrIllegal)
	}
	remote, err := actFor(ctx, d, []string{questionTarget(id)}, func() (string, error) {
		q, evs, err := d.publicly(actor, id, "a favourite")
		if err != nil {
			return "", err
		}
		if q.Item.RemoteID == "" {
			return "", fmt.Errorf("%w: the question has no server ID to favourite", ErrIllegal)
		}
		if len(evs) > 0 {
			err = d.commit(ctx, evs...)
		}
		return q.Item.RemoteID, err
	})
	if err != nil {
		return err
	}
	// Off the lock: the server may be slow, and no other command waits on it.
	fctx, cancel := context.WithTimeout(ctx, favouriteTimeout)
	defer cancel()
	if err := fav.Favourite(fctx, "", remote); err != nil {
		return fmt.Errorf("favourite the question (it is acknowledged on the desk; press x again to retry): %w", err)
	}
	// The favourite is on the server: recorded whatever else changed.
	return d.act(ctx, nil, func() error {
		return d.record(ctx, EvFavourited, actor, questionPayload{Question: id})
	})
}

func (d *Desk) ackReply(ctx context.Context, actor, id, replyName string) (string, error) {
	if replyName == "" {
		replyName = d.AckReplyName()
	}
	r, ok := d.SavedReply(replyName)
	if !ok {
		if replyName == "" {
			return "", fmt.Errorf("%w: there is no saved reply named \"acknowledge\" or tagged \"ack\" in [[replies]]", ErrNotFound)
		}
		return "", fmt.Errorf("%w: no saved reply named %q", ErrNotFound, replyName)
	}
	return actFor(ctx, d, []string{questionTarget(id)}, func() (string, error) {
		q, evs, err := d.publicly(actor, id, "an acknowledgement reply")
		if err != nil {
			return "", err
		}
		p := d.people[actor]
		text := withMention(q.Item.Author, r.Fill(d.replyVars(actor, id)))
		payload := draftCreatedPayload{Draft: newDraftID(), Kind: DraftAck, Text: text, ReplyTo: q.ID,
			Account: p.Account, Visibility: replyVisibility(q.Item.Visibility), Findings: d.check(text)}
		drafted, err := d.event(EvDrafted, actor, payload)
		if err != nil {
			return "", err
		}
		if err := d.commit(ctx, append(evs, drafted)...); err != nil {
			return "", err
		}
		return payload.Draft, nil
	})
}
