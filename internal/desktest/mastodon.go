package desktest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/feeds/mastodon"
	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
)

// Fast is how a test's client retries and polls: in tens of milliseconds,
// where a real server is given seconds.
var Fast = mastodon.Options{BackoffMin: 10 * time.Millisecond, BackoffMax: 100 * time.Millisecond, PollInterval: 50 * time.Millisecond}

// TeamClient is a client of the team's account on srv (added there if it
// is not yet), made as dutydesk run makes one: posts public by default,
// the token in an environment variable.
func TeamClient(t testing.TB, srv *mastotest.Server, opts mastodon.Options) *mastodon.Client {
	t.Helper()
	const env = "DUTYDESK_TEST_TEAM_TOKEN"
	t.Setenv(env, srv.AddAccount("team"))
	client, err := mastodon.New(mastodon.Config{Instance: srv.URL(), Visibility: "public",
		Accounts: []mastodon.Account{{Name: "team", TokenEnv: env, Team: true}}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// Feed puts what sources bring on d, one event at a time as it arrives,
// until stop is called or the test ends; an event d refuses fails the
// test. ctx ends when the feed stops, for calls that must end with it.
func Feed(t testing.TB, d Ingester, sources ...feeds.Source) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ev := range feeds.Merge(ctx, sources...) {
			if err := d.Ingest(ctx, []feeds.Event{ev}); err != nil && ctx.Err() == nil {
				t.Errorf("ingest: %v", err)
			}
		}
	}()
	stop = sync.OnceFunc(func() { cancel(); <-done })
	t.Cleanup(stop)
	return ctx, stop
}
