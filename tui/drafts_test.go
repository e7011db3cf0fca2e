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

// press sends keys one at a time, running what each starts.
func press(m *Model, msgs ...tea.Msg) {
	for _, msg := range msgs {
		_, cmd := m.Update(msg)
		runCmd(m, cmd)
	}
}

// selectedRow is the screen line the cursor (▶) is on.
func selectedRow(m *Model) string {
	for _, line := range strings.Split(ansi.Strip(m.View()), "\n") {
		if strings.Contains(line, "▶") {
			return line
		}
	}
	return ""
}

// The Drafts cursor follows the draft just saved (issue 13, item 6): after
// writing a reply the person finds it under the cursor in Drafts, ready for
// p, not the draft that was selected before.
func TestTheDraftsCursorFollowsTheDraftJustSaved(t *testing.T) {
	d := testDesk(t)
	if _, err := d.CreateDraft(context.Background(), "khan", desk.DraftInput{Kind: desk.DraftUpdate, Text: "Bike marking at the uni on Thursday"}); err != nil {
		t.Fatal(err)
	}
	m := modelAt(t, d, termenv.Ascii, 160, 48)
	press(m, runes("3"))
	if row := selectedRow(m); !strings.Contains(row, "Bike marking") {
		t.Fatalf("Drafts opens on %q, want the newest draft", row)
	}
	press(m, runes("1"), runes("o"), runes("j"), runes("r")) // amy's question
	press(m, runes("It reopened at nine"), tea.KeyMsg{Type: tea.KeyCtrlS})
	press(m, runes("3"))
	if row := selectedRow(m); !strings.Contains(row, "It reopened at nine") {
		t.Fatalf("after saving a reply the Drafts cursor is on %q, want the reply", row)
	}
}
