package app

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds/demo"
	"github.com/dutydesk/dutydesk/internal/config"
)

// demoTeamDesk is a desk of the demo's team on a new store, opened as the
// demo opens it and closed when the test ends.
func demoTeamDesk(t *testing.T) *desk.Desk {
	t.Helper()
	_, people := demo.Team()
	d, closeDesk, err := Open(context.Background(), filepath.Join(t.TempDir(), "demo.db"), config.Default(), demoPeople(people), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(closeDesk)
	return d
}

// A demo stopped straight after it began (before any arrival) has already put
// the team on duty; starting it again must not fail on the same change.
func TestDemoRestartedAtOnceRepeatsNoDutyChange(t *testing.T) {
	ctx := context.Background()
	d := demoTeamDesk(t)
	steps := demo.Shift(time.Now())
	for _, st := range steps {
		if st.Duty != nil {
			actOut(ctx, d, st, "") // the first run
			before := d.LastSeq()
			actOut(ctx, d, st, "") // the restart replays it
			if d.LastSeq() != before || d.Health()["demo"] != "" {
				t.Fatalf("the repeated duty step changed the desk or reported %q", d.Health()["demo"])
			}
			return
		}
	}
	t.Fatal("the demo shift has no duty step")
}

// The demo recorded its scripted moves as "Sgt Morris (you)" (issue 15,
// finding 9): the script's moves are made by the team's other people.
func TestTheDemoNeverActsInTheViewersName(t *testing.T) {
	ctx := context.Background()
	d := demoTeamDesk(t)
	for _, viewer := range []string{"morris", "ellis"} {
		for _, st := range demo.Shift(time.Now()) {
			if st.Duty != nil && st.Duty.Actor == viewer {
				st.Duty.On = !d.Duty().On // a change, whatever the last test left
				actOut(ctx, d, st, viewer)
				if by := d.Duty().ChangedBy; by == viewer || by == "" {
					t.Fatalf("the script's duty change is recorded as %q with %s at the console", by, viewer)
				}
				break
			}
		}
	}
}
