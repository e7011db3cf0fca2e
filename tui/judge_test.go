package tui

import (
	"context"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/risk"
)

func ingestPossible(t *testing.T, d *desk.Desk) {
	t.Helper()
	if err := d.Ingest(context.Background(), []feeds.Event{{Type: feeds.EventUpsert, Item: feeds.Item{
		ID: "n1", Kind: feeds.KindMention, Author: "@nan", Text: "my nan fell earlier and now she isn't answering the door",
		Created: shiftStart.Add(30 * time.Minute), Visibility: feeds.VisibilityPublic,
	}}}); err != nil {
		t.Fatal(err)
	}
}

// A possible emergency shows amber "check now" directly under the urgent
// one, and one key, then u, marks it urgent: stored with who and why.
func TestPossibleShowsCheckNowAndOneKeyMarksItUrgent(t *testing.T) {
	d := testDesk(t)
	ingestPossible(t, d)
	tm := newTestModel(t, d, "ellis", 160, 48)
	waitFor(t, tm, "CHECK NOW")
	if rows := d.Inbox(false); rows[0].ID != "q7" || rows[1].ID != "n1" {
		t.Fatalf("inbox starts %s, %s: want the urgent q7, then the possible n1", rows[0].ID, rows[1].ID)
	}
	keys(tm, "j!") // the second row: the possible one
	waitFor(t, tm, "Judge the level of the message from @nan")
	keys(tm, "u")
	waitFor(t, tm, "Marking it urgent")
	keys(tm, "fell and silent")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(t, tm, "marked urgent")
	q, _ := d.Question("n1")
	if q.Level != risk.Urgent || q.LevelBy != "ellis" || q.LevelWhy != "fell and silent" {
		t.Fatalf("after judging: %s by %q (%q), want urgent by ellis with the reason", q.Level, q.LevelBy, q.LevelWhy)
	}
	finalView(t, tm)
}

// Lowering a level takes a supervisor, and a reason.
func TestLoweringALevelNeedsASupervisorAndAReason(t *testing.T) {
	d := testDesk(t)
	ingestPossible(t, d)
	officer := newTestModel(t, d, "ellis", 160, 48)
	waitFor(t, officer, "CHECK NOW")
	keys(officer, "j!o")
	waitFor(t, officer, "only a supervisor can lower")
	finalView(t, officer)

	sgt := newTestModel(t, d, "morris", 160, 48)
	waitFor(t, sgt, "CHECK NOW")
	keys(sgt, "j!o")
	waitFor(t, sgt, "Lowering a level needs a reason")
	sgt.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(t, sgt, "a reason is needed")
	if q, _ := d.Question("n1"); q.Level != risk.Possible {
		t.Fatalf("lowered to %s without a reason", q.Level)
	}
	keys(sgt, "she answered, all fine")
	sgt.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(t, sgt, "marked routine")
	if q, _ := d.Question("n1"); q.Level != risk.Routine || q.LevelBy != "morris" {
		t.Fatalf("after the sergeant's judgement: %s by %q", q.Level, q.LevelBy)
	}
	finalView(t, sgt)
}

// Pressing r on a message whose sender asked not to be replied to asks
// first; any key but y leaves the question unclaimed.
func TestReplyToASenderWhoAskedForNoneAsksFirst(t *testing.T) {
	d := testDesk(t)
	if err := d.Ingest(context.Background(), []feeds.Event{{Type: feeds.EventUpsert, Item: feeds.Item{
		ID: "n2", Kind: feeds.KindDirect, Author: "@v", Text: "don't reply he reads my phone, he isn't answering to anyone",
		Created: shiftStart.Add(40 * time.Minute), Visibility: feeds.VisibilityDirect,
	}}}); err != nil {
		t.Fatal(err)
	}
	if q, _ := d.Question("n2"); !q.NoReply() {
		t.Fatal("the test desk's classifier did not mark the sender's request")
	}
	tm := newTestModel(t, d, "morris", 160, 48)
	waitFor(t, tm, "asked not to be replied to")
	keys(tm, "j") // the possible n2 sorts under the urgent q7
	keys(tm, "r")
	waitFor(t, tm, "Write one anyway?")
	keys(tm, "n")
	waitFor(t, tm, "cancelled")
	if q, _ := d.Question("n2"); q.ClaimedBy != "" {
		t.Fatalf("claimed by %q after saying no", q.ClaimedBy)
	}
	finalView(t, tm)
}
