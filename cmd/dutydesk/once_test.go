package main

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
	"github.com/dutydesk/dutydesk/internal/desktest"
)

// killPoint is where in a post the process dies.
type killPoint struct {
	name string
	// arm makes the server hold or slow the post so the kill lands there;
	// reached reports that it has.
	arm     func(srv *mastotest.Server)
	reached func(srv *mastotest.Server, text string) bool
	// after lets the server finish what it does once the client is gone.
	after func(srv *mastotest.Server)
}

var killPoints = []killPoint{
	{
		name: "before the server had it",
		arm:  func(srv *mastotest.Server) { srv.StallPosts(mastotest.StallDiscard) },
		reached: func(srv *mastotest.Server, _ string) bool {
			return srv.StalledPosts() > 0
		},
		after: func(srv *mastotest.Server) {
			srv.StallPosts(mastotest.StallOff)
			waitUntil(func() bool { return srv.StalledPosts() == 0 })
		},
	},
	{
		name: "the server got it and made it after the client died",
		arm:  func(srv *mastotest.Server) { srv.StallPosts(mastotest.StallComplete) },
		reached: func(srv *mastotest.Server, _ string) bool {
			return srv.StalledPosts() > 0
		},
		after: func(srv *mastotest.Server) {
			srv.StallPosts(mastotest.StallOff)
			waitUntil(func() bool { return srv.StalledPosts() == 0 })
		},
	},
	{
		name: "the server made it, the answer was lost",
		arm:  func(srv *mastotest.Server) { srv.SlowPosts(time.Minute) },
		reached: func(srv *mastotest.Server, text string) bool {
			return len(statusesWith(srv, text)) > 0
		},
		after: func(srv *mastotest.Server) { srv.SlowPosts(0) },
	},
}

func waitUntil(cond func() bool) {
	deadline := time.Now().Add(wait)
	for !cond() && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
}

// statusesWith is the statuses posted through the API whose text holds text.
func statusesWith(srv *mastotest.Server, text string) []mastotest.Status {
	var out []mastotest.Status
	for _, p := range srv.Posts() {
		if strings.Contains(p.Text, text) {
			out = append(out, p)
		}
	}
	return out
}

// storedEvents counts events of one type in the store a running process
// writes.
func storedEvents(dbPath string, typ desk.EventType) int {
	db, err := sql.Open("sqlite", "file:"+dbPath+"?mode=ro")
	if err != nil {
		return 0
	}
	defer db.Close()
	var n int
	db.QueryRow("SELECT count(*) FROM events WHERE type = ?", string(typ)).Scan(&n)
	return n
}

// TestKilledMidPostPostsOnceOnEveryServer SIGKILLs the real binary while a
// reply is being posted — before the server had it, after the server got it
// (and made it once the client was gone), after the server made it with the
// answer lost — on a server that honours Idempotency-Key (Mastodon), one
// that ignores it (GoToSocial) and one that does not know it (snac). After a
// restart the server holds exactly one status for the draft, under the
// question it answers, and the desk has it posted.
func TestKilledMidPostPostsOnceOnEveryServer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the real binary")
	}
	bin := buildBinary(t)
	for _, kind := range mastotest.Kinds {
		for i, kp := range killPoints {
			t.Run(kind.String()+"/"+kp.name, func(t *testing.T) {
				srv := mastotest.New(t, mastotest.Like(kind))
				token := srv.AddAccount("team")
				configPath := desktest.WriteTeamConfig(t, srv.URL(), token, 0o600)
				dbPath := filepath.Join(filepath.Dir(configPath), "desk.db")
				question := srv.Mention("amy", "@team is the A595 open?", "public")
				args := []string{"run", "--config", configPath}
				text := fmt.Sprintf("Yes, reopened at 21:%02d.", i)

				p := startProc(t, bin, args...)
				if !p.await(regexp.MustCompile(`A595 open`), wait) {
					t.Fatalf("the question never showed: %s", p.stderr.String())
				}
				for _, st := range []struct {
					keys string
					done *regexp.Regexp
				}{
					{"r", regexp.MustCompile(`Reply to @amy`)},
					{text, regexp.MustCompile(regexp.QuoteMeta(text[len(text)-6:]))},
					{"\x13", shownSaved},
					{"3", regexp.MustCompile(`┌ 3 Drafts`)},
				} {
					mark := p.screen.Len()
					p.press(st.keys)
					if !p.awaitFrom(mark, st.done, wait) {
						t.Fatalf("%q never showed %s: %q", st.keys, st.done, screenEnd(p.screen.String()))
					}
				}
				kp.arm(srv)
				p.press("py") // post, and yes at "(y/N)"
				waitUntil(func() bool { return kp.reached(srv, text) })
				if !kp.reached(srv, text) {
					t.Fatalf("the post never reached the kill point: %q", screenEnd(p.screen.String()))
				}
				p.kill()
				kp.after(srv)

				again := startProc(t, bin, args...)
				waitUntil(func() bool { return storedEvents(dbPath, desk.EvPosted) > 0 || again.exited() })
				time.Sleep(200 * time.Millisecond) // a second post would be on its way by now
				again.press("q")
				select {
				case <-again.done:
				case <-time.After(wait):
					t.Fatal("the restarted desk did not quit")
				}
				got := statusesWith(srv, text)
				if len(got) != 1 {
					t.Fatalf("the server holds %d statuses for one reply: %+v", len(got), got)
				}
				if got[0].InReplyTo != question {
					t.Errorf("the reply is not under the question %s: %+v", question, got[0])
				}
				d := openStoreForCheck(t, dbPath)
				for _, dr := range d.Drafts() {
					if dr.State != desk.DraftPosted || dr.RemoteID != got[0].ID {
						t.Errorf("draft %s is %s as %q, want posted as %s", dr.ID, dr.State, dr.RemoteID, got[0].ID)
					}
				}
			})
		}
	}
}

// screenEnd is the last 600 bytes of a screen, for a failure message.
func screenEnd(s string) string { return s[max(0, len(s)-600):] }
