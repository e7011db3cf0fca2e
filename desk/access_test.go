package desk

import (
	"context"
	"path/filepath"
	"testing"
)

func TestAccessEventsAreStoredAndPresenceCounts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	d := openDesk(t, path, Options{})
	if err := d.RecordAccess(ctx, EvAccessRefused, SystemActor, "mallory", "SHA256:abc", "10.0.0.9:5555", "unknown key"); err != nil {
		t.Fatal(err)
	}
	if err := d.RecordAccess(ctx, EvSessionOpened, "morris", "morris", "SHA256:def", "10.0.0.1:4444", ""); err != nil {
		t.Fatal(err)
	}
	if err := d.RecordAccess(ctx, EvDrafted, "morris", "", "", "", ""); err == nil {
		t.Fatal("RecordAccess stored a non-access event")
	}
	evs, err := d.Events(0)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 || evs[0].Type != EvAccessRefused || evs[1].Type != EvSessionOpened {
		t.Fatalf("events = %+v", evs)
	}
	a, err := evs[0].Access()
	if err != nil || a != (AccessRecord{Person: "mallory", Fingerprint: "SHA256:abc", Remote: "10.0.0.9:5555", Reason: "unknown key"}) {
		t.Fatalf("access = %+v, %v", a, err)
	}
	// Access events replay without changing the desk.
	openDesk(t, path, Options{})

	changes, cancel := d.Subscribe()
	defer cancel()
	leaveA := d.Join("ellis")
	leaveB := d.Join("morris")
	leaveC := d.Join("ellis")
	<-changes
	if got := d.Present(); len(got) != 2 || got[0].ID != "morris" || got[1].ID != "ellis" {
		t.Fatalf("present = %+v, want morris, ellis in roster order", got)
	}
	leaveA()
	leaveA() // twice is once
	if got := d.Present(); len(got) != 2 {
		t.Fatalf("ellis still has a console open, present = %+v", got)
	}
	leaveC()
	leaveB()
	if got := d.Present(); len(got) != 0 {
		t.Fatalf("present = %+v, want nobody", got)
	}
}
