package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/risk"
)

// inboundPane lists every question, urgent ones first.
type inboundPane struct {
	c           *common
	all         []*desk.Question // the newest snapshots in the pane's order; the desk never changes them
	shown       []*desk.Question // the snapshot rows index into: all, or an older one while a scan runs
	rows        []int            // indexes into shown that pass the filter
	list        list
	filter      string
	oldestFirst bool
	gen         int // bumped when all is replaced
	search      search
	archive     archiveSearch // the store's matches for the filter (archived.go)
	allRows     []int         // the unfiltered rows; never shared with the search levels
	w, h        int
}

func (p *inboundPane) name() string       { return "Inbound" }
func (p *inboundPane) filterText() string { return p.filter }
func (p *inboundPane) setSize(w, h int)   { p.w, p.h = w, h; p.list.setHeight(h - 2) }
func (p *inboundPane) help() []key.Binding {
	if q, ok := p.selected(); ok && reopenable(q) {
		return p.c.shown.finishedHelp()
	}
	return p.c.shown.inboundHelp()
}

func (p *inboundPane) setFilter(f string) tea.Cmd {
	if f == p.filter {
		return p.applyFilter(true)
	}
	p.filter = f
	return tea.Batch(p.applyFilter(true), p.searchArchive())
}

func (p *inboundPane) update(msg tea.KeyMsg) (overlay, tea.Cmd) {
	k := p.c.keys
	if p.list.update(msg, k) {
		return nil, nil
	}
	if p.list.n > 0 && p.list.cursor >= len(p.rows) && p.list.cursor < len(p.rows)+len(p.archive.rows) {
		q, _ := p.rowAt(p.list.cursor)
		switch {
		case key.Matches(msg, k.Open):
			return newArchivedThread(p.c, q.ID)
		case key.Matches(msg, k.Acknowledge, k.Assign, k.Reply, k.TakeOver, k.Close, k.Reopen, k.Dismiss, k.Judge):
			return nil, refuse(errArchived)
		}
		return nil, nil
	}
	q, ok := p.selected()
	if !ok {
		return nil, nil
	}
	switch {
	case key.Matches(msg, k.Open):
		return newThread(p.c, q.ID), nil
	case key.Matches(msg, k.Sort):
		p.oldestFirst = !p.oldestFirst
		return nil, p.refresh()
	}
	return p.c.questionAction(msg, q.ID)
}

// refresh takes in the desk's questions; a command it returns finishes a
// filter scan too big for the keyboard's path.
func (p *inboundPane) refresh() tea.Cmd {
	selected, _ := p.selected()
	atTop := p.list.cursor == 0
	p.all = p.c.desk.TeamInbox(p.c.teamFilter(), p.oldestFirst)
	p.gen++
	scan := p.applyFilter(false)
	// At the top the view follows new arrivals (urgent ones sort there);
	// once the person has moved, the selection stays on its question.
	if selected.ID != "" && !atTop {
		for i, r := range p.rows {
			if p.shown[r].ID == selected.ID {
				p.list.moveTo(i)
				break
			}
		}
	}
	return scan
}

// matches reports whether any field contains the lower-case needle.
func matches(needle string, fields ...string) bool {
	for _, f := range fields {
		if strings.Contains(strings.ToLower(f), needle) {
			return true
		}
	}
	return false
}

func (p *inboundPane) selected() (desk.Question, bool) {
	if p.list.n == 0 || p.list.cursor >= len(p.rows) {
		return desk.Question{}, false
	}
	return *p.shown[p.rows[p.list.cursor]], true
}

func (p *inboundPane) title() string {
	counts := p.c.counts
	t := "1 Inbound "
	if p.filter != "" {
		if p.search.pending {
			t += fmt.Sprintf(" /%s (filtering…) ·", p.filter)
		} else if n := len(p.archive.rows); n > 0 {
			t += fmt.Sprintf(" /%s (%d + %d archived) ·", p.filter, len(p.rows), n)
		} else {
			t += fmt.Sprintf(" /%s (%d) ·", p.filter, len(p.rows))
		}
	}
	if p.oldestFirst {
		t += " oldest first ·"
	}
	t += fmt.Sprintf(" %d new · %d ack · %d assigned", counts.ByState[desk.StateNew], counts.ByState[desk.StateAcknowledged], counts.ByState[desk.StateAssigned])
	if !counts.OldestUnacknowledged.IsZero() {
		t += " · oldest unacked " + p.c.dutyAge(p.c.now(), counts.OldestUnacknowledged)
	}
	return t
}

func (p *inboundPane) view(focused bool) string {
	w, h := p.w, p.h
	start, end := p.list.visible()
	body := make([]string, 0, end-start)
	handleW := p.handleWidth(start, end)
	for i := start; i < end; i++ {
		q, archived := p.rowAt(i)
		if archived {
			body = append(body, p.archivedRow(q, w-2, handleW, focused && i == p.list.cursor))
			continue
		}
		body = append(body, p.row(q, w-2, handleW, focused && i == p.list.cursor))
	}
	switch {
	case len(body) > 0:
	case p.search.pending:
		body = append(body, p.c.styles.Faint.Render(" filtering…"))
	case p.filter != "":
		body = append(body, p.c.styles.Faint.Render(" no question matches /"+p.filter+" — esc clears the filter"))
	default:
		body = append(body, p.c.styles.Faint.Render(" nothing here yet — questions arrive as they are asked"))
	}
	return frame(p.c, p.title(), body, w, h, focused)
}

// handleWidth is the width of the handle column for the rows in view: 14
// cells, or as wide as the longest handle shown where the pane has room
// (a quarter of it), so that wide terminals show handles whole.
func (p *inboundPane) handleWidth(start, end int) int {
	w := 14
	for i := start; i < end; i++ {
		q, _ := p.rowAt(i)
		w = max(w, ansi.StringWidth(q.Item.Author)+1)
	}
	return min(w, max(14, p.w/4))
}

// row renders one question in exactly w cells:
// "‼ 21:14 @jdoe        ×4 help there's a man…   → PC Ellis  2m new".
func (p *inboundPane) row(q *desk.Question, w, handleW int, selected bool) string {
	s := p.c.styles
	now := p.c.now()
	mark, style := "·", lookClosed
	switch q.State {
	case desk.StateNew:
		mark, style = "●", lookNew
	case desk.StateAcknowledged:
		mark, style = "◐", lookAcknowledged
	case desk.StateAssigned:
		mark, style = "◑", lookAssigned
	case desk.StateAnswered:
		mark, style = "✓", lookAnswered
	case desk.StateDismissed:
		mark = "✗"
	}
	if q.State.Open() {
		switch q.Level {
		case risk.Urgent:
			mark, style = "‼", lookUrgent
		case risk.Possible:
			mark, style = "?", lookPossible
		}
	}
	// Open questions show their SLA clock, which stops while the team is
	// off duty; finished ones how long ago they arrived.
	ageText, clock := age(now, q.Arrived), time.Duration(0)
	if q.State.Open() {
		clock = p.c.desk.DutyTime(q.Arrived, now)
		ageText = age(now, now.Add(-clock))
	}
	r := inboundRow{
		set: s.set, mark: mark, look: style, created: q.Item.Created.In(now.Location()).Format("15:04"),
		author: q.Item.Author, handleW: handleW, count: q.Count, label: levelLabel(q) + dmMark(s, q),
		// The team's own @mention that opens nearly every question says nothing.
		text: feeds.WithoutOwnMentions(q.Item.Text, p.c.desk.TeamHandles()),
		age:  ageText, state: shortState(q.State), w: w, selected: selected, needle: p.filter,
	}
	if q.Assignee != "" && q.State.Open() {
		r.assignee = p.c.name(q.Assignee)
	}
	if q.ClaimedBy != "" {
		r.claimant = p.c.name(q.ClaimedBy)
	}
	if (q.State == desk.StateNew && clock > p.c.ackTarget) || (q.State.Open() && clock > p.c.answerTarget) {
		r.look = lookBreach
	}
	return drawnRows.get(r, func() string { return r.draw(s) })
}

// inboundRow is everything an Inbound row shows: draw is a function of it
// alone, so a row drawn once is reused by every console that shows the
// same question the same way, until something in it changes.
type inboundRow struct {
	set                styleSet
	mark               string
	look               look
	created, author    string
	handleW            int
	text               string
	count              int
	label, age, state  string
	assignee, claimant string // names, "" for none
	w                  int
	selected           bool
	needle             string
}

// drawnRows holds drawn Inbound rows for every console.
var drawnRows = newMemo[inboundRow, string](1 << 12)

// draw renders the row in exactly r.w cells with s, whose set is r.set.
func (r inboundRow) draw(s Styles) string {
	right := fmt.Sprintf(" %4s %-3s", r.age, r.state)
	if r.assignee != "" {
		right = " → " + r.assignee + right
	}
	if r.claimant != "" {
		right = " ✎" + r.claimant + right
	}
	text := oneLine(r.text)
	if r.count > 1 {
		text = fmt.Sprintf("×%d %s", r.count, text)
	}
	text = r.label + text
	w := r.w - 1 // the cursor gutter
	left := fmt.Sprintf("%s %s %s ", r.mark, r.created, fit(r.author, r.handleW))
	middle := w - width(left) - width(right)
	line := left + fit(text, middle) + right
	line = fit(line, w)
	return cursorRow(s, r.selected, line, r.look, r.needle)
}

// dmMark marks a direct message, which only its author and the team see:
// ✉, and the word as well where there is no colour.
func dmMark(s Styles, q *desk.Question) string {
	if q.Item.Kind != feeds.KindDirect && q.Item.Visibility != feeds.VisibilityDirect {
		return ""
	}
	if s.Mono {
		return "✉ DM "
	}
	return "✉ "
}

// reopenable says whether q is closed or dismissed, which R undoes.
func reopenable(q desk.Question) bool {
	return q.State == desk.StateClosed || q.State == desk.StateDismissed
}

func shortState(s desk.QuestionState) string {
	switch s {
	case desk.StateAcknowledged:
		return "ack"
	case desk.StateAssigned:
		return "asg"
	case desk.StateAnswered:
		return "ans"
	case desk.StateClosed:
		return "cls"
	case desk.StateDismissed:
		return "dis"
	}
	return "new"
}

// levelLabel is what a row says before the text of an open question that
// needs a person now, and of one whose sender asked for no reply.
func levelLabel(q *desk.Question) string {
	var label string
	if q.State.Open() {
		switch q.Level {
		case risk.Urgent:
			label = "URGENT — advise 999 · "
		case risk.Possible:
			label = "CHECK NOW — possible emergency · "
		case risk.CrimeReport:
			label = "101/online · "
		}
	}
	if q.NoReply() {
		label += desk.NoReplyReason + " · "
	}
	return label
}

func (p *inboundPane) listAt() (*list, int) { return &p.list, 0 }
