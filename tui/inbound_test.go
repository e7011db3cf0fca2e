package tui

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
	"github.com/muesli/termenv"
)

// teamDesk is a desk whose team account is @team3@police.example, with
// the questions given (id, kind, author, text), each a minute apart.
func teamDesk(t *testing.T, items ...[4]string) *desk.Desk {
	t.Helper()
	st, err := desk.OpenSQLite(filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := shiftStart.Add(time.Hour)
	d, err := desk.Open(context.Background(), st, desk.Options{
		Team: "Team 3", People: roster, Now: func() time.Time { return now },
		TeamHandles: []string{"@team3@police.example"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var evs []feeds.Event
	for i, it := range items {
		vis := feeds.VisibilityPublic
		if feeds.Kind(it[1]) == feeds.KindDirect {
			vis = feeds.VisibilityDirect
		}
		evs = append(evs, feeds.Event{Type: feeds.EventUpsert, Item: feeds.Item{ID: it[0], Kind: feeds.Kind(it[1]), Author: it[2], Text: it[3],
			Created: shiftStart.Add(time.Duration(i) * time.Minute), Visibility: vis, RemoteID: it[0]}})
	}
	if err := d.Ingest(context.Background(), evs); err != nil {
		t.Fatal(err)
	}
	return d
}

// modelAt is Sgt Morris's console on d at w×h in a colour profile.
func modelAt(t *testing.T, d *desk.Desk, profile termenv.Profile, w, h int) *Model {
	t.Helper()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(profile)
	m, err := New(Options{Desk: d, Me: "morris", Renderer: r, Tick: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// screenAt draws the console once at w×h in a colour profile.
func screenAt(t *testing.T, d *desk.Desk, profile termenv.Profile, w, h int) string {
	t.Helper()
	return ansi.Strip(modelAt(t, d, profile, w, h).View())
}

// rowOf is the screen line that holds text.
func rowOf(t *testing.T, screen, text string) string {
	t.Helper()
	for _, line := range strings.Split(screen, "\n") {
		if strings.Contains(line, text) {
			return line
		}
	}
	t.Fatalf("%q is not on the screen:\n%s", text, screen)
	return ""
}

// Inbound rows start with what the person asked: the team's own @mention
// that opens nearly every question is left out (issue 13, item 6), while
// someone else's mention, and the team's named later, stay.
func TestInboundLeavesOutTheTeamsOwnOpeningMention(t *testing.T) {
	d := teamDesk(t,
		[4]string{"q1", "mention", "@amy@mastodon.social", "@team3 Is the A595 still closed near Bothel?"},
		[4]string{"q2", "mention", "@bob@mastodon.social", "@team3 @sam@mastodon.social saw the crash too"},
		[4]string{"q3", "reply", "@kev@mastodon.social", "Well done @team3 on the arrest"},
	)
	screen := screenAt(t, d, termenv.Ascii, 160, 48)
	if row := rowOf(t, screen, "@amy@"); !strings.Contains(row, "@amy@mastodon.social  Is the A595") || strings.Contains(row, "@team3") {
		t.Errorf("the team's mention still opens amy's question: %q", row)
	}
	if row := rowOf(t, screen, "@bob@"); !strings.Contains(row, " @sam@mastodon.social saw the crash") || strings.Contains(row, "@team3") {
		t.Errorf("bob's row should keep @sam and lose @team3: %q", row)
	}
	if row := rowOf(t, screen, "@kev@"); !strings.Contains(row, "Well done @team3 on the arrest") {
		t.Errorf("a mention inside the text went: %q", row)
	}
	// The thread keeps the whole message as it came.
	if q, _ := d.Question("q1"); q.Item.Text != "@team3 Is the A595 still closed near Bothel?" {
		t.Errorf("the stored text changed: %q", q.Item.Text)
	}
}

// A direct message is marked as one in the row — ✉, and the word DM where
// there is no colour — so nobody answers it in public by mistake.
func TestInboundMarksDirectMessages(t *testing.T) {
	d := teamDesk(t,
		[4]string{"q1", "direct", "@amy@mastodon.social", "@team3 my ex keeps messaging me"},
		[4]string{"q2", "mention", "@bob@mastodon.social", "@team3 When is the next surgery?"},
	)
	mono := screenAt(t, d, termenv.Ascii, 120, 30)
	if row := rowOf(t, mono, "@amy@"); !strings.Contains(row, "✉ DM my ex keeps") {
		t.Errorf("without colour the DM is not marked ✉ DM: %q", row)
	}
	if row := rowOf(t, mono, "@bob@"); strings.Contains(row, "✉") || strings.Contains(row, " DM ") {
		t.Errorf("a public mention is marked as a DM: %q", row)
	}
	colour := screenAt(t, d, termenv.TrueColor, 120, 30)
	if row := rowOf(t, colour, "@amy@"); !strings.Contains(row, "✉ my ex keeps") {
		t.Errorf("in colour the DM is not marked ✉: %q", row)
	}
}

// Handles get the room the terminal has: at 200 columns a 30-character
// handle shows whole, not cut at 13 (issue 15, finding 7); at 80 a long
// one is cut, with an ellipsis, so the question keeps its room.
func TestInboundHandlesTakeTheWidthTheTerminalAllows(t *testing.T) {
	long := "@kirstyarmstrong@mastodon.scot" // 30 cells
	d := teamDesk(t, [4]string{"q1", "mention", long, "@team3 Are the buses still running through Morton?"})
	if row := rowOf(t, screenAt(t, d, termenv.Ascii, 200, 50), "@kirsty"); !strings.Contains(row, long+" ") || !strings.Contains(row, "Are the buses still running through Morton?") {
		t.Errorf("at 200 columns the handle or question is cut: %q", row)
	}
	if row := rowOf(t, screenAt(t, d, termenv.Ascii, 80, 24), "@kirsty"); !strings.Contains(row, "…") || !strings.Contains(row, "Are the buses") {
		t.Errorf("at 80 columns: %q", row)
	}
}
