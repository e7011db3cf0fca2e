package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/dutydesk/dutydesk/desk"
)

func enter() tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyEnter} }
func tab() tea.KeyMsg   { return tea.KeyMsg{Type: tea.KeyTab} }

// `:assign kh` + tab completes khan; enter assigns the selected question to
// PC Khan through the desk.
func TestCommandLineAssignsWithCompletion(t *testing.T) {
	d, tm := testConsole(t, "morris")
	tm.Send(runes("oj")) // amy's question
	tm.Send(runes(":ass"))
	tm.Send(tab())
	tm.Send(runes("kh"))
	tm.Send(tab())
	waitFor(t, tm, ":assign khan")
	tm.Send(enter())
	waitFor(t, tm, "assigned to PC Khan")
	if q, _ := d.Question("q1"); q.State != desk.StateAssigned || q.Assignee != "khan" {
		t.Fatalf(":assign khan left q1 %s with %q", q.State, q.Assignee)
	}
}

// An officer's typed command meets the same refusal as the key, on the
// status line, and nothing changes.
func TestCommandLineKeepsTheRoleChecks(t *testing.T) {
	for _, c := range []struct{ line, refusal string }{
		{"assign ellis", "only a supervisor can assign questions"},
		{"duty off", "only a supervisor can put the team on or off duty"},
		{"dismiss", "only a supervisor can dismiss questions"},
		{"frobnicate", `"frobnicate" is not a command; commands: assign`},
	} {
		t.Run(c.line, func(t *testing.T) {
			d := testDesk(t)
			tm := newTestModel(t, d, "khan", 120, 40)
			waitFor(t, tm, "Inbound")
			tm.Send(runes("oj"))
			tm.Send(runes(":" + c.line))
			tm.Send(enter())
			waitFor(t, tm, c.refusal)
			if q, _ := d.Question("q1"); q.State != desk.StateNew {
				t.Fatalf(":%s by an officer moved q1 to %s", c.line, q.State)
			}
		})
	}
}

// :duty off opens the same form as d, showing the broadcast; :report the
// shift report; :filter narrows the focused pane as / does.
func TestCommandLineOpensWhatTheKeysOpen(t *testing.T) {
	for _, c := range []struct{ line, want string }{
		{"duty off", "OFF duty"},
		{"duty on 23:30", "23:30"},
		{"report", "Urgent ("},
	} {
		t.Run(c.line, func(t *testing.T) {
			tm := newTestModel(t, testDesk(t), "morris", 120, 40)
			waitFor(t, tm, "Inbound")
			tm.Send(runes(":" + c.line))
			tm.Send(enter())
			waitFor(t, tm, c.want)
		})
	}
	tm := newTestModel(t, testDesk(t), "morris", 120, 40)
	waitFor(t, tm, "@amy")
	tm.Send(runes(":filter following"))
	tm.Send(enter())
	waitFor(t, tm, "/following (1)")
	view := ansi.Strip(finalView(t, tm))
	if strings.Contains(view, "@amy") || !strings.Contains(view, "@jdoe") {
		t.Fatalf(":filter following did not narrow Inbound to @jdoe:\n%s", view)
	}
}
