package tui

import (
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/internal/screentest"
)

// Keys that arrive in one read reach the model as one key message with
// several runes (issue 15, finding 1). Each must land as if typed slowly.
func TestABurstOfKeysRunsEachKey(t *testing.T) {
	d, tm := testConsole(t, "morris")
	tm.Send(runes("ojxs")) // oldest first, down to amy's question, acknowledge silently: one read
	waitFor(t, tm, "acknowledged")
	if q, _ := d.Question("q1"); q.State != desk.StateAcknowledged {
		t.Fatalf("q1 after the burst ojxs: %s, want acknowledged", q.State)
	}
	finalView(t, tm)
}

// In the hand-over list a held-down j moved nothing, so Enter handed the
// questions back to the queue instead of to the officer meant.
func TestABurstMovesTheHandOverChoice(t *testing.T) {
	d := testDesk(t)
	tm := newTestModel(t, d, "morris", 160, 48)
	waitFor(t, tm, "Inbound")
	tm.Send(runes("4j")) // Duty pane, PC Ellis (holds q2)
	tm.Send(runes("s"))
	waitFor(t, tm, "PC Ellis goes off shift")
	tm.Send(runes("jj")) // past Sgt Morris to PC Khan
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(t, tm, "handed to PC Khan")
	finalView(t, tm)
	if q, _ := d.Question("q2"); q.Assignee != "khan" {
		t.Fatalf("q2 handed to %q, want khan", q.Assignee)
	}
}

// Once a key opens a text field, the rest of the burst is its text.
func TestABurstThatOpensAFieldTypesTheRest(t *testing.T) {
	_, tm := testConsole(t, "morris")
	tm.Send(runes("/surgery"))
	waitFor(t, tm, "/surgery (1)")
	finalView(t, tm)
}

// A bracketed paste is text: outside a field it runs nothing.
func TestAPasteIsNeverRunAsCommands(t *testing.T) {
	d, tm := testConsole(t, "morris")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("xDq"), Paste: true})
	waitFor(t, tm, "pasted text is only taken in a text field")
	tm.Send(runes("n"))
	waitFor(t, tm, "New team post")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("Road xD open q"), Paste: true})
	waitFor(t, tm, "Road xD open q")
	finalView(t, tm)
	for _, q := range d.Questions() {
		if q.State != desk.StateNew && q.ID != "q2" {
			t.Fatalf("a paste changed %s to %s", q.ID, q.State)
		}
	}
}

// The same through the real program and its terminal reader: bytes written
// in one go, as a terminal or an SSH channel delivers them.
func TestKeysReadTogetherFromTheTerminalAllLand(t *testing.T) {
	d := testDesk(t)
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	m, err := New(Options{Desk: d, Me: "morris", Renderer: r, Tick: -1})
	if err != nil {
		t.Fatal(err)
	}
	in, typed := io.Pipe()
	out := &screentest.Screen{}
	p := tea.NewProgram(m, tea.WithInput(in), tea.WithOutput(out), tea.WithoutSignals())
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	p.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	wait := func(what string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for !strings.Contains(out.String(), what) {
			if time.Now().After(deadline) {
				t.Fatalf("the screen never showed %q", what)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	wait("Inbound")
	if _, err := typed.Write([]byte("oj\r")); err != nil { // amy's question, opened
		t.Fatal(err)
	}
	wait("Thread")
	if _, err := typed.Write([]byte("\x1bxs")); err != nil { // esc, then x s (silently) at once
		t.Fatal(err)
	}
	wait("acknowledged")
	if q, _ := d.Question("q1"); q.State != desk.StateAcknowledged {
		t.Fatalf("q1 after esc x s: %s, want acknowledged", q.State)
	}
	if _, err := typed.Write([]byte("jjkkkxs")); err != nil { // down two, up three: the urgent one, acknowledged silently
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		if q, _ := d.Question("q7"); q.State == desk.StateAcknowledged {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("jjkkkxs did not acknowledge the urgent question, first in the list")
		}
		time.Sleep(10 * time.Millisecond)
	}
	p.Quit()
	typed.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
