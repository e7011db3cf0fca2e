package mastodon

import (
	"context"
	"fmt"

	"github.com/dutydesk/dutydesk/feeds"

	gomasto "github.com/mattn/go-mastodon"
)

// maxResumePages bounds the first catch-up after a start: from the newest
// back to where the caller left off, at most this many pages per list.
// A variable only so that a test can reach the bound with fewer posts.
var maxResumePages = 50

// SetResume tells the sources where each account's feed left off before
// this start: account name → the newest status ID the caller already holds
// from that account's feed (a mention, DM, reply or timeline status). On
// its first catch-up a source with a resume point pages backwards from the
// newest notifications and timeline statuses until it reaches that status,
// and delivers what lies after it, oldest first; without one it takes only
// the newest page, as on a first start. Call it before Sources.
func (c *Client) SetResume(points map[string]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.resume = map[string]string{}
	for name, id := range points {
		if id != "" {
			c.resume[name] = id
		}
	}
}

func (c *Client) resumePoint(account string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.resume[account]
}

// backward pages a list from the newest with max_id, following the Link
// header's next, until reached holds for an item, the list ends, or
// maxResumePages pages were read. It returns the items before the first
// reached one, newest first, and whether the page bound cut it short.
func backward[T any](ctx context.Context, a *account, fetch func(context.Context, *gomasto.Pagination) ([]T, error), reached func(T) bool) (items []T, cut bool, err error) {
	pg := &gomasto.Pagination{Limit: pageLimit}
	for page := 0; page < maxResumePages; page++ {
		var got []T
		err := a.call(ctx, func(ctx context.Context) (err error) {
			got, err = fetch(ctx, pg)
			return err
		})
		if err != nil {
			return nil, false, err
		}
		for _, it := range got {
			if reached(it) {
				return items, false, nil
			}
			items = append(items, it)
		}
		if len(got) == 0 || pg.MaxID == "" {
			return items, false, nil // the end of the list
		}
		pg = &gomasto.Pagination{Limit: pageLimit, MaxID: pg.MaxID}
	}
	return items, true, nil
}

// resumeNotifications is the first catch-up of notifications when the
// caller said where it left off: every notification after the newest
// mention of a status not newer than the resume point.
func (s *source) resumeNotifications(ctx context.Context, point string, emit func(ev feeds.Event) bool, health func(string, error)) error {
	a := s.a
	fetch := func(ctx context.Context, pg *gomasto.Pagination) ([]*gomasto.Notification, error) {
		return a.api.GetNotifications(ctx, pg)
	}
	newest := ""
	reached := func(n *gomasto.Notification) bool {
		if newest == "" {
			newest = string(n.ID)
		}
		// a mention's status is made just before its notification, so
		// mentions follow status order; reactions to old posts do not
		return n.Type == "mention" && n.Status != nil && !newer(safeID(string(n.Status.ID)), point)
	}
	ns, cut, err := backward(ctx, a, fetch, reached)
	if err != nil {
		return err
	}
	if cut {
		health(fmt.Sprintf("catch-up stopped after %d pages of notifications: older ones were not fetched", maxResumePages), nil)
	}
	for i := len(ns) - 1; i >= 0; i-- { // oldest first
		for _, ev := range s.notification(ns[i]) {
			if !emit(ev) {
				return ctx.Err()
			}
		}
	}
	if newer(newest, s.notifCursor) {
		s.notifCursor = newest
	}
	return nil
}

// resumeTimeline is the first catch-up of the team timeline after a
// resume point: every status newer than it.
func (s *source) resumeTimeline(ctx context.Context, point string, fetch func(context.Context, *gomasto.Pagination) ([]*gomasto.Status, error), emit func(ev feeds.Event) bool, health func(string, error)) error {
	newest := ""
	reached := func(st *gomasto.Status) bool {
		if newest == "" {
			newest = string(st.ID)
		}
		return !newer(safeID(string(st.ID)), point)
	}
	sts, cut, err := backward(ctx, s.a, fetch, reached)
	if err != nil {
		return err
	}
	if cut {
		health(fmt.Sprintf("catch-up stopped after %d pages of the team timeline: older posts were not fetched", maxResumePages), nil)
	}
	for i := len(sts) - 1; i >= 0; i-- {
		for _, ev := range s.timelineStatus(sts[i]) {
			if !emit(ev) {
				return ctx.Err()
			}
		}
	}
	if newer(newest, s.timelineCursor) {
		s.timelineCursor = newest
	}
	return nil
}
