package tui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/muesli/termenv"
)

// A closed question could not be reopened (issue 15, finding 6): R brings it
// back, and the ? view names the key.
func TestRReopensAClosedQuestion(t *testing.T) {
	d, tm := testConsole(t, "morris")
	tm.Send(runes("oj")) // amy's question
	closeAndConfirm(t, tm)
	tm.Send(runes("R"))
	waitFor(t, tm, "reopened")
	if q, _ := d.Question("q1"); !q.State.Open() {
		t.Fatalf("R left the question %s", q.State)
	}
	tm.Send(runes("R"))
	waitFor(t, tm, "cannot reopen a question that is acknowledged")
	tm.Send(runes("?"))
	waitFor(t, tm, "All keys")
	if help := ansi.Strip(finalView(t, tm)); !strings.Contains(help, "reopen") {
		t.Fatalf("? does not show the reopen key:\n%s", help)
	}
}

// An officer may reopen only what was closed while assigned to them; the
// refusal is on the status line.
func TestAnOfficerCannotReopenSomeoneElsesQuestion(t *testing.T) {
	d := testDesk(t)
	if err := d.Close(context.Background(), "morris", "q1"); err != nil {
		t.Fatal(err)
	}
	tm := newTestModel(t, d, "khan", 120, 40)
	waitFor(t, tm, "Inbound")
	tm.Send(runes("oj"))
	tm.Send(runes("R"))
	waitFor(t, tm, "only a supervisor or the officer it was assigned to can reopen")
	if q, _ := d.Question("q1"); q.State != desk.StateClosed {
		t.Fatalf("an officer reopened it: %s", q.State)
	}
}

// helpLine is the last line of the screen: the one-line help.
func helpLine(m *Model) string {
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	return lines[len(lines)-1]
}

// The help bar offers R on a closed or dismissed question, where it is the
// one key that does anything, and the question keys on an open one.
func TestTheHelpBarOffersReopenOnAClosedQuestion(t *testing.T) {
	d := testDesk(t)
	if err := d.Close(context.Background(), "morris", "q1"); err != nil {
		t.Fatal(err)
	}
	m := modelAt(t, d, termenv.Ascii, 160, 48)
	if bar := helpLine(m); strings.Contains(bar, "reopen") || !strings.Contains(bar, "x ack") {
		t.Fatalf("on an open question the help bar says %q", bar)
	}
	click(m, xy(at(t, m, "@amy")))
	if bar := helpLine(m); !strings.Contains(bar, "R reopen") || strings.Contains(bar, "x ack") {
		t.Fatalf("on a closed question the help bar says %q; want R reopen and no ack", bar)
	}
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	runCmd(m, cmd)
	if bar := helpLine(m); !strings.Contains(bar, "R reopen") {
		t.Fatalf("in the closed question's thread the help bar says %q", bar)
	}
}
