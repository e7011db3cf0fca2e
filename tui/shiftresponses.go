package tui

import (
	"fmt"

	"github.com/dutydesk/dutydesk/desk"
)

// responses lays out the Shift view's first-response table: for the team and
// each person who responded, how long the public waited to see it was heard
// (first favourite, acknowledgement reply, auto-reply or answer) beside how
// long it waited for the answer.
func (v *shiftView) responses(line func(format string, a ...any)) {
	s, r := v.c.styles, v.r.Responses
	cell := func(t desk.ResponseTimes) string {
		if t.N == 0 {
			return fmt.Sprintf("%7s %6s %4s %3s", "-", "-", "-", "0")
		}
		return fmt.Sprintf("%7s %6s %3.0f%% %3d", desk.Minutes(t.Median), desk.Minutes(t.P90), 100*t.Within, t.N)
	}
	line("%s", s.Bold.Render(fmt.Sprintf("%-18s %7s %6s %4s %3s   %7s %6s %4s %3s", "Response times", "1st med", "p90", "in", "n", "ans med", "p90", "in", "n")))
	line("%-18s %s   %s", "team", cell(r.First), cell(r.Answer))
	for _, p := range r.People {
		line("%-18s %s   %s", fit(p.Name, 18), cell(p.First), cell(p.Answer))
	}
	line("%s", s.Faint.Render(fmt.Sprintf("1st: arrival to the first favourite, ack reply, auto-reply or answer · in: share within target (ack %s, answer %s)",
		desk.Minutes(v.r.AcknowledgeWithin), desk.Minutes(v.r.AnswerWithin))))
}
