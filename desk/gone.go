package desk

import (
	"context"
	"fmt"

	"github.com/dutydesk/dutydesk/feeds"
)

// A question its author deletes leaves the desk, but a reply drafted to it
// keeps its target: posting it is refused (never sent unthreaded, as a
// standalone status), and the writer may send it to the author as a direct
// message instead, or discard it.

// QuestionGoneError says a reply's question was deleted by its author.
type QuestionGoneError struct {
	Draft  string
	Author string // the question's author, "@handle"
}

func (e *QuestionGoneError) Error() string {
	return "the question was deleted by its author; the reply was not posted"
}

// Is makes a QuestionGoneError an ErrIllegal.
func (e *QuestionGoneError) Is(target error) bool { return target == ErrIllegal }

// replyTargetGone is a *QuestionGoneError if draft id replies to a question
// no longer on the desk. The caller holds d.mu.
func (d *Desk) replyTargetGone(id string) error {
	dr, ok := d.drafts[id]
	if !ok || dr.Kind != DraftReply || dr.ReplyTo == "" {
		return nil
	}
	if _, ok := d.questions[dr.ReplyTo]; ok {
		return nil
	}
	return &QuestionGoneError{Draft: id, Author: dr.ReplyAuthor}
}

// DirectToAuthor turns a reply whose question was deleted into a direct
// message to the question's author: a new draft, direct, mentioning them,
// checked again; the reply is superseded. It returns the new draft's ID.
// The reply's author or a supervisor may do it.
func (d *Desk) DirectToAuthor(ctx context.Context, actor, id string) (string, error) {
	return actFor(ctx, d, []string{draftTarget(id)}, func() (string, error) {
		dr, err := d.ownDraft(actor, id, "only the author or a supervisor can redirect this draft")
		if err != nil {
			return "", err
		}
		if d.replyTargetGone(id) == nil {
			return "", fmt.Errorf("%w: the question is still there; reply to it", ErrIllegal)
		}
		if dr.ReplyAuthor == "" {
			return "", fmt.Errorf("%w: the author of the deleted question is not known", ErrIllegal)
		}
		text := withMention(dr.ReplyAuthor, dr.Text)
		newID := newDraftID()
		created, err := d.event(EvDrafted, actor, draftCreatedPayload{Draft: newID, Kind: DraftUpdate, Text: text,
			Account: dr.Account, Visibility: feeds.VisibilityDirect, Findings: d.check(text)})
		if err != nil {
			return "", err
		}
		withdrawn, err := d.event(EvSuperseded, actor, draftDecisionPayload{Draft: id,
			Reason: "the question was deleted; sent to " + dr.ReplyAuthor + " as a direct message instead"})
		if err != nil {
			return "", err
		}
		if err := d.commit(ctx, created, withdrawn); err != nil {
			return "", err
		}
		return newID, nil
	})
}
