package mastodon

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
	gomasto "github.com/mattn/go-mastodon"
)

// Options tune a Client; the zero value is right for real servers, tests
// shorten the waits.
type Options struct {
	// Transport replaces http.DefaultTransport under the client's own
	// RoundTripper (tests, proxies).
	Transport http.RoundTripper
	// Logger receives connection changes; nil discards them. Tokens are
	// never logged.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// RequestTimeout bounds every REST call (default 30s).
	RequestTimeout time.Duration
	// BackoffMin and BackoffMax bound the wait between reconnects and post
	// retries (default 1s and 2m); each wait doubles, with jitter.
	BackoffMin, BackoffMax time.Duration
	// MaxRateLimitWait is the longest a single request waits out a 429
	// before giving up with a *RateLimitError (default 5m).
	MaxRateLimitWait time.Duration
	// PostAttempts is how many times Post tries before giving up (default 5).
	PostAttempts int
	// StreamIdle is how long a stream may stay silent (no event, no ping)
	// before it is taken for dead and reconnected (default 2m).
	StreamIdle time.Duration
	// PollInterval overrides Config.PollInterval without its 5s minimum
	// (tests).
	PollInterval time.Duration
}

func (o Options) withDefaults() Options {
	if o.Transport == nil {
		o.Transport = http.DefaultTransport
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.RequestTimeout, 30*time.Second)
	def(&o.BackoffMin, time.Second)
	def(&o.BackoffMax, 2*time.Minute)
	def(&o.MaxRateLimitWait, 5*time.Minute)
	def(&o.StreamIdle, 2*time.Minute)
	if o.PostAttempts <= 0 {
		o.PostAttempts = 5
	}
	return o
}

// Client is a connection to one Mastodon-API server for all the configured
// accounts. It is safe for concurrent use.
type Client struct {
	cfg      Config
	opts     Options
	base     *url.URL
	host     string
	timeline timeline
	accounts []*account
	team     *account

	mu     sync.Mutex
	own    map[string]bool        // account IDs of the configured accounts
	known  map[string]knownStatus // remote status ID → what a reply must respect
	resume map[string]string      // account name → newest status ID held (SetResume)
	// maxChars is the server's status length limit, once asked (MaxChars).
	maxChars int
}

type knownStatus struct {
	visibility string
	acct       string
}

// account is one configured account and its API client.
type account struct {
	c      *Client
	name   string
	key    string // "mastodon.accounts[i]" for messages
	team   bool
	token  string
	redact redactor
	api    *gomasto.Client
	rt     *transport
	health chan feeds.Event

	mu   sync.Mutex
	id   string // own account ID, once verified
	acct string
}

// New checks cfg, loads every account's token and prepares the client. It
// does not contact the server; Verify does.
func New(cfg Config, opts Options) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	base, _ := url.Parse(strings.TrimRight(cfg.Instance, "/"))
	tl, _ := parseTimeline(cfg.Timeline)
	c := &Client{cfg: cfg, opts: opts, base: base, host: base.Host, timeline: tl,
		own: map[string]bool{}, known: map[string]knownStatus{}}
	for i, ac := range cfg.Accounts {
		key := fmt.Sprintf("mastodon.accounts[%d]", i)
		tok, err := ac.loadToken(key)
		if err != nil {
			return nil, err
		}
		a := &account{c: c, name: ac.Name, key: key, team: ac.Team, token: tok, redact: redactor(tok),
			health: make(chan feeds.Event, 16)}
		a.rt = &transport{base: opts.Transport, now: opts.Now, maxWait: opts.MaxRateLimitWait,
			health: func(msg string, err error) { a.report(msg, err) }}
		a.api = &gomasto.Client{
			Client:    http.Client{Transport: a.rt},
			Config:    &gomasto.Config{Server: base.String(), AccessToken: tok},
			UserAgent: "dutydesk",
		}
		c.accounts = append(c.accounts, a)
		if ac.Team {
			c.team = a
		}
	}
	return c, nil
}

// report queues a health event for the account's source to deliver; the
// oldest is dropped when nobody is reading.
func (a *account) report(msg string, err error) {
	a.queue(feeds.Event{Type: feeds.EventHealth, Health: a.name + ": " + feeds.SafeLine(msg), Err: a.redact.err(err)})
}

// queue puts ev on the account's event queue for its source to deliver,
// dropping the oldest when nobody is reading.
func (a *account) queue(ev feeds.Event) {
	for {
		select {
		case a.health <- ev:
			return
		default:
		}
		select {
		case <-a.health:
		default:
		}
	}
}

// gone reports that the status remoteID answered 404 on a refresh: it is
// forgotten, and a delete goes out through the account's source (queued
// with its health reports) so that the item disappears from the desk.
func (a *account) gone(remoteID string) {
	a.c.mu.Lock()
	delete(a.c.known, remoteID)
	a.c.mu.Unlock()
	a.queue(feeds.Event{Type: feeds.EventDelete, Item: feeds.Item{ID: a.c.ItemID(remoteID), Source: a.name, RemoteID: remoteID}})
	a.report("a status being answered was deleted by its author", nil)
}

// call gives fn a context bounded by the request timeout.
func (a *account) call(ctx context.Context, fn func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, a.c.opts.RequestTimeout)
	defer cancel()
	return a.redact.err(fn(ctx))
}

// Verify checks every account's token with the server, so that a bad one
// stops start-up with a clear message, and reads the server's status length
// limit (MaxChars).
func (c *Client) Verify(ctx context.Context) error {
	var errs []error
	for _, a := range c.accounts {
		if err := a.verify(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) == 0 {
		// the status length limit, for posts too long for one status
		c.MaxChars(ctx)
	}
	return errors.Join(errs...)
}

func (a *account) verify(ctx context.Context) error {
	var me *gomasto.Account
	err := a.call(ctx, func(ctx context.Context) (err error) {
		me, err = a.api.GetAccountCurrentUser(ctx)
		return err
	})
	if err != nil {
		var apiErr *gomasto.APIError
		// snac answers a bad or revoked token with 422; verify_credentials
		// has nothing else to be unprocessable about.
		if errors.As(err, &apiErr) && (apiErr.StatusCode == 401 || apiErr.StatusCode == 403 || apiErr.StatusCode == 422) {
			msg := feeds.SafeText(apiErr.Message)
			if msg == "" {
				msg = http.StatusText(apiErr.StatusCode)
			}
			return &AuthError{Account: a.name, Instance: a.c.base.String(), Message: msg}
		}
		return fmt.Errorf("%s: checking the account on %s: %w", a.name, a.c.host, err)
	}
	a.mu.Lock()
	a.id, a.acct = string(me.ID), me.Acct
	a.mu.Unlock()
	a.c.mu.Lock()
	a.c.own[string(me.ID)] = true
	a.c.mu.Unlock()
	return nil
}

// AuthError says the server refused an account's token.
type AuthError struct {
	Account, Instance, Message string
}

func (e *AuthError) Error() string {
	return fmt.Sprintf("%s: %s refused the access token (%s); run `dutydesk login --instance %s --account %s` again",
		e.Account, e.Instance, e.Message, e.Instance, e.Account)
}

func (c *Client) isOwn(id gomasto.ID) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.own[string(id)]
}

func (c *Client) remember(id, visibility, acct string) {
	c.mu.Lock()
	c.known[id] = knownStatus{visibility: visibility, acct: acct}
	c.mu.Unlock()
}

func (c *Client) lookup(id string) (knownStatus, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.known[id]
	return k, ok
}

// ItemID is the feed-wide identity of status id on this server: the same
// for every account that sees it, so merged feeds drop duplicates.
func (c *Client) ItemID(statusID string) string {
	return "mastodon:" + c.host + "/" + statusID
}

// backoff is an exponential wait with jitter.
type backoff struct {
	min, max, next time.Duration
}

func newBackoff(o Options) *backoff { return &backoff{min: o.BackoffMin, max: o.BackoffMax} }

// wait returns the next wait: between half and all of the current step,
// which then doubles up to max.
func (b *backoff) wait() time.Duration {
	if b.next < b.min {
		b.next = b.min
	}
	d := b.next/2 + rand.N(b.next/2+1)
	b.next = min(b.next*2, b.max)
	return d
}

func (b *backoff) reset() { b.next = 0 }

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// newKey makes an Idempotency-Key for a post that came without one.
func newKey() string {
	b := make([]byte, 16)
	crand.Read(b)
	return hex.EncodeToString(b)
}

func timeoutErr(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}
