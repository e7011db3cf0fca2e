package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
)

// Enter with no reason closed the Approve dialog, and the reason typed next
// ran as commands (issue 15, finding 3). It must ask for the reason instead.
func TestAnEmptyReasonKeepsTheDialogOpen(t *testing.T) {
	for verb, done := range map[string]string{"A": "draft approved", "X": "draft rejected"} {
		t.Run(verb, func(t *testing.T) {
			d := testDesk(t)
			tm := newTestModel(t, d, "morris", 120, 40)
			waitFor(t, tm, "Inbound")
			tm.Send(runes("3"))
			tm.Send(runes(verb))
			waitFor(t, tm, "this draft")
			tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
			waitFor(t, tm, "a reason is needed")
			tm.Send(runes("S")) // typed as the reason, not the Shift report
			tm.Send(tea.KeyMsg{Type: tea.KeyBackspace})
			tm.Send(runes("plate is the suspect's, cleared by CID"))
			tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
			// The desk's answer, not "draft " in the help bar redrawn as
			// the dialog closes, which may come before it.
			waitFor(t, tm, done)
			view := finalView(t, tm)
			if strings.Contains(view, "Shift report") {
				t.Fatalf("the reason ran as commands:\n%s", view)
			}
			for _, dr := range d.Drafts() {
				if dr.ReplyTo == "q2" && dr.State == desk.DraftFlagged {
					t.Fatalf("the draft is still waiting after %s with a reason", verb)
				}
			}
		})
	}
}
