package mastodon

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// mentionIDs are the RemoteIDs of the upserted mentions whose text has
// substr, in delivery order.
func mentionIDs(evs []feeds.Event, substr string) []string {
	var ids []string
	for _, ev := range evs {
		if ev.Type == feeds.EventUpsert && strings.Contains(ev.Item.Text, substr) {
			ids = append(ids, ev.Item.RemoteID)
		}
	}
	return ids
}

func TestResumeAfterRestartFetchesEveryMissedMentionOldestFirst(t *testing.T) {
	d := newDesk(t, nil)
	// before the restart: the desk saw mentions 1..10
	ctx, cancel := context.WithCancel(context.Background())
	r := &recorder{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ev := range feeds.Merge(ctx, d.client.Sources()...) {
			r.mu.Lock()
			r.events = append(r.events, ev)
			r.mu.Unlock()
		}
	}()
	r.waitFor(t, "live", func(evs []feeds.Event) bool { return hasHealth(evs, "team: live") })
	for i := 1; i <= 10; i++ {
		d.srv.Mention("amy", fmt.Sprintf("@team seen %d", i), "public")
	}
	evs := r.waitFor(t, "10 mentions", func(evs []feeds.Event) bool { return len(mentionIDs(evs, "seen")) == 10 })
	cancel()
	<-done
	point := ""
	for _, id := range mentionIDs(evs, "seen") {
		if newer(id, point) {
			point = id
		}
	}

	// while down: 120 more, and a favourite of an old team post among them
	var want []string
	for i := 1; i <= 120; i++ {
		want = append(want, d.srv.Mention("bob", fmt.Sprintf("@team missed %d", i), "public"))
	}

	// a new client, as after a restart, told where the desk left off
	c, err := New(d.client.cfg, fastOptions())
	if err != nil {
		t.Fatal(err)
	}
	c.SetResume(map[string]string{"team": point})
	d.client = c
	r2 := d.run(t)
	evs = r2.waitFor(t, "120 missed mentions", func(evs []feeds.Event) bool {
		return len(mentionIDs(evs, "missed")) >= 120 && hasHealth(evs, "team: live")
	})
	time.Sleep(100 * time.Millisecond) // nothing more may follow
	evs = r2.snapshot()
	got := mentionIDs(evs, "missed")
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("delivered %d missed mentions:\n%v\nwant %d oldest first:\n%v", len(got), got, len(want), want)
	}
	if seen := mentionIDs(evs, "seen"); len(seen) > 0 {
		t.Errorf("mentions held before the restart delivered again: %v", seen)
	}
	if hasHealth(evs, "catch-up stopped") {
		t.Error("page bound reported for 4 pages")
	}
}

func TestNoResumePointTakesNewestPage(t *testing.T) {
	d := newDesk(t, nil)
	var ids []string
	for i := 1; i <= 50; i++ {
		ids = append(ids, d.srv.Mention("bob", fmt.Sprintf("@team old %d", i), "public"))
	}
	r := d.run(t)
	evs := r.waitFor(t, "live", func(evs []feeds.Event) bool { return hasHealth(evs, "team: live") })
	time.Sleep(100 * time.Millisecond)
	evs = r.snapshot()
	got := mentionIDs(evs, "old")
	if want := ids[len(ids)-pageLimit:]; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("first start delivered %v, want the newest page %v", got, want)
	}
}

func TestResumeBoundIsReported(t *testing.T) {
	// The bound lowered from 50 pages to 3, so that reaching it means paging
	// 125 mentions rather than 2 005 (which a loaded machine took over 30s
	// to do): what is tested is that the bound holds and is reported.
	defer func(n int) { maxResumePages = n }(maxResumePages)
	maxResumePages = 3
	d := newDesk(t, nil)
	point := d.srv.Mention("amy", "@team seen", "public")
	for i := 1; i <= maxResumePages*pageLimit+5; i++ {
		d.srv.Mention("bob", fmt.Sprintf("@team missed %d", i), "public")
	}
	d.client.SetResume(map[string]string{"team": point})
	r := d.run(t)
	evs := r.waitFor(t, "live", func(evs []feeds.Event) bool { return hasHealth(evs, "team: live") })
	if !hasHealth(evs, fmt.Sprintf("catch-up stopped after %d pages", maxResumePages)) {
		t.Errorf("bound not reported:\n%s", dump(evs[len(evs)-5:]))
	}
	if n := len(mentionIDs(evs, "missed")); n != maxResumePages*pageLimit {
		t.Errorf("delivered %d, want the newest %d", n, maxResumePages*pageLimit)
	}
}
