package desk

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
	"github.com/dutydesk/dutydesk/internal/desktest"
	"github.com/dutydesk/dutydesk/risk"
)

// mastodonDesk runs a desk fed by, and posting to, an in-process Mastodon
// server, the way dutydesk run wires them.
func mastodonDesk(t *testing.T, streaming bool) (*Desk, *mastotest.Server) {
	t.Helper()
	srv := mastotest.New(t)
	if !streaming {
		srv.DisableStreaming()
	}
	client := desktest.TeamClient(t, srv, desktest.Fast)
	srv.AddAccount("amy")
	st, err := OpenSQLite(filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	d, err := Open(context.Background(), st, Options{People: team, Poster: client, Reply: replyClassifier, Asks: risk.Asks})
	if err != nil {
		t.Fatal(err)
	}
	desktest.Feed(t, d, client.Sources()...)
	return d, srv
}

// questionWith finds the one question whose text contains s.
func questionWith(d *Desk, s string) (Question, int) {
	var found Question
	n := 0
	for _, q := range d.Questions() {
		if strings.Contains(q.Item.Text, s) {
			found, n = q, n+1
		}
	}
	return found, n
}

// answerOnServer answers the question as PC Ellis and returns the server ID
// of the posted reply.
func answerOnServer(t *testing.T, d *Desk, qid, text string) string {
	t.Helper()
	ctx := context.Background()
	if q, _ := d.Question(qid); q.State != StateAssigned {
		if err := d.Assign(ctx, "morris", qid, "ellis"); err != nil {
			t.Fatal(err)
		}
	}
	id, err := d.CreateDraft(ctx, "ellis", DraftInput{Kind: DraftReply, ReplyTo: qid, Text: text})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Send(ctx, "ellis", id); err != nil {
		t.Fatal(err)
	}
	mustState(t, d, qid, StateAnswered)
	dr, _ := d.Draft(id)
	return dr.RemoteID
}

func testReopenOverMastodon(t *testing.T, streaming bool) {
	d, srv := mastodonDesk(t, streaming)
	srv.Mention("amy", "@team Is the A595 still closed near Bothel?", "public")
	var q Question
	desktest.Eventually(t, "the question", func() bool { q, _ = questionWith(d, "A595"); return q.ID != "" })
	reply := answerOnServer(t, d, q.ID, "It reopened at 21:00.")

	srv.Reply("amy", reply, "@team thanks, but it's shut again tonight", "public")
	desktest.Eventually(t, "the question to reopen", func() bool { got, _ := d.Question(q.ID); return got.State == StateNew })
	got, _ := d.Question(q.ID)
	if !strings.Contains(got.Item.Text, "shut again tonight") || got.ReopenedFor != "ellis" || len(d.Questions()) != 1 {
		t.Fatalf("after the follow-up: %+v and %d questions; want q reopened with it on top, for PC Ellis, and no new row", got, len(d.Questions()))
	}

	reply = answerOnServer(t, d, q.ID, "Sorry, a crash at Bothel: it's closed till midnight.")
	srv.Reply("amy", reply, "@team cheers 👍", "public")
	desktest.Eventually(t, "the thank-you to close it", func() bool { got, _ := d.Question(q.ID); return got.State == StateClosed })
	if n := len(d.Questions()); n != 1 {
		t.Fatalf("%d questions after the thank-you, want 1", n)
	}
}

func TestAFollowUpReopensOnTheStream(t *testing.T) { testReopenOverMastodon(t, true) }
func TestAFollowUpReopensWhenPolling(t *testing.T) { testReopenOverMastodon(t, false) }
