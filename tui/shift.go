package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
)

// shiftView is the Shift view: the handover report of the shift so far
// (since the team last went on duty), as `dutydesk report` prints it, with
// sparklines of inbound volume and acknowledgement times per hour. The
// desk computes the report from its events; the view only lays it out.
type shiftView struct {
	c       *common
	r       desk.Report
	built   time.Time // when r was computed
	pending bool      // a newer report is being computed
	pager
}

// shiftRefresh is how often an open Shift view is recomputed while the desk
// changes: the report replays the store, so not on every change.
const shiftRefresh = 5 * time.Second

// shiftReportMsg carries a recomputed report to the open Shift view.
type shiftReportMsg struct{ r desk.Report }

// shiftReport computes the report of the shift so far: since the team last
// went on duty, or the last eight hours.
func shiftReport(c *common) (desk.Report, error) {
	to := c.now()
	from := c.desk.ShiftStart()
	if from.IsZero() || !from.Before(to) {
		from = to.Add(-8 * time.Hour)
	}
	r, err := c.desk.Report(from, to)
	if err != nil {
		return r, fmt.Errorf("shift report: %w", err)
	}
	return r, nil
}

// openShift builds the report off the UI's goroutine (it replays the
// store) and opens the view; ok is shown in the status bar with it.
func (c *common) openShift(ok string) tea.Cmd {
	return func() tea.Msg {
		r, err := shiftReport(c)
		if err != nil {
			return resultMsg{err: err}
		}
		return openMsg{o: &shiftView{c: c, r: r, built: time.Now(), pager: pager{vp: viewport.New(0, 0)}}, ok: ok}
	}
}

// keepFresh recomputes the open report after desk changes, at most every
// shiftRefresh, off the UI's goroutine.
func (v *shiftView) keepFresh() tea.Cmd {
	if v.pending || time.Since(v.built) < shiftRefresh {
		return nil
	}
	v.pending = true
	c := v.c
	return func() tea.Msg {
		r, err := shiftReport(c)
		if err != nil {
			return resultMsg{err: err}
		}
		return shiftReportMsg{r: r}
	}
}

func (v *shiftView) update(msg tea.Msg) (overlay, tea.Cmd) {
	k := v.c.keys
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if key.Matches(msg, k.Back, k.Report, k.Quit) {
			return nil, nil
		}
	case deskChangedMsg:
		return v, v.keepFresh()
	case shiftReportMsg:
		v.r, v.built, v.pending = msg.r, time.Now(), false
		v.build()
		return v, nil
	}
	return v, v.scroll(msg)
}

func (v *shiftView) setSize(w, h int) { v.resize(w, h, v.build) }

func (v *shiftView) view() string { return v.draw(v.c.styles, "Shift report — "+v.r.Team) }

// build lays out the report for the viewport: on opening, on resize and
// when a recomputed report arrives.
func (v *shiftView) build() {
	c, w := v.c, v.w
	s := c.styles
	r := v.r
	loc := c.now().Location()
	var b strings.Builder
	line := func(format string, a ...any) { b.WriteString(fit(fmt.Sprintf(format, a...), w) + "\n") }
	label := func(l string) string { return s.Bold.Render(fmt.Sprintf("%-13s", l)) }

	line("%s", s.Faint.Render(fmt.Sprintf("%s to %s · %s · targets: acknowledge %s, answer %s (on duty)",
		r.From.In(loc).Format("Mon 15:04"), r.To.In(loc).Format("Mon 15:04"), desk.Minutes(r.To.Sub(r.From)),
		desk.Minutes(r.AcknowledgeWithin), desk.Minutes(r.AnswerWithin))))
	line("")
	line("%s in %d · acknowledged %d · answered %d · still open %d", label("Questions"), r.In, r.Acknowledged, r.Answered, r.Open)
	ack, answer := r.Times()
	line("%s acknowledge median %s · p90 %s   answer median %s · p90 %s", label("Response"), ack[0], ack[1], answer[0], answer[1])
	breaches := fmt.Sprintf("%d acknowledge · %d answer", r.AckBreaches, r.AnswerBreaches)
	if r.AckBreaches+r.AnswerBreaches > 0 {
		breaches = s.Breach.Render(breaches)
	}
	line("%s %s", label("SLA breaches"), breaches)
	if r.AutoAcks > 0 {
		line("%s %d sent while off duty", label("Auto-replies"), r.AutoAcks)
	}
	line("")
	in, acks := make([]float64, len(r.Hours)), make([]float64, len(r.Hours))
	peakIn, peakAck := 0, time.Duration(0)
	for i, hr := range r.Hours {
		in[i], acks[i] = float64(hr.In), hr.AckMedian.Minutes()
		peakIn, peakAck = max(peakIn, hr.In), max(peakAck, hr.AckMedian)
	}
	if len(r.Hours) > 0 {
		line("%s %s  %s", label("Inbound/hour"), sparkline(in), s.Faint.Render(fmt.Sprintf("peak %d · from %s, one bar an hour", peakIn, r.Hours[0].Start.In(loc).Format("15:04"))))
		line("%s %s  %s", label("Ack time/hour"), sparkline(acks), s.Faint.Render("peak "+desk.Minutes(peakAck)+" (median per hour of arrival)"))
		line("")
	}
	line("%s", s.Bold.Render(fmt.Sprintf("%-18s %-5s %5s %5s %5s %5s", "Person", "shift", "ack", "asg", "ans", "open")))
	for _, p := range r.People {
		shift := "off"
		if p.OnShift {
			shift = "on"
		}
		row := fmt.Sprintf("%-18s %-5s %5d %5d %5d %5d", fit(p.Name, 18), shift, p.Acknowledged, p.Assigned, p.Answered, p.Open)
		if !p.OnShift && p.Open == 0 && p.Acknowledged+p.Answered+p.Assigned == 0 {
			row = s.Faint.Render(row)
		}
		line("%s", row)
	}
	line("")
	v.responses(line)
	line("")
	line("%s", s.Bold.Render(fmt.Sprintf("Urgent (%d)", len(r.Urgent))))
	for _, q := range r.Urgent {
		line("  %s %s %s — %s · %s", s.Urgent.Render("‼"), q.Arrived.In(loc).Format("15:04"), q.Author, q.Reason, q.State)
	}
	line("%s", s.Bold.Render(fmt.Sprintf("Drafts still waiting (%d)", len(r.Waiting))))
	for _, d := range r.Waiting {
		line("  %s by %s · %s: %q", d.Kind, c.name(d.Author), d.State, oneLine(d.Text))
	}
	line("%s", s.Bold.Render(fmt.Sprintf("Risky drafts approved (%d)", len(r.Risky))))
	for _, d := range r.Risky {
		line("  %s by %s, approved by %s (%s): %s", d.Kind, c.name(d.Author), c.name(d.ApprovedBy), strings.Join(d.Kinds, ", "), d.Reason)
	}
	if len(r.AppealsStillUp) > 0 {
		line("%s", s.Breach.Render(fmt.Sprintf("Appeals resolved, post still up (%d)", len(r.AppealsStillUp))))
		for _, a := range r.AppealsStillUp {
			line("  %s appeal %s %s by %s: %q — %s", a.Kind, a.Outcome, a.Resolved.In(loc).Format("Mon 15:04"), c.name(a.ResolvedBy), oneLine(a.Text), a.StillUpWhy())
		}
	}
	v.vp.SetContent(strings.TrimRight(b.String(), "\n"))
}

func (v *shiftView) help() []key.Binding {
	k := v.c.shown
	return []key.Binding{k.Back, k.Up, k.Down}
}

func (v *shiftView) typing() bool { return false }
