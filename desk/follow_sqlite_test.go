package desk

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestTwoProcessesOnOneSQLiteDeskSeeEachOther is two consoles on one file
// drifting apart: one saves a draft and changes duty; the other, which
// writes nothing itself, shows both within a second.
func TestTwoProcessesOnOneSQLiteDeskSeeEachOther(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	path := filepath.Join(t.TempDir(), "desk.db")
	khan := openDesk(t, path, Options{})
	other := openDesk(t, path, Options{})
	changes, stop := other.Subscribe()
	defer stop()
	followed := make(chan error, 1)
	go func() { followed <- other.Follow(ctx) }()

	start := time.Now()
	id, err := khan.CreateDraft(ctx, "morris", DraftInput{Kind: DraftUpdate, Text: "Road closure on Warwick Rd lifted."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := khan.SetDuty(ctx, "morris", false, ""); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(time.Second)
	for {
		_, seen := other.Draft(id)
		if seen && !other.Duty().On && !other.Duty().At.IsZero() {
			break
		}
		select {
		case <-changes:
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			t.Fatalf("after 1s the other console has the draft: %v, duty %+v", seen, other.Duty())
		}
	}
	t.Logf("seen by the other process after %s", time.Since(start).Round(time.Millisecond))
	cancel()
	if err := <-followed; err != nil {
		t.Errorf("Follow ended with %v", err)
	}
}
