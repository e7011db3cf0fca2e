package tui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
)

// feedPane shows the team's own posts, newest first.
type feedPane struct {
	c *common
	kept[feeds.Item]
	appeals map[string]desk.Appeal // by the post's item ID
	filter  string
	w, h    int
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
	it, ok := p.selected()
	if !ok {
		return nil, nil
	}
	k := p.c.keys
	a, isAppeal := p.appeals[it.ID]
	switch {
	case key.Matches(msg, k.Open):
		return &postView{c: p.c, item: it}, nil
	case key.Matches(msg, k.MarkAppeal):
		if isAppeal && !a.Open() {
			return nil, refuse(fmt.Errorf("the appeal was resolved (%s): R deals with its post", a.Outcome))
		}
		var current *desk.Appeal
		if isAppeal {
			current = &a
		}
		return newMarkAppeal(p.c, it.ID, it.Text, current), nil
	case key.Matches(msg, k.ResolveAppeal):
		switch {
		case !p.c.supervisor():
			return nil, refuse(errSupervisorsResolve)
		case !isAppeal:
			return nil, refuse(errors.New("this post is not an appeal: m marks it as one"))
		case !a.Open() && !a.StillUp():
			return nil, refuse(fmt.Errorf("the appeal was resolved (%s) and its post dealt with", a.Outcome))
		}
		return newResolveAppeal(p.c, a), nil
	}
	return nil, nil
}

func (p *feedPane) refresh() tea.Cmd {
	items := p.c.desk.TeamFeed()
	p.appeals = p.c.desk.FeedAppeals()
	p.items = p.items[:0]
	for i := len(items) - 1; i >= 0; i-- {
		p.items = append(p.items, items[i])
	}
	needle := strings.ToLower(p.filter)
	p.keep(func(it feeds.Item) bool { return needle == "" || matches(needle, it.Author, it.AuthorName, it.Text) })
	return nil
}

func (p *feedPane) view(focused bool) string {
	w, h := p.w, p.h
	start, end := p.list.visible()
	now := p.c.now()
	var body []string
	for i := start; i < end; i++ {
		it := p.at(i)
		who := it.AuthorName
		if who == "" {
			who = it.Author
		}
		text := oneLine(it.Text)
		style := lookPlain
		if a, ok := p.appeals[it.ID]; ok {
			text = appealTag(a, now) + " " + text
			if a.Due(now) || a.StillUp() {
				style = lookBreach
			}
		}
		line := fmt.Sprintf("%s %s %s", it.Created.In(now.Location()).Format("15:04"), fit(who, 12), text)
		if n := p.c.desk.Reactions(it.ID); n > 0 {
			line = fit(line, w-3-len(fmt.Sprint(n))-3) + fmt.Sprintf(" ♥%d", n)
		}
		body = append(body, cursorRow(p.c.styles, focused && i == p.list.cursor, fit(line, w-3), style, p.filter))
	}
	if len(body) == 0 {
		body = append(body, p.c.styles.Faint.Render(" no team posts yet"))
	}
	title := "2 Team feed"
	open, due := 0, 0
	for _, a := range p.appeals {
		if a.Open() {
			open++
		}
		if a.Due(now) {
			due++
		}
	}
	if open > 0 {
		title += fmt.Sprintf(" · %d %s open", open, plural(open, "appeal", "appeals"))
	}
	if due > 0 {
		title += fmt.Sprintf(", %d review due", due)
	}
	if p.filter != "" {
		title += fmt.Sprintf(" · /%s (%d)", p.filter, len(p.rows))
	}
	return frame(p.c, title, body, w, h, focused)
}

func (p *feedPane) listAt() (*list, int) { return &p.list, 0 }
