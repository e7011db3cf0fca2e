package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
)

// threadView shows a question with what it answers and the team's replies.
type threadView struct {
	c    *common
	id   string
	gone bool // the author deleted the question
	pager
	// archive is set for a question that left memory (archived.go): it is
	// shown read-only, as the store last had it.
	archive *archivedThread
}

func newThread(c *common, id string) *threadView {
	vp := viewport.New(0, 0)
	// The console's own keys scroll it, as they move the lists: j/k, the
	// arrows, pgup/pgdn (ctrl+b/ctrl+f); g and G go to either end (update).
	none := key.NewBinding(key.WithDisabled())
	k := c.keys
	vp.KeyMap = viewport.KeyMap{Up: k.Up, Down: k.Down, PageUp: k.PageUp, PageDown: k.PageDown,
		HalfPageUp: none, HalfPageDown: none, Left: none, Right: none}
	return &threadView{c: c, id: id, pager: pager{vp: vp}}
}

func (v *threadView) update(msg tea.Msg) (overlay, tea.Cmd) {
	k := v.c.keys
	switch msg := msg.(type) {
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, k.Back):
			return nil, nil
		case key.Matches(msg, k.Acknowledge, k.Assign, k.Reply, k.TakeOver, k.Close, k.Reopen, k.Dismiss, k.Judge):
			if v.archive != nil {
				return v, refuse(errArchived)
			}
			return v.c.questionAction(msg, v.id)
		case key.Matches(msg, k.Top):
			v.vp.GotoTop()
			return v, nil
		case key.Matches(msg, k.Bottom):
			v.vp.GotoBottom()
			return v, nil
		}
	case archivedThreadMsg:
		if v.archive != nil && msg.id == v.id {
			v.archive.took(msg)
			v.build()
		}
		return v, nil
	case deskChangedMsg:
		v.build()
		return v, nil
	}
	return v, v.scroll(msg)
}

func (v *threadView) setSize(w, h int) { v.resize(w, h, v.build) }

// build lays out the thread for the viewport: on opening, on resize and when
// the desk changes.
func (v *threadView) build() {
	c, w := v.c, v.w
	q, ok := c.desk.Question(v.id)
	thread := c.desk.Thread
	if v.archive != nil {
		q, ok, thread = v.archive.q, v.archive.loaded, v.archive.thread
	}
	v.gone = !ok
	if !ok {
		return
	}
	var b strings.Builder
	now := c.now()
	for _, it := range thread(v.id) {
		who := it.Author
		if it.AuthorName != "" {
			who = it.AuthorName + " " + it.Author
		}
		head := fmt.Sprintf("%s  %s", it.Created.In(now.Location()).Format("Mon 15:04"), oneLine(who))
		if it.ID == q.ID || it.ID == q.Item.ID {
			head = c.styles.Bold.Render(head)
		} else {
			head = c.styles.Faint.Render(head)
		}
		b.WriteString(head + "\n")
		b.WriteString(wrap(it.Text, w-2) + "\n")
		if it.URL != "" {
			b.WriteString(c.styles.Faint.Render(oneLine(it.URL)) + "\n")
		}
		b.WriteString("\n")
	}
	state := fmt.Sprintf("%s · arrived %s · visibility %s", q.State, ago(now, q.Arrived), q.Item.Visibility)
	if q.Count > 1 {
		state += fmt.Sprintf(" · sent ×%d", q.Count)
	}
	if q.Assignee != "" {
		state += " · assigned to " + c.name(q.Assignee)
	}
	if q.Reopens > 0 {
		state += fmt.Sprintf(" · reopened ×%d by its author", q.Reopens)
		if q.ReopenedFor != "" {
			state += " (answered before by " + c.name(q.ReopenedFor) + ")"
		}
	}
	if lv := levelLine(c, q); lv != "" {
		state = lv + "\n" + state
	}
	b.WriteString(state)
	v.vp.SetContent(b.String())
}

func (v *threadView) view() string {
	if v.archive != nil {
		return v.archive.view(v)
	}
	if v.gone {
		return v.c.styles.Faint.Render("This question was removed by its author.")
	}
	return v.draw(v.c.styles, "Thread"+v.position())
}

// position says which lines of a thread taller than the view are shown,
// and how to move: "  lines 1–20 of 84 · j/k pgup/pgdn g/G".
func (v *threadView) position() string {
	total, h := v.vp.TotalLineCount(), v.vp.Height
	if total <= h {
		return ""
	}
	top := v.vp.YOffset + 1
	pos := fmt.Sprintf("  lines %d–%d of %d", top, min(top+h-1, total), total)
	if v.vp.AtBottom() {
		pos += " (end)"
	}
	return pos + " · j/k pgup/pgdn g/G"
}

func (v *threadView) help() []key.Binding {
	k := v.c.shown
	if v.archive != nil {
		return []key.Binding{k.Back, k.Up, k.Down, k.PageDown}
	}
	if q, ok := v.c.desk.Question(v.id); ok && reopenable(q) {
		return []key.Binding{k.Back, k.Reopen, k.Up, k.Down, k.PageDown}
	}
	return []key.Binding{k.Back, k.Acknowledge, k.Assign, k.Reply, k.Close, k.Dismiss, k.Judge, k.Up, k.Down}
}

func (v *threadView) typing() bool { return false }
