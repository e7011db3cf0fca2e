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
// one question arrived, which it reads out.
func BenchmarkPlainLook(b *testing.B) {
	for _, n := range []int{2400, 24000, 240000} {
		d := benchDesk(b, n)
		p, err := NewPlain(PlainOptions{Desk: d, Me: "morris", Now: func() time.Time { return shiftStart.Add(time.Hour) }})
		if err != nil {
			b.Fatal(err)
		}
		p.remember()
		questions := len(d.Inbox(false))
		b.Run(fmt.Sprintf("quiet/%d", questions), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				p.look()
			}
		})
		b.Run(fmt.Sprintf("one-arrival/%d", questions), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				id := fmt.Sprintf("bench-%d-%d", n, i)
				if err := d.Ingest(context.Background(), []feeds.Event{{Type: feeds.EventUpsert, Item: feeds.Item{
					ID: id, Kind: feeds.KindMention, Author: "@sam", Text: "is the road open " + id,
					Created: shiftStart.Add(time.Hour), Visibility: feeds.VisibilityPublic, RemoteID: id,
				}}}); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if lines := p.look(); len(lines) != 1 {
					b.Fatalf("one arrival was said in %d lines: %q", len(lines), lines)
				}
			}
		})
	}
}
