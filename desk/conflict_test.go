package desk

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/internal/pgtest"
)

// Two consoles on one desk, each in its own process: two desks on one
// store, neither following the other, so that each decides against what it
// saw last — the widest "at the same moment" there is.
type twoDesks func(t *testing.T) (a, b *Desk)

func sqliteTwoDesks(t *testing.T) (a, b *Desk) {
	path := filepath.Join(t.TempDir(), "desk.db")
	return openDesk(t, path, Options{}), openDesk(t, path, Options{})
}

func postgresTwoDesks(t *testing.T) (a, b *Desk) {
	u := pgtest.DB(t)
	return openPGHost(t, u, 0, false).desk, openPGHost(t, u, 0, false).desk
}

func TestChangesToDifferentQuestionsAtOnceBothSaveOnSQLite(t *testing.T) {
	testChangesToDifferentQuestionsBothSave(t, sqliteTwoDesks)
}

func TestChangesToDifferentQuestionsAtOnceBothSaveOnPostgres(t *testing.T) {
	testChangesToDifferentQuestionsBothSave(t, postgresTwoDesks)
}

func TestAChangeToTheSameQuestionHasOneWinnerWhoIsNamedOnSQLite(t *testing.T) {
	testSameQuestionOneWinner(t, sqliteTwoDesks)
}

func TestAChangeToTheSameQuestionHasOneWinnerWhoIsNamedOnPostgres(t *testing.T) {
	testSameQuestionOneWinner(t, postgresTwoDesks)
}

// testChangesToDifferentQuestionsBothSave: a sergeant on one console
// acknowledges one question while, on another, a second assigns another.
// The desk "changed meanwhile", but not the question the second one
// changed: both changes are saved. (It was refused: "the desk changed
// meanwhile … retry".)
func testChangesToDifferentQuestionsBothSave(t *testing.T, open twoDesks) {
	ctx := context.Background()
	a, b := open(t)
	if err := a.Ingest(ctx, []feeds.Event{mention("q1", "@amy", "Is the A595 closed?"), mention("q2", "@bob", "When is the surgery?")}); err != nil {
		t.Fatal(err)
	}
	if err := b.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.Acknowledge(ctx, "morris", "q1"); err != nil {
		t.Fatal(err)
	}
	// b has not seen the acknowledgement: its assignment conflicts in the
	// store, and is about another question.
	if err := b.Assign(ctx, "morris", "q2", "ellis"); err != nil {
		t.Fatalf("assigning q2 while another console acknowledged q1: %v", err)
	}
	if _, err := b.CreateDraft(ctx, "morris", DraftInput{Kind: DraftUpdate, Text: "Road closed on Warwick Rd."}); err != nil {
		t.Fatal(err)
	}
	if err := a.Dismiss(ctx, "morris", "q2"); err == nil || !strings.Contains(err.Error(), "Sgt Morris assigned this question to PC Ellis") {
		// a had not seen the assignment: the question it dismisses changed.
		t.Fatalf("dismissing q2 that the other console assigned meanwhile: %v", err)
	}

	// And truly at once, many times: each console changes its own question.
	const rounds = 6
	questionsOnBoth(t, a, b, 2*rounds)
	for i := 0; i < rounds; i++ {
		errs := atOnce(
			func() error { return a.Acknowledge(ctx, "morris", fmt.Sprintf("r%d", 2*i)) },
			func() error { return b.Assign(ctx, "morris", fmt.Sprintf("r%d", 2*i+1), "ellis") })
		for j, err := range errs {
			if err != nil {
				t.Fatalf("round %d, console %d: %v", i, j, err)
			}
		}
	}
	for _, d := range []*Desk{a, b} {
		if err := d.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		mustState(t, d, "q1", StateAcknowledged)
		if q := mustState(t, d, "q2", StateAssigned); q.Assignee != "ellis" {
			t.Errorf("q2 assigned to %q", q.Assignee)
		}
		for i := 0; i < rounds; i++ {
			mustState(t, d, fmt.Sprintf("r%d", 2*i), StateAcknowledged)
			mustState(t, d, fmt.Sprintf("r%d", 2*i+1), StateAssigned)
		}
	}
}

// testSameQuestionOneWinner: two supervisors assign one question to two
// people at the same moment. One wins; the other is told it was not saved,
// who changed the question and how — not a silent re-assignment over the
// winner's. The same holds for a draft.
func testSameQuestionOneWinner(t *testing.T, open twoDesks) {
	ctx := context.Background()
	a, b := open(t)
	if err := a.Ingest(ctx, []feeds.Event{mention("q1", "@amy", "Is the A595 closed?")}); err != nil {
		t.Fatal(err)
	}
	id, err := a.CreateDraft(ctx, "ellis", DraftInput{Kind: DraftUpdate, Text: "Road closed on Warwick Rd."})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.Assign(ctx, "morris", "q1", "ellis"); err != nil {
		t.Fatal(err)
	}
	err = b.Assign(ctx, "morris", "q1", "morris")
	var conflict *ConflictError
	if !errors.As(err, &conflict) || !errors.Is(err, ErrConflict) {
		t.Fatalf("the second assignment of one question: %v, want it refused as a conflict", err)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "not saved — Sgt Morris assigned this question to PC Ellis meanwhile") {
		t.Errorf("the loser is told %q: want what was not saved, who changed the question and how", msg)
	}
	if q := mustState(t, b, "q1", StateAssigned); q.Assignee != "ellis" {
		t.Errorf("the loser's desk shows the question assigned to %q, want the winner's PC Ellis", q.Assignee)
	}

	if err := a.EditDraft(ctx, "ellis", id, "Warwick Rd is closed until 22:00."); err != nil {
		t.Fatal(err)
	}
	err = b.Approve(ctx, "morris", id, "")
	if !errors.As(err, &conflict) || !strings.Contains(err.Error(), "PC Ellis edited this draft") {
		t.Fatalf("approving a draft its author edited meanwhile: %v, want it refused saying so", err)
	}
	if dr, _ := b.Draft(id); dr.State != DraftOK || dr.Text != "Warwick Rd is closed until 22:00." {
		t.Errorf("the loser's desk shows the draft %+v", dr)
	}

	// Truly at once: of two changes to one question exactly one is saved.
	const rounds = 6
	questionsOnBoth(t, a, b, rounds)
	for i := 0; i < rounds; i++ {
		q := fmt.Sprintf("r%d", i)
		errs := atOnce(
			func() error { return a.Assign(ctx, "morris", q, "ellis") },
			func() error { return b.Assign(ctx, "morris", q, "morris") })
		wins := 0
		for _, err := range errs {
			switch {
			case err == nil:
				wins++
			case errors.As(err, &conflict) && strings.Contains(err.Error(), "assigned this question to"):
			default:
				t.Fatalf("%s: %v", q, err)
			}
		}
		if wins != 1 {
			t.Fatalf("%s: %d of two assignments at once were saved (%v)", q, wins, errs)
		}
	}
}

// questionsOnBoth puts n questions from @amy, r0, r1…, on a and catches b
// up with them: the ground for two consoles' changes made truly at once.
func questionsOnBoth(t *testing.T, a, b *Desk, n int) {
	t.Helper()
	ctx := context.Background()
	var batch []feeds.Event
	for i := 0; i < n; i++ {
		batch = append(batch, mention(fmt.Sprintf("r%d", i), "@amy", fmt.Sprintf("question %d", i)))
	}
	if err := a.Ingest(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if err := b.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
}

// atOnce runs fs together and returns their errors.
func atOnce(fs ...func() error) []error {
	errs := make([]error, len(fs))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, f := range fs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = f()
		}()
	}
	close(start)
	wg.Wait()
	return errs
}
