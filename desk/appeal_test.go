package desk

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
	"github.com/dutydesk/dutydesk/internal/desktest"
	"github.com/dutydesk/dutydesk/risk"
)

// riskChecks are the checks the binary puts in front of drafts: the
// ordinary one, and the appeal one that lets the appeal's person through.
func riskChecks(t *testing.T) (Checker, Checker) {
	t.Helper()
	ch, err := risk.New(risk.Config{})
	if err != nil {
		t.Fatal(err)
	}
	conv := func(check func(string) []risk.Finding) Checker {
		return func(text string) []Finding {
			var out []Finding
			for _, f := range check(text) {
				out = append(out, Finding{Kind: string(f.Kind), Severity: string(f.Severity), Start: f.Start, End: f.End, Reason: f.Reason})
			}
			return out
		}
	}
	return conv(ch.Check), conv(ch.CheckAppeal)
}

const appealText = "MISSING: Have you seen Chloe Dawson, 14, from Carlisle? She was last seen on Botchergate at 16:00. Call 101."

// appealOnServer opens a desk on path posting through a client of the
// team's account on srv, with the risk checks.
func appealOnServer(t *testing.T, srv *mastotest.Server, path string, clock *fakeClock) *Desk {
	t.Helper()
	opts := desktest.Fast
	opts.RequestTimeout = 500 * time.Millisecond
	client := desktest.TeamClient(t, srv, opts)
	check, checkAppeal := riskChecks(t)
	return openDesk(t, path, Options{Poster: client, Check: check, CheckAppeal: checkAppeal, Now: clock.Now})
}

// postAppeal writes and posts a missing-person appeal as Sgt Morris and
// returns the draft (the appeal's ID) once posted.
func postAppeal(t *testing.T, d *Desk, review time.Time) Draft {
	t.Helper()
	ctx := context.Background()
	id, err := d.CreateDraft(ctx, "morris", DraftInput{Kind: DraftUpdate, Text: appealText,
		Appeal: &AppealInput{Kind: AppealMissing, Review: review}})
	if err != nil {
		t.Fatal(err)
	}
	dr, _ := d.Draft(id)
	if dr.State != DraftOK {
		t.Fatalf("the appeal draft is %s (%s): the person it names must not block it", dr.State, summarise(dr.Findings))
	}
	if err := d.Send(ctx, "morris", id); err != nil {
		t.Fatal(err)
	}
	dr, _ = d.Draft(id)
	return dr
}

func newClock() *fakeClock { return &fakeClock{now: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)} }

// TestResolvedAppealEditsItsPostAndThanksExactlyOnce resolves a posted
// appeal as found against the in-process server, with the edit's answer
// lost on the way back: the post says the update and no longer the name,
// one edit was made, one thanks posted; a restart on the same store sends
// nothing more.
func TestResolvedAppealEditsItsPostAndThanksExactlyOnce(t *testing.T) {
	srv := mastotest.New(t)
	path := filepath.Join(t.TempDir(), "desk.db")
	clock := newClock()
	d := appealOnServer(t, srv, path, clock)
	dr := postAppeal(t, d, time.Time{})
	srv.SlowNextEdits(1, 2*time.Second) // the edit is made; its answer comes too late

	update := DefaultUpdate(OutcomeFound)
	err := d.ResolveAppeal(context.Background(), "morris", dr.ID, Resolution{Outcome: OutcomeFound,
		Reason: "found at a friend's house", Action: ActionEdit, Update: update, Thanks: DefaultThanks(OutcomeFound)})
	if err != nil {
		t.Fatal(err)
	}
	st, ok := srv.Status(dr.RemoteID)
	if !ok || !strings.Contains(st.Text, "found safe and well") || strings.Contains(st.Text, "Chloe") {
		t.Fatalf("the appeal's post reads %q, want the update without the name", st.Text)
	}
	if n := len(srv.Edits()); n != 1 {
		t.Errorf("%d edits made, want 1", n)
	}
	a, _ := d.Appeal(dr.ID)
	if a.Open() || a.StillUp() || a.Outcome != OutcomeFound || a.ResolvedBy != "morris" {
		t.Errorf("appeal = %+v, want resolved found by morris with its post dealt with", a)
	}
	thanks := func() int {
		n := 0
		for _, p := range srv.Posts() {
			if strings.HasPrefix(p.Text, "Thank you to everyone who shared our appeal") {
				n++
			}
		}
		return n
	}
	if n := thanks(); n != 1 {
		t.Errorf("%d thanks posted, want 1", n)
	}
	if th, _ := d.Draft(a.Thanks); th.State != DraftPosted {
		t.Errorf("the thanks draft is %s, want posted", th.State)
	}

	// Start again on the same store: nothing is edited or posted again.
	d.Shutdown()
	d2 := appealOnServer(t, srv, path, clock)
	if err := d2.ResumePosting(context.Background()); err != nil {
		t.Fatal(err)
	}
	if a2, _ := d2.Appeal(dr.ID); a2.StillUp() || a2.Outcome != OutcomeFound {
		t.Errorf("after a restart the appeal is %+v", a2)
	}
	if n, m := len(srv.Edits()), thanks(); n != 1 || m != 1 {
		t.Errorf("after a restart: %d edits and %d thanks, want 1 and 1", n, m)
	}
	if err := d2.ResolveAppeal(context.Background(), "morris", dr.ID, Resolution{Outcome: OutcomeFound, Reason: "again", Action: ActionDelete}); !errors.Is(err, ErrIllegal) {
		t.Errorf("resolving a dealt-with appeal again: err = %v, want ErrIllegal", err)
	}
}

// TestResolvedAppealInterruptedMidEditIsFinishedOnceAtRestart stores an
// edit as started (the desk stopped while it was being sent, after the
// server made it) and checks that the restart finishes it without a second
// edit.
func TestResolvedAppealInterruptedMidEditIsFinishedOnceAtRestart(t *testing.T) {
	srv := mastotest.New(t)
	path := filepath.Join(t.TempDir(), "desk.db")
	clock := newClock()
	d := appealOnServer(t, srv, path, clock)
	dr := postAppeal(t, d, time.Time{})
	update := DefaultUpdate(OutcomeFound)
	// What a crash after the server made the edit leaves: the resolution and
	// the start stored, the edit on the server, no outcome stored.
	d.mu.Lock()
	if _, err := d.resolveAppeal(context.Background(), "morris", dr.ID, Resolution{Outcome: OutcomeFound, Reason: "home", Action: ActionEdit, Update: update}); err != nil {
		t.Fatal(err)
	}
	if err := d.record(context.Background(), EvAppealPostStarted, "morris", appealPostPayload{Appeal: dr.ID}); err != nil {
		t.Fatal(err)
	}
	d.mu.Unlock()
	srv.Edit(dr.RemoteID, update)
	d.Shutdown()

	d2 := appealOnServer(t, srv, path, clock)
	if a, _ := d2.Appeal(dr.ID); a.Post != AppealPostSending {
		t.Fatalf("appeal post is %q after the crash, want sending", a.Post)
	}
	if err := d2.ResumePosting(context.Background()); err != nil {
		t.Fatal(err)
	}
	if a, _ := d2.Appeal(dr.ID); a.StillUp() {
		t.Errorf("appeal = %+v, want its post dealt with", a)
	}
	if n := len(srv.Edits()); n != 0 {
		t.Errorf("%d edits sent through the API, want none: the server already had it", n)
	}
}

// TestResolvedAppealDeletesItsPostOnce deletes the post instead of editing
// it, twice over (the second resolution is refused), and checks the server.
func TestResolvedAppealDeletesItsPostOnce(t *testing.T) {
	srv := mastotest.New(t)
	d := appealOnServer(t, srv, filepath.Join(t.TempDir(), "desk.db"), newClock())
	dr := postAppeal(t, d, time.Time{})
	err := d.ResolveAppeal(context.Background(), "morris", dr.ID, Resolution{Outcome: OutcomeArrested, Reason: "arrested in Penrith", Action: ActionDelete})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := srv.Status(dr.RemoteID); ok {
		t.Error("the appeal's post is still on the server")
	}
	if got := srv.Deletes(); len(got) != 1 || got[0] != dr.RemoteID {
		t.Errorf("deletes = %v, want %s once", got, dr.RemoteID)
	}
	for _, p := range srv.Posts() {
		if strings.HasPrefix(p.Text, "Thank you") {
			t.Errorf("a thanks was posted though none was written: %q", p.Text)
		}
	}
}

// TestAppealPastItsReviewDateIsDue checks the reminder on a fake clock: not
// due before the review date, due after it, quiet again once given a new
// date, and never once resolved.
func TestAppealPastItsReviewDateIsDue(t *testing.T) {
	clock := newClock()
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{Now: clock.Now, Poster: &recordingPoster{}})
	ingest(t, d, feeds.Event{Type: feeds.EventUpsert, Item: feeds.Item{ID: "post-1", Kind: feeds.KindTeamPost, Author: "@team3",
		Text: "WANTED: Darren Holt, 32, of Workington", RemoteID: "r-post-1", Visibility: feeds.VisibilityPublic}})
	ctx := context.Background()
	if err := d.MarkAppeal(ctx, "ellis", "post-1", AppealInput{Kind: AppealWanted, Review: clock.Now().Add(48 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(47 * time.Hour)
	if due := d.DueAppeals(); len(due) != 0 {
		t.Fatalf("due an hour early: %+v", due)
	}
	clock.Advance(time.Hour)
	due := d.DueAppeals()
	if len(due) != 1 || due[0].ID != "post-1" || due[0].Kind != AppealWanted {
		t.Fatalf("due = %+v, want the wanted appeal post-1", due)
	}
	if err := d.MarkAppeal(ctx, "morris", "post-1", AppealInput{Kind: AppealWanted, Review: clock.Now().Add(24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if due := d.DueAppeals(); len(due) != 0 {
		t.Fatalf("still due after a new review date: %+v", due)
	}
	clock.Advance(25 * time.Hour)
	if len(d.DueAppeals()) != 1 {
		t.Fatal("not due again after the new date")
	}
	if err := d.ResolveAppeal(ctx, "morris", "post-1", Resolution{Outcome: OutcomeClosed, Reason: "withdrawn", Action: ActionLeave}); err != nil {
		t.Fatal(err)
	}
	if due := d.DueAppeals(); len(due) != 0 {
		t.Errorf("a resolved appeal is due: %+v", due)
	}
}

// TestAppealRulesAreKeptByTheDesk: only supervisors resolve, a reason is
// needed, the update must pass the ordinary check (the name gone), and only
// team posts can be appeals.
func TestAppealRulesAreKeptByTheDesk(t *testing.T) {
	check, checkAppeal := riskChecks(t)
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{Check: check, CheckAppeal: checkAppeal, Poster: &recordingPoster{}})
	ctx := context.Background()
	ingest(t, d, mention("q1", "@amy", "is the road open?"),
		feeds.Event{Type: feeds.EventUpsert, Item: feeds.Item{ID: "post-1", Kind: feeds.KindTeamPost, Author: "@team3", Text: appealText, RemoteID: "r1"}})
	if err := d.MarkAppeal(ctx, "ellis", "q1", AppealInput{Kind: AppealMissing}); !errors.Is(err, ErrIllegal) {
		t.Errorf("a question marked as an appeal: err = %v, want ErrIllegal", err)
	}
	if err := d.MarkAppeal(ctx, "ellis", "post-1", AppealInput{Kind: "lost dog"}); !errors.Is(err, ErrIllegal) {
		t.Errorf("an unknown kind: err = %v, want ErrIllegal", err)
	}
	if err := d.MarkAppeal(ctx, "ellis", "post-1", AppealInput{Kind: AppealMissing}); err != nil {
		t.Fatal(err)
	}
	if a, _ := d.Appeal("post-1"); !a.Review.Equal(d.Now().Add(24*time.Hour)) || a.MarkedBy != "ellis" {
		t.Errorf("appeal = %+v, want review a day on, marked by ellis", a)
	}
	ok := Resolution{Outcome: OutcomeFound, Reason: "home safe", Action: ActionEdit, Update: DefaultUpdate(OutcomeFound)}
	if err := d.ResolveAppeal(ctx, "ellis", "post-1", ok); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("an officer resolving: err = %v, want ErrNotAllowed", err)
	}
	noReason := ok
	noReason.Reason = " "
	if err := d.ResolveAppeal(ctx, "morris", "post-1", noReason); !errors.Is(err, ErrIllegal) {
		t.Errorf("no reason: err = %v, want ErrIllegal", err)
	}
	named := ok
	named.Update = "UPDATE: Chloe Dawson, 14, from Carlisle has been found safe and well."
	if err := d.ResolveAppeal(ctx, "morris", "post-1", named); !errors.Is(err, ErrIllegal) || !strings.Contains(err.Error(), "personal details") {
		t.Errorf("an update still naming her: err = %v, want it refused for personal details", err)
	}
	if a, _ := d.Appeal("post-1"); !a.Open() {
		t.Errorf("a refused resolution changed the appeal: %+v", a)
	}
}

// TestResolvedAppealLeftUpStaysListedUntilDealtWith: an appeal resolved
// with its post left as it was still shows the person, until someone deals
// with its post.
func TestResolvedAppealLeftUpStaysListedUntilDealtWith(t *testing.T) {
	srv := mastotest.New(t)
	d := appealOnServer(t, srv, filepath.Join(t.TempDir(), "desk.db"), newClock())
	dr := postAppeal(t, d, time.Time{})
	ctx := context.Background()
	if err := d.ResolveAppeal(ctx, "morris", dr.ID, Resolution{Outcome: OutcomeFound, Reason: "found", Action: ActionLeave,
		Thanks: DefaultThanks(OutcomeFound)}); err != nil {
		t.Fatal(err)
	}
	if a, _ := d.Appeal(dr.ID); !a.StillUp() {
		t.Fatalf("appeal = %+v, want its post still up", a)
	}
	if up := mustReport(t, d).AppealsStillUp; len(up) != 1 || up[0].ID != dr.ID {
		t.Fatalf("report lists %+v, want the appeal still up", up)
	}
	if err := d.ResolveAppeal(ctx, "morris", dr.ID, Resolution{Outcome: OutcomeFound, Reason: "found", Action: ActionEdit,
		Update: DefaultUpdate(OutcomeFound), Thanks: DefaultThanks(OutcomeFound)}); err != nil {
		t.Fatal(err)
	}
	if up := mustReport(t, d).AppealsStillUp; len(up) != 0 {
		t.Errorf("report still lists %+v after the edit", up)
	}
	n := 0
	for _, p := range srv.Posts() {
		if strings.HasPrefix(p.Text, "Thank you") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d thanks posted over two resolutions, want 1", n)
	}
}

func mustReport(t *testing.T, d *Desk) Report {
	t.Helper()
	r, err := d.Report(d.Now().Add(-8*time.Hour), d.Now())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestAnAppealOutlivesTheArchiveWindow: an appeal posted from a draft is
// resolved after the desk has archived a week of finished drafts; its post
// is still found and deleted.
func TestAnAppealOutlivesTheArchiveWindow(t *testing.T) {
	srv := mastotest.New(t)
	clock := newClock()
	d := appealOnServer(t, srv, filepath.Join(t.TempDir(), "desk.db"), clock)
	dr := postAppeal(t, d, time.Time{})
	clock.Advance(DefaultArchiveAfter + 2*time.Hour)
	ingest(t, d, mention("later", "@amy", "any news on the missing girl?")) // events a week on: the sweep runs
	if err := d.ResolveAppeal(context.Background(), "morris", dr.ID, Resolution{Outcome: OutcomeFound, Reason: "found", Action: ActionDelete}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Deletes(); len(got) != 1 || got[0] != dr.RemoteID {
		t.Errorf("deletes = %v, want the appeal's post %s", got, dr.RemoteID)
	}
}

// TestTwoResolvingAtOnceEditAndThankOnce: while one supervisor's
// resolution is editing the post, another's is refused; one edit and one
// thanks in all.
func TestTwoResolvingAtOnceEditAndThankOnce(t *testing.T) {
	srv := mastotest.New(t)
	d := appealOnServer(t, srv, filepath.Join(t.TempDir(), "desk.db"), newClock())
	dr := postAppeal(t, d, time.Time{})
	srv.SlowNextEdits(1, 300*time.Millisecond) // the edit takes a while; its answer still comes in time
	r := Resolution{Outcome: OutcomeFound, Reason: "home", Action: ActionEdit, Update: DefaultUpdate(OutcomeFound), Thanks: DefaultThanks(OutcomeFound)}
	done := make(chan error, 1)
	go func() { done <- d.ResolveAppeal(context.Background(), "morris", dr.ID, r) }()
	desktest.Eventually(t, "the first resolution", func() bool { a, _ := d.Appeal(dr.ID); return !a.Open() })
	if err := d.ResolveAppeal(context.Background(), "morris", dr.ID, r); !errors.Is(err, ErrIllegal) {
		t.Errorf("a second resolution while the first edits: err = %v, want ErrIllegal", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	thanks := 0
	for _, p := range srv.Posts() {
		if strings.HasPrefix(p.Text, "Thank you") {
			thanks++
		}
	}
	if n := len(srv.Edits()); n != 1 || thanks != 1 {
		t.Errorf("%d edits and %d thanks, want 1 and 1", n, thanks)
	}
}
