package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// pane is one of the console's four panes (Inbound, Team feed, Drafts,
// Duty). The root model goes through its panes by this interface — the
// focused one gets the keys, every one gets its size and the desk's changes
// — instead of switching on which one has focus.
type pane interface {
	// name is the pane's name on its tab.
	name() string
	// refresh takes in the desk's current state; a command it returns
	// finishes the work in the background (a big filter scan).
	refresh() tea.Cmd
	// setSize gives the pane its exact size, borders included.
	setSize(w, h int)
	// setFilter narrows the pane's rows as the person types a filter.
	setFilter(f string) tea.Cmd
	// filterText is the filter kept on the pane, "" for none.
	filterText() string
	// update handles a key the root did not take: it moves the pane's list
	// or acts on the selected row. It may return an overlay to open.
	update(msg tea.KeyMsg) (overlay, tea.Cmd)
	// view draws the pane in exactly the size it was given.
	view(focused bool) string
	// help is the pane's own keys for the help bar, the most used first.
	help() []key.Binding
	// listAt is the pane's list, and the body line its first row is drawn
	// on, for the mouse (mouse.go).
	listAt() (l *list, first int)
}

// overlay is a view that takes the keyboard over the panes until it is done:
// the thread, the compose editor, the assign picker, the duty form. An
// overlay never reaches into the root model: it returns the overlay to show
// next and commands whose messages say what happened.
type overlay interface {
	// update handles a message and returns the overlay to show next:
	// itself to stay open, nil to close, or another to replace it.
	update(msg tea.Msg) (overlay, tea.Cmd)
	// setSize gives the overlay the body's size (between header and status).
	setSize(w, h int)
	// view draws the overlay; the root cuts and pads it to the body's size.
	view() string
	help() []key.Binding
	// typing reports whether keys are text for a field (a reply, a
	// reason, a name) rather than commands.
	typing() bool
}

// deskChangedMsg tells an open overlay that the desk changed (after the
// panes took the change in), so that it can rebuild what it shows.
type deskChangedMsg struct{}
