package desk

import (
	"context"
	"fmt"
	"math/rand"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/risk"
)

// scanCounts is the plain scan the index replaces.
func scanCounts(qs []Question) Counts {
	c := Counts{ByState: map[QuestionState]int{}, Open: map[string]int{}}
	for _, q := range qs {
		c.ByState[q.State]++
		if q.Urgent() && q.State.Open() {
			c.Urgent++
		}
		if q.Level == risk.Possible && q.State.Open() {
			c.Possible++
		}
		if q.State == StateNew && (c.OldestUnacknowledged.IsZero() || q.Arrived.Before(c.OldestUnacknowledged)) {
			c.OldestUnacknowledged = q.Arrived
		}
		if q.State == StateAssigned {
			c.Open[q.Assignee]++
		}
	}
	return c
}

// scanBreaches counts new questions whose clock, which runs only on duty,
// has passed the target.
func scanBreaches(d *Desk, now time.Time, target time.Duration) int {
	n := 0
	for _, q := range d.Questions() {
		if q.State == StateNew && d.DutyTime(q.Arrived, now) > target {
			n++
		}
	}
	return n
}

func TestIndexMatchesAPlainScan(t *testing.T) {
	ctx := context.Background()
	clock := &fakeClock{now: time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)}
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{Now: clock.Now, Urgency: func(text string) risk.Urgency {
		return risk.Urgency{Level: risk.Level(len(text) % 5 % 4), Reason: "test"}
	}})
	rnd := rand.New(rand.NewSource(7))
	authors := []string{"@a", "@b", "@c", "@d"}
	for step := 0; step < 600; step++ {
		clock.Advance(time.Second)
		ids := []string{}
		for _, q := range d.Questions() {
			ids = append(ids, q.ID)
		}
		pick := func() string {
			if len(ids) == 0 {
				return "none"
			}
			return ids[rnd.Intn(len(ids))]
		}
		switch r := rnd.Intn(10); {
		case r < 4:
			id := fmt.Sprintf("i%d", step)
			text := fmt.Sprintf("question %d", rnd.Intn(30))
			_ = d.Ingest(ctx, []feeds.Event{mention(id, authors[rnd.Intn(len(authors))], text)})
		case r == 4:
			_ = d.Ingest(ctx, []feeds.Event{{Type: feeds.EventDelete, Item: feeds.Item{ID: fmt.Sprintf("i%d", rnd.Intn(step+1))}}})
		case r == 5:
			_ = d.Acknowledge(ctx, "morris", pick())
		case r == 6:
			_ = d.Assign(ctx, "morris", pick(), []string{"morris", "ellis"}[rnd.Intn(2)])
		case r == 7:
			_ = d.Close(ctx, "morris", pick())
		case r == 8:
			_ = d.Dismiss(ctx, "morris", pick())
		case r == 9:
			_ = d.Ingest(ctx, []feeds.Event{{Type: feeds.EventUpsert, Item: feeds.Item{ID: pick(), Kind: feeds.KindMention, Author: "@a", Text: fmt.Sprintf("edited %d", step)}}})
		}
		got, want := d.Counts(), scanCounts(d.Questions())
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("step %d: index %+v, scan %+v", step, got, want)
		}
		target := time.Duration(rnd.Intn(300)) * time.Second
		if got, want := d.Breached(clock.Now(), target, 2*target).Acknowledge, scanBreaches(d, clock.Now(), target); got != want {
			t.Fatalf("step %d: %d breaches of a %s target, a scan finds %d", step, got, target, want)
		}
		if step == 300 {
			if _, err := d.SetDuty(ctx, "morris", false, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Inbox lists every question once, open urgent ones first, then open
	// possible ones, then the rest.
	inbox := d.Inbox(false)
	if len(inbox) != len(d.Questions()) {
		t.Fatalf("inbox has %d, desk %d", len(inbox), len(d.Questions()))
	}
	rank := func(q *Question) int {
		switch {
		case q.Urgent() && q.State.Open():
			return 0
		case q.Level == risk.Possible && q.State.Open():
			return 1
		}
		return 2
	}
	for i := 1; i < len(inbox); i++ {
		if rank(inbox[i]) < rank(inbox[i-1]) {
			t.Fatalf("%s (%s, %s) listed after %s (%s, %s)", inbox[i].ID, inbox[i].Level, inbox[i].State, inbox[i-1].ID, inbox[i-1].Level, inbox[i-1].State)
		}
	}
}

func TestSnapshotsAreNotChangedUnderTheReader(t *testing.T) {
	ctx := context.Background()
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{})
	ingest(t, d, mention("q1", "@amy", "hello"))
	before := d.Inbox(false)[0]
	if err := d.Acknowledge(ctx, "morris", "q1"); err != nil {
		t.Fatal(err)
	}
	if before.State != StateNew {
		t.Fatalf("the snapshot a console held changed to %s", before.State)
	}
	if now := d.Inbox(false)[0]; now.State != StateAcknowledged {
		t.Fatalf("a new snapshot shows %s", now.State)
	}
}
