package tui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// The mouse, as k9s and gh-dash users expect: a click focuses the pane under
// it and selects the row clicked; the wheel moves through the pane under the
// pointer. Nothing needs it: every click has its key. While a form, an
// overlay or the help is open, or a filter or command is typed, the mouse
// does nothing, so a stray click never acts.

// wheelStep is how many rows one notch of the wheel moves.
const wheelStep = 1

// mouse handles a mouse event on the panes.
func (m *Model) mouse(msg tea.MouseMsg) tea.Cmd {
	if m.overlay != nil || m.showHelp || m.typing() || msg.Action != tea.MouseActionPress {
		return nil
	}
	top := 1 // the header
	if m.alert != "" {
		top++
	}
	i, y, ok := m.paneAt(msg.X, msg.Y-top)
	if !ok {
		return nil
	}
	l, first := m.panes[i].listAt()
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		m.focus = i
		l.moveTo(l.cursor - wheelStep)
	case tea.MouseButtonWheelDown:
		m.focus = i
		l.moveTo(l.cursor + wheelStep)
	case tea.MouseButtonLeft:
		m.focus = i
		// y is the line in the pane: its top border, then its body.
		row := y - 1 - first
		if start, end := l.visible(); row >= 0 && start+row < end {
			l.moveTo(start + row)
		}
	default:
		return nil
	}
	m.status, m.isError = "", false
	return nil
}

// paneAt finds the pane at x, y of the body, and y within that pane. On a
// small terminal the first body line is the row of tabs: a click on a tab
// focuses its pane.
func (m *Model) paneAt(x, y int) (pane, py int, ok bool) {
	w, bodyH := m.width, m.bodyHeight()
	if y < 0 || y >= bodyH || x < 0 || x >= w {
		return 0, 0, false
	}
	if !m.wide(w, bodyH+3) {
		if y > 0 {
			return m.focus, y - 1, true
		}
		left := 0
		for i, p := range m.panes {
			left += ansi.StringWidth(fmt.Sprintf(" %d %s ", i+1, p.name()))
			if x < left {
				return i, -1, true
			}
		}
		return 0, 0, false
	}
	left, top := split(w, bodyH)
	switch {
	case x < left && y < top:
		return paneInbound, y, true
	case x < left:
		return paneDrafts, y - top, true
	case y < top:
		return paneFeed, y, true
	}
	return paneDuty, y - top, true
}

// split is where the four panes meet on a big terminal: the left column's
// width and the top row's height.
func split(w, bodyH int) (left, top int) {
	return w * 3 / 5, bodyH - bodyH*2/5
}
