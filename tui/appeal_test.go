package tui

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/risk"
	"github.com/muesli/termenv"
)

// fakeServer posts, edits and deletes, counting each.
type fakeServer struct {
	mu      sync.Mutex
	posts   []feeds.Post
	edits   []feeds.Edit
	deletes []string
}

func (s *fakeServer) Post(_ context.Context, p feeds.Post) (feeds.Posted, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.posts = append(s.posts, p)
	return feeds.Posted{RemoteID: "r-" + p.Key}, nil
}

func (s *fakeServer) Edit(_ context.Context, e feeds.Edit) (feeds.Posted, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.edits = append(s.edits, e)
	return feeds.Posted{RemoteID: e.RemoteID}, nil
}

func (s *fakeServer) Delete(_ context.Context, _, remoteID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deletes = append(s.deletes, remoteID)
	return nil
}

type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// appealDesk is a desk with the real risk checks, a fake server and a
// clock the test moves, holding one team post: a missing-person appeal.
func appealDesk(t *testing.T) (*desk.Desk, *fakeServer, *testClock) {
	t.Helper()
	st, err := desk.OpenSQLite(filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ch, err := risk.New(risk.Config{})
	if err != nil {
		t.Fatal(err)
	}
	conv := func(check func(string) []risk.Finding) desk.Checker {
		return func(text string) []desk.Finding {
			var out []desk.Finding
			for _, f := range check(text) {
				out = append(out, desk.Finding{Kind: string(f.Kind), Severity: string(f.Severity), Start: f.Start, End: f.End, Reason: f.Reason})
			}
			return out
		}
	}
	clock := &testClock{now: shiftStart}
	srv := &fakeServer{}
	d, err := desk.Open(context.Background(), st, desk.Options{Team: "Team 3 · Carlisle North", People: roster, Now: clock.Now,
		Poster: srv, Check: conv(ch.Check), CheckAppeal: conv(ch.CheckAppeal)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Shutdown)
	if err := d.Ingest(context.Background(), []feeds.Event{{Type: feeds.EventUpsert, Item: feeds.Item{ID: "p1", Kind: feeds.KindTeamPost,
		Author: "@team3", AuthorName: "Team 3", Text: "MISSING: Chloe Dawson, 14, from Carlisle. Call 101.", RemoteID: "status-1", Created: shiftStart}}}); err != nil {
		t.Fatal(err)
	}
	return d, srv, clock
}

func appealModel(t *testing.T, d *desk.Desk, clock *testClock, me string) *teatest.TestModel {
	t.Helper()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	m, err := New(Options{Desk: d, Me: me, Renderer: r, Tick: -1, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(160, 48))
}

// waitForAll waits until the output since the last wait holds every text,
// in one frame or over several.
func waitForAll(t *testing.T, tm *teatest.TestModel, texts ...string) {
	t.Helper()
	var out []byte
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		out = append(out, b...)
		for _, s := range texts {
			if !bytes.Contains(out, []byte(s)) {
				return false
			}
		}
		return true
	}, patience...)
}

// TestAppealMarkedInTheTeamFeedRingsWhenDueAndIsResolvedInOneScreen: an
// officer marks the post as an appeal with a review in 2h (m); on a fake
// clock, 2h later every console rings and the feed says review due; the
// supervisor resolves it (R) — found, a reason, edit, thanks — and the post
// is edited and the thanks posted, once each.
func TestAppealMarkedInTheTeamFeedRingsWhenDueAndIsResolvedInOneScreen(t *testing.T) {
	d, srv, clock := appealDesk(t)
	officer := appealModel(t, d, clock, "ellis")
	waitFor(t, officer, "Team feed")
	keys(officer, "2m")
	waitFor(t, officer, "Mark this team post as an appeal")
	keys(officer, "m2h")
	officer.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitForAll(t, officer, "marked as an appeal for missing person", "1 appeal open")
	a, ok := d.Appeal("p1")
	if !ok || a.Kind != desk.AppealMissing || !a.Review.Equal(shiftStart.Add(2*time.Hour)) {
		t.Fatalf("appeal = %+v, want missing with its review at 2h", a)
	}

	sup := appealModel(t, d, clock, "morris")
	waitFor(t, sup, "1 appeal open")
	clock.Advance(2 * time.Hour)
	sup.Send(tickMsg{}) // the ages' tick: time passed, nothing changed on the desk
	waitForAll(t, sup, "past its review date", "\a", "review due")

	keys(sup, "2R")
	waitFor(t, sup, "Resolve the appeal for missing person")
	keys(sup, "found at a friend's house")
	sup.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(t, sup, "appeal resolved (found)")
	finalView(t, sup)
	finalView(t, officer)

	a, _ = d.Appeal("p1")
	if a.Open() || a.StillUp() || a.Reason != "found at a friend's house" {
		t.Fatalf("appeal = %+v, want resolved with its post dealt with", a)
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if len(srv.edits) != 1 || srv.edits[0].RemoteID != "status-1" || strings.Contains(srv.edits[0].Text, "Chloe") ||
		!strings.Contains(srv.edits[0].Text, "found safe and well") {
		t.Errorf("edits = %+v, want one edit of status-1 to the update", srv.edits)
	}
	if len(srv.posts) != 1 || !strings.HasPrefix(srv.posts[0].Text, "Thank you to everyone") {
		t.Errorf("posts = %+v, want one thanks", srv.posts)
	}
	if len(d.DueAppeals()) != 0 {
		t.Error("the resolved appeal is still due")
	}
}

// TestAnOfficerCannotResolveAnAppeal: R in the Team feed tells an officer
// why it does nothing.
func TestAnOfficerCannotResolveAnAppeal(t *testing.T) {
	d, _, clock := appealDesk(t)
	if err := d.MarkAppeal(context.Background(), "ellis", "p1", desk.AppealInput{Kind: desk.AppealMissing}); err != nil {
		t.Fatal(err)
	}
	tm := appealModel(t, d, clock, "ellis")
	waitFor(t, tm, "1 appeal open")
	keys(tm, "2R")
	waitFor(t, tm, "only a supervisor can resolve appeals")
	finalView(t, tm)
}

// TestComposingAnAppealDoesNotFlagItsPerson: a new team post naming a
// missing child is blocked as an ordinary post, and passes once ctrl+g
// marks it as an appeal; the saved draft is the appeal's.
func TestComposingAnAppealDoesNotFlagItsPerson(t *testing.T) {
	d, _, clock := appealDesk(t)
	tm := appealModel(t, d, clock, "morris")
	waitFor(t, tm, "Inbound")
	keys(tm, "n")
	waitFor(t, tm, "ctrl+g marks it as an appeal")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("MISSING: Have you seen Chloe Dawson, 14, from Carlisle? Call 101."), Paste: true})
	waitFor(t, tm, "BLOCK")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlG})
	waitForAll(t, tm, "appeal for missing person", "nothing found by the risk check")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
	waitFor(t, tm, "appeal saved")
	finalView(t, tm)
	var found bool
	for _, dr := range d.Drafts() {
		if strings.Contains(dr.Text, "Chloe") {
			found = true
			if dr.State != desk.DraftOK {
				t.Errorf("the appeal draft is %s, want ok", dr.State)
			}
			if a, ok := d.Appeal(dr.ID); !ok || a.Kind != desk.AppealMissing {
				t.Errorf("the draft is not marked as a missing-person appeal: %+v", a)
			}
		}
	}
	if !found {
		t.Fatal("no draft saved")
	}
}

// TestAResolvedAppealLeftUpShowsInTheShiftReport: resolved with its post
// left as it was, the appeal is listed in the shift report (S).
func TestAResolvedAppealLeftUpShowsInTheShiftReport(t *testing.T) {
	d, _, clock := appealDesk(t)
	ctx := context.Background()
	if err := d.MarkAppeal(ctx, "ellis", "p1", desk.AppealInput{Kind: desk.AppealMissing}); err != nil {
		t.Fatal(err)
	}
	if err := d.ResolveAppeal(ctx, "morris", "p1", desk.Resolution{Outcome: desk.OutcomeFound, Reason: "home", Action: desk.ActionLeave}); err != nil {
		t.Fatal(err)
	}
	tm := appealModel(t, d, clock, "morris")
	waitFor(t, tm, "Inbound")
	keys(tm, "S")
	waitForAll(t, tm, "Appeals resolved, post still up (1)", "MISSING: Chloe Dawson")
	finalView(t, tm)
}
