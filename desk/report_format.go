package desk

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"
)

// Minutes formats a duration for the report: "0m", "42m", "3h05m"; "-"
// for a negative one, which the report uses for none.
func Minutes(d time.Duration) string {
	if d < 0 {
		return "-"
	}
	m := int(d.Round(time.Minute) / time.Minute)
	if m < 60 {
		return fmt.Sprintf("%dm", m)
	}
	return fmt.Sprintf("%dh%02dm", m/60, m%60)
}

// WriteMarkdown writes the report for people to read: a handover note.
func (r Report) WriteMarkdown(w io.Writer, name func(id string) string) error {
	var b strings.Builder
	f := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	f("# Shift report — %s\n\n", r.Team)
	f("%s to %s\n\n", r.From.Format("Mon 2 Jan 15:04"), r.To.Format("Mon 2 Jan 15:04 MST"))
	f("| questions | in | acknowledged | answered | still open |\n| --- | ---: | ---: | ---: | ---: |\n")
	f("| team | %d | %d | %d | %d |\n\n", r.In, r.Acknowledged, r.Answered, r.Open)
	f("| person | shift | acknowledged | assigned | answered | still open |\n| --- | --- | ---: | ---: | ---: | ---: |\n")
	for _, p := range r.People {
		shift := "off"
		if p.OnShift {
			shift = "on"
		}
		f("| %s | %s | %d | %d | %d | %d |\n", p.Name, shift, p.Acknowledged, p.Assigned, p.Answered, p.Open)
	}
	f("\n## Response times (on duty)\n\n")
	ack, answer := r.Times()
	f("- acknowledge: median %s, p90 %s (target %s)\n", ack[0], ack[1], Minutes(r.AcknowledgeWithin))
	f("- answer: median %s, p90 %s (target %s)\n", answer[0], answer[1], Minutes(r.AnswerWithin))
	f("- SLA breaches: %d acknowledge, %d answer\n", r.AckBreaches, r.AnswerBreaches)
	if r.AutoAcks > 0 {
		f("- off-duty auto-acknowledgements sent: %d\n", r.AutoAcks)
	}
	r.writeResponsesMarkdown(&b)
	f("\n## Urgent (%d)\n\n", len(r.Urgent))
	for _, q := range r.Urgent {
		f("- %s %s — %s: %q (%s)\n", q.Arrived.Format("15:04"), q.Author, q.Reason, oneLineText(q.Text, 80), q.State)
	}
	f("\n## Drafts still waiting (%d)\n\n", len(r.Waiting))
	for _, d := range r.Waiting {
		f("- %s by %s, %s: %q\n", d.Kind, name(d.Author), d.State, oneLineText(d.Text, 80))
	}
	f("\n## Risky drafts approved (%d)\n\n", len(r.Risky))
	for _, d := range r.Risky {
		f("- %s by %s, approved by %s (%s): %q — reason: %s\n", d.Kind, name(d.Author), name(d.ApprovedBy), strings.Join(d.Kinds, ", "), oneLineText(d.Text, 80), d.Reason)
	}
	if len(r.AppealsStillUp) > 0 {
		f("\n## Appeals resolved, post still up (%d)\n\n", len(r.AppealsStillUp))
		for _, a := range r.AppealsStillUp {
			f("- %s appeal %s %s by %s: %q — %s\n", a.Kind, a.Outcome, a.Resolved.Format("Mon 2 Jan 15:04"), name(a.ResolvedBy),
				oneLineText(a.Text, 80), a.StillUpWhy())
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteCSV writes the report for spreadsheets, one figure a row:
// section, name, figure, value.
func (r Report) WriteCSV(w io.Writer, name func(id string) string) error {
	cw := csv.NewWriter(w)
	row := func(cells ...any) {
		s := make([]string, len(cells))
		for i, c := range cells {
			s[i] = fmt.Sprint(c)
		}
		_ = cw.Write(s)
	}
	mins := func(d time.Duration) string { return fmt.Sprintf("%.1f", d.Minutes()) }
	row("section", "name", "figure", "value")
	row("window", r.Team, "from", r.From.Format(time.RFC3339))
	row("window", r.Team, "to", r.To.Format(time.RFC3339))
	row("team", r.Team, "in", r.In)
	row("team", r.Team, "acknowledged", r.Acknowledged)
	row("team", r.Team, "answered", r.Answered)
	row("team", r.Team, "still_open", r.Open)
	for _, p := range r.People {
		row("person", p.Name, "acknowledged", p.Acknowledged)
		row("person", p.Name, "assigned", p.Assigned)
		row("person", p.Name, "answered", p.Answered)
		row("person", p.Name, "still_open", p.Open)
	}
	row("times", r.Team, "ack_median_minutes", mins(r.AckMedian))
	row("times", r.Team, "ack_p90_minutes", mins(r.AckP90))
	row("times", r.Team, "answer_median_minutes", mins(r.AnswerMedian))
	row("times", r.Team, "answer_p90_minutes", mins(r.AnswerP90))
	row("sla", r.Team, "ack_breaches", r.AckBreaches)
	row("sla", r.Team, "answer_breaches", r.AnswerBreaches)
	row("auto_ack", r.Team, "sent", r.AutoAcks)
	r.writeResponsesCSV(row)
	for _, q := range r.Urgent {
		row("urgent", q.Author, q.Arrived.Format(time.RFC3339), q.Reason+": "+oneLineText(q.Text, 200))
	}
	for _, d := range r.Waiting {
		row("waiting", name(d.Author), string(d.State), oneLineText(d.Text, 200))
	}
	for _, d := range r.Risky {
		row("risky_approved", name(d.Author), "approved by "+name(d.ApprovedBy)+" ("+strings.Join(d.Kinds, " ")+")", d.Reason)
	}
	cw.Flush()
	return cw.Error()
}

// Times are the median and p90 times to acknowledge and to answer as the
// report shows them: "-" when nothing was acknowledged (or answered).
func (r Report) Times() (ack, answer [2]string) {
	ack, answer = [2]string{"-", "-"}, [2]string{"-", "-"}
	if r.Acknowledged > 0 {
		ack = [2]string{Minutes(r.AckMedian), Minutes(r.AckP90)}
	}
	if r.Answered > 0 {
		answer = [2]string{Minutes(r.AnswerMedian), Minutes(r.AnswerP90)}
	}
	return ack, answer
}

func oneLineText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
