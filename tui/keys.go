package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"
)

// KeyMap is every key the console answers to. The help bar and the `?` view
// are generated from it, so a key is documented where it is declared.
type KeyMap struct {
	NextPane, PrevPane          key.Binding
	Pane1, Pane2, Pane3, Pane4  key.Binding
	Up, Down, PageUp, PageDown  key.Binding
	Top, Bottom                 key.Binding
	Open, Back                  key.Binding
	Acknowledge, Assign, Reply  key.Binding
	TakeOver                    key.Binding
	Close, Dismiss, Sort        key.Binding
	Reopen                      key.Binding
	NewPost                     key.Binding
	Send, Approve, Reject, Edit key.Binding
	Duty, Shift, Report         key.Binding
	Filter, Help, Quit          key.Binding
	Command                     key.Binding
	Save, Cancel, Confirm       key.Binding
	Yes, No                     key.Binding
	SavedReply                  key.Binding
	Judge                       key.Binding
	DirectToAuthor              key.Binding
	Team                        key.Binding
	Time, Earlier, Later        key.Binding
}

// DefaultKeyMap is the key map users of k9s, lazygit and gh-dash expect.
func DefaultKeyMap() KeyMap {
	b := func(help string, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		NextPane:    b("tab", "next pane", "tab"),
		PrevPane:    b("shift+tab", "previous pane", "shift+tab"),
		Pane1:       b("1", "inbound", "1"),
		Pane2:       b("2", "team feed", "2"),
		Pane3:       b("3", "drafts", "3"),
		Pane4:       b("4", "duty", "4"),
		Up:          b("↑/k", "up", "up", "k"),
		Down:        b("↓/j", "down", "down", "j"),
		PageUp:      b("pgup", "page up", "pgup", "ctrl+b"),
		PageDown:    b("pgdn", "page down", "pgdown", "ctrl+f"),
		Top:         b("g", "top", "g", "home"),
		Bottom:      b("G", "bottom", "G", "end"),
		Open:        b("enter", "open", "enter"),
		Back:        b("esc", "back", "esc"),
		Acknowledge: b("x", "ack", "x"),
		Assign:      b("a", "assign", "a"),
		Reply:       b("r", "reply", "r"),
		TakeOver:    b("T", "take over reply", "T"),
		Close:       b("c", "close", "c"),
		Dismiss:     b("D", "dismiss", "D"),
		Reopen:      b("R", "reopen", "R"),
		Sort:        b("o", "oldest/newest first", "o"),
		NewPost:     b("n", "new team post", "n"),
		Send:        b("p", "post draft", "p"),
		Approve:     b("A", "approve draft", "A"),
		Reject:      b("X", "reject draft", "X"),
		Edit:        b("e", "edit draft", "e"),
		Duty:        b("d", "team duty", "d"),
		Shift:       b("s", "on/off shift", "s"),
		Report:      b("S", "shift report", "S"),
		Filter:      b("/", "filter", "/"),
		Command:     b(":", "command line", ":"),
		Help:        b("?", "all keys", "?"),
		Quit:        b("q", "quit", "q", "ctrl+c"),
		Save:        b("ctrl+s", "save draft", "ctrl+s"),
		Cancel:      b("esc", "cancel", "esc"),
		Confirm:     b("enter", "confirm", "enter"),
		Yes:         b("y", "yes, do it", "y", "Y"),
		No:          b("n/esc", "no", "n", "N", "esc"),
		SavedReply:  b("ctrl+r", "saved replies", "ctrl+r"),
		Judge:       b("!", "judge level", "!"),
		// offered when a reply's question was deleted by its author
		DirectToAuthor: b("M", "send to the author as a DM", "M"),
		// T is taken (take over a reply) and t is the time picker's:
		// ctrl+t is free in every pane, and reads "team".
		Team:    b("ctrl+t", "switch team", "ctrl+t"),
		Time:    b("t", "time", "t"),
		Earlier: b("[", "earlier event", "["),
		Later:   b("]", "later event", "]"),
	}
}

// FullHelp groups every key for the `?` view.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.NextPane, k.PrevPane, k.Pane1, k.Pane2, k.Pane3, k.Pane4, k.Team, k.Help, k.Quit},
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Filter, k.Sort, k.Command},
		{k.Open, k.Acknowledge, k.Assign, k.Reply, k.TakeOver, k.Close, k.Reopen, k.Dismiss, k.Judge, k.Back},
		{k.NewPost, k.Edit, k.Send, k.Approve, k.Reject, k.Duty, k.Shift, k.Report, k.Save, k.SavedReply},
		{k.Time, k.Earlier, k.Later},
	}
}

// ShortHelp is the default one-line help.
func (k KeyMap) ShortHelp() []key.Binding { return k.inboundHelp() }

// The one-line help of each pane: its own actions first.

func (k KeyMap) inboundHelp() []key.Binding {
	return []key.Binding{k.Acknowledge, k.Assign, k.Reply, k.Close, k.Dismiss, k.Filter, k.Duty, k.Help, k.Quit}
}

// finishedHelp is Inbound's help on a closed or dismissed question, which
// only R (reopen) changes.
func (k KeyMap) finishedHelp() []key.Binding {
	return []key.Binding{k.Reopen, k.Open, k.Filter, k.Duty, k.Help, k.Quit}
}

func (k KeyMap) feedHelp() []key.Binding {
	return []key.Binding{k.Open, k.NewPost, k.Filter, k.Duty, k.Help, k.Quit}
}

func (k KeyMap) draftsHelp() []key.Binding {
	return []key.Binding{k.Send, k.Approve, k.Reject, k.Edit, k.Filter, k.Help, k.Quit}
}

func (k KeyMap) dutyHelp() []key.Binding {
	return []key.Binding{k.Shift, k.Duty, k.Report, k.Filter, k.Help, k.Quit}
}

// allKeys lays out every key the person may use for the ? view, in as many
// columns as the height needs, each group of keys kept together, so that
// nothing is cut off at 80×24. Each column is as wide as its own keys and
// words need, so that three columns fit where three equal ones would cut.
func allKeys(c *common, w, h int) string {
	type entry struct{ key, desc string }
	var entries []entry
	for _, group := range c.shown.FullHelp() {
		for _, b := range group {
			if b.Enabled() {
				entries = append(entries, entry{b.Help().Key, b.Help().Desc})
			}
		}
	}
	h = max(1, h)
	cols := (len(entries) + h - 1) / h
	rows := (len(entries) + cols - 1) / cols
	keyW := make([]int, cols)
	colW := make([]int, cols)
	for i, e := range entries {
		keyW[i/rows] = max(keyW[i/rows], ansi.StringWidth(e.key))
	}
	total := 0
	for i, e := range entries {
		col := i / rows
		colW[col] = max(colW[col], 1+keyW[col]+2+ansi.StringWidth(e.desc)+2)
	}
	for _, cw := range colW {
		total += cw
	}
	if total > w {
		for col := range colW {
			colW[col] = w / cols
		}
	}
	lines := make([]string, rows)
	for i, e := range entries {
		col := i / rows
		cell := c.styles.Bold.Render(fmt.Sprintf("%-*s", keyW[col], e.key)) + "  " + c.styles.HelpBar.Render(e.desc)
		lines[i%rows] += fit(" "+cell, colW[col])
	}
	return strings.Join(lines, "\n")
}
