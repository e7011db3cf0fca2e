package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds/demo"
	"github.com/dutydesk/dutydesk/internal/config"
)

func TestSurgeRateAcceptsPerSecond(t *testing.T) {
	for in, want := range map[string]float64{"2000": 2000, "2000/s": 2000, " 50/s ": 50, "0.5/s": 0.5} {
		var r surgeRate
		if err := r.Set(in); err != nil || float64(r) != want {
			t.Errorf("--surge %q = %v, %v; want %v", in, float64(r), err, want)
		}
	}
	for _, bad := range []string{"fast", "-3/s", "10/m"} {
		var r surgeRate
		if err := r.Set(bad); err == nil {
			t.Errorf("--surge %q accepted", bad)
		}
	}
}

// A demo stopped straight after it began (before any arrival) has already put
// the team on duty; starting it again must not fail on the same change.
func TestDemoRestartedAtOnceRepeatsNoDutyChange(t *testing.T) {
	ctx := context.Background()
	_, people := demo.Team()
	d, closeDesk, err := openDesk(ctx, filepath.Join(t.TempDir(), "demo.db"), config.Default(), demoPeople(people), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDesk()
	steps := demo.Shift(time.Now())
	for _, st := range steps {
		if st.Duty != nil {
			actOut(ctx, d, st) // the first run
			before := d.LastSeq()
			actOut(ctx, d, st) // the restart replays it
			if d.LastSeq() != before || d.Health()["demo"] != "" {
				t.Fatalf("the repeated duty step changed the desk or reported %q", d.Health()["demo"])
			}
			return
		}
	}
	t.Fatal("the demo shift has no duty step")
}
