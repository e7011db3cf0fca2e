package tui

import (
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// TestAMessageNeverHidesAHealthChange is the connection error hidden for
// 27 s behind a leftover message: the feed's condition changes after
// a key's message was shown, and the status bar shows the change without
// another key.
func TestAMessageNeverHidesAHealthChange(t *testing.T) {
	d := testDesk(t)
	d.SetHealth("team", "live")
	tm := newTestModel(t, d, "ellis", 120, 40)
	waitFor(t, tm, "team live")
	keys(tm, "a") // an officer cannot assign: a message takes the status bar
	waitFor(t, tm, "only a supervisor can assign")
	d.SetHealth("team", "retrying in 20s (cannot reach the server)")
	waitFor(t, tm, "team retrying in 20s (cannot reach the server)")
	finalView(t, tm)
}

// TestAMessageIsDrawnBeforeAHealthChangeReplacesIt is "draft saved" never
// seen: the desk's health changed in the same instant as the save, the
// refresh cleared the message before a frame drew it, and the person (and
// the kill-mid-post harness) waited for it in vain. The message stays for
// messageHold; then the health change takes the bar without another key.
func TestAMessageIsDrawnBeforeAHealthChangeReplacesIt(t *testing.T) {
	d := testDesk(t)
	d.SetHealth("team", "live")
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	m, err := New(Options{Desk: d, Me: "ellis", Renderer: r, Tick: -1})
	if err != nil {
		t.Fatal(err)
	}
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m.Update(resultMsg{ok: "draft saved — p in Drafts posts it"})
	d.SetHealth("team", "retrying in 20s (cannot reach the server)")
	recheck := m.refreshFromDesk()
	if v := m.View(); !strings.Contains(v, "draft saved") {
		t.Fatalf("the message was cleared in the frame it was set in:\n%s", v)
	}
	if recheck == nil {
		t.Fatal("no recheck scheduled: the health change would wait for another key")
	}
	time.Sleep(messageHold)
	m.Update(statusRecheckMsg{})
	if v := m.View(); strings.Contains(v, "draft saved") || !strings.Contains(v, "team retrying in 20s") {
		t.Fatalf("after %v the health change should have the bar:\n%s", messageHold, v)
	}
}
