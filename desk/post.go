package desk

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// DefaultPostLease is how long a host's claim on a post stands against other
// hosts sharing the store. It is far beyond a post's own retries and well
// within the hour a Mastodon server keeps an idempotency key, so a host that
// takes a post over after the lease sends the same key the server still
// remembers: a post that did go out is not made twice.
const DefaultPostLease = 5 * time.Minute

// claimTries bounds how often a claim is decided again after another host
// appended first; settleTries the same for recording a post's outcome, which
// matters more: the post has gone out.
const (
	claimTries  = 5
	settleTries = 10
)

// PostingError says that a draft is already being posted, by this host or
// another one sharing the store: nobody else may post it.
type PostingError struct{ Host string }

func (e *PostingError) Error() string {
	if e.Host == "" {
		return ErrIllegal.Error() + ": the draft is already being posted"
	}
	return ErrIllegal.Error() + ": the draft is already being posted from " + e.Host
}

// Is makes a PostingError an ErrIllegal.
func (e *PostingError) Is(target error) bool { return target == ErrIllegal }

// errNotDue tells ResumePosting that a draft needs nothing from this host
// (posted meanwhile, or claimed by another host whose lease stands).
var errNotDue = errors.New("draft not due for resuming here")

// ResumePosting sends again, with the same idempotency key, every draft that
// was being posted when it stopped: the server either has it (and returns
// the same status) or posts it now.
//
// With a store shared by several hosts, a draft is resumed here only if this
// host claimed it (before a restart) or the claim's lease has run out (its
// host died mid-post), and each is claimed again first, so that of several
// hosts resuming at once exactly one posts it. A draft another live host is
// posting is left to that host.
func (d *Desk) ResumePosting(ctx context.Context) error {
	d.mu.RLock()
	var due, autoAcks, advice []string
	for _, dr := range d.draftList {
		switch {
		case dr.State == DraftPosting && d.mayResume(dr):
			due = append(due, dr.ID)
		case dr.State == DraftApproved && dr.Kind == DraftAutoAck && d.opts.Poster != nil:
			// stored with the arrival that asked for it, not yet sent
			autoAcks = append(autoAcks, dr.ID)
		case dr.State == DraftApproved && dr.Kind == DraftAdvice && d.opts.Poster != nil:
			advice = append(advice, dr.ID)
		}
	}
	d.mu.RUnlock()
	for _, id := range due {
		err := d.postDraft(ctx, SystemActor, id, true)
		if errors.Is(err, errNotDue) {
			continue
		}
		if err != nil {
			return fmt.Errorf("resume posting draft %s: %w", id, err)
		}
	}
	// Stored automatic replies go through the sender, like new ones.
	d.sendAdvice(ctx, advice)
	d.sendAutoAcks(ctx, autoAcks)
	// An appeal's post being edited or deleted when dutydesk stopped.
	if d.opts.Poster != nil {
		if err := d.resumeAppealPosts(ctx); err != nil {
			return fmt.Errorf("resume changing an appeal's post: %w", err)
		}
	}
	return nil
}

// KeepPosting resumes, for as long as ctx lasts, posts abandoned by hosts
// that died mid-post, checking a few times per lease. With a store nobody
// else writes to (SQLite) it returns at once: ResumePosting at start is all
// that is needed. Failures show as the "posting" health condition.
func (d *Desk) KeepPosting(ctx context.Context) {
	if !d.shared() {
		return
	}
	tick := time.NewTicker(max(d.opts.PostLease/4, time.Second))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if err := d.ResumePosting(ctx); err != nil && ctx.Err() == nil {
			d.SetHealth("posting", err.Error())
		}
	}
}

// post sends an approved draft and records the outcome.
func (d *Desk) post(ctx context.Context, actor, id string) error {
	return d.postDraft(ctx, actor, id, false)
}

// postDraft sends a draft and records the outcome: an approved draft when
// sending, one left posting when resuming.
func (d *Desk) postDraft(ctx context.Context, actor, id string, resume bool) error {
	if err := d.lock(ctx); err != nil {
		return err
	}
	if _, err := d.draft(id); err != nil {
		d.unlock()
		return err
	}
	if d.opts.Poster == nil {
		d.unlock()
		return fmt.Errorf("%w: no account is configured to post from", ErrIllegal)
	}
	if err := d.replyTargetGone(id); err != nil && !resume {
		d.unlock()
		return err
	}
	dr, err := d.claim(ctx, actor, id, resume)
	if err != nil {
		d.unlock()
		return err
	}
	d.inFlight[id] = true
	// Resumed after a restart, or sent again after a failure (which may
	// have been a timeout after the server made it): the server may have
	// it already, and not every server honours the key.
	post := feeds.Post{Key: dr.ID, Account: dr.Account, Text: dr.Text, Visibility: dr.Visibility,
		MaySent: resume || dr.LastError != "", Since: dr.FirstPosted}
	if q, ok := d.questions[dr.ReplyTo]; ok {
		post.InReplyTo = q.Item.RemoteID
	} else if dr.ReplyTo != "" {
		// A reply never goes out unthreaded; resumed after its question
		// went, it still answers that status (the server refuses it then).
		post.InReplyTo = dr.ReplyRemote
	}
	d.unlock()

	posted, postErr := d.opts.Poster.Post(ctx, post)

	d.lockAlways()
	defer d.unlock()
	delete(d.inFlight, id)
	return d.settle(context.WithoutCancel(ctx), actor, id, posted, postErr)
}

// claim decides that this desk posts draft id now, and stores the decision
// (draft.post_started, with this host's name) before anything is sent.
// Sending claims an approved draft; resuming claims again one left posting.
// With a shared store the database decides: the claim is appended only if
// nobody appended since this desk last looked, so of hosts claiming at once
// exactly one wins, and the others catch up, see the draft posting from the
// winner and leave it. The caller holds d.mu.
func (d *Desk) claim(ctx context.Context, actor, id string, resume bool) (*Draft, error) {
	for try := 1; ; try++ {
		dr, err := d.draft(id)
		if err != nil {
			return nil, err
		}
		switch {
		case !resume && dr.State == DraftApproved:
		case resume && dr.State == DraftPosting && d.mayResume(dr):
			if !d.shared() {
				// One host: nobody to claim it from; post as always.
				return dr, nil
			}
		case resume:
			return nil, errNotDue
		case dr.State == DraftPosting:
			return nil, &PostingError{Host: dr.PostingHost}
		default:
			return nil, fmt.Errorf("%w: the draft is %s", ErrIllegal, dr.State)
		}
		err = d.record(ctx, EvPostStarted, actor, postStartedPayload{Draft: id, Host: d.opts.Host, Claim: d.claimID})
		if errors.Is(err, ErrConflict) && try < claimTries {
			continue // caught up already (commit does): decide again
		}
		if err != nil {
			return nil, err
		}
		return dr, nil
	}
}

// mayResume reports whether this desk may send again a draft left posting:
// not while this process is sending it; with a shared store, only if this
// host claimed it or the claim's lease has run out. The caller holds d.mu.
func (d *Desk) mayResume(dr *Draft) bool {
	if d.inFlight[dr.ID] {
		return false
	}
	if !d.shared() || dr.PostingHost == d.opts.Host {
		return true
	}
	return !d.opts.Now().Before(dr.PostingSince.Add(d.opts.PostLease))
}

// settle records how a post went, against what the store holds by now: a
// success unless another host recorded it already, a failure only while this
// desk's claim stands (a host that took the claim over is posting it now).
// Another host's append in between is caught up with and settled again, not
// reported: the post has gone out, and its record must not be lost. The
// caller holds d.mu.
func (d *Desk) settle(ctx context.Context, actor, id string, posted feeds.Posted, postErr error) error {
	for try := 1; ; try++ {
		dr, err := d.draft(id)
		if err != nil {
			return err
		}
		if postErr != nil {
			if dr.State != DraftPosting || (d.shared() && dr.claim != d.claimID) {
				return fmt.Errorf("post draft %s: %w", id, postErr)
			}
			err := d.record(ctx, EvPostFailed, actor, postFailedPayload{Draft: id, Error: postErr.Error()})
			if errors.Is(err, ErrConflict) && try < settleTries {
				continue
			}
			if err != nil {
				return fmt.Errorf("post draft %s: %v; and recording the failure: %w", id, postErr, err)
			}
			return fmt.Errorf("post draft %s: %w", id, postErr)
		}
		if dr.State == DraftPosted {
			return nil // another host that took it over recorded it
		}
		ev, err := d.event(EvPosted, actor, postedPayload{Draft: id, RemoteID: posted.RemoteID, URL: posted.URL})
		if err != nil {
			return err
		}
		evs := []Event{ev}
		// An auto-acknowledgement, emergency advice or the x key's
		// acknowledgement reply says the team will answer later: the
		// question stays for the team.
		if q, ok := d.questions[dr.ReplyTo]; ok && !dr.Kind.automatic() && dr.Kind != DraftAck && q.State.canMoveTo(StateAnswered) {
			ev, err := d.event(EvAnswered, actor, questionPayload{Question: q.ID, Draft: id})
			if err != nil {
				return err
			}
			evs = append(evs, ev)
		}
		// One answer: every other reply waiting for the question is withdrawn
		// (one already being posted elsewhere cannot be, and is left).
		if dr.Kind == DraftReply && dr.ReplyTo != "" {
			for _, other := range d.draftList {
				if other.ID == id || !openReply(other, dr.ReplyTo) || other.State == DraftPosting {
					continue
				}
				ev, err := d.event(EvSuperseded, actor, draftDecisionPayload{Draft: other.ID, Reason: "the question was answered"})
				if err != nil {
					return err
				}
				evs = append(evs, ev)
			}
		}
		err = d.commit(ctx, evs...)
		if errors.Is(err, ErrConflict) && try < settleTries {
			continue
		}
		return err
	}
}

// shared reports whether other hosts append to the store (PostgreSQL):
// then posts in flight are claimed and may be taken over between hosts. An
// SQLite file is followed too (several processes on one machine), but not
// shared in this sense: see RELIABILITY.md for what that leaves.
func (d *Desk) shared() bool {
	_, follows := d.store.(Follower)
	_, local := d.store.(interface{ local() })
	return follows && !local
}

// newClaimID names one desk process in the posts it claims.
func newClaimID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err)) // the OS has no randomness left; nothing is safe
	}
	return hex.EncodeToString(b[:])
}

// defaultHost is the machine's name, or a random one if it has none.
func defaultHost() string {
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "host-" + newClaimID()
}
