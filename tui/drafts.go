package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
)

// draftsPane lists drafts: those waiting first, newest first within each.
type draftsPane struct {
	c *common
	kept[desk.Draft]
	filter string
	w, h   int
	// follow is a draft just saved or posted from this console: the next
	// refresh moves the cursor to it, wherever it now sorts.
	follow string
}

func (p *draftsPane) name() string        { return "Drafts" }
func (p *draftsPane) filterText() string  { return p.filter }
func (p *draftsPane) setSize(w, h int)    { p.w, p.h = w, h; p.list.setHeight(h - 2) }
func (p *draftsPane) help() []key.Binding { return p.c.shown.draftsHelp() }

func (p *draftsPane) setFilter(f string) tea.Cmd {
	p.filter = f
	return p.refresh()
}

func (p *draftsPane) update(msg tea.KeyMsg) (overlay, tea.Cmd) {
	if p.list.update(msg, p.c.keys) {
		return nil, nil
	}
	if d, ok := p.selected(); ok {
		return p.c.draftAction(msg, d)
	}
	return nil, nil
}

func (p *draftsPane) refresh() tea.Cmd {
	selected, _ := p.selected()
	drafts := p.c.desk.Drafts()
	p.items = p.items[:0]
	for pass := 0; pass < 2; pass++ {
		for i := len(drafts) - 1; i >= 0; i-- {
			if drafts[i].Waiting() == (pass == 0) {
				p.items = append(p.items, drafts[i])
			}
		}
	}
	needle := strings.ToLower(p.filter)
	p.keep(func(d desk.Draft) bool {
		return needle == "" || matches(needle, d.Text, p.c.name(d.Author), string(d.State))
	})
	follow := p.follow
	p.follow = ""
	for _, want := range []string{follow, selected.ID} {
		for i, r := range p.rows {
			if want != "" && p.items[r].ID == want {
				p.list.moveTo(i)
				return nil
			}
		}
	}
	return nil
}

func (p *draftsPane) waitingApproval() int {
	n := 0
	for _, d := range p.items {
		if d.State == desk.DraftFlagged {
			n++
		}
	}
	return n
}

func (p *draftsPane) view(focused bool) string {
	w, h := p.w, p.h
	start, end := p.list.visible()
	var body []string
	for i := start; i < end; i++ {
		body = append(body, p.row(p.at(i), w-2, focused && i == p.list.cursor))
	}
	if len(body) == 0 {
		body = append(body, p.c.styles.Faint.Render(" no drafts — r replies to a question, n writes a team post"))
	}
	title := fmt.Sprintf("3 Drafts  %d awaiting approval", p.waitingApproval())
	if p.filter != "" {
		title += fmt.Sprintf(" · /%s (%d)", p.filter, len(p.rows))
	}
	return frame(p.c, title, body, w, h, focused)
}

func (p *draftsPane) row(d desk.Draft, w int, selected bool) string {
	s := p.c.styles
	mark, verdict, style := "✓", "ok", lookOK
	switch d.State {
	case desk.DraftFlagged:
		mark, verdict, style = "⚑", "BLOCK "+blockKinds(d), lookBlock
	case desk.DraftApproved:
		mark, verdict, style = "✔", "approved", lookOK
		if d.LastError != "" {
			mark, verdict, style = "!", "failed: "+d.LastError, lookError
		}
	case desk.DraftPosting:
		mark, verdict, style = "…", "posting", lookWarn
	case desk.DraftPosted:
		mark, verdict, style = "↗", "posted", lookFaint
	case desk.DraftRejected:
		mark, verdict, style = "✗", "rejected", lookFaint
	case desk.DraftSuperseded:
		mark, verdict, style = "✗", "superseded: "+d.Reason, lookFaint
	}
	if n := d.Warns(); n > 0 && d.Waiting() {
		verdict += fmt.Sprintf(" · %d warn", n)
	}
	target := "team"
	if d.ReplyTo != "" {
		if q, ok := p.c.desk.Question(d.ReplyTo); ok {
			target = q.Item.Author
		} else {
			target = "reply"
		}
	}
	if d.Kind == desk.DraftBroadcast {
		target = "broadcast"
	}
	left := fmt.Sprintf("%s %s → %s ", mark, fit(p.c.name(d.Author), 11), fit(target, 10))
	right := "  " + verdict
	w-- // the cursor gutter
	line := fit(left+fit("\""+oneLine(d.Text)+"\"", max(8, w-len([]rune(left))-len([]rune(right))))+right, w)
	return cursorRow(s, selected, line, style, p.filter)
}

func blockKinds(d desk.Draft) string {
	var kinds []string
	seen := map[string]bool{}
	for _, f := range d.Findings {
		if f.Severity == desk.SeverityBlock && !seen[f.Kind] {
			seen[f.Kind] = true
			kinds = append(kinds, f.Kind)
		}
	}
	return strings.Join(kinds, ",")
}

func (p *draftsPane) listAt() (*list, int) { return &p.list, 0 }
