package tui

import (
	"errors"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
)

// Archived matches. A question closed or dismissed longer ago than the
// archive window has left the desk's memory for the store (desk/archive.go).
// The Inbound filter finds it there: the live rows come first, matched as
// the person types, then the store's full-text matches, each row marked
// "archived". Opening one shows its thread read-only, as the store has it.

// errArchived is what a triage key on an archived question says.
var errArchived = errors.New("archived: read-only — it was closed or dismissed before the archive window; its record stays in the store")

// archiveResultMsg carries the store's matches for a needle back to the
// Inbound pane.
type archiveResultMsg struct {
	seq int
	qs  []desk.Question
	err error
}

// archiveSearch is the Inbound pane's archived matches for its filter.
type archiveSearch struct {
	rows []*desk.Question // newest first; none of them live
	seq  int              // the newest search started; older results are dropped
	err  error
}

// searchArchive starts a search of the store for the pane's filter, off
// the keyboard's path; an empty filter clears the archived rows.
func (p *inboundPane) searchArchive() tea.Cmd {
	a := &p.archive
	a.seq++
	a.rows, a.err = nil, nil
	p.list.setLen(len(p.rows))
	if p.filter == "" || p.c.desk == nil {
		return nil
	}
	seq, needle, d, ctx := a.seq, p.filter, p.c.desk, p.c.ctx
	return func() tea.Msg {
		qs, err := d.SearchArchive(ctx, needle, 0)
		return archiveResultMsg{seq: seq, qs: qs, err: err}
	}
}

// takeArchive lists the store's matches after the live ones, unless a
// newer keystroke superseded the search.
func (p *inboundPane) takeArchive(msg archiveResultMsg) tea.Cmd {
	a := &p.archive
	if msg.seq != a.seq {
		return nil
	}
	a.rows, a.err = make([]*desk.Question, len(msg.qs)), msg.err
	for i := range msg.qs {
		a.rows[i] = &msg.qs[i]
	}
	p.list.setLen(len(p.rows) + len(a.rows))
	return nil
}

// rowAt is the question on list row i: a live one, or past them an
// archived one.
func (p *inboundPane) rowAt(i int) (q *desk.Question, archived bool) {
	if i < len(p.rows) {
		return p.shown[p.rows[i]], false
	}
	return p.archive.rows[i-len(p.rows)], true
}

// archivedRow renders an archived match as a live row with its mark.
func (p *inboundPane) archivedRow(q *desk.Question, w, handleW int, selected bool) string {
	marked := *q
	marked.Item.Text = "archived · " + q.Item.Text
	return p.row(&marked, w, handleW, selected)
}

// archivedThread is what the thread view shows of an archived question.
type archivedThread struct {
	q      desk.Question
	items  []feeds.Item
	loaded bool
	err    error
}

// archivedThreadMsg carries an archived question and its thread, read
// from the store.
type archivedThreadMsg struct {
	id    string
	q     desk.Question
	items []feeds.Item
	ok    bool
	err   error
}

// newArchivedThread opens an archived question read-only; its thread is
// read from the store in the background.
func newArchivedThread(c *common, id string) (*threadView, tea.Cmd) {
	v := newThread(c, id)
	v.archive = &archivedThread{}
	return v, func() tea.Msg {
		q, items, ok, err := c.desk.ArchivedThread(c.ctx, id)
		if err == nil && !ok {
			err = errors.New("the store holds no such question")
		}
		return archivedThreadMsg{id: id, q: q, items: items, ok: ok, err: err}
	}
}

func (a *archivedThread) took(msg archivedThreadMsg) {
	a.q, a.items, a.loaded, a.err = msg.q, msg.items, msg.ok, msg.err
}

func (a *archivedThread) thread(string) []feeds.Item { return a.items }

func (a *archivedThread) view(v *threadView) string {
	s := v.c.styles
	title := s.Bold.Render(fit("Thread — archived, read-only", v.w))
	switch {
	case a.err != nil:
		return title + "\n" + s.Faint.Render("Cannot read it from the store: "+a.err.Error())
	case !a.loaded:
		return title + "\n" + s.Faint.Render("reading it from the store…")
	}
	return title + "\n" + v.vp.View()
}
