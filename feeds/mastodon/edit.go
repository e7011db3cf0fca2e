package mastodon

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/dutydesk/dutydesk/feeds"
	gomasto "github.com/mattn/go-mastodon"
)

var _ feeds.Editor = (*Client)(nil)

// named returns the configured account called name ("" = the team account).
func (c *Client) named(name string) (*account, error) {
	if name == "" {
		return c.team, nil
	}
	for _, x := range c.accounts {
		if x.name == name {
			return x, nil
		}
	}
	return nil, &PostError{Message: fmt.Sprintf("no account named %q in [mastodon]", name)}
}

// owner returns the configured account that wrote st.
func (c *Client) owner(ctx context.Context, st *gomasto.Status) (*account, error) {
	for _, a := range c.accounts {
		id, err := a.ownID(ctx)
		if err != nil {
			return nil, classify(err)
		}
		if id == string(st.Account.ID) {
			return a, nil
		}
	}
	return nil, &PostError{Status: http.StatusForbidden, Message: fmt.Sprintf("status %s was posted by @%s, not by one of the accounts in [mastodon]",
		safeID(string(st.ID)), feeds.SafeLine(st.Account.Acct))}
}

// retry runs op up to PostAttempts times, waiting between attempts as Post
// does (a 429 until the limit resets), while the error is retryable.
func (c *Client) retry(ctx context.Context, op func(attempt int) error) error {
	bo := newBackoff(c.opts)
	var last error
	for attempt := 0; attempt < c.opts.PostAttempts; attempt++ {
		if attempt > 0 {
			if err := c.pause(ctx, bo, last); err != nil {
				break
			}
		}
		err := op(attempt)
		if err == nil {
			return nil
		}
		if last = classify(err); !retryable(last) || ctx.Err() != nil {
			return last
		}
	}
	if last == nil {
		last = &PostError{Message: "gave up: " + feeds.SafeLine(fmt.Sprint(ctx.Err())), Retryable: true}
	}
	return last
}

// pause waits before another attempt after last failed: the backoff's
// next step, or after a 429 until the rate limit resets.
func (c *Client) pause(ctx context.Context, bo *backoff, last error) error {
	d := bo.wait()
	var rl *RateLimitError
	if errors.As(last, &rl) {
		d = max(rl.Until.Sub(c.opts.Now()), 0)
	}
	return sleep(ctx, d)
}

// Edit replaces the text of the team's status e.RemoteID (Mastodon's
// PUT /api/v1/statuses/:id; media are dropped). Before every attempt the
// status is read: one that already says e.Text (an earlier attempt, or a
// run of dutydesk that stopped mid-edit, reached the server) is taken as
// edited, so the edit is made once. Errors are *PostError.
func (c *Client) Edit(ctx context.Context, e feeds.Edit) (feeds.Posted, error) {
	a, err := c.named(e.Account)
	if err != nil {
		return feeds.Posted{}, err
	}
	var done *gomasto.Status
	err = c.retry(ctx, func(int) error {
		var st *gomasto.Status
		err := a.call(ctx, func(ctx context.Context) (err error) {
			st, err = a.api.GetStatus(ctx, gomasto.ID(e.RemoteID))
			return err
		})
		if err != nil {
			return err
		}
		if comparable(PlainText(st.Content)) == comparable(e.Text) {
			done = st
			return nil
		}
		by := a
		if e.Account == "" {
			if by, err = c.owner(ctx, st); err != nil {
				return err
			}
		}
		err = by.call(ctx, func(ctx context.Context) (err error) {
			st, err = by.api.UpdateStatus(ctx, &gomasto.Toot{Status: e.Text}, gomasto.ID(e.RemoteID))
			return err
		})
		if err == nil && (st == nil || string(st.ID) != e.RemoteID) {
			err = &PostError{Message: "the server confirmed the edit with another status; asking again", Retryable: true}
		}
		done = st
		return err
	})
	if err != nil {
		return feeds.Posted{}, err
	}
	return c.posted(done), nil
}

// Delete removes the team's status remoteID. A status the server no longer
// has (404) counts as removed: a retry after a lost answer succeeds.
// Errors are *PostError.
func (c *Client) Delete(ctx context.Context, account, remoteID string) error {
	a, err := c.named(account)
	if err != nil {
		return err
	}
	err = c.retry(ctx, func(int) error {
		by := a
		if account == "" {
			var st *gomasto.Status
			err := a.call(ctx, func(ctx context.Context) (err error) {
				st, err = a.api.GetStatus(ctx, gomasto.ID(remoteID))
				return err
			})
			if err != nil {
				return err
			}
			if by, err = c.owner(ctx, st); err != nil {
				return err
			}
		}
		return by.call(ctx, func(ctx context.Context) error {
			return by.api.DeleteStatus(ctx, gomasto.ID(remoteID))
		})
	})
	var pe *PostError
	if errors.As(err, &pe) && pe.Status == http.StatusNotFound {
		return nil // gone already: what was asked for
	}
	return err
}
