package desk

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/internal/pgtest"
)

// Run with, for example:
//
//	eval "$(bash .ci/pg.sh start)"
//	go test -run '^$' -bench 'Store' -benchtime 3s ./desk/

func BenchmarkStoreAppend(b *testing.B) {
	stores := []struct {
		name string
		open func(b *testing.B) Store
	}{
		{"sqlite", func(b *testing.B) Store {
			st, err := OpenSQLite(filepath.Join(b.TempDir(), "desk.db"))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { st.Close() })
			return st
		}},
		{"postgres", func(b *testing.B) Store { return openPG(b, pgtest.DB(b)) }},
	}
	for _, s := range stores {
		for _, size := range []int{1, 100} {
			b.Run(fmt.Sprintf("%s/batch=%d", s.name, size), func(b *testing.B) {
				st := s.open(b)
				ctx := context.Background()
				batch := make([]Event, size)
				for i := range batch {
					batch[i] = Event{Type: EvAssigned, Actor: "morris", At: time.Now().UTC(),
						Payload: json.RawMessage(`{"question":"mention-123456","assignee":"ellis"}`)}
				}
				var last int64
				for b.Loop() {
					stored, err := st.Append(ctx, last, batch)
					if err != nil {
						b.Fatal(err)
					}
					last = stored[len(stored)-1].Seq
				}
				b.ReportMetric(float64(last)/b.Elapsed().Seconds(), "events/s")
			})
		}
	}
}

// BenchmarkStorePropagation measures how long a change made on host A takes
// to be applied on host B, which follows the database (LISTEN/NOTIFY, then
// CatchUp): end to end from the start of A's command, and from the moment
// A's command returned (the event is committed).
func BenchmarkStorePropagation(b *testing.B) {
	u := pgtest.DB(b)
	ctx := context.Background()
	a := openPGHost(b, u, 0, false)
	h := openPGHost(b, u, 0, true)
	changes, cancel := h.desk.Subscribe()
	defer cancel()
	var e2e, prop []time.Duration
	on := false
	for b.Loop() {
		on = !on
		t0 := time.Now()
		if err := a.desk.SetShift(ctx, "morris", "khan", on); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		want := a.desk.LastSeq()
		for h.desk.LastSeq() < want {
			select {
			case <-changes:
			case <-time.After(5 * time.Second):
				b.Fatalf("host B did not see seq %d within 5s", want)
			}
		}
		t2 := time.Now()
		e2e, prop = append(e2e, t2.Sub(t0)), append(prop, t2.Sub(t1))
	}
	report := func(ds []time.Duration, name string) {
		slices.Sort(ds)
		at := func(p float64) float64 {
			return float64(ds[int(p*float64(len(ds)-1))].Microseconds()) / 1000
		}
		b.ReportMetric(at(0.50), name+"-p50-ms")
		b.ReportMetric(at(0.99), name+"-p99-ms")
	}
	report(e2e, "e2e")
	report(prop, "after-commit")
}
