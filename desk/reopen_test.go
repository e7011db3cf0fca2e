package desk

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/risk"
)

func replyClassifier(text string) (bool, string) {
	r, why := risk.ClassifyReply(text)
	return r == risk.Thanks, why
}

// answered opens a desk with q1 from @amy answered by PC Ellis, and returns
// the desk, its clock and the server ID of the team's reply.
func answered(t *testing.T, path string, opts Options) (*Desk, *fakeClock, string) {
	t.Helper()
	ctx := context.Background()
	clock := &fakeClock{now: time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)}
	opts.Now, opts.Reply, opts.Asks = clock.Now, replyClassifier, risk.Asks
	if opts.Poster == nil {
		opts.Poster = &recordingPoster{}
	}
	d := openDesk(t, path, opts)
	if _, err := d.SetDuty(ctx, "morris", true, "22:00"); err != nil {
		t.Fatal(err)
	}
	ingest(t, d, mention("q1", "@amy@mastodon.social", "Is the A595 still closed near Bothel?"))
	if err := d.Assign(ctx, "morris", "q1", "ellis"); err != nil {
		t.Fatal(err)
	}
	id, err := d.CreateDraft(ctx, "ellis", DraftInput{Kind: DraftReply, ReplyTo: "q1", Text: "It reopened at 21:00."})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Send(ctx, "ellis", id); err != nil {
		t.Fatal(err)
	}
	mustState(t, d, "q1", StateAnswered)
	dr, _ := d.Draft(id)
	return d, clock, dr.RemoteID
}

// replyTo is a message from author answering the status with server ID
// remote, as the Mastodon feed names it.
func replyTo(at time.Time, id, author, remote, text string) feeds.Event {
	ev := mention(id, author, text)
	ev.Item.Kind, ev.Item.InReplyTo, ev.Item.Created = feeds.KindReply, "mastodon:police.example/"+remote, at
	return ev
}

func TestAFollowUpFromTheAuthorReopensTheAnsweredQuestion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.db")
	d, clock, remote := answered(t, path, Options{})
	clock.Advance(3 * time.Hour)
	ingest(t, d, replyTo(d.Now(), "f1", "@amy@mastodon.social", remote, "thanks, but it's closed again tonight"))

	if n := len(d.Questions()); n != 1 {
		t.Fatalf("%d questions, want the follow-up to join q1, not a new row", n)
	}
	q := mustState(t, d, "q1", StateNew)
	if q.Item.Text != "thanks, but it's closed again tonight" || q.Reopens != 1 || q.ReopenedFor != "ellis" {
		t.Fatalf("reopened question %+v: want the follow-up on top, reopened for PC Ellis", q)
	}
	if q.Assignee != "" || !q.Answered.IsZero() || !q.Arrived.Equal(clock.Now()) {
		t.Fatalf("reopened question %+v: want unassigned, unanswered, arrived now", q)
	}
	if top := d.Inbox(false)[0]; top.ID != "q1" {
		t.Fatalf("top of Inbound is %s, want the reopened q1", top.ID)
	}
	// The SLA clock starts again: three hours since the first arrival is
	// no breach, an hour and a minute since the follow-up is.
	if b := d.Breached(clock.Now(), time.Hour, 24*time.Hour); b.Acknowledge != 0 {
		t.Fatalf("breaches %+v right after reopening, want none", b)
	}
	clock.Advance(61 * time.Minute)
	if b := d.Breached(clock.Now(), time.Hour, 24*time.Hour); b.Acknowledge != 1 {
		t.Fatalf("breaches %+v an hour after reopening, want the acknowledgement one", b)
	}
	thread := d.Thread("q1")
	if len(thread) != 3 || thread[0].ID != "q1" || thread[1].Kind != feeds.KindTeamPost || thread[2].ID != "f1" {
		t.Fatalf("thread %+v, want question, team reply, follow-up", thread)
	}

	// The state comes back from the store the same.
	d2 := openDesk(t, path, Options{Now: clock.Now})
	q2 := mustState(t, d2, "q1", StateNew)
	if q2.Item.ID != "f1" || q2.Reopens != 1 || len(d2.Questions()) != 1 {
		t.Fatalf("after replay %+v", q2)
	}
	if b := d2.Breached(clock.Now(), time.Hour, 24*time.Hour); b.Acknowledge != 1 {
		t.Fatalf("breaches after replay %+v, want 1", b)
	}
}

func TestAThankYouFromTheAuthorClosesTheQuestion(t *testing.T) {
	d, _, remote := answered(t, filepath.Join(t.TempDir(), "desk.db"), Options{})
	ingest(t, d, replyTo(d.Now(), "f1", "@amy@mastodon.social", remote, "@team3 Cheers 👍"))
	if n := len(d.Questions()); n != 1 {
		t.Fatalf("%d questions, want the thank-you to join q1", n)
	}
	q := mustState(t, d, "q1", StateClosed)
	if q.Reopens != 0 || len(q.Thread) != 1 {
		t.Fatalf("closed question %+v: want the thank-you in its thread, not reopened", q)
	}
	if c := d.Counts(); c.ByState[StateNew] != 0 {
		t.Fatalf("counts %+v: a thank-you left something new", c)
	}
}

func TestOthersInTheThreadCountOnlyWhenTheyAsk(t *testing.T) {
	d, _, remote := answered(t, filepath.Join(t.TempDir(), "desk.db"), Options{})
	ingest(t, d,
		replyTo(d.Now(), "o1", "@bob@social.example", remote, "same here, it was shut at six"),
		replyTo(d.Now(), "o2", "@cat@social.example", remote, "is the B5299 open instead?"),
	)
	qs := d.Questions()
	if len(qs) != 2 || qs[1].ID != "o2" {
		t.Fatalf("questions %+v, want q1 and the question o2 only", qs)
	}
	q := mustState(t, d, "q1", StateAnswered)
	if len(q.Thread) != 1 || q.Thread[0] != "o1" {
		t.Fatalf("q1 thread %v, want the remark o1 in it", q.Thread)
	}
}

func TestADirectMessageAgainWithinTheWindowReopens(t *testing.T) {
	ctx := context.Background()
	clock := &fakeClock{now: time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)}
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{
		Now: clock.Now, Poster: &recordingPoster{}, Reply: replyClassifier, ReopenWithin: 48 * time.Hour,
	})
	dm := func(id, text string) feeds.Event {
		ev := mention(id, "@jo@social.example", text)
		ev.Item.Kind, ev.Item.Visibility, ev.Item.Created = feeds.KindDirect, feeds.VisibilityDirect, clock.Now()
		return ev
	}
	ingest(t, d, dm("dm1", "my bike was stolen from outside my house"))
	id, err := d.CreateDraft(ctx, "morris", DraftInput{Kind: DraftReply, ReplyTo: "dm1", Text: "Please report it online or on 101."})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Send(ctx, "morris", id); err != nil {
		t.Fatal(err)
	}
	clock.Advance(24 * time.Hour)
	ingest(t, d, dm("dm2", "done that, got a reference, what now"))
	if q := mustState(t, d, "dm1", StateNew); q.Item.ID != "dm2" || q.ReopenedFor != "morris" {
		t.Fatalf("dm1 %+v, want reopened by dm2 for Sgt Morris", q)
	}
	if err := d.Close(ctx, "morris", "dm1"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(49 * time.Hour)
	ingest(t, d, dm("dm3", "a different matter: the streetlights on Warwick Rd are out"))
	mustState(t, d, "dm1", StateClosed)
	mustState(t, d, "dm3", StateNew)
}

// An urgent message never hides in an old thread: from the author or from
// anyone else, it is a question of its own, with its level and the alarm.
func TestAnUrgentReplyInAThreadIsAQuestionOfItsOwn(t *testing.T) {
	urgency := func(text string) risk.Urgency {
		if strings.Contains(text, "knife") {
			return risk.Urgency{Level: risk.Urgent, Reason: "weapon"}
		}
		return risk.Urgency{Level: risk.Routine}
	}
	d, _, remote := answered(t, filepath.Join(t.TempDir(), "desk.db"), Options{Urgency: urgency})
	ingest(t, d,
		replyTo(d.Now(), "u1", "@amy@mastodon.social", remote, "thanks, he's back outside with a knife"),
		replyTo(d.Now(), "u2", "@bob@social.example", remote, "there's a man with a knife on the corner"),
	)
	mustState(t, d, "q1", StateAnswered)
	for _, id := range []string{"u1", "u2"} {
		if q := mustState(t, d, id, StateNew); !q.Urgent() {
			t.Fatalf("%s arrived as %+v, want an urgent question of its own", id, q)
		}
	}
}
