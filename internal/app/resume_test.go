package app

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds/mastodon"
	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
	"github.com/dutydesk/dutydesk/internal/desktest"
)

// A desk that was down while more than a page of mentions arrived has every
// one of them, once each, after it starts again.
func TestRestartedDeskCatchesUpEveryMissedMention(t *testing.T) {
	srv := mastotest.New(t)
	db := filepath.Join(t.TempDir(), "desk.db")
	cfg := sharedTeamConfig(t, srv, db)
	opts := mastodon.Options{BackoffMin: 10 * time.Millisecond, BackoffMax: 100 * time.Millisecond}

	d, closeDesk, err := RunTeam(context.Background(), cfg, db, opts)
	if err != nil {
		t.Fatal(err)
	}
	desktest.Eventually(t, "live", func() bool { return d.Health()["team"] == "live" })
	for i := 1; i <= 10; i++ {
		srv.Mention("amy", fmt.Sprintf("@team seen %d", i), "public")
	}
	desktest.Eventually(t, "10 questions", func() bool { return len(d.Questions()) == 10 })
	closeDesk()

	want := map[string]bool{}
	for i := 1; i <= 120; i++ {
		want[srv.Mention("bob", fmt.Sprintf("@team missed %d", i), "public")] = true
	}

	d, closeDesk, err = RunTeam(context.Background(), cfg, db, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDesk()
	desktest.Eventually(t, "130 questions", func() bool { return len(d.Questions()) >= 130 && d.Health()["team"] == "live" })
	time.Sleep(100 * time.Millisecond)
	qs := d.Questions()
	if len(qs) != 130 {
		t.Fatalf("%d questions after the restart, want 130", len(qs))
	}
	for _, q := range qs {
		delete(want, q.Item.RemoteID)
	}
	if len(want) > 0 {
		t.Errorf("missed mentions never fetched: %v", want)
	}
}
