package tui

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// choices is a list to pick one item from that narrows as the person
// types, as the assign picker and the saved replies have it: enter takes
// the item under the cursor, esc goes back, ↑/↓ move, and what is typed
// keeps the items that match it.
type choices[T any] struct {
	kept[T]
	// matches says whether an item is kept for the text typed.
	matches func(item T, typed string) bool
	input   textinput.Model
}

// choice is what a message did to the choices.
type choice int

const (
	choosing  choice = iota // the cursor moved, or the text narrowed the list
	chosen                  // enter on an item
	cancelled               // esc
)

func newChoices[T any](prompt string, items []T, matches func(item T, typed string) bool) choices[T] {
	in := newInput()
	in.Prompt = prompt
	in.Focus()
	ch := choices[T]{kept: kept[T]{items: items}, matches: matches, input: in}
	ch.narrow()
	return ch
}

func (ch *choices[T]) narrow() {
	typed := ch.input.Value()
	ch.keep(func(it T) bool { return ch.matches(it, typed) })
}

// update takes a message: esc cancels; enter chooses the item under the
// cursor, if any is kept; the arrows move, and so do j and k unless keys
// are text (typing); anything else is typed, and narrows the list.
func (ch *choices[T]) update(msg tea.Msg, k KeyMap, typing bool) (item T, what choice, cmd tea.Cmd) {
	if msg, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(msg, k.Cancel):
			return item, cancelled, nil
		case key.Matches(msg, k.Confirm):
			if it, ok := ch.selected(); ok {
				return it, chosen, nil
			}
			return item, choosing, nil
		case key.Matches(msg, k.Up, k.Down) && (msg.Type != tea.KeyRunes || !typing):
			ch.list.update(msg, k)
			return item, choosing, nil
		}
	}
	ch.input, cmd = ch.input.Update(msg)
	ch.narrow()
	return item, choosing, cmd
}

// inView is the kept items in view, and which of them the cursor is on.
func (ch *choices[T]) inView() (items []T, cursor int) {
	start, end := ch.list.visible()
	for i := start; i < end; i++ {
		items = append(items, ch.at(i))
	}
	return items, ch.list.cursor - start
}

// none reports whether no item is kept.
func (ch *choices[T]) none() bool { return len(ch.rows) == 0 }

// choicesHelp is the help bar of a list to pick from: the assign picker,
// the saved replies, the handover.
func (k KeyMap) choicesHelp() []key.Binding {
	return []key.Binding{k.Confirm, k.Cancel, k.Up, k.Down}
}
