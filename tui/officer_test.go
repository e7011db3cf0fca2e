package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/dutydesk/dutydesk/desk"
)

// Officers were shown keys they may not use (issue 15, finding 6).
func TestAnOfficerIsNotShownSupervisorsKeys(t *testing.T) {
	tm := newTestModel(t, testDesk(t), "khan", 160, 48)
	waitFor(t, tm, "Inbound")
	tm.Send(runes("?"))
	waitFor(t, tm, "All keys")
	help := ansi.Strip(finalView(t, tm))
	for _, hidden := range []string{"assign", "dismiss", "approve draft", "team duty", "take over"} {
		if strings.Contains(help, hidden) {
			t.Errorf("an officer's help shows %q:\n%s", hidden, help)
		}
	}
	for _, shown := range []string{"ack", "reply", "close", "post draft", "reject draft"} {
		if !strings.Contains(help, shown) {
			t.Errorf("an officer's help lacks %q:\n%s", shown, help)
		}
	}
}

// Officers filled in the whole duty and reject forms before being refused
// on Enter (finding 6): they are refused at the key.
func TestAnOfficerIsRefusedBeforeTheForm(t *testing.T) {
	for _, c := range []struct{ keys, form, refusal string }{
		{"d", "Put the team", "only a supervisor can put the team on or off duty"},
		{"3X", "Reject this draft", "only the author or a supervisor"},
		{"3A", "Approve this draft", "only a supervisor can approve drafts"},
	} {
		t.Run(c.keys, func(t *testing.T) {
			tm := newTestModel(t, testDesk(t), "khan", 120, 40)
			waitFor(t, tm, "Inbound")
			tm.Send(runes(c.keys))
			waitFor(t, tm, c.refusal)
			if view := ansi.Strip(finalView(t, tm)); strings.Contains(view, c.form) {
				t.Fatalf("the form opened for an officer:\n%s", view)
			}
		})
	}
}

// c closed a question and p posted in public at one key (finding 6): both
// ask first, and only y goes ahead.
func TestCloseAndPostAskFirst(t *testing.T) {
	d, tm := testConsole(t, "morris")
	tm.Send(runes("oj")) // amy's question
	tm.Send(runes("c"))
	waitFor(t, tm, "Close the question from @amy? (y/N)")
	tm.Send(runes("n"))
	waitFor(t, tm, "cancelled")
	if q, _ := d.Question("q1"); q.State == desk.StateClosed {
		t.Fatal("n closed the question")
	}
	closeAndConfirm(t, tm)
	if q, _ := d.Question("q1"); q.State != desk.StateClosed {
		t.Fatalf("y left the question %s", q.State)
	}
	tm.Send(runes("n")) // a team post, ready to go
	waitFor(t, tm, "New team post")
	tm.Send(runes("Road open again"))
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
	waitFor(t, tm, "draft saved")
	tm.Send(runes("3"))
	tm.Send(runes("j")) // the flagged draft waits first
	tm.Send(runes("p"))
	waitFor(t, tm, "visibility")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter}) // not y: nothing posts
	waitFor(t, tm, "cancelled")
	finalView(t, tm)
	for _, dr := range d.Drafts() {
		if dr.Text == "Road open again" && dr.State != desk.DraftOK {
			t.Fatalf("enter at the question left the post %s", dr.State)
		}
	}
}

// In the assign list the help said j/k move but they were typed as a name
// (finding 6).
func TestJAndKMoveInTheAssignList(t *testing.T) {
	d, tm := testConsole(t, "morris")
	tm.Send(runes("oj")) // amy's question
	tm.Send(runes("a"))
	waitFor(t, tm, "assign to:")
	tm.Send(runes("jjk")) // Sgt Morris, PC Ellis, PC Khan: down two, up one
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(t, tm, "assigned to PC Ellis")
	finalView(t, tm)
	if q, _ := d.Question("q1"); q.Assignee != "ellis" {
		t.Fatalf("q1 assigned to %q, want ellis", q.Assignee)
	}
}
