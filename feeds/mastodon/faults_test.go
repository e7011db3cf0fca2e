package mastodon

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// healthSince reports whether a health event after the first mark events
// contains substr.
func healthSince(evs []feeds.Event, mark int, substr string) bool {
	return hasHealth(evs[min(mark, len(evs)):], substr)
}

// TestFeedSurvivesEveryFault runs one feed through every fault the test
// server can inject, one after another. After each, a mention and a direct
// message sent during the fault arrive, the fault was shown in a health
// event (bar the ones a reader cannot see), and the stream comes back live
// by itself. At the end every status arrived exactly once.
func TestFeedSurvivesEveryFault(t *testing.T) {
	d := newDesk(t, nil)
	d.client.opts.StreamIdle = 300 * time.Millisecond
	d.client.opts.RequestTimeout = 300 * time.Millisecond
	srv := d.srv
	r := d.run(t)
	r.waitFor(t, "team live", func(evs []feeds.Event) bool { return hasHealth(evs, "team: live") })

	faults := []struct {
		name   string
		inject func()
		shown  string // what the health event says; "" if the fault is invisible
		after  func()
	}{
		{name: "5xx", inject: func() { srv.FailNext(3, 502); srv.DropStreams() }, shown: "502 Bad Gateway"},
		{name: "timeout", inject: func() { srv.SlowNext(2, 2*time.Second); srv.DropStreams() }, shown: "retrying in"},
		{name: "429 storm", inject: func() { srv.RateLimit(15, 50*time.Millisecond); srv.DropStreams() }, shown: "rate limited until"},
		{name: "dropped stream", inject: srv.DropStreams, shown: "stream lost"},
		{name: "stalled stream", inject: srv.StallStreams, shown: "stream silent"},
		{name: "truncated JSON", inject: func() { srv.TruncateNext(2); srv.DropStreams() }, shown: "retrying in"},
		{name: "malformed JSON", inject: func() { srv.GarbleNext(2); srv.DropStreams() }, shown: "retrying in"},
		{name: "junk on the stream", inject: srv.JunkStreams},
		{name: "stream refused", inject: func() { srv.PauseStreaming(); srv.DropStreams() }, shown: "503", after: srv.ResumeStreaming},
	}
	var texts []string
	for i, f := range faults {
		mark := len(r.snapshot())
		f.inject()
		mention := fmt.Sprintf("@team question %d sent during %s", i, f.name)
		dm := fmt.Sprintf("@team private %d sent during %s", i, f.name)
		srv.Mention("amy", mention, "public")
		srv.DM("bob", dm)
		texts = append(texts, mention, dm)
		if f.shown != "" {
			r.waitFor(t, f.name+" shown", func(evs []feeds.Event) bool { return healthSince(evs, mark, f.shown) })
		}
		if f.after != nil {
			f.after()
		}
		r.waitFor(t, "both messages sent during "+f.name, func(evs []feeds.Event) bool {
			_, a := find(evs, fmt.Sprintf("question %d sent", i))
			_, b := find(evs, fmt.Sprintf("private %d sent", i))
			return a && b
		})
		if f.shown != "" {
			r.waitFor(t, "live again after "+f.name, func(evs []feeds.Event) bool { return healthSince(evs, mark, "team: live") })
		}
	}
	// Nothing lost, nothing doubled: each status reached the desk once per
	// identity (the feed may deliver an item again on a reconnect only if its
	// text changed, which none did).
	evs := r.snapshot()
	perID := map[string]int{}
	for _, ev := range evs {
		if ev.Type == feeds.EventUpsert {
			perID[ev.Item.ID]++
		}
	}
	for _, text := range texts {
		it, ok := find(evs, strings.TrimPrefix(text, "@team "))
		if !ok {
			t.Errorf("lost: %q", text)
			continue
		}
		if perID[it.ID] != 1 {
			t.Errorf("%q arrived %d times", text, perID[it.ID])
		}
	}
	got := srv.Faults()
	t.Logf("faults injected: %v; events: %d", got, len(evs))
	for _, name := range []string{"5xx", "slow", "429", "stream dropped", "stream stalled", "truncated", "garbled", "stream junk", "stream refused"} {
		if got[name] == 0 {
			t.Errorf("fault %q was never injected: %v", name, got)
		}
	}
}

// TestPostSurvivesEveryFault posts through each fault; every post is
// confirmed with the status the server made for its key, and the server
// holds exactly one status per key.
func TestPostSurvivesEveryFault(t *testing.T) {
	d := newDesk(t, nil)
	d.client.opts.RequestTimeout = 300 * time.Millisecond
	srv := d.srv
	if err := d.client.Verify(context.Background()); err != nil {
		t.Fatal(err)
	}
	question := srv.Mention("amy", "@team is the road open?", "public")
	faults := []struct {
		name   string
		inject func()
		reply  bool
	}{
		{"503", func() { srv.FailNext(2, 503) }, false},
		{"timeout after the post was made", func() { srv.SlowNext(1, 2*time.Second) }, false},
		{"429 storm", func() { srv.RateLimit(6, 50*time.Millisecond) }, false},
		{"truncated JSON after the post was made", func() { srv.TruncateNext(1) }, false},
		{"malformed JSON after the post was made", func() { srv.GarbleNext(1) }, false},
		{"answer about another status", func() { srv.WrongStatusNext(1) }, false},
		{"another status for the one answered", func() { srv.WrongStatusNext(1) }, true},
	}
	for i, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			key := fmt.Sprintf("d-fault-%d", i)
			p := feeds.Post{Key: key, Text: fmt.Sprintf("update %d: the road is open", i)}
			if f.reply {
				d.client.mu.Lock()
				delete(d.client.known, question)
				d.client.mu.Unlock()
				p.InReplyTo = question
			}
			f.inject()
			posted, err := d.client.Post(context.Background(), p)
			if err != nil {
				t.Fatalf("post through %s: %v", f.name, err)
			}
			if n := srv.PostsByKey()[key]; n != 1 {
				t.Fatalf("the server has %d statuses for key %s, want 1", n, key)
			}
			st, ok := srv.Status(posted.RemoteID)
			if !ok || st.IdempotencyKey != key || st.Account != "team" {
				t.Fatalf("confirmed as %s (%+v), which is not the status made for %s", posted.RemoteID, st, key)
			}
			if f.reply && (st.InReplyTo != question || !strings.HasPrefix(srv.Posts()[len(srv.Posts())-1].Text, "@amy ")) {
				t.Errorf("reply %+v: want it under %s, addressed to @amy and nobody else", srv.Posts()[len(srv.Posts())-1], question)
			}
		})
	}
	if n := len(srv.Posts()); n != len(faults) {
		t.Errorf("the server holds %d posts for %d drafts", n, len(faults))
	}
}
