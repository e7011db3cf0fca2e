package mastodon

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
)

// statusesFor counts the statuses on the server made for one draft, by the
// Idempotency-Key the client sent (which servers of every kind record in
// mastotest, even those that ignore it).
func statusesFor(srv *mastotest.Server, key string) []mastotest.Status {
	var out []mastotest.Status
	for _, p := range srv.Posts() {
		if p.IdempotencyKey == key {
			out = append(out, p)
		}
	}
	return out
}

// TestPostLeavesOnceOnEveryKindOfServer posts through the failures after
// which a post may have reached the server — a timeout after the server made
// it, a post the server held until the client gave up and then made, a 503
// — on servers that honour Idempotency-Key (Mastodon), ignore it
// (GoToSocial) or do not know it (snac). Each draft must be one status on
// the server, under the question it answers, and confirmed as that status.
func TestPostLeavesOnceOnEveryKindOfServer(t *testing.T) {
	for _, kind := range mastotest.Kinds {
		t.Run(kind.String(), func(t *testing.T) {
			srv := mastotest.New(t, mastotest.Like(kind))
			d := newDeskOn(t, srv, nil)
			d.client.opts.RequestTimeout = 300 * time.Millisecond
			d.client.opts.BackoffMin = 150 * time.Millisecond
			if err := d.client.Verify(context.Background()); err != nil {
				t.Fatal(err)
			}
			question := srv.Mention("amy", "@team is the road open?", "public")
			faults := []struct {
				name   string
				inject func()
			}{
				{"503", func() { srv.FailNext(1, 503) }},
				{"timeout after the post was made", func() { srv.SlowNext(1, 2*time.Second) }},
				{"held until the client gave up, then made", func() {
					srv.StallPosts(mastotest.StallComplete)
					go func() { // one post only
						for srv.StalledPosts() == 0 {
							time.Sleep(5 * time.Millisecond)
						}
						srv.StallPosts(mastotest.StallOff)
					}()
				}},
				{"truncated answer after the post was made", func() { srv.TruncateNext(1) }},
			}
			for i, f := range faults {
				key := fmt.Sprintf("d-%s-%d", kind, i)
				f.inject()
				posted, err := d.client.Post(context.Background(), feeds.Post{Key: key, InReplyTo: question,
					Text: fmt.Sprintf("Yes, reopened at 21:%02d.", i)})
				if err != nil {
					t.Fatalf("%s: post: %v", f.name, err)
				}
				got := statusesFor(srv, key)
				if len(got) != 1 {
					t.Fatalf("%s: the server holds %d statuses for one draft: %+v", f.name, len(got), got)
				}
				if got[0].ID != posted.RemoteID || got[0].InReplyTo != question {
					t.Errorf("%s: confirmed as %s, server has %+v (want it under %s)", f.name, posted.RemoteID, got[0], question)
				}
			}
		})
	}
}

// TestResumedPostAdoptsTheStatusTheServerMade is the restart after a crash
// with a post in flight: a new client is asked to send again a draft the
// server already made (its answer was lost with the process). On every kind
// of server it finds that status and adopts it; a draft that never reached
// the server is posted once.
func TestResumedPostAdoptsTheStatusTheServerMade(t *testing.T) {
	for _, kind := range mastotest.Kinds {
		t.Run(kind.String(), func(t *testing.T) {
			srv := mastotest.New(t, mastotest.Like(kind))
			d := newDeskOn(t, srv, nil)
			question := srv.Mention("amy", "@team is the road open?", "public")
			started := time.Now()
			first, err := d.client.Post(context.Background(), feeds.Post{Key: "d-1", InReplyTo: question, Text: "Yes, it is open."})
			if err != nil {
				t.Fatal(err)
			}
			// The same text to another question is another draft: not adopted.
			other := srv.Mention("bob", "@team and the A66?", "public")

			restarted := newDeskOn(t, srv, nil).client
			again, err := restarted.Post(context.Background(), feeds.Post{Key: "d-1", InReplyTo: question, Text: "Yes, it is open.",
				MaySent: true, Since: started})
			if err != nil {
				t.Fatal(err)
			}
			if again.RemoteID != first.RemoteID || len(statusesFor(srv, "d-1")) != 1 {
				t.Errorf("resumed post confirmed as %s (first %s); server holds %d for the draft", again.RemoteID, first.RemoteID, len(statusesFor(srv, "d-1")))
			}
			never, err := restarted.Post(context.Background(), feeds.Post{Key: "d-2", InReplyTo: other, Text: "Yes, it is open.",
				MaySent: true, Since: time.Now()})
			if err != nil {
				t.Fatal(err)
			}
			got := statusesFor(srv, "d-2")
			if len(got) != 1 || got[0].ID != never.RemoteID || got[0].InReplyTo != other {
				t.Errorf("a draft that never reached the server: server holds %+v, confirmed as %s", got, never.RemoteID)
			}
		})
	}
}

// TestSnacHabitsDoNotBreakTheFeed runs a feed against a server that closes
// every connection after answering, has no streaming though it advertises
// some, and answers a bad token with 422: mentions arrive by polling, and a
// revoked token is reported as refused, as a 401 is.
func TestSnacHabitsDoNotBreakTheFeed(t *testing.T) {
	srv := mastotest.New(t, mastotest.Like(mastotest.Snac))
	d := newDeskOn(t, srv, nil)
	r := d.run(t)
	for i := 0; i < 5; i++ {
		srv.Mention("amy", fmt.Sprintf("@team question %d", i), "public")
	}
	r.waitFor(t, "five mentions by polling", func(evs []feeds.Event) bool {
		for i := 0; i < 5; i++ {
			if _, ok := find(evs, fmt.Sprintf("question %d", i)); !ok {
				return false
			}
		}
		return true
	})
	if srv.Faults()["keep-alive dropped"] == 0 {
		t.Fatal("the server never dropped a connection: the test proves nothing")
	}
	for _, ev := range r.snapshot() {
		if ev.Type == feeds.EventHealth && ev.Err != nil {
			t.Errorf("a dropped keep-alive connection showed as a fault: %q", ev.Health)
		}
	}

	bad := mastotest.New(t, mastotest.Like(mastotest.Snac))
	tok := bad.AddAccount("team")
	bad.RevokeToken("team")
	c, err := New(Config{Instance: bad.URL(), Visibility: "public", Accounts: []Account{{Name: "team", TokenFile: writeToken(t, "team", tok, 0o600), Team: true}}}, fastOptions())
	if err != nil {
		t.Fatal(err)
	}
	var ae *AuthError
	if err := c.Verify(context.Background()); !errors.As(err, &ae) {
		t.Errorf("a token refused with 422: Verify says %v, want an AuthError telling to run dutydesk login", err)
	}
}
