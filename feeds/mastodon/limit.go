package mastodon

import (
	"context"
	"math"

	gomasto "github.com/mattn/go-mastodon"
)

// DefaultMaxChars is the character limit of a status where the server does
// not say (Mastodon's own default).
const DefaultMaxChars = 500

// MaxChars is the longest status the server accepts, in characters, as its
// instance information says (configuration.statuses.max_characters);
// DefaultMaxChars when it says nothing or cannot be asked. It is asked once and remembered.
func (c *Client) MaxChars(ctx context.Context) int {
	c.mu.Lock()
	n := c.maxChars
	c.mu.Unlock()
	if n > 0 {
		return n
	}
	var in *gomasto.Instance
	a := c.team
	if a == nil && len(c.accounts) > 0 {
		a = c.accounts[0]
	}
	if a == nil {
		return DefaultMaxChars
	}
	err := a.call(ctx, func(ctx context.Context) (err error) {
		in, err = a.api.GetInstance(ctx)
		return err
	})
	if err != nil {
		return DefaultMaxChars // not remembered: asked again next time
	}
	n = DefaultMaxChars
	if in != nil && in.Configuration != nil && in.Configuration.Statuses != nil {
		if v, ok := (*in.Configuration.Statuses)["max_characters"].(float64); ok && v >= 50 && v <= math.MaxInt32 {
			n = int(v)
		}
	}
	c.mu.Lock()
	c.maxChars = n
	c.mu.Unlock()
	return n
}

// knownMaxChars is the limit MaxChars last read, or DefaultMaxChars: Post
// asks the server nothing more than the post itself.
func (c *Client) knownMaxChars() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.maxChars > 0 {
		return c.maxChars
	}
	return DefaultMaxChars
}
