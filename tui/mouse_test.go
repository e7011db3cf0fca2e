package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// mouseModel is the console at w×h, drawn once, as a terminal shows it.
func mouseModel(t *testing.T, w, h int) *Model {
	t.Helper()
	m, err := New(Options{Desk: testDesk(t), Me: "morris", Tick: -1})
	if err != nil {
		t.Fatal(err)
	}
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// at finds where text is on the screen, in cells.
func at(t *testing.T, m *Model, text string) (x, y int) {
	t.Helper()
	for y, line := range strings.Split(ansi.Strip(m.View()), "\n") {
		if i := strings.Index(line, text); i >= 0 {
			return ansi.StringWidth(line[:i]), y
		}
	}
	t.Fatalf("%q is not on the screen:\n%s", text, ansi.Strip(m.View()))
	return 0, 0
}

type point struct{ x, y int }

func xy(x, y int) point { return point{x, y} }

func click(m *Model, p point) {
	m.Update(tea.MouseMsg{X: p.x, Y: p.y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
}

func clickAt(m *Model, x, y int) {
	m.Update(tea.MouseMsg{X: x, Y: y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
}

// A click selects the row under it: c then asks about that question.
func TestAClickSelectsTheRowUnderIt(t *testing.T) {
	m := mouseModel(t, 160, 48)
	click(m, xy(at(t, m, "@amy")))
	_, cmd := m.Update(runes("c"))
	runCmd(m, cmd)
	if view := ansi.Strip(m.View()); !strings.Contains(view, "Close the question from @amy?") {
		t.Fatalf("c after clicking @amy's row did not ask about @amy:\n%s", view)
	}
}

// A click in another pane focuses it; the wheel moves through the pane
// under the pointer.
func TestAClickFocusesAPaneAndTheWheelScrolls(t *testing.T) {
	m := mouseModel(t, 160, 48)
	x, y := at(t, m, "3 Drafts")
	clickAt(m, x, y+3)
	if m.focus != paneDrafts {
		t.Fatalf("a click in Drafts left the focus on pane %d", m.focus)
	}
	x, y = at(t, m, "1 Inbound")
	before := m.inbound.list.cursor
	m.Update(tea.MouseMsg{X: x, Y: y + 2, Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	if m.focus != paneInbound || m.inbound.list.cursor != before+1 {
		t.Fatalf("the wheel over Inbound: focus %d, cursor %d→%d", m.focus, before, m.inbound.list.cursor)
	}
	m.Update(tea.MouseMsg{X: x, Y: y + 2, Button: tea.MouseButtonWheelUp, Action: tea.MouseActionPress})
	if m.inbound.list.cursor != before {
		t.Fatalf("wheel up did not come back: cursor %d, want %d", m.inbound.list.cursor, before)
	}
}

// On a small terminal a click on a tab shows its pane.
func TestAClickOnATabShowsItsPane(t *testing.T) {
	m := mouseModel(t, 80, 24)
	click(m, xy(at(t, m, "3 Drafts")))
	if m.focus != paneDrafts {
		t.Fatalf("a click on the Drafts tab left the focus on pane %d", m.focus)
	}
}

// While a form is open the mouse does nothing.
func TestTheMouseDoesNothingUnderAForm(t *testing.T) {
	m := mouseModel(t, 160, 48)
	x, y := at(t, m, "3 Drafts")
	m.Update(runes("n"))
	clickAt(m, x, y+3)
	if m.focus != paneInbound || m.overlay == nil {
		t.Fatalf("a click under the compose form moved focus to %d or closed it", m.focus)
	}
}
