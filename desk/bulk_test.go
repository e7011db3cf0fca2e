package desk

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

func TestABulkHistoryOpensToABoundedDeskThatVerifiesAndSearches(t *testing.T) {
	ctx := context.Background()
	st, err := OpenSQLite(filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// About 1 000 questions, one a minute, each closed two hours after it came.
	last, err := BulkHistory(ctx, st, 6000, start, 60, "ellis")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Verify(ctx, st)
	if err != nil || res.Events < 6000 {
		t.Fatalf("verify: %+v %v", res, err)
	}
	opts := fixtureOptions(time.Now)
	opts.ArchiveAfter, opts.SnapshotEvery = 6*time.Hour, -1
	d, err := Open(ctx, st, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Shutdown()
	// The last sweep, at the last event's hour, archived what closed more
	// than six hours before: what arrived more than eight hours before. The
	// questions that arrived since stay, one a minute up to the last
	// arrival, two hours before the last event (its close).
	sweep := last.Truncate(time.Hour)
	want := int(last.Add(-2*time.Hour).Sub(sweep.Add(-8*time.Hour)).Minutes()) + 1
	if n := len(d.Questions()); n < want-1 || n > want+1 {
		t.Fatalf("%d questions in memory, want the %d that arrived from %s", n, want, sweep.Add(-8*time.Hour))
	}
	if n, all := d.Counts().ByState[StateClosed], int(last.Sub(start).Minutes())-120+1; n < all-2 || n > all+2 {
		t.Fatalf("closed count %d, want all %d, archived or not", n, all)
	}
	qs, err := d.SearchArchive(ctx, "spaniel", 5)
	if err != nil || len(qs) != 5 || qs[0].State != StateClosed || len(qs[0].Replies) != 1 {
		t.Fatalf("search of the archive: %d %+v %v", len(qs), qs, err)
	}
}
