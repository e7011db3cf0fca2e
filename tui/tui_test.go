package tui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/risk"
	"github.com/muesli/termenv"
)

var shiftStart = time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)

var roster = []desk.Person{
	{ID: "morris", Name: "Sgt Morris", Role: desk.RoleSupervisor, OnShift: true},
	{ID: "ellis", Name: "PC Ellis", Role: desk.RoleOfficer, OnShift: true},
	{ID: "khan", Name: "PC Khan", Role: desk.RoleOfficer, OnShift: true},
	{ID: "dobson", Name: "PCSO Dobson", Role: desk.RoleOfficer, OnShift: false},
}

// testDesk is a small, fixed shift: the screens it gives are the goldens.
func testDesk(t *testing.T) *desk.Desk {
	t.Helper()
	return testDeskCounting(t, new(atomic.Int64))
}

// testDeskCounting is testDesk, counting the risk checks it runs in checks.
func testDeskCounting(t *testing.T, checks *atomic.Int64) *desk.Desk {
	t.Helper()
	st, err := desk.OpenSQLite(filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := shiftStart
	d, err := desk.Open(context.Background(), st, desk.Options{
		Team: "Team 3 · Carlisle North", People: roster, Now: func() time.Time { return now },
		Urgency: func(text string) risk.Urgency {
			if strings.Contains(text, "following me") {
				return risk.Urgency{Level: risk.Urgent, Reason: "someone may be in danger"}
			}
			if strings.Contains(text, "isn't answering") {
				u := risk.Urgency{Level: risk.Possible, Reason: `a person may be hurt: "isn't answering"`}
				if strings.Contains(text, "don't reply") {
					u.Signals = []string{risk.SignalNoReply}
				}
				return u
			}
			return risk.Urgency{}
		},
		Check: func(text string) []desk.Finding {
			checks.Add(1)
			if i := strings.Index(text, "YX61 KLM"); i >= 0 {
				return []desk.Finding{{Kind: "plate", Severity: desk.SeverityBlock, Start: i, End: i + 8, Reason: "a vehicle registration identifies people"}}
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := d.SetDuty(ctx, "morris", true, "22:00"); err != nil {
		t.Fatal(err)
	}
	at := func(min int) time.Time { return shiftStart.Add(time.Duration(min) * time.Minute) }
	item := func(id, kind, author, text string, min int) feeds.Event {
		return feeds.Event{Type: feeds.EventUpsert, Item: feeds.Item{ID: id, Kind: feeds.Kind(kind), Author: author, AuthorName: author, Text: text, Created: at(min), Visibility: feeds.VisibilityPublic, RemoteID: id}}
	}
	long := "Sir, as you are well aware one of the services major ambitions is to effectively engage with the community it serves"
	if err := d.Ingest(ctx, []feeds.Event{
		item("p1", "post", "PC Khan", "RTC on the A595 now cleared, thanks for your patience", 2),
		item("p2", "post", "PCSO Dobson", "Bike marking at the uni 10:00-12:00", 5),
		item("q1", "mention", "@amy", "Is the A595 still closed near Bothel?", 10),
		item("q2", "mention", "@bob", "When is the next surgery?", 12),
		item("q3", "mention", "@kev", long, 14), item("q4", "mention", "@kev", long, 15),
		item("q5", "mention", "@kev", long, 16), item("q6", "mention", "@kev", long, 17),
		item("q7", "mention", "@jdoe", "help there's a man following me down London Rd", 20),
	}); err != nil {
		t.Fatal(err)
	}
	if err := d.Assign(ctx, "morris", "q2", "ellis"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.CreateDraft(ctx, "ellis", desk.DraftInput{Kind: desk.DraftReply, ReplyTo: "q2", Text: "Car YX61 KLM was seen there"}); err != nil {
		t.Fatal(err)
	}
	now = at(75)
	return d
}

func newTestModel(t *testing.T, d *desk.Desk, me string, w, h int) *teatest.TestModel {
	t.Helper()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	m, err := New(Options{Desk: d, Me: me, Renderer: r, Tick: -1})
	if err != nil {
		t.Fatal(err)
	}
	return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
}

// testConsole is me's console at 120×40 on the test desk (testDesk),
// showing the Inbound pane.
func testConsole(t *testing.T, me string) (*desk.Desk, *teatest.TestModel) {
	t.Helper()
	d := testDesk(t)
	tm := newTestModel(t, d, me, 120, 40)
	waitFor(t, tm, "Inbound")
	return d, tm
}

// saveReply types text into the open reply and saves it with ctrl+s, until
// the status line says the draft is saved.
func saveReply(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	tm.Type(text)
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
	waitFor(t, tm, "draft saved")
}

// closeAndConfirm closes the selected question as a person does: c, and
// y when asked, until the status line says it is closed ("closed —", not
// "closed": amy's question says the road is).
func closeAndConfirm(t *testing.T, tm *teatest.TestModel) {
	t.Helper()
	tm.Send(runes("c"))
	waitFor(t, tm, "(y/N)")
	tm.Send(runes("y"))
	waitFor(t, tm, "closed —")
}

func finalView(t *testing.T, tm *teatest.TestModel) string {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	return tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View()
}

func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) }, patience...)
}

// patience is how long a test waits for the screen to show something: long
// enough for a machine running the whole suite on two cores, as CI does;
// a screen that is right arrives in milliseconds.
var patience = []teatest.WaitForOption{teatest.WithDuration(15 * time.Second), teatest.WithCheckInterval(10 * time.Millisecond)}

func TestGoldenScreens(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {160, 48}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			tm := newTestModel(t, testDesk(t), "morris", size.w, size.h)
			waitFor(t, tm, "Inbound")
			view := finalView(t, tm)
			for i, line := range strings.Split(view, "\n") {
				if w := lipgloss.Width(line); w > size.w {
					t.Errorf("line %d is %d wide, more than the terminal's %d: %q", i, w, size.w, line)
				}
			}
			if n := strings.Count(view, "\n") + 1; n != size.h {
				t.Errorf("screen has %d lines, want %d", n, size.h)
			}
			golden.RequireEqual(t, []byte(view))
		})
	}
}

func TestScreenShowsTheShift(t *testing.T) {
	tm := newTestModel(t, testDesk(t), "morris", 160, 48)
	waitFor(t, tm, "Inbound")
	view := ansi.Strip(finalView(t, tm))
	for _, want := range []string{
		"ON DUTY until 22:00", "Sgt Morris (you)",
		"×4 Sir, as you are well aware", // the repeated comment shows once
		"URGENT — advise 999",           // the emergency sorts first and says what to do
		"→ PC Ellis",                    // assignment
		"BLOCK plate",                   // the risky draft
		"RTC on the A595",               // team feed
		"PCSO Dobson",                   // roster
		"oldest unacked",
	} {
		if !strings.Contains(view, want) {
			t.Errorf("screen lacks %q:\n%s", want, view)
		}
	}
	if strings.Count(view, "Sir, as you are well aware") != 1 {
		t.Errorf("the repeated comment shows more than once")
	}
	lines := strings.Split(view, "\n")
	if !strings.Contains(lines[2], "following me") {
		t.Errorf("the urgent question is not first: %q", lines[2])
	}
}

func TestKeyboardAssignsAQuestion(t *testing.T) {
	d, tm := testConsole(t, "morris")
	// The urgent question is first; move to the next, bob's is assigned,
	// so go to the oldest-first ordering and pick amy's question.
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("o")})
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("j")}) // urgent first, then amy's (q1)
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("a")})
	waitFor(t, tm, "assign to:")
	tm.Type("khan")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(t, tm, "assigned to PC Khan")
	q, _ := d.Question("q1")
	if q.State != desk.StateAssigned || q.Assignee != "khan" {
		t.Fatalf("question after the keys: %s assigned to %q, want assigned to khan", q.State, q.Assignee)
	}
	finalView(t, tm)
}

func TestKeyboardAcknowledgeReplyAndClose(t *testing.T) {
	d, tm := testConsole(t, "morris")
	keys := func(s string) {
		for _, r := range s {
			tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
	}
	keys("oj") // amy's question
	keys("x")
	waitFor(t, tm, "Acknowledge @amy")
	keys("s") // silently
	waitFor(t, tm, "acknowledged")
	if q, _ := d.Question("q1"); q.State != desk.StateAcknowledged {
		t.Fatalf("after x: %s", q.State)
	}
	keys("r")
	waitFor(t, tm, "Reply to @amy")
	saveReply(t, tm, "It reopened at 21:00.")
	var reply desk.Draft
	for _, dr := range d.Drafts() {
		if dr.ReplyTo == "q1" {
			reply = dr
		}
	}
	if reply.Text != "@amy It reopened at 21:00." || reply.State != desk.DraftOK {
		t.Fatalf("reply draft %+v", reply)
	}
	if q, _ := d.Question("q1"); q.ClaimedBy != "" {
		t.Fatalf("claim not released after saving: %q", q.ClaimedBy)
	}
	closeAndConfirm(t, tm)
	if q, _ := d.Question("q1"); q.State != desk.StateClosed {
		t.Fatalf("after c: %s", q.State)
	}
	finalView(t, tm)
}

func TestOfficerIsToldWhatTheyCannotDo(t *testing.T) {
	d, tm := testConsole(t, "ellis")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("D")})
	waitFor(t, tm, "only a supervisor can dismiss")
	for _, q := range d.Questions() {
		if q.State == desk.StateDismissed {
			t.Fatalf("officer dismissed %s", q.ID)
		}
	}
	finalView(t, tm)
}

func TestFilterNarrowsTheInbound(t *testing.T) {
	_, tm := testConsole(t, "morris")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
	tm.Type("surgery")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(t, tm, "/surgery (1) ·")
	view := ansi.Strip(finalView(t, tm))
	if strings.Contains(view, "A595 still closed") || !strings.Contains(view, "next surgery") {
		t.Fatalf("filter did not narrow the list:\n%s", view)
	}
}

func TestHostileTextCannotEscapeThePane(t *testing.T) {
	d := testDesk(t)
	hostile := feeds.SafeText("\x1b[2J\x1b]52;c;ZXZpbA==\x07pwned \u202egnp.exe\u202c " + strings.Repeat("界", 200))
	if err := d.Ingest(context.Background(), []feeds.Event{{Type: feeds.EventUpsert, Item: feeds.Item{ID: "h1", Kind: feeds.KindMention, Author: "@x", Text: hostile, Created: shiftStart}}}); err != nil {
		t.Fatal(err)
	}
	tm := newTestModel(t, d, "morris", 80, 24)
	waitFor(t, tm, "pwned")
	view := attributeSGR.ReplaceAllString(finalView(t, tm), "")
	if strings.ContainsAny(view, "\x1b\u202e") {
		t.Fatalf("escape or bidi override reached the screen: %q", view)
	}
	for i, line := range strings.Split(view, "\n") {
		if w := lipgloss.Width(line); w > 80 {
			t.Errorf("line %d overflows: %d cells", i, w)
		}
	}
}

func TestUrgentArrivalRaisesTheAlarm(t *testing.T) {
	d, tm := testConsole(t, "morris")
	if err := d.Ingest(context.Background(), []feeds.Event{{Type: feeds.EventUpsert, Item: feeds.Item{
		ID: "u2", Kind: feeds.KindDirect, Author: "@sam", Text: "he's following me again, I'm scared", Created: shiftStart,
	}}}); err != nil {
		t.Fatal(err)
	}
	var out []byte
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		out = append(out, b...)
		return bytes.Contains(out, []byte("URGENT question arrived")) && bytes.Contains(out, []byte("\a"))
	}, patience...)
	finalView(t, tm)
}

func TestEnterOpensATeamPost(t *testing.T) {
	tm := newTestModel(t, testDesk(t), "morris", 120, 40)
	waitFor(t, tm, "Inbound")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("2")})
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(t, tm, "favourites and boosts")
	view := finalView(t, tm)
	if !strings.Contains(view, "Bike marking at the uni") {
		t.Fatalf("the newest team post is not shown whole:\n%s", view)
	}
}

// A console that ends while its reply is open (an SSH link dropping, say)
// gives the question back, so nobody else is told it is being answered.
func TestClosingAConsoleMidReplyReleasesTheClaim(t *testing.T) {
	d, tm := testConsole(t, "morris")
	for _, k := range "oj" { // amy's question
		tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{k}})
	}
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("r")})
	waitFor(t, tm, "Reply to @amy")
	if q, _ := d.Question("q1"); q.ClaimedBy != "morris" {
		t.Fatalf("claimed by %q while replying", q.ClaimedBy)
	}
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	final.Close()
	if q, _ := d.Question("q1"); q.ClaimedBy != "" {
		t.Fatalf("still claimed by %q after the console closed", q.ClaimedBy)
	}
}
