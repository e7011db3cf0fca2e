package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/feeds"
)

// postView shows one of the team's posts whole: who, when, the text, its
// address and how many favourites and boosts it has.
type postView struct {
	c    *common
	item feeds.Item
	w    int
}

func (v *postView) update(msg tea.Msg) (overlay, tea.Cmd) {
	if msg, ok := msg.(tea.KeyMsg); ok && key.Matches(msg, v.c.keys.Back, v.c.keys.Open) {
		return nil, nil
	}
	return v, nil
}

func (v *postView) setSize(w, h int) { v.w = w }

func (v *postView) view() string {
	c, it := v.c, v.item
	who := it.AuthorName
	if who == "" {
		who = it.Author
	}
	var b strings.Builder
	b.WriteString(c.styles.Bold.Render(fmt.Sprintf("%s  %s", it.Created.In(c.now().Location()).Format("Mon 15:04"), who)) + "\n\n")
	b.WriteString(wrap(it.Text, v.w) + "\n\n")
	if it.URL != "" {
		b.WriteString(c.styles.Faint.Render(it.URL) + "\n")
	}
	b.WriteString(c.styles.Faint.Render(fmt.Sprintf("%s · %d favourites and boosts", it.Visibility, c.desk.Reactions(it.ID))))
	return b.String()
}

func (v *postView) help() []key.Binding {
	return []key.Binding{v.c.shown.Back}
}

func (v *postView) typing() bool { return false }
