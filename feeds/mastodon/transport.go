package mastodon

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

type idemKey struct{}

// withIdempotencyKey makes POSTs made with ctx carry key as their
// Idempotency-Key, so a retry of the same draft can never post twice.
func withIdempotencyKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, idemKey{}, key)
}

// RateLimitError says the server refused a request until Until.
type RateLimitError struct {
	Until time.Time
}

func (e *RateLimitError) Error() string {
	return "rate limited until " + e.Until.Local().Format("15:04:05")
}

// transport is the RoundTripper under every account's http.Client: it adds
// the Idempotency-Key, reads the rate-limit headers, waits out a 429 itself
// (go-mastodon would retry for an hour), and retries an idempotent request
// once when the server closed a kept-alive connection (snac does).
type transport struct {
	base    http.RoundTripper
	now     func() time.Time
	maxWait time.Duration
	// health reports a rate-limit wait for the status bar.
	health func(msg string, err error)

	mu        sync.Mutex
	remaining int
	reset     time.Time
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if key, _ := ctx.Value(idemKey{}).(string); key != "" && req.Method == http.MethodPost {
		req = req.Clone(ctx)
		req.Header.Set("Idempotency-Key", key)
	}
	retriedEOF := false
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			if req.Body != nil && req.GetBody == nil {
				return nil, errors.New("cannot retry a request whose body cannot be replayed")
			}
			req = req.Clone(ctx)
			if req.GetBody != nil {
				body, err := req.GetBody()
				if err != nil {
					return nil, err
				}
				req.Body = body
			}
		}
		resp, err := t.base.RoundTrip(req)
		if err != nil {
			if !retriedEOF && ctx.Err() == nil && closedConn(err) && replayable(req) {
				retriedEOF = true
				continue
			}
			return nil, err
		}
		until := t.observe(resp)
		if resp.StatusCode != http.StatusTooManyRequests {
			return resp, nil
		}
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		resp.Body.Close()
		now := t.now()
		if until.IsZero() || until.Before(now) {
			until = now.Add(time.Second)
		}
		wait := until.Sub(now)
		rl := &RateLimitError{Until: until}
		deadline, hasDeadline := ctx.Deadline()
		if attempt >= 3 || wait > t.maxWait || (hasDeadline && now.Add(wait).After(deadline)) {
			return nil, rl
		}
		if t.health != nil {
			t.health(rl.Error(), rl)
		}
		timer := time.NewTimer(wait)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			return nil, ctx.Err()
		}
	}
}

// observe records X-RateLimit-Remaining and -Reset and returns when the
// limit resets (zero if the server did not say).
func (t *transport) observe(resp *http.Response) time.Time {
	reset := parseReset(resp.Header, t.now())
	rem, err := strconv.Atoi(resp.Header.Get("X-RateLimit-Remaining"))
	t.mu.Lock()
	defer t.mu.Unlock()
	if err == nil {
		t.remaining = rem
	}
	if !reset.IsZero() {
		t.reset = reset
	}
	return reset
}

// parseReset reads X-RateLimit-Reset (an ISO 8601 time on Mastodon, Unix
// seconds on some servers) or Retry-After (seconds).
func parseReset(h http.Header, now time.Time) time.Time {
	if v := h.Get("X-RateLimit-Reset"); v != "" {
		if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
			return t
		}
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			if n > 1e9 {
				return time.Unix(n, 0)
			}
			return now.Add(time.Duration(n) * time.Second)
		}
	}
	if v := h.Get("Retry-After"); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			return now.Add(time.Duration(n) * time.Second)
		}
		if t, err := http.ParseTime(v); err == nil {
			return t
		}
	}
	return time.Time{}
}

// closedConn reports the errors a server gives by closing a kept-alive
// connection without saying so.
func closedConn(err error) bool {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	s := err.Error()
	return strings.Contains(s, "server closed idle connection") || strings.Contains(s, "connection reset by peer")
}

// replayable reports whether sending req twice cannot do a thing twice.
func replayable(req *http.Request) bool {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return req.Header.Get("Idempotency-Key") != ""
}

// redactor removes a secret from error text.
type redactor string

func (r redactor) err(err error) error {
	if err == nil || r == "" || !strings.Contains(err.Error(), string(r)) {
		return err
	}
	// deliberately not wrapped: the wrapped error's text holds the token
	return errors.New(strings.ReplaceAll(err.Error(), string(r), "[token]"))
}
