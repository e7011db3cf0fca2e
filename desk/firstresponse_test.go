package desk

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// favouritingPoster is a recordingPoster that also favourites.
type favouritingPoster struct {
	recordingPoster
	favourites []string
}

func (p *favouritingPoster) Favourite(_ context.Context, _, remoteID string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.favourites = append(p.favourites, remoteID)
	return nil
}

func TestTheReportShowsFirstResponseBesideTheAnswer(t *testing.T) {
	ctx := context.Background()
	clock := &fakeClock{now: time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)}
	poster := &favouritingPoster{}
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{Now: clock.Now, Poster: poster,
		Replies: []SavedReply{{Name: "acknowledge", Text: "Thanks {name}, we've seen this. {officer} will get back to you {when}."}}})
	if _, err := d.SetDuty(ctx, "morris", true, "23:59"); err != nil {
		t.Fatal(err)
	}
	start := clock.Now()
	ingest(t, d, mention("q1", "@amy@m.example", "Is the A595 closed?"), mention("q2", "@bob@m.example", "Bike stolen, what now?"),
		mention("q3", "@cat@m.example", "When is the surgery?"))
	step := func(d time.Duration) { clock.now = start.Add(d) }
	step(10 * time.Minute)
	if _, err := d.AcknowledgeWith(ctx, "morris", "q1", AckFavourite, ""); err != nil {
		t.Fatal(err)
	}
	if err := d.Assign(ctx, "morris", "q2", "ellis"); err != nil {
		t.Fatal(err)
	}
	step(30 * time.Minute)
	if _, err := d.AcknowledgeWith(ctx, "ellis", "q2", AckReply, ""); err != nil {
		t.Fatal(err)
	}
	answer := func(who, q, text string) {
		id, err := d.CreateDraft(ctx, who, DraftInput{Kind: DraftReply, ReplyTo: q, Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if err := d.Send(ctx, who, id); err != nil {
			t.Fatal(err)
		}
	}
	step(90 * time.Minute)
	answer("morris", "q3", "Thursday at 18:00 in the library.")
	step(120 * time.Minute)
	answer("ellis", "q2", "Please report it online and you'll get a reference.")
	if len(poster.favourites) != 1 || poster.favourites[0] != "remote-q1" {
		t.Fatalf("favourites %v, want q1 once", poster.favourites)
	}
	if q, _ := d.Question("q2"); !q.Answered.Equal(clock.Now()) {
		t.Fatalf("the acknowledgement reply answered q2 (answered at %v)", q.Answered)
	}

	r, err := d.Report(start, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	first, ans := r.Responses.First, r.Responses.Answer
	if first.N != 3 || first.Median != 30*time.Minute || first.P90 != 90*time.Minute || first.Within < 0.66 || first.Within > 0.67 {
		t.Fatalf("team first response %+v, want 3: median 30m, p90 1h30m, 2 of 3 within the hour", first)
	}
	if ans.N != 2 || ans.Median != 90*time.Minute || ans.P90 != 120*time.Minute || ans.Within != 1 {
		t.Fatalf("team answer %+v, want 2: median 1h30m, p90 2h, all within 24h", ans)
	}
	people := map[string]PersonResponses{}
	for _, p := range r.Responses.People {
		people[p.ID] = p
	}
	if m := people["morris"].First; m.N != 2 || m.Median != 10*time.Minute || m.Within != 0.5 {
		t.Fatalf("Sgt Morris's first responses %+v, want 2: median 10m, half within target", m)
	}
	if e := people["ellis"]; e.First.N != 1 || e.First.Median != 30*time.Minute || e.Answer.N != 1 || e.Answer.Median != 120*time.Minute {
		t.Fatalf("PC Ellis %+v, want one first response at 30m and one answer at 2h", e)
	}
	var md strings.Builder
	if err := r.WriteMarkdown(&md, func(id string) string { return id }); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "| team | median 30m · p90 1h30m · 67% within target (3) | median 1h30m · p90 2h00m · 100% within target (2) |") {
		t.Fatalf("markdown report lacks the team's first-response row:\n%s", md.String())
	}
}
