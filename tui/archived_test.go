package tui

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
)

// waitLong waits, with a deadline a loaded machine meets, until the
// screen has shown every one of texts since the last wait.
func waitLong(t *testing.T, tm *teatest.TestModel, texts ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		screen := ansi.Strip(string(b))
		for _, text := range texts {
			if !strings.Contains(screen, text) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(30*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

func TestTheFilterFindsArchivedQuestionsAfterTheLiveOnesAndOpensThemReadOnly(t *testing.T) {
	ctx := context.Background()
	st, err := desk.OpenSQLite(filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var mu sync.Mutex
	now := shiftStart.Add(-10 * 24 * time.Hour)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	d, err := desk.Open(ctx, st, desk.Options{Team: "Team 3", People: roster, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Shutdown)
	item := func(id, author, text string) feeds.Event {
		return feeds.Event{Type: feeds.EventUpsert, Item: feeds.Item{ID: id, Kind: feeds.KindMention, Author: author, Text: text, Created: clock(), Visibility: feeds.VisibilityPublic}}
	}
	if err := d.Ingest(ctx, []feeds.Event{item("old", "@amy", "Is Warwick Rd shut for the roadworks?"), item("q2", "@bob", "When is the next surgery?")}); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(ctx, "morris", "old"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	now = shiftStart
	mu.Unlock()
	if err := d.Ingest(ctx, []feeds.Event{item("new", "@kev", "Warwick Rd closed again tonight?")}); err != nil {
		t.Fatal(err)
	}
	if _, live := d.Question("old"); live {
		t.Fatal("the question closed ten days ago is still on the desk")
	}

	tm := newTestModel(t, d, "morris", 120, 40)
	waitLong(t, tm, "Inbound")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
	tm.Type("warwick")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitLong(t, tm, "/warwick (1 + 1 archived)")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("j")})
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("c")})
	waitLong(t, tm, "archived: read-only")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitLong(t, tm, "Thread — archived, read-only", "Is Warwick Rd shut for the roadworks?", "closed")
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	view := ansi.Strip(finalView(t, tm))
	live, archived := strings.Index(view, "Warwick Rd closed again"), strings.Index(view, "archived · Is Warwick Rd shut")
	if live < 0 || archived < 0 || archived < live || strings.Contains(view, "next surgery") {
		t.Fatalf("want the live match, then the archived one marked, and nothing else:\n%s", view)
	}
}
