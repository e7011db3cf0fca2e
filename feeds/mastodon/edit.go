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

// Edit replaces the text of the team's status e.RemoteID (Mastodon's
// PUT /api/v1/statuses/:id; media are dropped). Before every retry the
// status is read back and, if it already says e.Text, the edit counts as
// made: an edit is sent once per attempt that cannot have reached the
// server. Errors are *PostError.
func (c *Client) Edit(ctx context.Context, e feeds.Edit) (feeds.Posted, error) {
	a, err := c.named(e.Account)
	if err != nil {
		return feeds.Posted{}, err
	}
	bo := newBackoff(c.opts)
	var last error
	for attempt := 0; attempt < c.opts.PostAttempts; attempt++ {
		if attempt > 0 {
			d := bo.wait()
			var rl *RateLimitError
			if errors.As(last, &rl) {
				d = max(rl.Until.Sub(c.opts.Now()), 0)
				a.report(rl.Error(), rl)
			}
			if err := sleep(ctx, d); err != nil {
				break
			}
			// The last attempt may have reached the server.
			var st *gomasto.Status
			err := a.call(ctx, func(ctx context.Context) (err error) {
				st, err = a.api.GetStatus(ctx, gomasto.ID(e.RemoteID))
				return err
			})
			if err != nil {
				if last = classify(err); retryable(last) {
					continue
				}
				return feeds.Posted{}, last
			}
			if st != nil && comparable(PlainText(st.Content)) == comparable(e.Text) {
				return c.posted(st), nil
			}
		}
		var st *gomasto.Status
		err := a.call(ctx, func(ctx context.Context) (err error) {
			st, err = a.api.UpdateStatus(ctx, &gomasto.Toot{Status: e.Text}, gomasto.ID(e.RemoteID))
			return err
		})
		if err == nil && (st == nil || string(st.ID) != e.RemoteID) {
			err = &PostError{Message: "the server confirmed the edit with another status; asking again", Retryable: true}
		}
		if err == nil {
			return c.posted(st), nil
		}
		if last = classify(err); !retryable(last) || ctx.Err() != nil {
			break
		}
	}
	if last == nil {
		last = &PostError{Message: "gave up: " + feeds.SafeLine(fmt.Sprint(ctx.Err())), Retryable: true}
	}
	return feeds.Posted{}, last
}

// Delete removes the team's status remoteID. A status the server no longer
// has (404) counts as removed: a retry after a lost answer succeeds.
// Errors are *PostError.
func (c *Client) Delete(ctx context.Context, account, remoteID string) error {
	a, err := c.named(account)
	if err != nil {
		return err
	}
	bo := newBackoff(c.opts)
	var last error
	for attempt := 0; attempt < c.opts.PostAttempts; attempt++ {
		if attempt > 0 {
			d := bo.wait()
			var rl *RateLimitError
			if errors.As(last, &rl) {
				d = max(rl.Until.Sub(c.opts.Now()), 0)
			}
			if err := sleep(ctx, d); err != nil {
				break
			}
		}
		err := a.call(ctx, func(ctx context.Context) error {
			return a.api.DeleteStatus(ctx, gomasto.ID(remoteID))
		})
		if err == nil {
			return nil
		}
		last = classify(err)
		var pe *PostError
		if errors.As(last, &pe) && pe.Status == http.StatusNotFound {
			return nil
		}
		if !retryable(last) || ctx.Err() != nil {
			break
		}
	}
	if last == nil {
		last = &PostError{Message: "gave up: " + feeds.SafeLine(fmt.Sprint(ctx.Err())), Retryable: true}
	}
	return last
}
