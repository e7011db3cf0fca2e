package desk

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
	"github.com/dutydesk/dutydesk/internal/desktest"
)

// adviceOverMastodon runs, off duty, a desk fed by and posting to an
// in-process server of the given kind, stops it, starts it again on the same
// store, and returns the server.
func adviceOverMastodon(t *testing.T, kind mastotest.Kind, send func(srv *mastotest.Server) string) (*mastotest.Server, string) {
	srv := mastotest.New(t, mastotest.Like(kind))
	client := desktest.TeamClient(t, srv, desktest.Fast)
	srv.AddAccount("sam")
	path := filepath.Join(t.TempDir(), "desk.db")
	run := func(first bool, until func(d *Desk) bool) {
		st, err := OpenSQLite(path)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		d, err := Open(context.Background(), st, Options{People: team, Poster: client, Urgency: levelled})
		if err != nil {
			t.Fatal(err)
		}
		ctx, stop := desktest.Feed(t, d, client.Sources()...)
		defer func() { stop(); d.waitAutoAcks() }()
		if first {
			if _, err := d.SetDuty(ctx, "morris", false, ""); err != nil {
				t.Fatal(err)
			}
		} else if err := d.ResumePosting(ctx); err != nil {
			t.Fatal(err)
		}
		desktest.Eventually(t, "the desk", func() bool { return until(d) })
	}
	var msg string
	run(true, func(d *Desk) bool {
		if msg == "" {
			msg = send(srv)
		}
		q, _ := questionWith(d, "door")
		dr, _ := d.Draft(q.Advice)
		return dr.State == DraftPosted
	})
	// A restart, catching up on the same messages: nothing more is sent.
	run(false, func(d *Desk) bool { q, _ := questionWith(d, "door"); return q.ID != "" })
	time.Sleep(200 * time.Millisecond) // room for a wrong second post to show
	return srv, msg
}

func TestOffDutyUrgentDMGetsExactlyOneAdviceReplyOnEveryServer(t *testing.T) {
	for _, kind := range mastotest.Kinds {
		t.Run(kind.String(), func(t *testing.T) {
			srv, dm := adviceOverMastodon(t, kind, func(srv *mastotest.Server) string {
				return srv.DM("sam", "@team [urgent] he's kicking the door in")
			})
			var replies []mastotest.Status
			for _, p := range srv.Posts() {
				if p.Account == "team" && p.InReplyTo == dm {
					replies = append(replies, p)
				}
			}
			if len(replies) != 1 {
				t.Fatalf("%d replies to the DM, want exactly one: %+v", len(replies), replies)
			}
			r := replies[0]
			if r.Visibility != "direct" || !strings.Contains(r.Text, "999") || !strings.Contains(r.Text, "@sam") {
				t.Fatalf("advice %+v: want a direct reply to @sam naming 999", r)
			}
			if strings.Contains(r.Text, "116 123") {
				t.Fatalf("advice %q names Samaritans for a message with no self-harm signal", r.Text)
			}
		})
	}
}

func TestOffDutySelfHarmMentionGetsSamaritansInItsOwnVisibility(t *testing.T) {
	srv, msg := adviceOverMastodon(t, mastotest.Mastodon, func(srv *mastotest.Server) string {
		return srv.Mention("sam", "@team [possible self_harm] I've left the door open for whoever finds me", "unlisted")
	})
	n := 0
	for _, p := range srv.Posts() {
		if p.InReplyTo != msg {
			continue
		}
		n++
		if p.Visibility != "unlisted" || !strings.Contains(p.Text, "999") || !strings.Contains(p.Text, "116 123") {
			t.Errorf("advice %+v: want an unlisted reply naming 999 and Samaritans 116 123", p)
		}
	}
	if n != 1 {
		t.Fatalf("%d replies, want one", n)
	}
}
