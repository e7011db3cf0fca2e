package tui

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
	"github.com/muesli/termenv"
)

// TestGoldenShiftView is the Shift view of the test shift at 21:15: the
// same report `dutydesk report` prints, with its sparklines.
func TestGoldenShiftView(t *testing.T) {
	d := testDesk(t)
	if err := d.Acknowledge(context.Background(), "morris", "q1"); err != nil {
		t.Fatal(err)
	}
	tm := newTestModel(t, d, "morris", 120, 40)
	waitFor(t, tm, "Inbound")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("S")})
	waitFor(t, tm, "Risky drafts approved")
	view := finalView(t, tm)
	for _, want := range []string{
		"Shift report — Team 3 · Carlisle North",
		"in 4 · acknowledged 2 · answered 0 · still open 4", // q1, q2, q3 (×4 once), q7
		"acknowledge median 0m · p90 1h15m",                 // q2 assigned at once, q1 acknowledged after 75m
		"3 acknowledge · 0 answer",                          // q1 acknowledged late; q3, q7 still new after 75m
		"Urgent (1)", "@jdoe",
		"Drafts still waiting (2)", // the broadcast (no account in tests) and the flagged reply
	} {
		if !strings.Contains(view, want) {
			t.Errorf("Shift view lacks %q:\n%s", want, view)
		}
	}
	for i, line := range strings.Split(view, "\n") {
		if w := lipgloss.Width(line); w > 120 {
			t.Errorf("line %d is %d wide: %q", i, w, line)
		}
	}
	golden.RequireEqual(t, []byte(view))
}

// TestUrgentArrivalOffDutyRaisesTheAlarm: with the team off duty nobody is
// auto-replying to an emergency; every console rings and shows the banner.
func TestUrgentArrivalOffDutyRaisesTheAlarm(t *testing.T) {
	d := testDesk(t)
	if _, err := d.SetDuty(context.Background(), "morris", false, ""); err != nil {
		t.Fatal(err)
	}
	a := newTestModel(t, d, "morris", 120, 40)
	b := newTestModel(t, d, "khan", 120, 40)
	waitFor(t, a, "OFF DUTY")
	waitFor(t, b, "OFF DUTY")
	if err := d.Ingest(context.Background(), []feeds.Event{{Type: feeds.EventUpsert, Item: feeds.Item{
		ID: "u9", Kind: feeds.KindDirect, Author: "@sam", Text: "he's following me again", Created: shiftStart,
	}}}); err != nil {
		t.Fatal(err)
	}
	for _, tm := range []*teatest.TestModel{a, b} {
		var out []byte
		teatest.WaitFor(t, tm.Output(), func(p []byte) bool {
			out = append(out, p...)
			return bytes.Contains(out, []byte("URGENT question arrived")) && bytes.Contains(out, []byte("\a"))
		}, patience...)
		finalView(t, tm)
	}
}

// TestGoingOffShiftAsksWhereTheQuestionsGo: s on someone holding open
// questions asks first; enter on the first choice hands them back.
func TestGoingOffShiftAsksWhereTheQuestionsGo(t *testing.T) {
	d := testDesk(t)
	tm := newTestModel(t, d, "morris", 160, 48)
	waitFor(t, tm, "Inbound")
	for _, k := range "4j" { // Duty pane, PC Ellis (holds q2)
		tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{k}})
	}
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("s")})
	waitFor(t, tm, "PC Ellis goes off shift holding 1 open question(s)")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(t, tm, "handed back to the queue")
	finalView(t, tm)
	if q, _ := d.Question("q2"); q.State != desk.StateAcknowledged || q.Assignee != "" {
		t.Fatalf("q2 after the hand-back: %s, assignee %q", q.State, q.Assignee)
	}
	if p, _ := d.Person("ellis"); p.OnShift {
		t.Fatal("PC Ellis is still on shift")
	}
}

// An open Shift view follows the desk: a question that arrives while it is
// open is counted after the next refresh (at most every shiftRefresh).
func TestShiftViewFollowsTheDesk(t *testing.T) {
	d := testDesk(t)
	m, err := New(Options{Desk: d, Me: "morris", Tick: -1})
	if err != nil {
		t.Fatal(err)
	}
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("S")})
	runCmd(m, cmd)
	v, ok := m.overlay.(*shiftView)
	if !ok {
		t.Fatalf("S opened %T, want the Shift view", m.overlay)
	}
	before := v.r.In
	if err := d.Ingest(context.Background(), []feeds.Event{{Type: feeds.EventUpsert, Item: feeds.Item{ID: "late", Kind: feeds.KindMention, Author: "@late", Text: "still there?", Created: shiftStart}}}); err != nil {
		t.Fatal(err)
	}
	v.built = v.built.Add(-shiftRefresh) // as if the last report were old enough to redo
	_, cmd = m.Update(refreshMsg{})
	runCmd(m, cmd)
	if v.r.In != before+1 {
		t.Fatalf("Shift view counts %d arrivals after one more, want %d", v.r.In, before+1)
	}
}

// The handover report dropped an open urgent question that arrived before
// the latest on-duty change: "Urgent (0)" while the status bar said
// "urgent 1" (issue 15, finding 5).
func TestTheShiftReportKeepsAnOpenUrgentQuestionFromBefore(t *testing.T) {
	d := testDesk(t) // @jdoe's urgent question arrived at 20:20; it is 21:15
	ctx := context.Background()
	if _, err := d.SetDuty(ctx, "morris", false, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := d.SetDuty(ctx, "morris", true, "23:00"); err != nil { // a new shift from 21:15
		t.Fatal(err)
	}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	m, err := New(Options{Desk: d, Me: "morris", Renderer: r, Tick: -1,
		Now: func() time.Time { return shiftStart.Add(90 * time.Minute) }})
	if err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
	waitFor(t, tm, "urgent 1")
	tm.Send(runes("S"))
	waitFor(t, tm, "Risky drafts approved")
	view := ansi.Strip(finalView(t, tm))
	if !strings.Contains(view, "Urgent (1)") || !strings.Contains(view, "@jdoe — someone may be in danger") {
		t.Fatalf("the report drops the open urgent question from before the shift:\n%s", view)
	}
}

// The header's "oldest unacked" used wall time while the rows used the duty
// clock (issue 15, finding 9): off duty, both stop.
func TestOldestUnackedRunsOnTheDutyClock(t *testing.T) {
	d := testDesk(t) // 21:15; amy's question, the oldest unacknowledged, arrived at 20:10
	if _, err := d.SetDuty(context.Background(), "morris", false, ""); err != nil {
		t.Fatal(err)
	}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	m, err := New(Options{Desk: d, Me: "morris", Renderer: r, Tick: -1,
		Now: func() time.Time { return shiftStart.Add(5 * time.Hour) }}) // 01:00, off duty since 21:15
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	view := ansi.Strip(m.View())
	if strings.Count(view, "oldest unacked 1h") != 2 || !strings.Contains(view, "1h new") {
		t.Fatalf("the header and status bar do not say what the rows say (1h on the duty clock):\n%s", view)
	}
}
