package demo

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// replay runs the shift at speed and returns what went out and what was acted on.
func replay(t *testing.T, speed float64) (events []feeds.Event, acted []Step, want []Step) {
	t.Helper()
	steps := Shift(start)
	var mu sync.Mutex
	src := NewSource(steps, speed, func(st Step) {
		mu.Lock()
		defer mu.Unlock()
		acted = append(acted, st)
	})
	if src.Name() != "demo" {
		t.Errorf("Name() = %q", src.Name())
	}
	var wantEvents []feeds.Event
	for _, st := range steps {
		if st.Event != nil {
			wantEvents = append(wantEvents, *st.Event)
		} else {
			want = append(want, st)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out := make(chan feeds.Event)
	done := make(chan error, 1)
	go func() { done <- src.Run(ctx, out) }()
	for range wantEvents {
		select {
		case ev := <-out:
			events = append(events, ev)
		case <-ctx.Done():
			t.Fatalf("only %d of %d events arrived", len(events), len(wantEvents))
		}
	}
	// the last step may be an act after the last event; give it a moment
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		n := len(acted)
		mu.Unlock()
		if n >= len(want) || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run returned %v after cancel, want context.Canceled", err)
	}
	// The items' times follow the replay's clock (TestItemTimesRunAtTheReplaySpeed);
	// all else is the script's.
	timeless := func(evs []feeds.Event) []feeds.Event {
		out := append([]feeds.Event(nil), evs...)
		for i := range out {
			out[i].Item.Created = time.Time{}
		}
		return out
	}
	if !reflect.DeepEqual(timeless(events), timeless(wantEvents)) {
		t.Errorf("events differ from the script's (got %d, want %d)", len(events), len(wantEvents))
	}
	mu.Lock()
	defer mu.Unlock()
	return events, acted, want
}

func TestSourceReplaysEveryStepInOrder(t *testing.T) {
	for _, speed := range []float64{0, 10000} {
		_, acted, want := replay(t, speed)
		if !reflect.DeepEqual(acted, want) {
			t.Errorf("speed %v: act got %d steps, want the %d draft and duty steps in order", speed, len(acted), len(want))
		}
	}
}

func TestSourceKeepsPace(t *testing.T) {
	ev := func(id string) *feeds.Event {
		return &feeds.Event{Type: feeds.EventUpsert, Item: feeds.Item{ID: id}}
	}
	// given out of order: NewSource orders by At
	steps := []Step{{At: 2 * time.Second, Event: ev("b")}, {At: 0, Event: ev("a")}}
	src := NewSource(steps, 20, nil) // 2s at speed 20 is 100ms
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := make(chan feeds.Event, 2)
	begin := time.Now()
	go src.Run(ctx, out)
	if got := (<-out).Item.ID; got != "a" {
		t.Errorf("first event %q, want a", got)
	}
	if got := (<-out).Item.ID; got != "b" {
		t.Errorf("second event %q, want b", got)
	}
	if took := time.Since(begin); took < 90*time.Millisecond {
		t.Errorf("a step due 100ms in came after %v", took)
	}
}

func TestSourceStopsOnCancel(t *testing.T) {
	t.Run("waiting for a step", func(t *testing.T) {
		src := NewSource(Shift(start), 1, nil)
		ctx, cancel := context.WithCancel(context.Background())
		out := make(chan feeds.Event, 100)
		done := make(chan error, 1)
		go func() { done <- src.Run(ctx, out) }()
		<-out // the first item arrives at once at speed 1…
		cancel()
		select { // …and the source stops well before the next
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Run returned %v, want context.Canceled", err)
			}
		case <-time.After(time.Second):
			t.Fatal("Run did not return after cancel")
		}
	})
	t.Run("blocked on a full channel", func(t *testing.T) {
		src := NewSource(Shift(start), 0, nil)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- src.Run(ctx, make(chan feeds.Event)) }()
		time.Sleep(10 * time.Millisecond)
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Run returned %v, want context.Canceled", err)
			}
		case <-time.After(time.Second):
			t.Fatal("Run did not return after cancel")
		}
	})
}

var _ feeds.Source = (*Source)(nil)
var _ feeds.Source = (*Surge)(nil)

// At --speed 10 the items' times ran ten times ahead of the clock that ages
// them, so every question said "now" (issue 15, finding 9): one clock.
func TestItemTimesRunAtTheReplaySpeed(t *testing.T) {
	start := time.Now()
	steps := Shift(start)
	var n int
	for i, st := range steps {
		if st.Event != nil {
			n = i + 1
			if n > 6 {
				break
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := make(chan feeds.Event, 64)
	go NewSource(steps[:n], 50, nil).Run(ctx, out)
	for i := 0; i < 6; i++ {
		select {
		case ev := <-out:
			if ev.Item.Created.IsZero() { // a removal
				continue
			}
			if d := time.Since(ev.Item.Created); ev.Item.Created.After(time.Now().Add(time.Second)) || d > 5*time.Second {
				t.Fatalf("an item arrived now says it was created %s ago (%s)", d, ev.Item.Created)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the replay sent nothing")
		}
	}
}
