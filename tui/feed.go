package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/dutydesk/dutydesk/feeds"
)

// feedPane shows the team's own posts, newest first.
type feedPane struct {
	c      *common
	all    []feeds.Item
	rows   []int
	list   list
	filter string
	w, h   int
}

func (p *feedPane) name() string        { return "Team feed" }
func (p *feedPane) filterText() string  { return p.filter }
func (p *feedPane) setSize(w, h int)    { p.w, p.h = w, h; p.list.setHeight(h - 2) }
func (p *feedPane) help() []key.Binding { return p.c.shown.feedHelp() }

func (p *feedPane) setFilter(f string) tea.Cmd {
	p.filter = f
	return p.refresh()
}

func (p *feedPane) update(msg tea.KeyMsg) (overlay, tea.Cmd) {
	if p.list.update(msg, p.c.keys) {
		return nil, nil
	}
	if it, ok := p.selected(); ok && key.Matches(msg, p.c.keys.Open) {
		return &postView{c: p.c, item: it}, nil
	}
	return nil, nil
}

func (p *feedPane) refresh() tea.Cmd {
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
	return nil
}

func (p *feedPane) selected() (feeds.Item, bool) {
	if p.list.n == 0 {
		return feeds.Item{}, false
	}
	return p.all[p.rows[p.list.cursor]], true
}

func (p *feedPane) view(focused bool) string {
	w, h := p.w, p.h
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
			line = fit(line, w-3-len(fmt.Sprint(n))-3) + fmt.Sprintf(" ♥%d", n)
		}
		body = append(body, cursorRow(p.c.styles, focused && i == p.list.cursor, fit(line, w-3), lookPlain, p.filter))
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

func (p *feedPane) listAt() (*list, int) { return &p.list, 0 }
