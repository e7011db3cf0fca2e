package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/dutydesk/dutydesk/desk"
)

// A closed question could not be reopened (issue 15, finding 6): R brings it
// back, and the ? view names the key.
func TestRReopensAClosedQuestion(t *testing.T) {
	d := testDesk(t)
	tm := newTestModel(t, d, "morris", 120, 40)
	waitFor(t, tm, "Inbound")
	tm.Send(runes("oj")) // amy's question
	tm.Send(runes("c"))
	waitFor(t, tm, "(y/N)")
	tm.Send(runes("y"))
	waitFor(t, tm, "closed —")
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
