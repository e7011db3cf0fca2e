package mastodon

import (
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
)

// unreachable is a transport that refuses connections while down is set, as
// a server that is off does.
type unreachable struct {
	down atomic.Bool
	base http.RoundTripper
}

func (u *unreachable) RoundTrip(r *http.Request) (*http.Response, error) {
	if u.down.Load() {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Addr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 9}, Err: syscall.ECONNREFUSED}
	}
	return u.base.RoundTrip(r)
}

// TestHealthTellsTheTruthInPlainWords is the healthy desk that said it was
// offline: a server without streaming (snac) goes away and comes back. The
// account says it polls, then that it cannot reach the server and will
// retry — no Go error, no address — and once a poll succeeds again it says
// it polls, within that one poll. A token the server refuses with 422 says
// to run dutydesk login.
func TestHealthTellsTheTruthInPlainWords(t *testing.T) {
	srv := mastotest.New(t, mastotest.Like(mastotest.Snac))
	tr := &unreachable{base: http.DefaultTransport}
	d := newDeskOn(t, srv, func(c *Config, _ *mastotest.Server) { c.Accounts = c.Accounts[:1] })
	d.client.opts.Transport = tr
	for _, a := range d.client.accounts {
		a.rt.base = tr
	}
	r := d.run(t)
	r.waitFor(t, "polling", func(evs []feeds.Event) bool { return hasHealth(evs, "team: polling every") })

	mark := len(r.snapshot())
	tr.down.Store(true)
	r.waitFor(t, "cannot reach", func(evs []feeds.Event) bool { return healthSince(evs, mark, "(cannot reach the server)") })
	mark = len(r.snapshot())
	tr.down.Store(false)
	r.waitFor(t, "polling again", func(evs []feeds.Event) bool { return healthSince(evs, mark, "team: polling every") })

	srv.RevokeToken("team")
	r.waitFor(t, "token refused", func(evs []feeds.Event) bool { return hasHealth(evs, "team: token refused — run dutydesk login") })

	for _, ev := range r.snapshot() {
		if ev.Type != feeds.EventHealth {
			continue
		}
		for _, raw := range []string{"127.0.0.1", "dial tcp", "connection refused", "http://", "422 Unprocessable"} {
			if strings.Contains(ev.Health, raw) {
				t.Errorf("health %q shows %q: raw error text on screen", ev.Health, raw)
			}
		}
	}
}
