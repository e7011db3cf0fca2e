package tui

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// BenchmarkPlainLook is what the plain console spends after each settled
// burst of desk changes to find what changed since it last spoke: at
// most five times a second (its settle time), whatever the surge.
// "quiet" is a look that finds nothing new; "one arrival" a look after
// one question arrived, which it reads out. cpu-ms/op is the process's CPU
// time per look (user and system, garbage collection included): on a
// loaded machine the figure to compare, where ns/op is mostly waiting.
func BenchmarkPlainLook(b *testing.B) {
	arrivals := 0
	for _, n := range []int{2400, 24000, 240000} {
		d := benchDesk(b, n)
		p, err := NewPlain(PlainOptions{Desk: d, Me: "morris", Now: func() time.Time { return shiftStart.Add(time.Hour) }})
		if err != nil {
			b.Fatal(err)
		}
		p.remember()
		questions := len(d.Inbox(false))
		b.Run(fmt.Sprintf("quiet/%d", questions), func(b *testing.B) {
			start := cpuTime()
			for i := 0; i < b.N; i++ {
				p.look()
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		})
		b.Run(fmt.Sprintf("one-arrival/%d", questions), func(b *testing.B) {
			var used time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				arrivals++
				id := fmt.Sprintf("bench-%d", arrivals)
				if err := d.Ingest(context.Background(), []feeds.Event{{Type: feeds.EventUpsert, Item: feeds.Item{
					ID: id, Kind: feeds.KindMention, Author: "@sam", Text: "is the road open " + id,
					Created: shiftStart.Add(time.Hour), Visibility: feeds.VisibilityPublic, RemoteID: id,
				}}}); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := cpuTime()
				lines := p.look()
				used += cpuTime() - start
				if len(lines) != 1 {
					b.Fatalf("one arrival was said in %d lines: %q", len(lines), lines)
				}
			}
			b.ReportMetric(float64(used)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		})
	}
}
