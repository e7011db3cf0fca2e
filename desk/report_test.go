package desk

import (
	"bytes"
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestReportOfAScriptedShift plays a shift whose figures were worked out by
// hand (below, beside each step), then checks the report against them.
func TestReportOfAScriptedShift(t *testing.T) {
	ctx := context.Background()
	start := time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)
	clock := &fakeClock{now: start}
	at := func(h, m int) {
		t.Helper()
		next := time.Date(2026, 11, 30, h, m, 0, 0, time.UTC)
		clock.Advance(next.Sub(clock.Now()))
	}
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{
		Now: clock.Now, Poster: &recordingPoster{}, Check: plateCheck,
		AcknowledgeWithin: time.Hour, AnswerWithin: time.Hour,
		Urgency: urgentIf("someone may be in danger", "following me"),
	})
	send := func(author, question, text string) {
		t.Helper()
		id, err := d.CreateDraft(ctx, author, DraftInput{Kind: DraftReply, ReplyTo: question, Text: text})
		must(t, err)
		must(t, d.Send(ctx, author, id))
	}

	_, err := d.SetDuty(ctx, "morris", true, "23:00") // 20:00 on duty
	must(t, err)
	ingest(t, d, mention("q1", "@amy", "Is the A595 open?")) // 20:00
	at(20, 10)
	ingest(t, d, mention("q2", "@bob", "Whose car was that?")) // 20:10
	at(20, 20)
	ingest(t, d, mention("q3", "@jdoe", "help a man is following me")) // 20:20, urgent
	at(20, 25)
	must(t, d.Acknowledge(ctx, "morris", "q3")) // q3 acknowledged after 5m, by Morris
	at(20, 30)
	must(t, d.Assign(ctx, "morris", "q1", "ellis")) // q1 acknowledged (by assigning) after 30m, by Morris
	at(20, 40)
	send("ellis", "q1", "Yes, since 19:30.") // q1 answered after 40m, by Ellis
	at(20, 50)
	ingest(t, d, mention("q4", "@kev", "Why no reply?")) // 20:50, never acknowledged
	at(21, 0)
	must(t, d.Assign(ctx, "morris", "q2", "ellis")) // q2 acknowledged after 50m, by Morris
	at(21, 5)
	risky, err := d.CreateDraft(ctx, "ellis", DraftInput{Kind: DraftReply, ReplyTo: "q2", Text: "It was YX61 KLM, now recovered."})
	must(t, err)
	at(21, 10)
	must(t, d.Approve(ctx, "morris", risky, "the owner asked us to say it is found"))
	must(t, d.Send(ctx, "morris", risky)) // q2 answered after 60m; Ellis wrote it
	at(21, 30)
	send("morris", "q3", "Call 999 now.") // q3 answered after 70m, by Morris
	at(21, 40)
	_, err = d.CreateDraft(ctx, "ellis", DraftInput{Kind: DraftUpdate, Text: "Bike marking tomorrow 10:00."}) // left waiting
	must(t, err)
	at(22, 0)
	_, err = d.SetDuty(ctx, "morris", false, "") // 22:00 off duty: the clocks stop
	must(t, err)
	at(22, 30)
	ingest(t, d, mention("q5", "@sue", "Anyone there?")) // 22:30, off duty: its clock never runs
	at(23, 0)

	r, err := d.Report(start, clock.Now())
	must(t, err)

	// In: q1…q5 = 5. Acknowledged in the window: q3, q1, q2 = 3.
	// Answered: q1, q2, q3 = 3. Still open at 23:00: q4 and q5 = 2.
	if r.In != 5 || r.Acknowledged != 3 || r.Answered != 3 || r.Open != 2 {
		t.Errorf("in %d ack %d answered %d open %d, want 5 3 3 2", r.In, r.Acknowledged, r.Answered, r.Open)
	}
	// Times to acknowledge: 5m, 30m, 50m. Nearest rank: median is the
	// ⌈0.5·3⌉ = 2nd = 30m; p90 the ⌈0.9·3⌉ = 3rd = 50m.
	// Times to answer: 40m, 60m, 70m → median 60m, p90 70m.
	if r.AckMedian != 30*time.Minute || r.AckP90 != 50*time.Minute || r.AnswerMedian != 60*time.Minute || r.AnswerP90 != 70*time.Minute {
		t.Errorf("ack median %s p90 %s, answer median %s p90 %s; want 30m 50m 60m 1h10m", r.AckMedian, r.AckP90, r.AnswerMedian, r.AnswerP90)
	}
	// Acknowledge target 1h: q4 waited 20:50–22:00 on duty = 70m > 60m (its
	// clock stopped at 22:00), q5 0m off duty → 1 breach.
	// Answer target 1h: q3 70m > 60m; q4 still open at 70m > 60m; q2 at
	// exactly 60m is within the target → 2 breaches.
	if r.AckBreaches != 1 || r.AnswerBreaches != 2 {
		t.Errorf("breaches: %d acknowledge, %d answer; want 1 and 2", r.AckBreaches, r.AnswerBreaches)
	}
	people := map[string]PersonReport{}
	for _, p := range r.People {
		people[p.ID] = p
	}
	// Morris acknowledged q3, q1 and q2 first (two by assigning them) and
	// answered q3; Ellis was assigned q1 and q2 and wrote both answers.
	if got, want := people["morris"], (PersonReport{ID: "morris", Name: "Sgt Morris", OnShift: true, Acknowledged: 3, Answered: 1}); got != want {
		t.Errorf("morris %+v, want %+v", got, want)
	}
	if got, want := people["ellis"], (PersonReport{ID: "ellis", Name: "PC Ellis", OnShift: true, Assigned: 2, Answered: 2}); got != want {
		t.Errorf("ellis %+v, want %+v", got, want)
	}
	if len(r.Urgent) != 1 || r.Urgent[0].ID != "q3" || r.Urgent[0].Reason != "someone may be in danger" || r.Urgent[0].State != StateAnswered {
		t.Errorf("urgent %+v, want q3, answered", r.Urgent)
	}
	if len(r.Waiting) != 1 || r.Waiting[0].Text != "Bike marking tomorrow 10:00." || r.Waiting[0].State != DraftOK {
		t.Errorf("waiting %+v, want Ellis's unsent update only", r.Waiting)
	}
	if len(r.Risky) != 1 || r.Risky[0].ApprovedBy != "morris" || r.Risky[0].Reason != "the owner asked us to say it is found" || !reflect.DeepEqual(r.Risky[0].Kinds, []string{"plate"}) {
		t.Errorf("risky %+v, want the plate reply approved by morris with his reason", r.Risky)
	}
	// Hours 20:00, 21:00, 22:00: q1–q4 arrived in the first (acknowledged
	// after 30m, 50m, 5m → median 30m), none in the second, q5 in the third.
	var in []int
	for _, h := range r.Hours {
		in = append(in, h.In)
	}
	if !reflect.DeepEqual(in, []int{4, 0, 1}) || r.Hours[0].AckMedian != 30*time.Minute {
		t.Errorf("hours %+v, want 4 0 1 arrivals and a 30m median in the first", r.Hours)
	}

	// The same report, written for people and for spreadsheets.
	var md, csv bytes.Buffer
	name := func(id string) string { p, _ := d.Person(id); return p.Name }
	must(t, r.WriteMarkdown(&md, name))
	must(t, r.WriteCSV(&csv, name))
	for _, want := range []string{"| team | 5 | 3 | 3 | 2 |", "| PC Ellis | on | 0 | 2 | 2 | 0 |", "acknowledge: median 30m, p90 50m", "SLA breaches: 1 acknowledge, 2 answer", "reason: the owner asked us to say it is found"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
	for _, want := range []string{"team,,in,5", "person,PC Ellis,answered,2", "times,", "ack_median_minutes,30.0", "sla,", "answer_breaches,2"} {
		if !strings.Contains(csv.String(), want) {
			t.Errorf("csv lacks %q:\n%s", want, csv.String())
		}
	}
}
