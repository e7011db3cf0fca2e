package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/dutydesk/dutydesk/feeds"
)

// feedPane shows the team's own posts, newest first.
type feedPane struct {
	c      *common
	all    []feeds.Item
	rows   []int
	list   list
	filter string
}

func (p *feedPane) refresh() {
	items := p.c.desk.TeamFeed()
	p.all = p.all[:0]
	for i := len(items) - 1; i >= 0; i-- {
		p.all = append(p.all, items[i])
	}
	p.rows = p.rows[:0]
	needle := strings.ToLower(p.filter)
	for i, it := range p.all {
		if needle == "" || matches(needle, it.Author, it.AuthorName, it.Text) {
			p.rows = append(p.rows, i)
		}
	}
	p.list.setLen(len(p.rows))
}

func (p *feedPane) selected() (feeds.Item, bool) {
	if p.list.n == 0 {
		return feeds.Item{}, false
	}
	return p.all[p.rows[p.list.cursor]], true
}

func (p *feedPane) view(w, h int, focused bool) string {
	p.list.setHeight(h - 2)
	start, end := p.list.visible()
	now := p.c.now()
	var body []string
	for i := start; i < end; i++ {
		it := p.all[p.rows[i]]
		who := it.AuthorName
		if who == "" {
			who = it.Author
		}
		line := fmt.Sprintf("%s %s %s", it.Created.In(now.Location()).Format("15:04"), fit(who, 12), oneLine(it.Text))
		if n := p.c.desk.Reactions(it.ID); n > 0 {
			line = fit(line, w-2-len(fmt.Sprint(n))-3) + fmt.Sprintf(" ♥%d", n)
		}
		line = fit(line, w-2)
		if focused && i == p.list.cursor {
			line = p.c.styles.Selected.Render(line)
		}
		body = append(body, line)
	}
	if len(body) == 0 {
		body = append(body, p.c.styles.Faint.Render(" no team posts yet"))
	}
	title := "2 Team feed"
	if p.filter != "" {
		title += fmt.Sprintf(" · /%s (%d)", p.filter, len(p.rows))
	}
	return frame(p.c, title, body, w, h, focused)
}

// postView shows one of the team's posts whole: who, when, the text, its
// address and how many favourites and boosts it has.
type postView struct {
	m    *Model
	item feeds.Item
}

func (v *postView) update(msg tea.Msg) (bool, tea.Cmd) {
	if msg, ok := msg.(tea.KeyMsg); ok && key.Matches(msg, v.m.c.keys.Back, v.m.c.keys.Open) {
		return true, nil
	}
	return false, nil
}

func (v *postView) view(w, h int) string {
	c := v.m.c
	it := v.item
	who := it.AuthorName
	if who == "" {
		who = it.Author
	}
	var b strings.Builder
	b.WriteString(c.styles.Bold.Render(fmt.Sprintf("%s  %s", it.Created.In(c.now().Location()).Format("Mon 15:04"), who)) + "\n\n")
	b.WriteString(lipgloss.NewStyle().Width(max(10, w-2)).Render(it.Text) + "\n\n")
	if it.URL != "" {
		b.WriteString(c.styles.Faint.Render(it.URL) + "\n")
	}
	b.WriteString(c.styles.Faint.Render(fmt.Sprintf("%s · %d favourites and boosts", it.Visibility, c.desk.Reactions(it.ID))))
	return b.String()
}

func (v *postView) help() []key.Binding {
	return []key.Binding{v.m.c.keys.Back}
}
