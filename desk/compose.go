package desk

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/dutydesk/dutydesk/feeds"
)

// DraftInput is what someone writes.
type DraftInput struct {
	Kind    DraftKind
	Text    string
	ReplyTo string // question ID, for replies
	Account string // "" = the author's own account if they have one, else the team account
	// Appeal marks a team post as an appeal (appeal.go): it is checked
	// with the appeal check, and its review date set.
	Appeal *AppealInput
}

// CreateDraft stores a new draft after running the risk check on it. A reply
// mentions the question's author and keeps the question's privacy: a reply to
// a direct message is direct, never public.
func (d *Desk) CreateDraft(ctx context.Context, actor string, in DraftInput) (string, error) {
	return actFor(ctx, d, in.targets(), func() (string, error) {
		p, err := d.actor(actor)
		if err != nil {
			return "", err
		}
		if strings.TrimSpace(in.Text) == "" {
			return "", fmt.Errorf("%w: the draft is empty", ErrIllegal)
		}
		if in.Kind == "" {
			in.Kind = DraftUpdate
		}
		if in.Account == "" && in.Kind != DraftBroadcast {
			in.Account = p.Account
		}
		payload := draftCreatedPayload{Draft: newDraftID(), Kind: in.Kind, Text: in.Text, Account: in.Account, Visibility: feeds.VisibilityPublic}
		switch in.Kind {
		case DraftReply:
			q, err := d.question(in.ReplyTo)
			if err != nil {
				return "", err
			}
			if err := d.mayAnswer(p, q); err != nil {
				return "", err
			}
			if err := d.holdRefusal(q, actor); err != nil {
				return "", err
			}
			payload.ReplyTo = q.ID
			payload.Visibility = replyVisibility(q.Item.Visibility)
			payload.Text = withMention(q.Item.Author, in.Text)
		case DraftUpdate:
			if in.Appeal != nil {
				if err := in.Appeal.check(); err != nil {
					return "", err
				}
			}
		case DraftBroadcast:
			if p.Role != RoleSupervisor {
				return "", fmt.Errorf("%w: only a supervisor can broadcast duty changes", ErrNotAllowed)
			}
		default:
			return "", fmt.Errorf("%w: unknown draft kind %q", ErrIllegal, in.Kind)
		}
		appeal := in.Appeal != nil && in.Kind == DraftUpdate
		payload.Findings = d.checkDraft(appeal, payload.Text)
		drafted, err := d.event(EvDrafted, actor, payload)
		if err != nil {
			return "", err
		}
		evs := []Event{drafted}
		if appeal {
			marked, err := d.event(EvAppealMarked, actor, appealMarkedPayload{Appeal: payload.Draft, Draft: payload.Draft,
				Kind: in.Appeal.Kind, Review: d.reviewDate(in.Appeal.Review)})
			if err != nil {
				return "", err
			}
			evs = append(evs, marked)
		}
		// Saving a reply ends the writer's claim in the same transaction: the
		// draft now speaks for them, and a failure cannot leave one without the other.
		if q, ok := d.questions[payload.ReplyTo]; ok && in.Kind == DraftReply && q.ClaimedBy == actor {
			released, err := d.event(EvReleased, actor, questionPayload{Question: q.ID})
			if err != nil {
				return "", err
			}
			evs = append(evs, released)
		}
		if err := d.commit(ctx, evs...); err != nil {
			return "", err
		}
		return payload.Draft, nil
	})
}

// replyVisibility keeps the stricter of the question's visibility and public.
func replyVisibility(v feeds.Visibility) feeds.Visibility {
	switch v {
	case feeds.VisibilityDirect, feeds.VisibilityPrivate, feeds.VisibilityUnlisted:
		return v
	}
	return feeds.VisibilityPublic
}

// withMention makes sure a reply names who it answers, or the server would
// not deliver it to them.
func withMention(author, text string) string {
	if author == "" || strings.Contains(text, author) {
		return text
	}
	return author + " " + text
}

func (d *Desk) check(text string) []Finding {
	if d.opts.Check == nil {
		return nil
	}
	return d.opts.Check(text)
}

func newDraftID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err)) // the OS has no randomness left; nothing is safe
	}
	return "d-" + hex.EncodeToString(b[:])
}

// draft finds a draft. The caller holds d.mu.
func (d *Desk) draft(id string) (*Draft, error) {
	dr, ok := d.drafts[id]
	if !ok {
		return nil, fmt.Errorf("%w: draft %s", ErrNotFound, id)
	}
	return dr, nil
}

// ownDraft finds a draft that is still open to change and that actor may
// change: its author, or any supervisor. The caller holds d.mu.
func (d *Desk) ownDraft(actor, id, refusal string) (*Draft, error) {
	p, err := d.actor(actor)
	if err != nil {
		return nil, err
	}
	dr, err := d.draft(id)
	if err != nil {
		return nil, err
	}
	if p.Role != RoleSupervisor && dr.Author != actor {
		return nil, fmt.Errorf("%w: %s", ErrNotAllowed, refusal)
	}
	if dr.State != DraftFlagged && dr.State != DraftOK && dr.State != DraftApproved {
		return nil, fmt.Errorf("%w: the draft is %s", ErrIllegal, dr.State)
	}
	return dr, nil
}

// EditDraft replaces a draft's text and checks it again; an earlier approval
// no longer counts. The author or a supervisor may edit.
func (d *Desk) EditDraft(ctx context.Context, actor, id, text string) error {
	return d.act(ctx, []string{draftTarget(id)}, func() error {
		if _, err := d.ownDraft(actor, id, "only the author or a supervisor can edit this draft"); err != nil {
			return err
		}
		if strings.TrimSpace(text) == "" {
			return fmt.Errorf("%w: the draft is empty", ErrIllegal)
		}
		return d.record(ctx, EvDraftEdited, actor, draftEditedPayload{Draft: id, Text: text, Findings: d.checkDraft(d.appealOf(id) != nil, text)})
	})
}

// Approve lets a draft go out. Only supervisors approve, and approving a
// flagged draft needs a reason, stored for the audit trail.
func (d *Desk) Approve(ctx context.Context, actor, id, reason string) error {
	return d.act(ctx, []string{draftTarget(id)}, func() error {
		if _, err := d.supervisor(actor, "approve drafts"); err != nil {
			return err
		}
		dr, err := d.draft(id)
		if err != nil {
			return err
		}
		if dr.State != DraftFlagged && dr.State != DraftOK {
			return fmt.Errorf("%w: the draft is %s", ErrIllegal, dr.State)
		}
		if dr.State == DraftFlagged && strings.TrimSpace(reason) == "" {
			return fmt.Errorf("%w: a flagged draft needs a reason to approve it", ErrIllegal)
		}
		return d.record(ctx, EvApproved, actor, draftDecisionPayload{Draft: id, Reason: strings.TrimSpace(reason)})
	})
}

// Reject stops a draft. A supervisor rejects any draft; an author may withdraw their own.
func (d *Desk) Reject(ctx context.Context, actor, id, reason string) error {
	return d.act(ctx, []string{draftTarget(id)}, func() error {
		if _, err := d.ownDraft(actor, id, "only a supervisor can reject someone else's draft"); err != nil {
			return err
		}
		return d.record(ctx, EvRejected, actor, draftDecisionPayload{Draft: id, Reason: reason})
	})
}

// Send posts a draft. A draft with nothing blocking it is approved by sending
// it (its author or a supervisor); a flagged draft must first be approved by a
// supervisor. The draft's ID is the post's idempotency key, so sending again
// after a failure can never post twice.
func (d *Desk) Send(ctx context.Context, actor, id string) error {
	err := d.act(ctx, []string{draftTarget(id)}, func() error {
		p, err := d.actor(actor)
		if err != nil {
			return err
		}
		dr, err := d.draft(id)
		if err != nil {
			return err
		}
		if err := d.replyTargetGone(id); err != nil {
			return err
		}
		switch dr.State {
		case DraftOK:
			if p.Role != RoleSupervisor && dr.Author != actor {
				return fmt.Errorf("%w: only the author or a supervisor can send this draft", ErrNotAllowed)
			}
			return d.record(ctx, EvApproved, actor, draftDecisionPayload{Draft: id})
		case DraftFlagged:
			return fmt.Errorf("%w: the draft is flagged (%s); a supervisor must approve it with a reason", ErrNotAllowed, summarise(dr.Findings))
		case DraftApproved:
			return nil
		case DraftPosting:
			return &PostingError{Host: dr.PostingHost}
		}
		return fmt.Errorf("%w: the draft is %s", ErrIllegal, dr.State)
	})
	if err != nil {
		return err
	}
	return d.post(ctx, actor, id)
}

func summarise(fs []Finding) string {
	var kinds []string
	seen := map[string]bool{}
	for _, f := range fs {
		if f.Severity == SeverityBlock && !seen[f.Kind] {
			seen[f.Kind] = true
			kinds = append(kinds, f.Kind)
		}
	}
	return strings.Join(kinds, ", ")
}

// Check runs the risk check on text being written, so that the compose view
// can show findings as the user types; nothing is stored.
func (d *Desk) Check(text string) []Finding { return d.check(text) }
