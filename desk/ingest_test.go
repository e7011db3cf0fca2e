package desk

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/dutydesk/dutydesk/feeds"
)

// A batch is acknowledged when Ingest returns. Opening the file again while
// the first desk is still open — as after a crash, with nothing closed or
// flushed by hand — must find every acknowledged arrival.
func TestGroupCommitLosesNoAcknowledgedArrival(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.db")
	d := openDesk(t, path, Options{})
	acknowledged := 0
	for batch := 0; batch < 20; batch++ {
		var evs []feeds.Event
		for i := 0; i < 250; i++ {
			n := batch*250 + i
			evs = append(evs, mention(fmt.Sprintf("g%d", n), fmt.Sprintf("@p%d", n), fmt.Sprintf("question %d", n)))
		}
		if err := d.Ingest(context.Background(), evs); err != nil {
			t.Fatal(err)
		}
		acknowledged += len(evs)
	}
	st, err := OpenSQLite(path) // the first store is never closed
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	again, err := Open(context.Background(), st, Options{People: team})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(again.Questions()); got != acknowledged {
		t.Fatalf("after the crash %d questions, %d were acknowledged", got, acknowledged)
	}
}
