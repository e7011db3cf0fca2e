package desk

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

// A question closed by mistake comes back to its assignee, and stays back
// when the desk is opened again from the store.
func TestAClosedQuestionReopensToItsAssignee(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	d := openDesk(t, path, Options{})
	ingest(t, d, mention("q1", "@amy@mastodon.social", "Is the A595 still closed near Bothel?"))
	if err := d.Assign(ctx, "morris", "q1", "ellis"); err != nil {
		t.Fatal(err)
	}
	if err := d.Reopen(ctx, "ellis", "q1"); !errors.Is(err, ErrIllegal) {
		t.Fatalf("reopening an open question: %v, want refused as illegal", err)
	}
	if err := d.Close(ctx, "ellis", "q1"); err != nil {
		t.Fatal(err)
	}
	if err := d.Reopen(ctx, "khan", "q1"); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("another officer reopened it: %v", err)
	}
	if err := d.Reopen(ctx, "ellis", "q1"); err != nil {
		t.Fatal(err)
	}
	if q := mustState(t, d, "q1", StateAssigned); q.Assignee != "ellis" {
		t.Fatalf("reopened to %q, want back to ellis", q.Assignee)
	}
	if c := d.Counts(); c.ByState[StateClosed] != 0 || c.ByState[StateAssigned] != 1 {
		t.Fatalf("counts after reopening: %v", c.ByState)
	}
	d2 := openDesk(t, path, Options{})
	if q := mustState(t, d2, "q1", StateAssigned); q.Assignee != "ellis" {
		t.Fatalf("after replay reopened to %q", q.Assignee)
	}
	evs, err := d2.Events(0)
	if err != nil {
		t.Fatal(err)
	}
	if last := evs[len(evs)-1]; last.Type != EvReopened || last.Actor != "ellis" {
		t.Fatalf("last stored event %s by %s, want question.reopened by ellis", last.Type, last.Actor)
	}
}

// A dismissed question, or one whose assignee has gone off shift, returns
// to the queue acknowledged; only a supervisor undoes a dismissal.
func TestADismissedQuestionReopensToTheQueue(t *testing.T) {
	ctx := context.Background()
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{})
	ingest(t, d, mention("q1", "@amy@mastodon.social", "Is the A595 still closed near Bothel?"))
	if err := d.Dismiss(ctx, "morris", "q1"); err != nil {
		t.Fatal(err)
	}
	if err := d.Reopen(ctx, "ellis", "q1"); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("an officer undid a dismissal: %v", err)
	}
	if err := d.Reopen(ctx, "morris", "q1"); err != nil {
		t.Fatal(err)
	}
	if q := mustState(t, d, "q1", StateAcknowledged); q.Assignee != "" {
		t.Fatalf("reopened to %q, want the queue", q.Assignee)
	}
}
