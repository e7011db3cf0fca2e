package demo

import (
	"context"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

func TestGenerateSurgeIsDeterministic(t *testing.T) {
	a := GenerateSurge(2000, 7, start)
	b := GenerateSurge(2000, 7, start)
	if !reflect.DeepEqual(a, b) {
		t.Error("two surges with one seed differ")
	}
	if c := GenerateSurge(2000, 8, start); reflect.DeepEqual(a, c) {
		t.Error("surges with different seeds are the same")
	}
	if n := len(GenerateSurge(0, 7, start)); n != 0 {
		t.Errorf("GenerateSurge(0) returned %d events", n)
	}
}

func TestGenerateSurgeLooksLikeARiotNight(t *testing.T) {
	const n = 20000
	evs := GenerateSurge(n, 42, start)
	if len(evs) != n {
		t.Fatalf("got %d events, want %d", len(evs), n)
	}
	urgent := make([]*regexp.Regexp, len(urgentTemplates))
	for i, tmpl := range urgentTemplates {
		urgent[i] = regexp.MustCompile(strings.ReplaceAll(regexp.QuoteMeta(tmpl), "%s", ".+"))
	}
	items := map[string]feeds.Item{}
	deleted := map[string]bool{}
	byAuthorText := map[[2]string]int{}
	authors := map[string]bool{}
	kinds := map[feeds.Kind]int{}
	var urgentCount, deletes, duplicates int
	last := start
	for i, ev := range evs {
		switch ev.Type {
		case feeds.EventUpsert:
			it := ev.Item
			if _, dup := items[it.ID]; dup {
				t.Fatalf("event %d: item ID %s used twice", i, it.ID)
			}
			if it.ID == "" || it.RemoteID == "" || it.Source != "surge" || it.Author == "" {
				t.Fatalf("event %d: malformed item %+v", i, it)
			}
			if it.Created.Before(last) {
				t.Errorf("event %d: created %v, before the event before it", i, it.Created)
			}
			last = it.Created
			if feeds.SafeText(it.Text) != it.Text || strings.ContainsAny(it.Text, "\x1b\u202e") {
				t.Fatalf("event %d: unsafe text %q", i, it.Text)
			}
			if it.InReplyTo != "" {
				parent, ok := items[it.InReplyTo]
				if !ok || parent.Kind != feeds.KindTeamPost || it.Thread != parent.Thread {
					t.Errorf("event %d: reply to %q, not an earlier team post in its thread", i, it.InReplyTo)
				}
			}
			if it.Kind.Inbound() {
				k := [2]string{it.Author, it.Text}
				if byAuthorText[k] > 0 {
					duplicates++
				}
				byAuthorText[k]++
				authors[it.Author] = true
				for _, re := range urgent {
					if re.MatchString(it.Text) {
						urgentCount++
						break
					}
				}
			}
			kinds[it.Kind]++
			items[it.ID] = it
		case feeds.EventDelete:
			id := ev.Item.ID
			if _, ok := items[id]; !ok {
				t.Fatalf("event %d: delete of %q, not an earlier item", i, id)
			}
			if deleted[id] {
				t.Fatalf("event %d: %q deleted twice", i, id)
			}
			deleted[id] = true
			deletes++
		default:
			t.Fatalf("event %d: unexpected %s", i, ev.Type)
		}
	}
	if duplicates < n/100 {
		t.Errorf("only %d exact duplicates by one author in %d events", duplicates, n)
	}
	if urgentCount < n/300 || urgentCount > n*3/100 {
		t.Errorf("%d urgent-sounding items in %d, want about 1%%", urgentCount, n)
	}
	if deletes < n/200 || deletes > n/10 {
		t.Errorf("%d deletes in %d events, want some", deletes, n)
	}
	if len(authors) < 500 {
		t.Errorf("only %d distinct authors", len(authors))
	}
	for _, k := range []feeds.Kind{feeds.KindTeamPost, feeds.KindMention, feeds.KindReply, feeds.KindDirect} {
		if kinds[k] == 0 {
			t.Errorf("no %s items", k)
		}
	}
}

func TestSurgeDeliversAtRate(t *testing.T) {
	s := NewSurge(2000, 100*time.Millisecond, 1)
	if s.Name() != "surge" {
		t.Errorf("Name() = %q", s.Name())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out := make(chan feeds.Event, 64)
	var count atomic.Int64
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		for range out {
			count.Add(1)
		}
	}()
	err := s.Run(ctx, out)
	close(out)
	<-drained
	if err != nil {
		t.Fatalf("Run returned %v, want nil after its duration", err)
	}
	// 200 expected; machines are noisy, so only a loose lower bound
	if got := count.Load(); got < 100 || got > 200 {
		t.Errorf("delivered %d events in 100ms at 2000/s, want 100–200", got)
	}
}

func TestSurgeStopsOnCancel(t *testing.T) {
	for _, rate := range []float64{1000, 0} {
		s := NewSurge(rate, 0, 1)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- s.Run(ctx, make(chan feeds.Event)) }() // nobody reads
		time.Sleep(20 * time.Millisecond)
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("rate %v: Run returned %v, want context.Canceled", rate, err)
			}
		case <-time.After(time.Second):
			t.Fatalf("rate %v: Run did not return after cancel", rate)
		}
	}
}

func BenchmarkGenerateSurge(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		GenerateSurge(1000, 1, start)
	}
}
