package app

import (
	"slices"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
	"github.com/dutydesk/dutydesk/internal/pgtest"
)

// BenchmarkStreamTakeover times how long a standby host takes to stream an
// account once its leader goes: from the moment the leader stops (resign:
// its host shuts down) or its database connection is killed (fault), to the
// standby's stream being live and caught up. Each op is one handover; the
// hosts take turns leading.
func BenchmarkStreamTakeover(b *testing.B) {
	for _, how := range []string{"resign", "fault"} {
		b.Run(how, func(b *testing.B) {
			db := pgtest.DB(b)
			srv := mastotest.New(b)
			cfg := sharedTeamConfig(b, srv, db)
			hosts := []*feedHost{startFeedHost(b, "host A", db, cfg), startFeedHost(b, "host B", db, cfg)}
			lead := func() *feedHost {
				deadline := time.Now().Add(15 * time.Second)
				for {
					var live []*feedHost
					for _, h := range hosts {
						if h.live() {
							live = append(live, h)
						}
					}
					if len(live) == 1 && srv.Streams() == 1 {
						return live[0]
					}
					if time.Now().After(deadline) {
						b.Fatal("no single leader within 15s")
					}
					time.Sleep(time.Millisecond)
				}
			}
			var took []time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				old := lead()
				standby := hosts[0]
				if standby == old {
					standby = hosts[1]
				}
				// A standby is one already queued for the lock; one still
				// connecting could lose the race to a leader that recovers.
				waitForStandby(b, db)
				b.StartTimer()
				start := time.Now()
				if how == "resign" {
					old.stopFeed()
				} else {
					pgtest.KillLeader(b, db)
				}
				for !standby.live() {
					if time.Since(start) > 15*time.Second {
						b.Fatalf("%s did not take over from %s within 15s: health %v / %v, %d streams",
							standby.name, old.name, standby.desk.Health(), old.desk.Health(), srv.Streams())
					}
					time.Sleep(100 * time.Microsecond)
				}
				took = append(took, time.Since(start))
				b.StopTimer()
				if how == "resign" {
					old.startFeed()
				}
				b.StartTimer()
			}
			b.StopTimer()
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "takeover-p50-ms")
			b.ReportMetric(float64(took[len(took)-1].Microseconds())/1000, "takeover-max-ms")
		})
	}
}
