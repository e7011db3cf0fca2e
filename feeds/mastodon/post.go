package mastodon

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/dutydesk/dutydesk/feeds"
	gomasto "github.com/mattn/go-mastodon"
)

// PostError says why a post failed. A Retryable one may succeed later with
// the same key; one that is not (4xx) needs the draft changed, and Message is
// the server's own words for the status bar.
type PostError struct {
	Status    int // HTTP status, 0 when the server never answered
	Message   string
	Retryable bool
}

func (e *PostError) Error() string {
	if e.Status == 0 {
		return "post failed: " + e.Message
	}
	return fmt.Sprintf("post refused (%d %s): %s", e.Status, http.StatusText(e.Status), e.Message)
}

var _ feeds.Poster = (*Client)(nil)

// visibilityRank orders visibilities from widest to narrowest.
var visibilityRank = map[string]int{"public": 0, "unlisted": 1, "private": 2, "direct": 3}

// narrower returns whichever of a and b shows the post to fewer people.
func narrower(a, b string) string {
	if visibilityRank[b] > visibilityRank[a] {
		return b
	}
	return a
}

// Post sends p from the named account ("" = the team account). A reply
// threads under what it answers, mentions its author and is never more
// visible than it; p.Key is sent as the Idempotency-Key on every attempt,
// for servers that honour it (Mastodon). Before any retry of a post that may
// have reached the server — and before the first attempt when p.MaySent —
// the account's own recent statuses are searched for it and a match is
// adopted, so servers that ignore the key (GoToSocial) or do not know it
// (snac) never get it twice either. A 429 waits for the rate limit to reset.
// Errors are *PostError.
//
// A text longer than the server's character limit (as Verify read it, else
// DefaultMaxChars) goes out as a
// thread: split between paragraphs where it can (a bilingual post's two
// languages), else between sentences or words, each part answering the one
// before with the post's key and its part number ("key/2"), each part a
// reply's mention carried on, so a direct reply reaches its person whole.
// The first part is what Post returns.
func (c *Client) Post(ctx context.Context, p feeds.Post) (feeds.Posted, error) {
	limit := c.knownMaxChars()
	if p.InReplyTo != "" {
		limit -= mentionReserve
	}
	parts := SplitPost(p.Text, limit)
	if len(parts) == 1 {
		return c.postOne(ctx, p)
	}
	if p.Key == "" {
		p.Key = newKey()
	}
	first := p
	first.Text = parts[0]
	posted, err := c.postOne(ctx, first)
	if err != nil {
		return feeds.Posted{}, err
	}
	mention := ""
	if p.InReplyTo != "" {
		if k, ok := c.lookup(p.InReplyTo); ok && k.acct != "" && !c.ownAcct(k.acct) {
			mention = "@" + k.acct + " "
		}
	}
	prev := posted.RemoteID
	for i, text := range parts[1:] {
		next := p
		next.Key, next.InReplyTo = fmt.Sprintf("%s/%d", p.Key, i+2), prev
		next.Text = text
		if mention != "" && !mentions(text, strings.TrimSpace(mention)[1:]) {
			next.Text = mention + text
		}
		got, err := c.postOne(ctx, next)
		if err != nil {
			return feeds.Posted{}, fmt.Errorf("part %d of %d of the thread: %w", i+2, len(parts), err)
		}
		prev = got.RemoteID
	}
	return posted, nil
}

// mentionReserve is room kept in each part of a reply for the mention of
// the person it answers ("@amy@mastodon.example ").
const mentionReserve = 64

// ownAcct reports whether acct is one of the configured accounts.
func (c *Client) ownAcct(acct string) bool {
	for _, a := range c.accounts {
		if a.isSelf(acct) {
			return true
		}
	}
	return false
}

// postOne sends one status: Post without the splitting.
func (c *Client) postOne(ctx context.Context, p feeds.Post) (feeds.Posted, error) {
	a, err := c.named(p.Account)
	if err != nil {
		return feeds.Posted{}, err
	}
	key := p.Key
	if key == "" {
		key = newKey()
	}
	ctx = withIdempotencyKey(ctx, key)
	toot := &gomasto.Toot{Status: p.Text, Visibility: string(p.Visibility)}
	if toot.Visibility == "" {
		toot.Visibility = c.cfg.visibility()
	}
	since := p.Since
	if since.IsZero() {
		since = c.opts.Now()
	}
	maySent := p.MaySent
	bo := newBackoff(c.opts)
	var last error
	for attempt := 0; attempt < c.opts.PostAttempts; attempt++ {
		if attempt > 0 {
			var rl *RateLimitError
			if errors.As(last, &rl) {
				a.report(rl.Error(), rl)
			}
			if err := c.pause(ctx, bo, last); err != nil {
				break
			}
		}
		if p.InReplyTo != "" && toot.InReplyToID == "" {
			if err := c.threadReply(ctx, a, p, toot); err != nil {
				if last = err; retryable(err) {
					continue
				}
				return feeds.Posted{}, err
			}
		}
		if maySent {
			// An earlier attempt may have reached the server: a server that
			// ignores Idempotency-Key would make a second status.
			st, err := a.findPosted(ctx, toot, since)
			if err != nil {
				if last = classify(err); retryable(last) {
					continue
				}
				return feeds.Posted{}, last
			}
			if st != nil {
				return c.posted(st), nil
			}
		}
		var st *gomasto.Status
		err := a.call(ctx, func(ctx context.Context) (err error) {
			st, err = a.api.PostStatus(ctx, toot)
			return err
		})
		if err == nil {
			err = a.checkPosted(st, toot)
		}
		if err == nil {
			return c.posted(st), nil
		}
		last = classify(err)
		var rl *RateLimitError
		maySent = maySent || !errors.As(last, &rl) // a 429 was refused unread
		var pe *PostError
		if toot.InReplyToID != "" && errors.As(last, &pe) && pe.Status == http.StatusNotFound {
			// the server no longer has the status being answered
			return feeds.Posted{}, a.questionGone(string(toot.InReplyToID), pe)
		}
		if !retryable(last) {
			return feeds.Posted{}, last
		}
		if ctx.Err() != nil {
			break
		}
	}
	var pe *PostError
	if errors.As(last, &pe) {
		return feeds.Posted{}, &PostError{Status: pe.Status, Message: "gave up: " + pe.Message, Retryable: true}
	}
	if last == nil {
		last = ctx.Err()
	}
	return feeds.Posted{}, &PostError{Message: "gave up: " + feeds.SafeLine(a.redact.err(last).Error()), Retryable: true}
}

// posted remembers the status a post made and says what it is.
func (c *Client) posted(st *gomasto.Status) feeds.Posted {
	c.remember(safeID(string(st.ID)), st.Visibility, st.Account.Acct)
	return feeds.Posted{RemoteID: safeID(string(st.ID)), URL: feeds.SafeLine(st.URL)}
}

// threadReply makes toot answer p.InReplyTo: never wider than the status it
// answers, and mentioning its author so that a direct reply reaches them.
func (c *Client) threadReply(ctx context.Context, a *account, p feeds.Post, toot *gomasto.Toot) error {
	k, ok := c.lookup(p.InReplyTo)
	if !ok {
		var st *gomasto.Status
		err := a.call(ctx, func(ctx context.Context) (err error) {
			st, err = a.api.GetStatus(ctx, gomasto.ID(p.InReplyTo))
			return err
		})
		if err == nil && string(st.ID) != p.InReplyTo {
			err = &PostError{Message: fmt.Sprintf("asked for status %s, the server answered with %s", p.InReplyTo, safeID(string(st.ID))), Retryable: true}
		}
		if err != nil {
			err = classify(err)
			var pe *PostError
			if errors.As(err, &pe) && pe.Status == http.StatusNotFound {
				return a.questionGone(p.InReplyTo, pe)
			}
			return err
		}
		k = knownStatus{visibility: string(safeVisibility(st.Visibility)), acct: st.Account.Acct}
		c.remember(p.InReplyTo, k.visibility, k.acct)
	}
	toot.Visibility = narrower(toot.Visibility, k.visibility)
	if k.acct != "" && !a.isSelf(k.acct) && !mentions(toot.Status, k.acct) {
		toot.Status = "@" + k.acct + " " + toot.Status
	}
	toot.InReplyToID = gomasto.ID(p.InReplyTo)
	return nil
}

// questionGone handles a 404 for the status a reply answers: the item
// disappears from the desk, and the error says why the draft cannot go.
func (a *account) questionGone(remoteID string, pe *PostError) error {
	a.gone(remoteID)
	return &PostError{Status: pe.Status, Message: "the question was deleted by its author (" + pe.Message + ")"}
}

func (a *account) isSelf(acct string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.acct != "" && strings.EqualFold(a.acct, acct)
}

// mentions reports whether text already mentions acct.
func mentions(text, acct string) bool {
	for _, w := range strings.Fields(strings.ToLower(text)) {
		w = strings.TrimRight(w, ".,:;!?")
		if w == "@"+strings.ToLower(acct) {
			return true
		}
	}
	return false
}

// checkPosted makes sure the status the server answered a post with is the
// one just made: the account's own, answering what the post answers. A
// server (or a cache in front of it) that answers with another status has
// not confirmed the post; retrying with the same Idempotency-Key asks again
// without posting twice.
func (a *account) checkPosted(st *gomasto.Status, toot *gomasto.Toot) error {
	a.mu.Lock()
	own := a.id
	a.mu.Unlock()
	wrong := ""
	switch {
	case st == nil || st.ID == "":
		wrong = "no status"
	case own != "" && string(st.Account.ID) != own:
		wrong = fmt.Sprintf("status %s by @%s", safeID(string(st.ID)), feeds.SafeLine(st.Account.Acct))
	case toot.InReplyToID != "" && idString(st.InReplyToID) != string(toot.InReplyToID):
		wrong = fmt.Sprintf("status %s, which answers %s rather than %s", safeID(string(st.ID)), safeID(idString(st.InReplyToID)), toot.InReplyToID)
	}
	if wrong == "" {
		return nil
	}
	return &PostError{Message: "the server confirmed the post with " + wrong + "; asking again", Retryable: true}
}

// classify turns an API or network error into a *PostError.
func classify(err error) error {
	var apiErr *gomasto.APIError
	var rl *RateLimitError
	var pe *PostError
	switch {
	case errors.As(err, &rl), errors.As(err, &pe):
		return err
	case errors.As(err, &apiErr):
		msg := feeds.SafeText(apiErr.Message)
		if msg == "" {
			msg = http.StatusText(apiErr.StatusCode)
		}
		return &PostError{Status: apiErr.StatusCode, Message: msg,
			Retryable: apiErr.StatusCode >= 500 || apiErr.StatusCode == http.StatusRequestTimeout}
	case timeoutErr(err):
		return &PostError{Message: "the server did not answer in time", Retryable: true}
	}
	return &PostError{Message: feeds.SafeLine(err.Error()), Retryable: true}
}

func retryable(err error) bool {
	var rl *RateLimitError
	if errors.As(err, &rl) {
		return true
	}
	var pe *PostError
	return errors.As(err, &pe) && pe.Retryable
}
