package desk

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds/demo"
	"github.com/dutydesk/dutydesk/risk"
)

// BenchmarkIngest is sustained arrivals through dedupe, the urgency check and
// the store, in the batches the pump makes (whatever arrived meanwhile, up to
// 1024). items/s is the figure to compare with the 50 000/s target.
func BenchmarkIngest(b *testing.B) {
	checker, err := risk.New(risk.Config{})
	if err != nil {
		b.Fatal(err)
	}
	for _, batch := range []int{1, 64, 1024} {
		b.Run("batch-"+strconv.Itoa(batch), func(b *testing.B) {
			st, err := OpenSQLite(filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			d, err := Open(context.Background(), st, Options{People: team, Urgency: checker.Urgency})
			if err != nil {
				b.Fatal(err)
			}
			evs := demo.GenerateSurge(b.N, 1, time.Now())
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < len(evs); i += batch {
				if err := d.Ingest(context.Background(), evs[i:min(i+batch, len(evs))]); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(evs))/time.Since(start).Seconds(), "items/s")
		})
	}
}
