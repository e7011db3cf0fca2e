package desk

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/risk"
)

// urgentIf is a classifier for tests: urgent when the text holds any of the
// words, with reason.
func urgentIf(reason string, words ...string) func(string) risk.Urgency {
	return func(text string) risk.Urgency {
		for _, w := range words {
			if strings.Contains(text, w) {
				return risk.Urgency{Level: risk.Urgent, Reason: reason}
			}
		}
		return risk.Urgency{}
	}
}

// levelled is a classifier for tests whose answer is written in the message
// itself, so that no test depends on the real classifier's rules:
// "[possible self_harm] …" is possible with the signal self_harm (a mention
// may come first).
func levelled(text string) risk.Urgency {
	i := strings.Index(text, "[")
	if i < 0 {
		return risk.Urgency{}
	}
	head, _, _ := strings.Cut(text[i+1:], "]")
	fields := strings.Fields(head)
	l, err := ParseLevel(fields[0])
	if err != nil {
		panic(err)
	}
	return risk.Urgency{Level: l, Reason: "test says " + fields[0], Signals: fields[1:]}
}

func TestPossibleSortsUnderUrgentAndIsNeverAutoAcknowledged(t *testing.T) {
	ctx := context.Background()
	poster := &recordingPoster{}
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{
		Poster: poster, Urgency: levelled,
		AutoReply: func(Announcement) string { return "We are off duty. Emergencies 999, otherwise 101." },
	})
	ingest(t, d,
		mention("r1", "@amy", "when is the next surgery?"),
		mention("p1", "@bob", "[possible] my dad's gone quiet on the phone"),
		mention("c1", "@cat", "[crime_report] my shed was done over last week"),
		mention("u1", "@dan", "[urgent] he has a knife"),
		mention("r2", "@eve", "is the A595 open?"),
		mention("p2", "@fay", "[possible] not sure if this matters"),
	)
	var order []string
	for _, q := range d.Inbox(false) {
		order = append(order, q.ID)
	}
	if want := []string{"u1", "p2", "p1", "r2", "c1", "r1"}; !reflect.DeepEqual(order, want) {
		t.Fatalf("inbox order %v, want %v: urgent, then possible, then the rest, newest first", order, want)
	}
	if c := d.Counts(); c.Urgent != 1 || c.Possible != 2 {
		t.Fatalf("counts urgent %d possible %d, want 1 and 2", c.Urgent, c.Possible)
	}
	// Once acknowledged, a possible question no longer jumps the queue.
	if err := d.Acknowledge(ctx, "morris", "p1"); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(ctx, "morris", "p1"); err != nil {
		t.Fatal(err)
	}
	if got := d.Inbox(false)[2].ID; got != "r2" {
		t.Fatalf("a closed possible question still sorts at the top: third row %s", got)
	}

	// Off duty, routine questions are acknowledged automatically; a
	// possible one never is: it gets the emergency advice and stays new.
	if _, err := d.SetDuty(ctx, "morris", false, ""); err != nil {
		t.Fatal(err)
	}
	poster.posts = nil
	ingest(t, d, mention("p3", "@gus", "[possible] strange noises next door"), mention("r3", "@hal", "lost my wallet"))
	for _, dr := range d.Drafts() {
		if dr.Kind == DraftAutoAck && dr.ReplyTo == "p3" {
			t.Fatalf("the possible question was auto-acknowledged: %+v", dr)
		}
	}
	mustState(t, d, "p3", StateNew)
	if len(poster.posts) != 2 || !strings.Contains(poster.posts[0].Text, "999") || poster.posts[0].InReplyTo != "remote-p3" ||
		!strings.Contains(poster.posts[1].Text, "We are off duty") || poster.posts[1].InReplyTo != "remote-r3" {
		t.Fatalf("posts %+v: want the emergency advice to @gus first, then the acknowledgement to @hal", poster.posts)
	}
}

func TestArrivalsStoredBeforeLevelsKeepTheirUrgency(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	st, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 1, 20, 0, 0, 0, time.UTC)
	old := []Event{
		{Type: EvItemArrived, Actor: SystemActor, At: at, Payload: []byte(`{"item":{"ID":"q1","Kind":"mention","Author":"@a","Text":"help he is following me"},"urgent":true,"urgency_reason":"life at risk: \"help\""}`)},
		{Type: EvItemArrived, Actor: SystemActor, At: at, Payload: []byte(`{"item":{"ID":"q2","Kind":"mention","Author":"@b","Text":"when is the surgery"}}`)},
		// as older versions wrote it, through encoding/json (whitespace)
		{Type: EvItemArrived, Actor: SystemActor, At: at, Payload: []byte(`{"item": {"ID":"q3","Kind":"mention","Author":"@c","Text":"fire"}, "urgent": true}`)},
	}
	if _, err := st.Append(ctx, 0, old); err != nil {
		t.Fatal(err)
	}
	st.Close()
	d := openDesk(t, path, Options{})
	for id, want := range map[string]risk.Level{"q1": risk.Urgent, "q2": risk.Routine, "q3": risk.Urgent} {
		if q, _ := d.Question(id); q.Level != want {
			t.Errorf("%s reads as %s, want %s", id, q.Level, want)
		}
	}
	if q, _ := d.Question("q1"); q.UrgencyReason != `life at risk: "help"` {
		t.Errorf("reason %q lost", q.UrgencyReason)
	}
	if c := d.Counts(); c.Urgent != 2 {
		t.Errorf("%d urgent, want 2", c.Urgent)
	}
}

func TestLevelReasonAndSignalsSurviveARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.db")
	d := openDesk(t, path, Options{Urgency: levelled})
	ingest(t, d, mention("q1", "@a", "[possible self_harm no_reply] don't reply he reads this"), mention("q2", "@b", "[crime_report] stolen bike"))
	again := openDesk(t, path, Options{})
	if !reflect.DeepEqual(d.Questions(), again.Questions()) {
		t.Fatalf("questions differ after replay:\n%+v\n%+v", d.Questions(), again.Questions())
	}
	q, _ := again.Question("q1")
	if q.Level != risk.Possible || q.UrgencyReason != "test says possible" || !q.NoReply() || !reflect.DeepEqual(q.Signals, []string{"self_harm", "no_reply"}) {
		t.Fatalf("after restart: %s %q %v", q.Level, q.UrgencyReason, q.Signals)
	}
	if q, _ := again.Question("q2"); q.Level != risk.CrimeReport {
		t.Fatalf("crime report reads as %s after restart", q.Level)
	}
}

func TestJudgingALevelIsStoredWithWhoAndWhy(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	d := openDesk(t, path, Options{Urgency: levelled})
	ingest(t, d, mention("p1", "@a", "[possible] my nan isn't answering her door"), mention("p2", "@b", "[possible] dying to know when the parade is"))

	if err := d.SetLevel(ctx, "ellis", "p1", risk.Urgent, "elderly, alone, no answer"); err != nil {
		t.Fatalf("an officer raising a question to urgent: %v", err)
	}
	if err := d.SetLevel(ctx, "ellis", "p2", risk.Routine, "idiom"); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("an officer lowering a question: %v, want not allowed", err)
	}
	if err := d.SetLevel(ctx, "morris", "p2", risk.Routine, "idiom: \"dying to know\""); err != nil {
		t.Fatal(err)
	}
	if err := d.SetLevel(ctx, "morris", "p2", risk.Routine, "again"); !errors.Is(err, ErrIllegal) {
		t.Fatalf("judging the same level twice: %v, want refused", err)
	}
	if c := d.Counts(); c.Urgent != 1 || c.Possible != 0 {
		t.Fatalf("counts urgent %d possible %d after judging, want 1 and 0", c.Urgent, c.Possible)
	}
	if got := d.Inbox(false)[0].ID; got != "p1" {
		t.Fatalf("the question judged urgent is not at the top: %s", got)
	}

	again := openDesk(t, path, Options{})
	q, _ := again.Question("p1")
	if q.Level != risk.Urgent || q.LevelBy != "ellis" || q.LevelWhy != "elderly, alone, no answer" || q.UrgencyReason != "test says possible" {
		t.Fatalf("after restart p1 is %s by %q (%q), classifier said %q", q.Level, q.LevelBy, q.LevelWhy, q.UrgencyReason)
	}
	evs, err := again.Events(0)
	if err != nil {
		t.Fatal(err)
	}
	js, err := Judgements(evs)
	if err != nil {
		t.Fatal(err)
	}
	want := []Judgement{
		{Question: "p1", Level: risk.Urgent, Was: "possible", By: "ellis", Reason: "elderly, alone, no answer", Text: "[possible] my nan isn't answering her door"},
		{Question: "p2", Level: risk.Routine, Was: "possible", By: "morris", Reason: "idiom: \"dying to know\"", Text: "[possible] dying to know when the parade is"},
	}
	if !reflect.DeepEqual(js, want) {
		t.Fatalf("judgements\n%+v\nwant\n%+v", js, want)
	}
}

// offDutyDesk is a desk put off duty, with nothing posted yet.
func offDutyDesk(t *testing.T, path string, poster feeds.Poster, opts Options) *Desk {
	t.Helper()
	opts.Poster, opts.Urgency = poster, levelled
	d := openDesk(t, path, opts)
	if _, err := d.SetDuty(context.Background(), "morris", false, ""); err != nil {
		t.Fatal(err)
	}
	if p, ok := poster.(*recordingPoster); ok {
		p.posts = nil // the broadcast
	}
	return d
}

func TestOffDutyUrgentArrivalGetsTheAdviceOnceAndStaysPinned(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.db")
	poster := &recordingPoster{}
	d := offDutyDesk(t, path, poster, Options{UrgentReply: func(Announcement) string {
		return "If anyone is in danger call 999 now. We are off duty."
	}})
	ingest(t, d, dm("u1", "@sam", "[urgent] he's kicking the door in"))
	if len(poster.posts) != 1 {
		t.Fatalf("%d posts, want one advice reply: %+v", len(poster.posts), poster.posts)
	}
	p := poster.posts[0]
	if p.Text != "@sam If anyone is in danger call 999 now. We are off duty." || p.Visibility != feeds.VisibilityDirect || p.InReplyTo != "remote-u1" {
		t.Fatalf("advice %+v: want the configured text, mentioning @sam, direct, in reply to remote-u1", p)
	}
	q := mustState(t, d, "u1", StateNew) // pinned for the next shift
	if q.Advice == "" || d.Inbox(false)[0].ID != "u1" {
		t.Fatalf("the question does not lead the inbox with its advice noted: %+v", q)
	}
	thread := d.Thread("u1")
	if len(thread) != 2 || thread[1].Text != p.Text {
		t.Fatalf("the advice is not in the thread: %+v", thread)
	}

	// A restart, and resuming posts, sends nothing again; nor does
	// putting the team on duty.
	again := openDesk(t, path, Options{Poster: poster})
	if err := again.ResumePosting(context.Background()); err != nil {
		t.Fatal(err)
	}
	again.waitAutoAcks()
	if len(poster.posts) != 1 {
		t.Fatalf("%d posts after a restart, want still one", len(poster.posts))
	}
	if dr, _ := again.Draft(q.Advice); dr.State != DraftPosted || dr.Kind != DraftAdvice {
		t.Fatalf("advice draft after restart: %+v", dr)
	}
}

func TestAdviceStoredButNotSentIsSentOnceAfterARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.db")
	d := offDutyDesk(t, path, &recordingPoster{}, Options{})
	// The process stops after storing the arrival, before posting: here,
	// a desk with no poster behaves as if it had.
	d.opts.Poster = nil
	ingest(t, d, mention("u1", "@sam", "[urgent self_harm] I've taken all my tablets"))

	poster := &recordingPoster{}
	again := openDesk(t, path, Options{Poster: poster})
	for i := 0; i < 2; i++ {
		if err := again.ResumePosting(context.Background()); err != nil {
			t.Fatal(err)
		}
		again.waitAutoAcks()
	}
	if len(poster.posts) != 1 {
		t.Fatalf("%d posts after resuming twice, want one", len(poster.posts))
	}
	text := poster.posts[0].Text
	if !strings.Contains(text, DefaultUrgentReply) || !strings.Contains(text, "Samaritans") || !strings.Contains(text, "116 123") {
		t.Fatalf("advice %q: want the default advice naming 999 and, for self-harm, Samaritans 116 123", text)
	}
}

func TestSenderWhoAskedForNoReplyGetsNone(t *testing.T) {
	poster := &recordingPoster{}
	d := offDutyDesk(t, filepath.Join(t.TempDir(), "desk.db"), poster, Options{
		AutoReply: func(Announcement) string { return "We are off duty." },
	})
	ingest(t, d,
		dm("u1", "@v", "[urgent no_reply] he's hitting her again don't reply he reads this"),
		dm("r1", "@w", "[routine no_reply] please don't reply, just noting the van"),
	)
	if len(poster.posts) != 0 {
		t.Fatalf("a sender who asked for no reply got %+v", poster.posts)
	}
	q := mustState(t, d, "u1", StateNew)
	if !q.NoReply() || !q.Urgent() || q.Advice != "" {
		t.Fatalf("question %+v: want urgent, no reply, no advice", q)
	}
	for _, dr := range d.Drafts() {
		if dr.ReplyTo != "" {
			t.Fatalf("a reply was drafted to a sender who asked for none: %+v", dr)
		}
	}
}

func TestNoAdviceOnDutyOrBeforeDutyWasEverSet(t *testing.T) {
	ctx := context.Background()
	poster := &recordingPoster{}
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{Poster: poster, Urgency: levelled})
	ingest(t, d, mention("u0", "@a", "[urgent] fire"))
	if _, err := d.SetDuty(ctx, "morris", true, "22:00"); err != nil {
		t.Fatal(err)
	}
	poster.posts = nil
	ingest(t, d, mention("u1", "@b", "[urgent] fire"), mention("p1", "@c", "[possible] smoke"))
	if len(poster.posts) != 0 {
		t.Fatalf("posted with people watching the desk: %+v", poster.posts)
	}
}

// Emergency advice is not held back by the cap on auto-acknowledgements:
// it goes ahead of them.
func TestAdviceGoesAheadOfPacedAcknowledgements(t *testing.T) {
	poster := &recordingPoster{}
	d := offDutyDesk(t, filepath.Join(t.TempDir(), "desk.db"), poster, Options{
		AutoReply:          func(Announcement) string { return "We are off duty." },
		AutoReplyPerMinute: 1,
	})
	ingest(t, d, mention("r1", "@a", "one"), mention("r2", "@b", "two"))
	ingest(t, d, mention("u1", "@c", "[urgent] he's got a gun"))
	var advice int
	for _, p := range poster.posts {
		if p.InReplyTo == "remote-u1" {
			advice++
		}
	}
	if advice != 1 {
		t.Fatalf("posts %+v: want the advice to @c sent at once, beyond the cap", poster.posts)
	}
}

// A server that fails the post does not leave someone in danger without the
// advice until the next start: it is sent again, once.
func TestFailedAdviceIsSentAgain(t *testing.T) {
	defer func(w time.Duration) { adviceRetryWait = w }(adviceRetryWait)
	adviceRetryWait = 10 * time.Millisecond
	poster := &recordingPoster{}
	d := offDutyDesk(t, filepath.Join(t.TempDir(), "desk.db"), poster, Options{})
	poster.mu.Lock()
	poster.fail = errors.New("503 Service Unavailable")
	poster.mu.Unlock()
	if err := d.Ingest(context.Background(), []feeds.Event{mention("u1", "@sam", "[urgent] there's a fire and my kids are upstairs")}); err != nil {
		t.Fatal(err)
	}
	q, _ := d.Question("u1")
	deadline := time.Now().Add(10 * time.Second)
	for dr, _ := d.Draft(q.Advice); dr.State != DraftPosted; dr, _ = d.Draft(q.Advice) {
		if time.Now().After(deadline) {
			t.Fatalf("the advice was not sent again after a failure: %+v; health %v", dr, d.Health())
		}
		time.Sleep(5 * time.Millisecond)
	}
	d.waitAutoAcks()
	poster.mu.Lock()
	defer poster.mu.Unlock()
	if len(poster.posts) != 1 {
		t.Fatalf("%d posts, want one", len(poster.posts))
	}
	if h := d.Health()["advice"]; h != "" {
		t.Fatalf("the status bar still says %q once the advice was sent", h)
	}
}
