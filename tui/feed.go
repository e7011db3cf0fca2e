package tui

import (
	"fmt"
	"strings"

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
