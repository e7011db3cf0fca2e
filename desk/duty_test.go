package desk

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

func dm(id, author, text string) feeds.Event {
	ev := mention(id, author, text)
	ev.Item.Kind, ev.Item.Visibility = feeds.KindDirect, feeds.VisibilityDirect
	return ev
}

func plateCheck(text string) []Finding {
	if i := strings.Index(text, "YX61 KLM"); i >= 0 {
		return []Finding{{Kind: "plate", Severity: SeverityBlock, Start: i, End: i + 8, Reason: "a vehicle registration identifies people"}}
	}
	return nil
}

func TestBlockedBroadcastIsRefusedBeforeDutyChanges(t *testing.T) {
	ctx := context.Background()
	poster := &recordingPoster{}
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{
		Poster: poster, Check: plateCheck,
		Broadcast: func(a Announcement) string {
			if a.On {
				return "On duty. Emergencies 999, otherwise 101."
			}
			return "Off duty. Look out for YX61 KLM. Emergencies 999, otherwise 101."
		},
	})
	if _, err := d.SetDuty(ctx, "morris", true, ""); err != nil {
		t.Fatal(err)
	}
	seq := d.LastSeq()
	_, err := d.SetDuty(ctx, "morris", false, "")
	if !errors.Is(err, ErrIllegal) || !strings.Contains(err.Error(), "vehicle registration") || !strings.Contains(err.Error(), "duty not changed") {
		t.Fatalf("blocked broadcast: %v, want it refused with the checker's reason", err)
	}
	if !d.Duty().On || d.LastSeq() != seq {
		t.Fatalf("duty %+v, %d events stored after the refusal: want still on duty, nothing stored", d.Duty(), d.LastSeq()-seq)
	}
	if len(poster.posts) != 1 {
		t.Fatalf("%d posts, want only the on-duty broadcast", len(poster.posts))
	}
	if pv := d.PreviewDuty(false, ""); !pv.Blocked() || pv.Visibility != feeds.VisibilityPublic || pv.Account != "the team account" {
		t.Fatalf("preview %+v: want blocked, public, from the team account", pv)
	}
}

func TestBroadcastNamesTheOfficersOnShiftNow(t *testing.T) {
	ctx := context.Background()
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{
		Broadcast: func(a Announcement) string {
			return a.Team + " on until " + a.Until + ": " + strings.Join(a.Officers, ", ")
		},
		Team: "Team 3",
	})
	if err := d.SetShift(ctx, "morris", "khan", true); err != nil {
		t.Fatal(err)
	}
	if got, want := d.PreviewDuty(true, "22:00").Text, "Team 3 on until 22:00: Sgt Morris, PC Ellis, PC Khan"; got != want {
		t.Fatalf("broadcast %q, want %q", got, want)
	}
}

// TestSLAClocksStopOffDuty: a question's clocks run only while the team is
// on duty, and the breach counts agree after a restart.
func TestSLAClocksStopOffDuty(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	clock := &fakeClock{now: time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)}
	d := openDesk(t, path, Options{Now: clock.Now})
	const ack, answer = time.Hour, 2 * time.Hour
	breached := func(d *Desk) SLABreaches { return d.Breached(clock.Now(), ack, answer) }

	if _, err := d.SetDuty(ctx, "morris", true, ""); err != nil { // 20:00 on
		t.Fatal(err)
	}
	ingest(t, d, mention("q1", "@amy", "is the road open?")) // 20:00
	clock.Advance(40 * time.Minute)                          // 20:40
	if _, err := d.SetDuty(ctx, "morris", false, ""); err != nil {
		t.Fatal(err)
	}
	clock.Advance(5 * time.Hour) // 01:40, five hours off duty
	q1, _ := d.Question("q1")
	if got := d.DutyTime(q1.Arrived, clock.Now()); got != 40*time.Minute {
		t.Fatalf("q1's clock after 5h off duty: %s, want 40m (stopped at 20:40)", got)
	}
	if b := breached(d); b != (SLABreaches{}) {
		t.Fatalf("breaches off duty: %+v, want none: the clocks stopped", b)
	}
	ingest(t, d, mention("q2", "@bob", "lost dog")) // 01:40, off duty
	if _, err := d.SetDuty(ctx, "morris", true, ""); err != nil {
		t.Fatal(err)
	}
	clock.Advance(21 * time.Minute) // 02:01: q1 40+21 = 61m, q2 21m
	if b := breached(d); b.Acknowledge != 1 || b.Answer != 0 {
		t.Fatalf("at 02:01 %+v, want q1 only past the 1h acknowledgement target", b)
	}
	clock.Advance(40 * time.Minute) // 02:41: q1 101m, q2 61m
	if b := breached(d); b.Acknowledge != 2 {
		t.Fatalf("at 02:41 %+v, want both past the acknowledgement target", b)
	}
	if err := d.Acknowledge(ctx, "morris", "q1"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(20 * time.Minute) // 03:01: q1 121m open, q2 81m new
	want := SLABreaches{Acknowledge: 1, Answer: 1}
	if b := breached(d); b != want {
		t.Fatalf("at 03:01 %+v, want %+v: q2 unacknowledged, q1 unanswered after 2h01m on duty", b, want)
	}
	reopened := openDesk(t, path, Options{Now: clock.Now})
	if b := breached(reopened); b != want {
		t.Fatalf("after a restart %+v, want %+v", b, want)
	}
}

func TestAutoAcknowledgementOncePerPersonPerOffDutyPeriod(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	clock := &fakeClock{now: time.Date(2026, 11, 30, 22, 0, 0, 0, time.UTC)}
	poster := &recordingPoster{}
	opts := Options{
		Now: clock.Now, Poster: poster,
		AutoReply: func(a Announcement) string {
			return "Thanks. We are off duty. Emergencies 999, otherwise 101."
		},
		Urgency: urgentIf("danger", "following me"),
	}
	d := openDesk(t, path, opts)
	ingest(t, d, mention("q0", "@early", "before anyone set duty"))
	if len(poster.posts) != 0 {
		t.Fatalf("auto-acknowledged before the team was ever put off duty: %+v", poster.posts)
	}
	if _, err := d.SetDuty(ctx, "morris", false, ""); err != nil {
		t.Fatal(err)
	}
	poster.posts = nil // the off-duty broadcast

	ingest(t, d, dm("q1", "@amy", "my bike was stolen"))
	if len(poster.posts) != 1 {
		t.Fatalf("%d posts after a DM off duty, want one auto-acknowledgement", len(poster.posts))
	}
	p := poster.posts[0]
	if p.Visibility != feeds.VisibilityDirect || p.InReplyTo != "remote-q1" || p.Text != "@amy Thanks. We are off duty. Emergencies 999, otherwise 101." {
		t.Fatalf("auto-acknowledgement %+v: want a direct reply to remote-q1 mentioning @amy", p)
	}
	mustState(t, d, "q1", StateNew) // still the team's to answer

	ingest(t, d, mention("q2", "@amy", "and another thing"))
	ingest(t, d, mention("q3", "@jdoe", "help there's a man following me"))
	ingest(t, d, mention("q4", "@bob", "one"), mention("q5", "@bob", "two"))
	if len(poster.posts) != 3 || !strings.HasPrefix(poster.posts[2].Text, "@bob ") ||
		poster.posts[1].InReplyTo != "remote-q3" || !strings.Contains(poster.posts[1].Text, "999 straight away") {
		t.Fatalf("posts %+v: want amy once, bob once, and the emergency advice (no acknowledgement) for the urgent question", poster.posts)
	}
	if c := d.Counts(); c.Urgent != 1 {
		t.Fatalf("urgent count %d, want 1", c.Urgent)
	}
	var acks int
	for _, dr := range d.Drafts() {
		if dr.Kind == DraftAutoAck {
			acks++
			if dr.State != DraftPosted || dr.Author != SystemActor {
				t.Errorf("auto-acknowledgement draft %+v, want posted by the system", dr)
			}
		}
	}
	if acks != 2 {
		t.Fatalf("%d auto-acknowledgement drafts stored, want 2", acks)
	}

	// A restart remembers who was answered this period.
	poster2 := &recordingPoster{}
	opts.Poster = poster2
	reopened := openDesk(t, path, opts)
	if err := reopened.ResumePosting(ctx); err != nil {
		t.Fatal(err)
	}
	ingest(t, reopened, mention("q6", "@amy", "hello again"))
	if len(poster2.posts) != 0 {
		t.Fatalf("after a restart amy was answered again: %+v", poster2.posts)
	}
	// A new off-duty period answers her again, once.
	if _, err := reopened.SetDuty(ctx, "morris", true, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := reopened.SetDuty(ctx, "morris", false, ""); err != nil {
		t.Fatal(err)
	}
	poster2.posts = nil
	ingest(t, reopened, mention("q7", "@amy", "next night"))
	if len(poster2.posts) != 1 {
		t.Fatalf("next off-duty period: %d posts, want 1", len(poster2.posts))
	}
}

func TestAutoAcknowledgementIsPacedAndResumedAfterACrash(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	clock := &fakeClock{now: time.Date(2026, 11, 30, 22, 0, 0, 0, time.UTC)}
	opts := Options{
		Now: clock.Now, AutoReplyPerMinute: 2,
		AutoReply: func(Announcement) string { return "Off duty: 999 in an emergency, 101 otherwise." },
	}
	// No poster: the auto-acknowledgements are decided and stored, as by a
	// desk that stopped before posting them.
	d := openDesk(t, path, opts)
	if _, err := d.SetDuty(ctx, "morris", false, ""); err != nil {
		t.Fatal(err)
	}
	ingest(t, d, mention("q1", "@a", "1"), mention("q2", "@b", "2"), mention("q3", "@c", "3"))
	ingest(t, d, mention("q4", "@d", "4"))

	poster := &recordingPoster{}
	opts.Poster = poster
	reopened := openDesk(t, path, opts)
	for i := 0; i < 2; i++ { // resuming twice posts each once
		if err := reopened.ResumePosting(ctx); err != nil {
			t.Fatal(err)
		}
	}
	reopened.waitAutoAcks()
	sentTo := func() string {
		poster.mu.Lock()
		defer poster.mu.Unlock()
		var to []string
		for _, p := range poster.posts {
			to = append(to, strings.Fields(p.Text)[0])
		}
		return strings.Join(to, " ")
	}
	if got := sentTo(); got != "@a @b" {
		t.Fatalf("first minute: auto-acknowledgements to %q, want @a @b (the limit of 2 a minute)", got)
	}
	if h := reopened.Health()["auto-ack"]; !strings.Contains(h, "rate limit of 2") || !strings.Contains(h, "2 waiting") {
		t.Fatalf("health %q: want the rate limit and the 2 still waiting", h)
	}
	clock.Advance(61 * time.Second)
	reopened.sendAutoAcks(ctx, nil) // what the pacing timer does when the minute is up
	reopened.waitAutoAcks()
	if got := sentTo(); got != "@a @b @c @d" {
		t.Fatalf("after a minute: auto-acknowledgements to %q, want everyone answered once: @a @b @c @d", got)
	}
}

func TestLeaveShiftHandsQuestionsOn(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	d := openDesk(t, path, Options{})
	ingest(t, d, mention("q1", "@amy", "one"), mention("q2", "@bob", "two"), mention("q3", "@cat", "three"))
	for _, id := range []string{"q1", "q2"} {
		if err := d.Assign(ctx, "morris", id, "ellis"); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Claim(ctx, "ellis", "q1", false); err != nil {
		t.Fatal(err)
	}
	if got := len(d.OpenAssigned("ellis")); got != 2 {
		t.Fatalf("ellis holds %d, want 2", got)
	}
	n, err := d.LeaveShift(ctx, "ellis", "ellis", "")
	if err != nil || n != 2 {
		t.Fatalf("LeaveShift: %d, %v", n, err)
	}
	for _, id := range []string{"q1", "q2"} {
		q := mustState(t, d, id, StateAcknowledged)
		if q.Assignee != "" || q.ClaimedBy != "" {
			t.Fatalf("%s after hand-back: assignee %q claim %q", id, q.Assignee, q.ClaimedBy)
		}
	}
	if p, _ := d.Person("ellis"); p.OnShift || d.Counts().Open["ellis"] != 0 {
		t.Fatalf("ellis %+v, open %d", p, d.Counts().Open["ellis"])
	}

	if err := d.SetShift(ctx, "morris", "khan", true); err != nil {
		t.Fatal(err)
	}
	if err := d.Assign(ctx, "morris", "q3", "khan"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.LeaveShift(ctx, "khan", "khan", "morris"); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("an officer handed to someone else: %v", err)
	}
	if _, err := d.LeaveShift(ctx, "morris", "khan", "ellis"); !errors.Is(err, ErrIllegal) {
		t.Fatalf("handed to someone off shift: %v", err)
	}
	if _, err := d.LeaveShift(ctx, "morris", "khan", "morris"); err != nil {
		t.Fatal(err)
	}
	if q := mustState(t, d, "q3", StateAssigned); q.Assignee != "morris" {
		t.Fatalf("q3 assigned to %q, want morris", q.Assignee)
	}
	// Stored: a restart agrees.
	reopened := openDesk(t, path, Options{})
	if q, _ := reopened.Question("q1"); q.State != StateAcknowledged || q.Assignee != "" {
		t.Fatalf("after restart q1 %+v", q)
	}
	if p, _ := reopened.Person("khan"); p.OnShift {
		t.Fatal("after restart khan is on shift")
	}
}

// slowAckPoster holds every auto-acknowledgement until released, like a
// server that is slow or rate-limiting the team.
type slowAckPoster struct {
	recordingPoster
	release chan struct{}
}

func (p *slowAckPoster) Post(ctx context.Context, post feeds.Post) (feeds.Posted, error) {
	if strings.Contains(post.Text, "We are off duty") {
		<-p.release
	}
	return p.recordingPoster.Post(ctx, post)
}

// A slow server must not hold up new questions: the next arrival — an
// urgent one — is on the desk while the auto-acknowledgement still waits.
func TestSlowAutoAcknowledgementDoesNotHoldUpArrivals(t *testing.T) {
	ctx := context.Background()
	poster := &slowAckPoster{release: make(chan struct{})}
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{
		Poster:    poster,
		AutoReply: func(Announcement) string { return "We are off duty. Emergencies 999, otherwise 101." },
		Urgency:   urgentIf("weapon", "knife"),
	})
	if _, err := d.SetDuty(ctx, "morris", false, ""); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		if err := d.Ingest(ctx, []feeds.Event{mention("q1", "@amy", "is anyone there?")}); err != nil {
			done <- err
			return
		}
		done <- d.Ingest(ctx, []feeds.Event{mention("q2", "@sam", "he has a knife")})
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("arrivals waited for the auto-acknowledgement to be posted")
	}
	if q, ok := d.Question("q2"); !ok || !q.Urgent() {
		t.Fatal("the urgent question is not on the desk")
	}
	close(poster.release)
	d.waitAutoAcks()
	if dr := d.Drafts(); len(dr) == 0 || dr[len(dr)-1].State != DraftPosted {
		t.Fatalf("the auto-acknowledgement was not posted once the server answered: %+v", dr)
	}
}

// The rule that nobody goes home holding questions is the desk's, not the
// screen's: a plain shift change is refused until they are handed on.
func TestGoingOffShiftHoldingQuestionsIsRefused(t *testing.T) {
	ctx := context.Background()
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{})
	ingest(t, d, mention("q1", "@amy", "one"))
	if err := d.Assign(ctx, "morris", "q1", "ellis"); err != nil {
		t.Fatal(err)
	}
	if err := d.SetShift(ctx, "ellis", "ellis", false); !errors.Is(err, ErrIllegal) {
		t.Fatalf("off shift holding a question: %v, want refused", err)
	}
	if p, _ := d.Person("ellis"); !p.OnShift {
		t.Fatal("ellis went off shift holding a question")
	}
	if _, err := d.LeaveShift(ctx, "ellis", "ellis", ""); err != nil {
		t.Fatal(err)
	}
	if p, _ := d.Person("ellis"); p.OnShift {
		t.Fatal("LeaveShift did not take ellis off shift")
	}
}

// "On duty until" is posted publicly and shown in every header: a time that
// is not a time of day ("25:99", "banana") is refused and nothing is stored,
// from the console's duty form as from the command line.
func TestDutyUntilMustBeATimeOfDay(t *testing.T) {
	ctx := context.Background()
	poster := &recordingPoster{}
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{Poster: poster})
	for _, bad := range []string{"25:99", "banana", "22", "22:60", "-1:00", "22:00pm"} {
		before := d.LastSeq()
		if _, err := d.SetDuty(ctx, "morris", true, bad); err == nil || !strings.Contains(err.Error(), "HH:MM") {
			t.Errorf("until %q: err %v, want it refused saying HH:MM", bad, err)
		}
		if d.LastSeq() != before || d.Duty().On {
			t.Errorf("until %q changed the desk", bad)
		}
	}
	if _, err := d.SetDuty(ctx, "morris", true, "7:30"); err != nil {
		t.Fatal(err)
	}
	if got := d.Duty().Until; got != "07:30" {
		t.Errorf("until 7:30 stored as %q, want 07:30", got)
	}
}
