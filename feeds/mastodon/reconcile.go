package mastodon

import (
	"context"
	"regexp"
	"strings"
	"time"

	gomasto "github.com/mattn/go-mastodon"
)

// Reconciling: GoToSocial accepts Idempotency-Key and ignores it, snac does
// not know it, so a post that may have reached the server (a timeout, a
// reset connection, a 5xx, a crash with the draft posting) cannot simply be
// sent again with the same key. Before any such retry the account's own
// recent statuses are searched for it; a status that answers the same
// status, with the same visibility and the same text, made since the first
// attempt, is taken as this post's and adopted instead of posting again.

// reconcileSkew allows for the server's clock being behind ours: a status
// made up to this long before the first attempt (by the server's clock) may
// still be this post's.
const reconcileSkew = 2 * time.Minute

// reconcilePages bounds how far back the own statuses are searched (40 a
// page): a team posting more than that between a crash and the restart
// loses the guarantee, which the error then says.
const reconcilePages = 5

// findPosted looks among the account's own statuses for one the server made
// for toot since the first attempt. It returns nil when there is none.
func (a *account) findPosted(ctx context.Context, toot *gomasto.Toot, since time.Time) (*gomasto.Status, error) {
	own, err := a.ownID(ctx)
	if err != nil {
		return nil, err
	}
	maxID := ""
	for page := 0; page < reconcilePages; page++ {
		var sts []*gomasto.Status
		err := a.call(ctx, func(ctx context.Context) (err error) {
			sts, err = a.api.GetAccountStatuses(ctx, gomasto.ID(own), &gomasto.Pagination{Limit: 40, MaxID: gomasto.ID(maxID)})
			return err
		})
		if err != nil {
			return nil, err
		}
		for _, st := range sts {
			if st == nil {
				continue
			}
			if st.CreatedAt.Before(since.Add(-reconcileSkew)) {
				return nil, nil // newest first: the rest are older still
			}
			if samePost(st, toot) {
				return st, nil
			}
		}
		if len(sts) == 0 || string(sts[len(sts)-1].ID) == maxID {
			return nil, nil
		}
		maxID = string(sts[len(sts)-1].ID)
	}
	return nil, nil
}

// ownID is the account's own ID, asking the server if it is not known yet.
func (a *account) ownID(ctx context.Context) (string, error) {
	a.mu.Lock()
	id := a.id
	a.mu.Unlock()
	if id != "" {
		return id, nil
	}
	if err := a.verify(ctx); err != nil {
		return "", err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.id, nil
}

// samePost reports whether st is what posting toot makes: not a boost, an
// answer to the same status (or to none), as visible, with the same text.
func samePost(st *gomasto.Status, toot *gomasto.Toot) bool {
	if st.Reblog != nil || idString(st.InReplyToID) != string(toot.InReplyToID) {
		return false
	}
	if string(safeVisibility(st.Visibility)) != string(safeVisibility(toot.Visibility)) {
		return false
	}
	return comparable(PlainText(st.Content)) == comparable(toot.Status)
}

// remoteMention matches "@user@host", which servers render as "@user".
var remoteMention = regexp.MustCompile(`@([A-Za-z0-9_.-]+)@[A-Za-z0-9.-]+(:[0-9]+)?`)

// comparable is text as both the draft and the server's HTML of it read:
// mentions without their host, white space collapsed, case kept.
func comparable(text string) string {
	text = remoteMention.ReplaceAllString(text, "@$1")
	return strings.Join(strings.Fields(text), " ")
}
