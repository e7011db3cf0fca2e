package desk

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// inboxIDs lists the question IDs the Inbound pane would show.
func inboxIDs(d *Desk) map[string]bool {
	out := map[string]bool{}
	for _, q := range d.Inbox(false) {
		out[q.ID] = true
	}
	return out
}

func TestArchivingAQuestionClosedLongerThanTheWindowLeavesTheDeskButStaysInTheStoreAndTheReport(t *testing.T) {
	ctx := context.Background()
	clock := &fakeClock{now: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)}
	poster := &recordingPoster{}
	opts := shiftOptions(clock, poster)
	path := filepath.Join(t.TempDir(), "desk.db")
	d := openDesk(t, path, opts)
	start := clock.Now()

	ingest(t, d, mention("old", "@amy@m.example", "Is the A595 closed?"), mention("open", "@bob@m.example", "When is the surgery?"),
		mention("recent", "@kev@m.example", "Lost dog near the park"))
	if err := d.Assign(ctx, "morris", "old", "ellis"); err != nil {
		t.Fatal(err)
	}
	reply, err := d.CreateDraft(ctx, "ellis", DraftInput{Kind: DraftReply, ReplyTo: "old", Text: "It reopened at 21:00."})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Send(ctx, "ellis", reply); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(ctx, "ellis", "old"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(2 * 24 * time.Hour)
	if err := d.Dismiss(ctx, "morris", "recent"); err != nil {
		t.Fatal(err)
	}
	before := d.Counts()

	// Six days on nothing has left: the window is seven.
	clock.Advance(4 * 24 * time.Hour)
	ingest(t, d, mention("tick1", "@dan@m.example", "Anyone there?"))
	if got := inboxIDs(d); !got["old"] || !got["recent"] {
		t.Fatalf("inbox after six days %v: a question closed six days ago must still be listed", got)
	}

	// Eight days on, the question closed eight days ago and its posted
	// reply have left; the one dismissed six days ago and the open one stay.
	clock.Advance(2*24*time.Hour + time.Hour)
	ingest(t, d, mention("tick2", "@eve@m.example", "Hello?"))
	got := inboxIDs(d)
	if got["old"] || !got["recent"] || !got["open"] {
		t.Fatalf("inbox after eight days %v: want old archived, recent and open still listed", got)
	}
	if _, ok := d.Question("old"); ok {
		t.Fatal("the archived question is still on the desk")
	}
	if !d.Known("old") {
		t.Fatal("the archived question's item is no longer known: the demo would play it again")
	}
	if _, ok := d.Draft(reply); ok {
		t.Fatal("the posted reply to the archived question is still on the desk")
	}
	// Opened from the archive it reads as it was, reply included.
	q, thread, ok, err := d.ArchivedThread(ctx, "old")
	if err != nil || !ok || q.State != StateClosed || len(thread) != 2 || thread[0].Text != "Is the A595 closed?" ||
		!strings.HasSuffix(thread[1].Text, "It reopened at 21:00.") || thread[1].Author != "PC Ellis" {
		t.Fatalf("archived thread of old: %+v %+v %v %v, want closed with its question and PC Ellis's posted reply", q, thread, ok, err)
	}
	// The counts by state still count it: closed is closed, in memory or not.
	after := d.Counts()
	if after.ByState[StateClosed] != before.ByState[StateClosed] || after.ByState[StateDismissed] != before.ByState[StateDismissed] {
		t.Fatalf("counts after archiving %v, before %v: closed and dismissed must not change", after.ByState, before.ByState)
	}

	// The store still has it: a report over the first day counts it as in
	// and answered.
	r, err := d.Report(start, start.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if r.In != 3 || r.Answered != 1 {
		t.Fatalf("report of the first day: in %d answered %d, want 3 and 1 from the store", r.In, r.Answered)
	}

	// A restart folds the same working set.
	want := dumpDesk(d)
	d.Shutdown()
	again := openDesk(t, path, opts)
	if got := dumpDesk(again); got != want {
		t.Fatalf("after a restart the desk shows\n%s\nbefore it\n%s", got, want)
	}

	// A reply to the archived question's thread starts a new question
	// instead of reopening a week-old one.
	follow := mention("late", "@amy@m.example", "Is it closed again?")
	follow.Item.InReplyTo = "old"
	ingest(t, again, follow)
	if q, ok := again.Question("late"); !ok || q.State != StateNew {
		t.Fatalf("a message in an archived question's thread: %+v %v, want a new question", q, ok)
	}
}

func TestArchivingOffKeepsEveryQuestion(t *testing.T) {
	ctx := context.Background()
	clock := &fakeClock{now: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)}
	opts := fixtureOptions(clock.Now)
	opts.SnapshotEvery, opts.ArchiveAfter = -1, -1
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), opts)
	ingest(t, d, mention("old", "@amy@m.example", "Is the A595 closed?"))
	if err := d.Close(ctx, "morris", "old"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(365 * 24 * time.Hour)
	ingest(t, d, mention("tick", "@dan@m.example", "Anyone there?"))
	if _, ok := d.Question("old"); !ok {
		t.Fatal("with archiving off a closed question left the desk")
	}
}

func TestArchivingKeepsTheBreachCountsOfTheQuestionsStillOpen(t *testing.T) {
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var evs []Event
	add := func(at time.Time, typ EventType, payload any) {
		ev, err := newEvent(typ, "morris", at, payload)
		if err != nil {
			t.Fatal(err)
		}
		ev.Seq = int64(len(evs) + 1)
		evs = append(evs, ev)
	}
	add(start, EvDutyChanged, dutyPayload{On: true})
	// 3 000 questions a minute apart; nine in ten closed a minute after they
	// came, the tenth left waiting: archiving renumbers the SLA index
	// (compactSLA) several times on the way.
	for i := 0; i < 3000; i++ {
		at := start.Add(time.Duration(i) * time.Minute)
		id := fmt.Sprintf("q%d", i)
		add(at, EvItemArrived, itemPayload{Item: itemRecord{ID: id, Kind: feeds.KindMention, Author: "@a", Text: id, Created: at}})
		if i%10 != 0 {
			add(at.Add(time.Minute), EvClosed, questionPayload{Question: id})
		}
	}
	archived := foldEvents(t, newStateArchiving(time.Hour), evs)
	kept := foldEvents(t, newStateArchiving(0), evs)
	if len(archived.queue) >= 400 || len(archived.index.sla.started) >= 1000 {
		t.Fatalf("%d questions and %d SLA clocks kept: archiving left the working set unbounded", len(archived.queue), len(archived.index.sla.started))
	}
	now := start.Add(3000 * time.Minute)
	for _, targets := range [][2]time.Duration{{time.Hour, 24 * time.Hour}, {10 * time.Hour, 20 * time.Hour}, {time.Minute, time.Minute}} {
		got := (&Desk{state: archived}).Breached(now, targets[0], targets[1])
		want := (&Desk{state: kept}).Breached(now, targets[0], targets[1])
		if got != want || want.Total() == 0 {
			t.Fatalf("targets %v: breaches %+v with archiving, %+v without", targets, got, want)
		}
	}
}
