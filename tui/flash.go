package tui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// The header flashes when an urgent question arrives, with the bell, so
// that a sergeant who has turned the bell off, or is looking at the other
// screen, still sees it: it turns red and reversed, "‼ URGENT ‼", and back,
// flashCount times, flashEvery apart. Each flash redraws only the header
// line, which a slow SSH link can afford.
const (
	flashCount = 10
	flashEvery = 400 * time.Millisecond
)

// flashMsg is the next step of the header flash.
type flashMsg struct{}

func (m *Model) startFlash() tea.Cmd {
	running := m.flash > 0
	m.flash = flashCount
	if running {
		return nil // the running ticks carry on from the top
	}
	return tea.Tick(flashEvery, func(time.Time) tea.Msg { return flashMsg{} })
}

func (m *Model) nextFlash() tea.Cmd {
	if m.flash > 0 {
		m.flash--
	}
	if m.flash == 0 {
		return nil
	}
	return tea.Tick(flashEvery, func(time.Time) tea.Msg { return flashMsg{} })
}

// flashing reports whether the header is drawn in its alarm state now.
func (m *Model) flashing() bool { return m.flash > 0 && m.flash%2 == 0 }
