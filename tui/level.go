package tui

import (
	"strings"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/risk"
)

// levelLine is what the thread view says about a question's level: what to
// advise, the reason, who judged it, and whether the sender asked for no
// reply. "" for a routine question nobody judged.
func levelLine(c *common, q desk.Question) string {
	var parts []string
	s := c.styles
	reason := q.UrgencyReason
	if q.LevelBy != "" {
		reason = "judged " + q.Level.String() + " by " + c.name(q.LevelBy)
		if q.LevelWhy != "" {
			reason += ": " + q.LevelWhy
		}
	}
	with := func(head string) string {
		if reason == "" {
			return head
		}
		return head + " — " + reason
	}
	switch q.Level {
	case risk.Urgent:
		parts = append(parts, s.Urgent.Render(with("URGENT: advise 999")))
	case risk.Possible:
		parts = append(parts, s.Possible.Render(with("CHECK NOW: possible emergency")))
	case risk.CrimeReport:
		parts = append(parts, s.Warn.Render(with("Crime report: advise 101 or online")))
	default:
		if q.LevelBy != "" {
			parts = append(parts, s.Faint.Render(with("Routine")))
		}
	}
	if q.NoReply() {
		parts = append(parts, s.Error.Render("The sender "+desk.NoReplyReason+": nothing is sent to them automatically"))
	}
	return strings.Join(parts, "\n")
}
