package tui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
	"github.com/dutydesk/dutydesk/internal/desktest"
	"github.com/dutydesk/dutydesk/risk"
)

// mastoDesk is a desk on duty fed by, and posting to, an in-process Mastodon
// server, wired as dutydesk run wires them.
func mastoDesk(t *testing.T, configure func(*desk.Options)) (*desk.Desk, *mastotest.Server) {
	t.Helper()
	srv := mastotest.New(t)
	client := desktest.TeamClient(t, srv, desktest.Fast)
	srv.AddAccount("amy")
	st, err := desk.OpenSQLite(filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	opts := desk.Options{Team: "Team 3", People: roster, Poster: client,
		Reply: func(text string) (bool, string) {
			r, why := risk.ClassifyReply(text)
			return r == risk.Thanks, why
		},
		Asks: risk.Asks,
	}
	if configure != nil {
		configure(&opts)
	}
	d, err := desk.Open(context.Background(), st, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.SetDuty(context.Background(), "morris", true, "22:00"); err != nil {
		t.Fatal(err)
	}
	desktest.Feed(t, d, client.Sources()...)
	return d, srv
}

// arrive posts a mention from @amy and waits for it on the desk.
func arrive(t *testing.T, d *desk.Desk, srv *mastotest.Server, text, visibility string) desk.Question {
	t.Helper()
	srv.Mention("amy", "@team "+text, visibility)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, q := range d.Questions() {
			if strings.Contains(q.Item.Text, text) {
				return q
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%q never reached the desk", text)
	return desk.Question{}
}

func TestTheAnswererIsToldWhenTheirQuestionReopens(t *testing.T) {
	ctx := context.Background()
	d, srv := mastoDesk(t, nil)
	q := arrive(t, d, srv, "Is the A595 still closed near Bothel?", "public")
	if err := d.Assign(ctx, "morris", q.ID, "ellis"); err != nil {
		t.Fatal(err)
	}
	id, err := d.CreateDraft(ctx, "ellis", desk.DraftInput{Kind: desk.DraftReply, ReplyTo: q.ID, Text: "It reopened at 21:00."})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Send(ctx, "ellis", id); err != nil {
		t.Fatal(err)
	}
	dr, _ := d.Draft(id)
	tm := newTestModel(t, d, "ellis", 120, 40)
	waitFor(t, tm, "Inbound")
	srv.Reply("amy", dr.RemoteID, "@team it's shut again tonight", "public")
	waitFor(t, tm, "wrote again on a question you answered")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(t, tm, "reopened ×1 by its author")
	finalView(t, tm)
}

// repliesTo is the statuses on the server that answer the status remote.
func repliesTo(srv *mastotest.Server, remote string) []mastotest.Status {
	var out []mastotest.Status
	for _, p := range srv.Posts() {
		if p.InReplyTo == remote {
			out = append(out, p)
		}
	}
	return out
}

var testReplies = []desk.SavedReply{
	{Name: "acknowledge", Text: "Thanks {name}, we've seen this. {officer} will get back to you {when}.", Tags: []string{"ack"}},
	{Name: "call 101 / report online", Text: "Thanks {name}. Please {ref_advice}.", Tags: []string{"report"}},
	{Name: "can't discuss cases", Text: "Hi {name}, we can't discuss individual cases here.", Tags: []string{"privacy"}},
}

func TestCtrlRInsertsASavedReplyFilledIn(t *testing.T) {
	tm, d := savedRepliesOpen(t)
	tm.Type("onlin") // narrows to one
	waitFor(t, tm, "report online")
	savedReplyInserted(t, tm, d, "@amy Thanks Amy. Please "+desk.DefaultRefAdvice+".")
}

// Among the saved replies j and k are letters of the words typed, and the
// arrows move: k keeps the two replies with a k, and ↓↓ stops at the second.
func TestSavedRepliesTakeJAndKAsTextAndMoveWithTheArrows(t *testing.T) {
	tm, d := savedRepliesOpen(t)
	tm.Type("k")
	tm.Send(tea.KeyMsg{Type: tea.KeyDown})
	tm.Send(tea.KeyMsg{Type: tea.KeyDown})
	savedReplyInserted(t, tm, d, "@amy Thanks Amy. Please "+desk.DefaultRefAdvice+".")
}

// savedRepliesOpen opens the saved replies (ctrl+r) in a reply to @amy.
func savedRepliesOpen(t *testing.T) (*teatest.TestModel, *desk.Desk) {
	t.Helper()
	d, srv := mastoDesk(t, func(o *desk.Options) { o.Replies = testReplies })
	srv.AddAccount("amy")
	arrive(t, d, srv, "my bike was nicked from the station", "public")
	tm := newTestModel(t, d, "morris", 120, 40)
	waitFor(t, tm, "Inbound")
	tm.Type("r")
	waitFor(t, tm, "Reply to @amy")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlR})
	waitFor(t, tm, "Saved replies")
	return tm, d
}

// savedReplyInserted takes the reply under the cursor, saves the draft and
// wants it to read want.
func savedReplyInserted(t *testing.T, tm *teatest.TestModel, d *desk.Desk, want string) {
	t.Helper()
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
	waitFor(t, tm, "draft saved")
	var got string
	for _, dr := range d.Drafts() {
		got = dr.Text
	}
	if got != want {
		t.Fatalf("draft %q, want %q", got, want)
	}
	finalView(t, tm)
}

// xOn is Sgt Morris's console on a desk with the saved replies, where he
// has pressed x on @amy's question with text, posted in visibility.
func xOn(t *testing.T, text, visibility string) (*desk.Desk, *mastotest.Server, desk.Question, *teatest.TestModel) {
	t.Helper()
	d, srv := mastoDesk(t, func(o *desk.Options) { o.Replies = testReplies })
	q := arrive(t, d, srv, text, visibility)
	tm := newTestModel(t, d, "morris", 120, 40)
	waitFor(t, tm, "Inbound")
	tm.Type("x")
	return d, srv, q, tm
}

func TestXAsksHowAndRemembersTheChoice(t *testing.T) {
	d, srv, q1, tm := xOn(t, "Is the A595 still closed near Bothel?", "public")
	waitFor(t, tm, "favourite the question")
	tm.Type("s")
	waitFor(t, tm, "acknowledged")
	if q, _ := d.Question(q1.ID); q.State != desk.StateAcknowledged {
		t.Fatalf("after x s: %s", q.State)
	}
	if n := len(srv.FavouritedBy(q1.Item.RemoteID)); n != 0 || len(repliesTo(srv, q1.Item.RemoteID)) != 0 {
		t.Fatalf("silently told the server something: %d favourites, posts %v", n, srv.Posts())
	}
	// The second question: enter repeats "silently", the last choice.
	q2 := arrive(t, d, srv, "When is the next surgery?", "public")
	waitFor(t, tm, "next surgery")
	tm.Type("x")
	waitFor(t, tm, "enter or x repeats")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(t, tm, "acknowledged")
	deadline := time.Now().Add(5 * time.Second)
	for q, _ := d.Question(q2.ID); q.State != desk.StateAcknowledged && time.Now().Before(deadline); q, _ = d.Question(q2.ID) {
		time.Sleep(10 * time.Millisecond)
	}
	if q, _ := d.Question(q2.ID); q.State != desk.StateAcknowledged {
		t.Fatalf("enter after a silent acknowledgement left the question %s", q.State)
	}
	finalView(t, tm)
}

func TestXFavouriteReachesTheServerOnce(t *testing.T) {
	d, srv, q, tm := xOn(t, "Is the A595 still closed near Bothel?", "public")
	waitFor(t, tm, "favourite the question")
	tm.Type("f")
	waitFor(t, tm, "favourited, @amy is notified")
	// A second x offers only "silently": the author was told.
	tm.Type("x")
	waitFor(t, tm, "Already told by a favourite")
	tm.Type("f")
	waitFor(t, tm, "already told by a favourite")
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	if got := srv.FavouritedBy(q.Item.RemoteID); len(got) != 1 || got[0] != "team" {
		t.Fatalf("favourited by %v, want the team account once", got)
	}
	if n := srv.Requests("/api/v1/statuses/" + q.Item.RemoteID + "/favourite"); n != 1 {
		t.Fatalf("%d favourite requests, want exactly 1", n)
	}
	if got, _ := d.Question(q.ID); got.State != desk.StateAcknowledged || len(repliesTo(srv, q.Item.RemoteID)) != 0 {
		t.Fatalf("after the favourite: %s, posts %v", got.State, srv.Posts())
	}
	finalView(t, tm)
}

func TestXAckReplyPostsOnceThreadedInTheQuestionsVisibility(t *testing.T) {
	d, srv, q, tm := xOn(t, "someone keeps trying car doors on our street", "direct")
	waitFor(t, tm, "we've seen this")
	tm.Type("r")
	waitFor(t, tm, "reply posted to @amy")
	var posts []mastotest.Status
	for _, p := range srv.Posts() {
		if strings.Contains(p.Text, "we've seen this") {
			posts = append(posts, p)
		}
	}
	if len(posts) != 1 {
		t.Fatalf("%d acknowledgement posts on the server, want exactly 1: %+v", len(posts), srv.Posts())
	}
	p := posts[0]
	if p.InReplyTo != q.Item.RemoteID || p.Visibility != "direct" || !strings.Contains(p.Text, "Thanks Amy") || !strings.Contains(p.Text, "Sgt Morris will get back to you within 24 hours") {
		t.Fatalf("posted %+v, want it threaded under %s, direct, filled in", p, q.Item.RemoteID)
	}
	if got, _ := d.Question(q.ID); got.State != desk.StateAcknowledged {
		t.Fatalf("an acknowledgement reply left the question %s, want acknowledged (not answered)", got.State)
	}
	finalView(t, tm)
}

func TestAnOffDutyAutoAcknowledgedQuestionGetsNoSecondAcknowledgement(t *testing.T) {
	d, srv := mastoDesk(t, func(o *desk.Options) {
		o.Replies = testReplies
		o.AutoReply = func(desk.Announcement) string {
			return "Thanks for your message. We're off duty: in an emergency call 999, otherwise 101."
		}
	})
	if _, err := d.SetDuty(context.Background(), "morris", false, ""); err != nil {
		t.Fatal(err)
	}
	q := arrive(t, d, srv, "is the station open tomorrow", "public")
	deadline := time.Now().Add(10 * time.Second)
	for d.PublicAck(q.ID) == "" && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	tm := newTestModel(t, d, "morris", 120, 40)
	waitFor(t, tm, "Inbound")
	tm.Type("x")
	waitFor(t, tm, "Already told by the off-duty auto-reply")
	tm.Type("r")
	waitFor(t, tm, "already told by the off-duty auto-reply")
	tm.Type("f")
	tm.Type("s")
	waitFor(t, tm, "acknowledged")
	if n := len(srv.FavouritedBy(q.Item.RemoteID)); n != 0 {
		t.Fatalf("%d favourites after the auto-reply, want none", n)
	}
	for _, p := range srv.Posts() {
		if strings.Contains(p.Text, "we've seen this") {
			t.Fatalf("an acknowledgement reply was posted after the auto-reply: %+v", p)
		}
	}
	finalView(t, tm)
}
