package mastodon

import (
	"context"
	"fmt"

	gomasto "github.com/mattn/go-mastodon"
)

// Favourite favourites the status remoteID from the named account ("" =
// the team account): the author is notified that the team has seen it.
// Mastodon and its kin keep one favourite per account and status, so a
// retry after a lost answer changes nothing. Errors are *PostError.
func (c *Client) Favourite(ctx context.Context, account, remoteID string) error {
	a := c.team
	if account != "" {
		a = nil
		for _, x := range c.accounts {
			if x.name == account {
				a = x
			}
		}
		if a == nil {
			return &PostError{Message: fmt.Sprintf("no account named %q in [mastodon]", account)}
		}
	}
	err := a.call(ctx, func(ctx context.Context) error {
		_, err := a.api.Favourite(ctx, gomasto.ID(remoteID))
		return err
	})
	if err != nil {
		return classify(err)
	}
	return nil
}
