package app

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/feeds/mastodon"
	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
	"github.com/dutydesk/dutydesk/internal/config"
	"github.com/dutydesk/dutydesk/internal/desktest"
	"github.com/dutydesk/dutydesk/internal/pgtest"
)

// feedHost is one desk server of a multi-host deployment: its own desk on the
// shared database and its own Mastodon client, whose feed can be stopped (the
// host loses its stream) while its desk goes on following the database.
type feedHost struct {
	name   string
	desk   *desk.Desk
	client *mastodon.Client
	stop   func() // ends the feed; nil when not running
}

func startFeedHost(t testing.TB, name, db string, cfg config.Config) *feedHost {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	client, err := mastodon.New(cfg.Mastodon, mastodon.Options{BackoffMin: 10 * time.Millisecond, BackoffMax: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	d, closeDesk, err := Open(ctx, db, cfg, cfg.DeskPeople(), client)
	if err != nil {
		t.Fatal(err)
	}
	h := &feedHost{name: name, desk: d, client: client}
	t.Cleanup(func() { h.stopFeed(); cancel(); closeDesk() })
	h.startFeed()
	return h
}

func (h *feedHost) startFeed() {
	h.stop = StartFeeds(context.Background(), h.desk, h.client.Sources())
}

func (h *feedHost) stopFeed() {
	if h.stop != nil {
		h.stop()
		h.stop = nil
	}
}

// live reports whether this host streams the team account now.
func (h *feedHost) live() bool { return h.stop != nil && h.desk.Health()["team"] == "live" }

// sharedTeamConfig is the run config for srv with its desk on db.
func sharedTeamConfig(t testing.TB, srv *mastotest.Server, db string) config.Config {
	t.Helper()
	cfg, err := config.Load(desktest.WriteTeamConfig(t, srv.URL(), srv.AddAccount("team"), 0o600))
	if err != nil {
		t.Fatal(err)
	}
	cfg.DB = db
	return cfg
}

// leader waits until exactly one running host streams the account, with one
// stream open on the server, and returns it.
func leader(t *testing.T, srv *mastotest.Server, hosts ...*feedHost) *feedHost {
	t.Helper()
	var lead *feedHost
	desktest.Eventually(t, "one host to stream the account", func() bool {
		lead = nil
		n := 0
		for _, h := range hosts {
			if h.live() {
				lead, n = h, n+1
			}
		}
		return n == 1 && srv.Streams() == 1
	})
	return lead
}

// waitForStandby waits until a host is queued for the leadership in the
// database, so that it, not a leader that reconnects after a fault, is next.
func waitForStandby(t testing.TB, db string) {
	t.Helper()
	pgtest.WaitForWaiters(t, db, 1, 15*time.Second, "a host queued for the leadership")
}

// mentioner posts numbered mentions of the team, one every few milliseconds,
// until stopped; it returns the texts it posted.
func mentioner(srv *mastotest.Server) (stop func() []string) {
	var (
		mu    sync.Mutex
		texts []string
		quit  = make(chan struct{})
		done  = make(chan struct{})
	)
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			text := fmt.Sprintf("@team question %d about the road closure", i)
			srv.Mention("amy", text, "public")
			mu.Lock()
			texts = append(texts, text)
			mu.Unlock()
			select {
			case <-quit:
				return
			case <-time.After(15 * time.Millisecond):
			}
		}
	}()
	return func() []string {
		close(quit)
		<-done
		mu.Lock()
		defer mu.Unlock()
		return texts
	}
}

// exactlyOnce checks that every text is on the desk as one question, stored
// by one arrival event: nothing lost, nothing asked twice.
func exactlyOnce(t *testing.T, h *feedHost, texts []string) {
	t.Helper()
	count := func() map[string]int {
		n := map[string]int{}
		for _, q := range h.desk.Questions() {
			n[strings.TrimSpace(strings.TrimPrefix(q.Item.Text, "@team"))]++
		}
		return n
	}
	want := func(text string) string { return strings.TrimSpace(strings.TrimPrefix(text, "@team")) }
	desktest.Eventually(t, h.name+" to hold every mention", func() bool {
		n := count()
		for _, text := range texts {
			if n[want(text)] == 0 {
				return false
			}
		}
		return true
	})
	n := count()
	for _, text := range texts {
		if n[want(text)] != 1 {
			t.Errorf("%s: %q is on the desk %d times", h.name, text, n[want(text)])
		}
	}
	evs, err := h.desk.Events(0)
	if err != nil {
		t.Fatal(err)
	}
	arrived := map[desk.EventType]int{}
	for _, ev := range evs {
		if ev.Type == desk.EvItemArrived || ev.Type == desk.EvDuplicateArrived {
			arrived[ev.Type]++
		}
	}
	if arrived[desk.EvItemArrived] != len(texts) || arrived[desk.EvDuplicateArrived] != 0 {
		t.Errorf("%s: %v arrival events stored for %d mentions", h.name, arrived, len(texts))
	}
}

// Two desk servers on one database and one Mastodon account: one streams it,
// the other stands by and takes over within seconds when the first stops or
// loses the database; mentions sent before, during and after each handover
// are on both desks exactly once.
func TestStandbyHostTakesOverTheStream(t *testing.T) {
	db := pgtest.DB(t)
	srv := mastotest.New(t)
	cfg := sharedTeamConfig(t, srv, db)
	a := startFeedHost(t, "host A", db, cfg)
	b := startFeedHost(t, "host B", db, cfg)

	first := leader(t, srv, a, b)
	standby := b
	if first == b {
		standby = a
	}
	desktest.Eventually(t, "the other host to stand by", func() bool {
		return strings.HasPrefix(standby.desk.Health()["team"], "standby")
	})
	time.Sleep(300 * time.Millisecond)
	if n := srv.Streams(); n != 1 {
		t.Fatalf("%d streams open with two hosts", n)
	}

	waitForStandby(t, db)
	stopMentions := mentioner(srv)
	time.Sleep(200 * time.Millisecond) // before

	// The leader stops (its host shuts down): the standby takes over.
	start := time.Now()
	first.stopFeed()
	second := leader(t, srv, a, b)
	if second != standby {
		t.Fatalf("%s leads after %s stopped", second.name, first.name)
	}
	t.Logf("takeover after the leader stopped: %v", time.Since(start))
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("takeover took %v", took)
	}
	time.Sleep(200 * time.Millisecond) // after

	// The old leader comes back as the standby; then the new leader loses its
	// database connection. For a moment both may stream (the old leader only
	// notices at its next health check): the desk keeps one of each item.
	first.startFeed()
	waitForStandby(t, db)
	time.Sleep(100 * time.Millisecond)
	if n := srv.Streams(); n != 1 || first.live() {
		t.Fatalf("the returning host streams too (%d streams)", n)
	}
	start = time.Now()
	pgtest.KillLeader(t, db)
	desktest.Eventually(t, "the first host to lead again", func() bool { return first.live() })
	t.Logf("takeover after the leader's connection died: %v", time.Since(start))
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("takeover took %v", took)
	}
	if leader(t, srv, a, b) != first {
		t.Fatal("two leaders after the fault was noticed")
	}
	time.Sleep(200 * time.Millisecond)

	texts := stopMentions()
	if len(texts) < 20 {
		t.Fatalf("only %d mentions sent", len(texts))
	}
	exactlyOnce(t, a, texts)
	exactlyOnce(t, b, texts)
}

// When leadership overlaps (both hosts stream the account, as between a
// network fault and its detection), every mention is still one question.
func TestOverlappingStreamsStoreEachMentionOnce(t *testing.T) {
	db := pgtest.DB(t)
	srv := mastotest.New(t)
	cfg := sharedTeamConfig(t, srv, db)
	a := startFeedHost(t, "host A", db, cfg)
	b := startFeedHost(t, "host B", db, cfg)
	leader(t, srv, a, b)
	// Host B also runs the account's source directly, without leadership.
	ctx, cancel := context.WithCancel(context.Background())
	pumped := make(chan struct{})
	go func() { defer close(pumped); b.desk.Pump(ctx, feeds.Merge(ctx, b.client.Sources()...)) }()
	defer func() { cancel(); <-pumped }()
	desktest.Eventually(t, "two streams", func() bool { return srv.Streams() == 2 })

	stopMentions := mentioner(srv)
	time.Sleep(500 * time.Millisecond)
	texts := stopMentions()
	exactlyOnce(t, a, texts)
	exactlyOnce(t, b, texts)
}
