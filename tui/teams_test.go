package tui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
)

// twoTeamDesk is a desk of two teams with a question on each; Morris
// supervises both.
func twoTeamDesk(t *testing.T) *desk.Desk {
	t.Helper()
	st, err := desk.OpenSQLite(filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	d, err := desk.Open(context.Background(), st, desk.Options{
		Team: "Carlisle desk", Now: func() time.Time { return shiftStart },
		People: []desk.Person{{ID: "morris", Name: "Sgt Morris", Role: desk.RoleSupervisor, OnShift: true,
			Teams: map[string]desk.Role{"north": desk.RoleSupervisor, "roads": desk.RoleSupervisor}}},
		Teams: []desk.Team{{ID: "north", Name: "Team 3 · Carlisle North", Accounts: []string{"team"}},
			{ID: "roads", Name: "Cumbria Roads Policing", Accounts: []string{"roads"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Shutdown)
	for _, it := range []feeds.Item{
		{ID: "n1", Source: "team", Kind: feeds.KindMention, Author: "@amy", Text: "When is the next surgery?", Created: shiftStart},
		{ID: "r1", Source: "roads", Kind: feeds.KindMention, Author: "@bob", Text: "Is the M6 open at junction 44?", Created: shiftStart},
	} {
		if err := d.Ingest(context.Background(), []feeds.Event{{Type: feeds.EventUpsert, Item: it}}); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// ctrl+t goes from team to team, then to all teams: the header says which,
// Inbound lists only theirs; duty asks for a team in the all-teams view.
func TestTheTeamSwitcherShowsOneTeamOrAll(t *testing.T) {
	tm := newTestModel(t, twoTeamDesk(t), "morris", 160, 48)
	waitFor(t, tm, "When is the next surgery?")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlT})
	waitFor(t, tm, "Is the M6 open")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlT})
	waitFor(t, tm, "All teams · Carlisle desk")
	tm.Send(runes("d"))
	waitFor(t, tm, "duty is per team")
	tm.Send(runes(":"))
	tm.Send(runes("team north"))
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(t, tm, "showing Team 3")
	view := finalView(t, tm)
	for _, want := range []string{"Team 3 · Carlisle North", "When is the next surgery?", "1 new"} {
		if !strings.Contains(ansi.Strip(view), want) {
			t.Errorf("north's console lacks %q:\n%s", want, view)
		}
	}
	if strings.Contains(ansi.Strip(view), "Is the M6 open") {
		t.Errorf("north's console shows roads' question:\n%s", view)
	}
}
