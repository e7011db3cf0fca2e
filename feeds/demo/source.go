package demo

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// Source replays steps on a clock. Items and removals go out as feed events;
// drafts and duty changes are handed to act, because only the desk may make them.
type Source struct {
	steps []Step
	speed float64
	act   func(Step)
}

// NewSource replays steps (in order of At) at speed: 1 is real pace, 10 ten
// times faster, and speed ≤ 0 as fast as possible. act receives every step
// that carries a Draft or a Duty; it may be nil to drop them.
func NewSource(steps []Step, speed float64, act func(Step)) *Source {
	steps = slices.Clone(steps)
	slices.SortStableFunc(steps, func(a, b Step) int { return cmp.Compare(a.At, b.At) })
	return &Source{steps: steps, speed: speed, act: act}
}

// Name implements feeds.Source.
func (s *Source) Name() string { return sourceName }

// Run implements feeds.Source. Each step waits until its At, scaled by
// 1/speed, has passed since Run began; then its Event is sent to out and, if
// it carries a Draft or a Duty, act is called in Run's own goroutine. act is
// called only after every earlier event has been handed to out, but a
// buffered channel (feeds.Merge) may still hold them, so act must tolerate a
// draft that answers an item the desk has not ingested yet.
//
// When the script is over Run waits for ctx to end, like every feeds.Source,
// and returns ctx.Err(); it returns ctx.Err() promptly whenever ctx ends.
func (s *Source) Run(ctx context.Context, out chan<- feeds.Event) error {
	begin := time.Now()
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	var base time.Time // the script's start, as its items' times say
	for _, st := range s.steps {
		if s.speed > 0 {
			due := begin.Add(time.Duration(float64(st.At) / s.speed))
			if wait := time.Until(due); wait > 0 {
				if timer == nil {
					timer = time.NewTimer(wait)
				} else {
					timer.Reset(wait)
				}
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-timer.C:
				}
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if st.Event != nil {
			ev := *st.Event
			if s.speed > 0 && !ev.Item.Created.IsZero() {
				// One clock: the items' times run at the replay's speed from
				// when Run began, as the desk's ages and duty clock do, so
				// that at --speed 10 a question that just arrived says so.
				if base.IsZero() {
					base = ev.Item.Created.Add(-st.At)
				}
				ev.Item.Created = begin.Add(time.Duration(float64(ev.Item.Created.Sub(base)) / s.speed))
			}
			select {
			case out <- ev:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if (st.Draft != nil || st.Duty != nil) && s.act != nil {
			s.act(st)
		}
	}
	<-ctx.Done()
	return ctx.Err()
}
