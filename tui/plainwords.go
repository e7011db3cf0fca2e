package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/risk"
)

// The plain console's words: every state a pane shows with a mark, a
// colour or a column, said in a sentence a screen reader reads as it is
// ("question 2: urgent, advise 999, new, 12 minutes, from @jdoe: …").

// minutesWords says a duration in words: "just now", "1 minute",
// "1 hour 15 minutes", "12 hours", "2 days" — to the minute while that
// still matters.
func minutesWords(d time.Duration) string {
	plural := func(n int, unit string) string {
		if n != 1 {
			unit += "s"
		}
		return fmt.Sprintf("%d %s", n, unit)
	}
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return plural(int(d.Minutes()), "minute")
	case d < 10*time.Hour:
		s := plural(int(d.Hours()), "hour")
		if m := int(d.Minutes()) % 60; m > 0 {
			s += " " + plural(m, "minute")
		}
		return s
	case d < 48*time.Hour:
		return plural(int(d.Hours()), "hour")
	}
	return plural(int(d.Hours()/24), "day")
}

// levelWords is how pressing an open question is, in words; "" for a
// routine one.
func levelWords(q desk.Question) string {
	if !q.State.Open() {
		return ""
	}
	switch q.Level {
	case risk.Urgent:
		return "urgent, advise 999"
	case risk.Possible:
		return "possible emergency, check now"
	case risk.CrimeReport:
		return "crime report, point them to 101 or online reporting"
	}
	return ""
}

// stateWords is a question's state in words, with who holds it:
// "new", "assigned to PC Ellis", "closed".
func (c *common) stateWords(q desk.Question) string {
	s := string(q.State)
	if q.State == desk.StateAssigned && q.Assignee != "" {
		s += " to " + c.name(q.Assignee)
	}
	return s
}

// questionWords says everything a row of Inbound shows about q, numbered n:
// its level, state, age on the SLA clock (and whether it is overdue), how
// often it was sent, who is writing a reply, and who asked what.
func (c *common) questionWords(q desk.Question, n int) string {
	now := c.now()
	parts := []string{}
	if l := levelWords(q); l != "" {
		parts = append(parts, l)
	}
	parts = append(parts, c.stateWords(q))
	if q.State.Open() {
		clock := c.desk.DutyTime(q.Arrived, now)
		parts = append(parts, minutesWords(clock))
		if (q.State == desk.StateNew && clock > c.ackTarget) || clock > c.answerTarget {
			parts = append(parts, "overdue")
		}
	} else {
		parts = append(parts, "arrived "+minutesWords(now.Sub(q.Arrived))+" ago")
	}
	if q.Count > 1 {
		parts = append(parts, fmt.Sprintf("sent %d times", q.Count))
	}
	if q.ClaimedBy != "" {
		parts = append(parts, c.name(q.ClaimedBy)+" is writing a reply")
	}
	if q.NoReply() {
		parts = append(parts, desk.NoReplyReason)
	}
	return fmt.Sprintf("Question %d: %s, from %s: %s", n, strings.Join(parts, ", "), q.Item.Author, oneLine(q.Item.Text))
}

// findingWords says what the risk check found in a draft, for each kind
// once: "names a person", "gives a vehicle registration".
func findingWords(fs []desk.Finding, severity string) string {
	var out []string
	seen := map[string]bool{}
	for _, f := range fs {
		if f.Severity != severity || seen[f.Kind] {
			continue
		}
		seen[f.Kind] = true
		w, ok := findingPhrases[risk.Kind(f.Kind)]
		if !ok {
			w = "has " + strings.ReplaceAll(f.Kind, "_", " ")
		}
		out = append(out, w)
	}
	return strings.Join(out, " and ")
}

// findingPhrases say each kind of finding as what the draft does.
var findingPhrases = map[risk.Kind]string{
	risk.Plate: "gives a vehicle registration", risk.Postcode: "gives a postcode", risk.Address: "gives an address",
	risk.Phone: "gives a phone number", risk.Email: "gives an email address", risk.DOB: "gives a date of birth",
	risk.NINumber: "gives a National Insurance number", risk.NamedPerson: "names a person",
	risk.Child: "identifies a child", risk.Victim: "names a victim or witness", risk.Reference: "gives a reference number",
	risk.Prejudice: "prejudges a suspect", risk.Profanity: "swears", risk.Sarcasm: "is sarcastic",
}

// draftTarget says what a draft is: "reply to @amy", "team post".
func (c *common) draftTarget(d desk.Draft) string {
	switch d.Kind {
	case desk.DraftReply:
		author := d.ReplyAuthor
		if q, ok := c.desk.Question(d.ReplyTo); ok {
			author = q.Item.Author
		}
		if author == "" {
			return "reply"
		}
		return "reply to " + author
	case desk.DraftBroadcast:
		return "duty broadcast"
	case desk.DraftAutoAck:
		return "off-duty acknowledgement"
	case desk.DraftAdvice:
		return "emergency advice"
	}
	return "team post"
}

// draftStateWords says where a draft stands and what it waits for.
func (c *common) draftStateWords(d desk.Draft) string {
	var s string
	switch d.State {
	case desk.DraftFlagged:
		s = "flagged: " + findingWords(d.Findings, desk.SeverityBlock) + ", waiting for a supervisor's approval"
	case desk.DraftOK:
		s = "nothing blocks it, ready to post"
	case desk.DraftApproved:
		s = "approved by " + c.name(d.ApprovedBy) + ", ready to post"
		if d.LastError != "" {
			s = "approved, but posting failed: " + d.LastError
		}
	case desk.DraftPosting:
		s = "posting"
	case desk.DraftPosted:
		s = "posted"
	case desk.DraftRejected:
		s = "rejected"
		if d.Reason != "" {
			s += ": " + d.Reason
		}
	case desk.DraftSuperseded:
		s = "superseded: " + d.Reason
	default:
		s = string(d.State)
	}
	if d.Waiting() && d.Warns() > 0 {
		s += ", with a warning: it " + findingWords(d.Findings, desk.SeverityWarn)
	}
	return s
}

// draftWords says everything a row of Drafts shows about d, numbered n.
func (c *common) draftWords(d desk.Draft, n int) string {
	return fmt.Sprintf("Draft %d by %s, %s, %s: %q", n, c.name(d.Author), c.draftTarget(d), c.draftStateWords(d), oneLine(d.Text))
}

// dutyWords says whether the team is on duty, until when, and who said so.
func (c *common) dutyWords(d desk.Duty) string {
	if !d.On {
		s := "The team is off duty"
		if d.ChangedBy != "" {
			s += ", set by " + c.name(d.ChangedBy)
		}
		return s + "."
	}
	s := "The team is on duty"
	if d.Until != "" {
		s += " until " + d.Until
	}
	if d.ChangedBy != "" {
		s += ", set by " + c.name(d.ChangedBy)
	}
	return s + "."
}

// countsWords says the queue's counts as the status bar shows them.
func (c *common) countsWords() string {
	counts := c.desk.Counts()
	b := c.desk.Breached(c.now(), c.ackTarget, c.answerTarget)
	s := fmt.Sprintf("Questions: %d new, %d acknowledged, %d assigned, %d answered",
		counts.ByState[desk.StateNew], counts.ByState[desk.StateAcknowledged], counts.ByState[desk.StateAssigned], counts.ByState[desk.StateAnswered])
	if counts.Urgent > 0 {
		s += fmt.Sprintf("; %d urgent", counts.Urgent)
	}
	if counts.Possible > 0 {
		s += fmt.Sprintf("; %d to check now", counts.Possible)
	}
	if n := b.Acknowledge + b.Answer; n > 0 {
		s += fmt.Sprintf("; %d overdue", n)
	}
	return s + "."
}

// shiftWords says who is on shift.
func (c *common) shiftWords() string {
	var on []string
	for _, p := range c.desk.People() {
		if p.OnShift {
			on = append(on, p.Name)
		}
	}
	if len(on) == 0 {
		return "Nobody is on shift."
	}
	return "On shift: " + strings.Join(on, ", ") + "."
}

// reportWords says the shift report in sentences, one a line, as the Shift
// view and `dutydesk report` show it in tables.
func (c *common) reportWords(r desk.Report) []string {
	loc := c.now().Location()
	ack, answer := r.Times()
	out := []string{
		fmt.Sprintf("Shift report for %s, from %s to %s.", r.Team, r.From.In(loc).Format("Mon 15:04"), r.To.In(loc).Format("15:04")),
		fmt.Sprintf("%d questions came in; %d were acknowledged and %d answered; %d are still open.", r.In, r.Acknowledged, r.Answered, r.Open),
		fmt.Sprintf("Time to acknowledge: median %s, 90th percentile %s, target %s.", ack[0], ack[1], desk.Minutes(r.AcknowledgeWithin)),
		fmt.Sprintf("Time to answer: median %s, 90th percentile %s, target %s.", answer[0], answer[1], desk.Minutes(r.AnswerWithin)),
		fmt.Sprintf("Overdue: %d to acknowledge, %d to answer.", r.AckBreaches, r.AnswerBreaches),
	}
	for _, p := range r.People {
		out = append(out, fmt.Sprintf("%s, %s shift: %d acknowledged, %d assigned, %d answered, %d still open.", p.Name, onOff(p.OnShift), p.Acknowledged, p.Assigned, p.Answered, p.Open))
	}
	out = append(out, fmt.Sprintf("Urgent questions: %d.", len(r.Urgent)))
	for _, q := range r.Urgent {
		out = append(out, fmt.Sprintf("Urgent at %s from %s, %s, %s: %s", q.Arrived.In(loc).Format("15:04"), q.Author, q.Reason, q.State, oneLine(q.Text)))
	}
	out = append(out, fmt.Sprintf("Drafts still waiting: %d.", len(r.Waiting)))
	for _, d := range r.Waiting {
		out = append(out, fmt.Sprintf("A %s by %s, %s: %q", strings.ReplaceAll(string(d.Kind), "_", " "), c.name(d.Author), d.State, oneLine(d.Text)))
	}
	out = append(out, fmt.Sprintf("Risky drafts approved: %d.", len(r.Risky)))
	for _, d := range r.Risky {
		out = append(out, fmt.Sprintf("A %s by %s, approved by %s despite %s, because %s: %q", strings.ReplaceAll(string(d.Kind), "_", " "), c.name(d.Author), c.name(d.ApprovedBy), strings.Join(d.Kinds, " and "), d.Reason, oneLine(d.Text)))
	}
	return out
}
