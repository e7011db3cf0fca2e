package desk

import (
	"context"
	"errors"
	"math/rand"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// countingStore counts the events a replay reads, to tell a replay from a
// snapshot from one from the start.
type countingStore struct {
	SnapshotStore
	read int
}

func (c *countingStore) Replay(ctx context.Context, after int64, fn func(Event) error) error {
	return c.SnapshotStore.Replay(ctx, after, func(ev Event) error {
		c.read++
		return fn(ev)
	})
}

func (c *countingStore) LastSeq(ctx context.Context) (int64, error) {
	return c.SnapshotStore.(interface {
		LastSeq(context.Context) (int64, error)
	}).LastSeq(ctx)
}

// A desk opened at an event is the desk its events up to that one fold to,
// field by field — before a stored snapshot, at it and after it — and at a
// time it is the desk at the last event stored at or before that time.
func TestADeskAtAMomentIsTheDeskItsEventsFoldTo(t *testing.T) {
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	clock := &fakeClock{now: time.Date(2026, 12, 3, 20, 0, 0, 0, time.UTC)}
	poster := &recordingPoster{}
	opts := shiftOptions(clock, poster)
	path := filepath.Join(t.TempDir(), "desk.db")
	d := openDesk(t, path, opts)
	randomShift(t, d, clock, poster, rng, 120)
	snapAt, err := WriteSnapshot(context.Background(), d.store.(SnapshotStore), t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	randomShift(t, d, clock, poster, rng, 60)
	evs, err := d.Events(0)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	check := func(past *Desk, n int) {
		t.Helper()
		want := foldEvents(t, newState(), evs[:n])
		s := past.state
		s.people, s.order = nil, nil
		sameState(t, &s, &want)
	}
	for _, n := range []int{0, 1, int(snapAt) - 1, int(snapAt), int(snapAt) + 1, len(evs) - 1, len(evs)} {
		if n == 0 {
			continue
		}
		cs := &countingStore{SnapshotStore: d.store.(SnapshotStore)}
		past, err := OpenAt(ctx, cs, opts, Moment{Seq: int64(n)})
		if err != nil {
			t.Fatalf("#%d: %v", n, err)
		}
		check(past, n)
		if v, ok := past.Viewing(); !ok || v.Seq != int64(n) || !v.At.Equal(evs[n-1].At) {
			t.Errorf("#%d: viewing %+v, want event %d at %s", n, v, n, evs[n-1].At)
		}
		// From the snapshot when it is at or before the moment, else from
		// the start: never an event past the moment.
		wantRead := n
		if int64(n) >= snapAt {
			wantRead = n - int(snapAt)
		}
		if cs.read > wantRead+3 { // and the few single events it looks up
			t.Errorf("#%d: the replay read %d events, want %d (snapshot at #%d)", n, cs.read, wantRead, snapAt)
		}
	}
	// At a time: the last event at or before it.
	for _, i := range []int{3, len(evs) / 2, len(evs) - 2} {
		at := evs[i].At
		n := i + 1
		for n < len(evs) && !evs[n].At.After(at) {
			n++
		}
		past, err := OpenAt(ctx, d.store, opts, Moment{Time: at})
		if err != nil {
			t.Fatal(err)
		}
		check(past, n)
		if v, _ := past.Viewing(); v.Seq != int64(n) || !v.At.Equal(at) || !past.Now().Equal(at) {
			t.Errorf("at %s: viewing %+v (now %s), want event %d", at, v, past.Now(), n)
		}
	}
	// Before the first event: the empty desk.
	past, err := OpenAt(ctx, d.store, opts, Moment{Time: evs[0].At.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(past.Questions()); n != 0 || past.LastSeq() != 0 {
		t.Errorf("before the first event the desk shows %d questions at #%d", n, past.LastSeq())
	}
	// Far past: the desk may still be storing what its poster did after evs
	// was read.
	if _, err := OpenAt(ctx, d.store, opts, Moment{Seq: int64(len(evs) + 1000)}); err == nil || !strings.Contains(err.Error(), "no event") {
		t.Errorf("a moment past the last event: %v, want no such event", err)
	}
}

// A desk viewing the past refuses every command itself, whoever gives it,
// with the moment it shows, and stores nothing.
func TestADeskInThePastRefusesEveryCommandAndStoresNothing(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 12, 3, 21, 0, 0, 0, time.Local)}
	opts := fixtureOptions(clock.Now)
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), opts)
	ctx := context.Background()
	ingest(t, d, mention("q1", "@jdoe", "help there's a man following me down London Rd"), mention("q2", "@amy", "Is the A595 closed?"))
	clock.Advance(14 * time.Minute)
	if err := d.Acknowledge(ctx, "morris", "q2"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	if err := d.Assign(ctx, "morris", "q1", "ellis"); err != nil {
		t.Fatal(err)
	}
	last := d.LastSeq()
	past, err := d.At(ctx, Moment{Time: time.Date(2026, 12, 3, 21, 14, 0, 0, time.Local)})
	if err != nil {
		t.Fatal(err)
	}
	if q, _ := past.Question("q2"); q.State != StateAcknowledged {
		t.Fatalf("at 21:14 q2 is %s, want acknowledged", q.State)
	}
	if q, _ := past.Question("q1"); q.State != StateNew {
		t.Fatalf("at 21:14 q1 is %s, want new (assigned at 21:15)", q.State)
	}
	commands := map[string]func() error{
		"acknowledge": func() error { return past.Acknowledge(ctx, "morris", "q1") },
		"assign":      func() error { return past.Assign(ctx, "morris", "q1", "khan") },
		"close":       func() error { return past.Close(ctx, "morris", "q2") },
		"dismiss":     func() error { return past.Dismiss(ctx, "morris", "q2") },
		"claim":       func() error { return past.Claim(ctx, "ellis", "q1", false) },
		"draft": func() error {
			_, err := past.CreateDraft(ctx, "morris", DraftInput{Kind: DraftUpdate, Text: "Road open again"})
			return err
		},
		"duty": func() error {
			_, err := past.SetDuty(ctx, "morris", false, "")
			return err
		},
		"shift": func() error { return past.SetShift(ctx, "morris", "khan", true) },
		"ingest": func() error {
			return past.Ingest(ctx, []feeds.Event{mention("q9", "@kev", "hello")})
		},
		"login": func() error {
			return past.RecordAccess(ctx, EvSessionOpened, "morris", "morris", "SHA256:x", "127.0.0.1", "")
		},
	}
	for name, cmd := range commands {
		err := cmd()
		if !errors.Is(err, ErrReadOnly) || !strings.HasSuffix(err.Error(), "read-only: viewing 21:14") {
			t.Errorf("%s in the past: %v, want read-only: viewing 21:14", name, err)
		}
	}
	if n, _ := lastStoredSeq(ctx, d.store); n != last {
		t.Errorf("the store went from %d to %d events while the past was viewed", last, n)
	}
	// The live desk is untouched and still takes commands.
	if err := d.Close(ctx, "morris", "q2"); err != nil {
		t.Errorf("the live desk after viewing the past: %v", err)
	}
}

// An event in words names who did what to whose question, with its time.
func TestEventWordsSayWhoDidWhatToWhom(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 12, 3, 21, 14, 7, 0, time.UTC)}
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), fixtureOptions(clock.Now))
	ctx := context.Background()
	ingest(t, d, mention("q1", "@jdoe", "help there's a man following me down London Rd"))
	if err := d.Assign(ctx, "morris", "q1", "ellis"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.SetDuty(ctx, "morris", true, "22:00"); err != nil {
		t.Fatal(err)
	}
	evs, _ := d.Events(0)
	clockText := clock.Now().Local().Format("15:04:05")
	var got []string
	for _, ev := range evs {
		got = append(got, d.EventWords(ev))
	}
	for _, want := range []string{
		clockText + " @jdoe wrote: “help there's a man following me down London Rd”",
		clockText + " Sgt Morris assigned @jdoe's question to PC Ellis",
		clockText + " Sgt Morris put the team on duty until 22:00",
	} {
		if !strings.Contains(strings.Join(got, "\n"), want) {
			t.Errorf("events in words lack %q:\n%s", want, strings.Join(got, "\n"))
		}
	}
}

func TestMomentsAreReadAsPeopleTypeThem(t *testing.T) {
	loc := time.FixedZone("BST", 3600)
	now := time.Date(2026, 12, 3, 23, 30, 0, 0, time.UTC) // 00:30 on the 4th in loc
	for in, want := range map[string]Moment{
		"2026-12-03 21:14":          {Time: time.Date(2026, 12, 3, 21, 14, 0, 0, loc)},
		"2026-12-03 21:14:07":       {Time: time.Date(2026, 12, 3, 21, 14, 7, 0, loc)},
		"2026-12-03T21:14":          {Time: time.Date(2026, 12, 3, 21, 14, 0, 0, loc)},
		"2026-12-03T21:14:00Z":      {Time: time.Date(2026, 12, 3, 21, 14, 0, 0, time.UTC)},
		"2026-12-03T21:14:00+01:00": {Time: time.Date(2026, 12, 3, 20, 14, 0, 0, time.UTC)},
		"21:14":                     {Time: time.Date(2026, 12, 4, 21, 14, 0, 0, loc)},
		" #1234 ":                   {Seq: 1234},
	} {
		got, err := ParseMoment(in, now, loc)
		if err != nil || got.Seq != want.Seq || !got.Time.Equal(want.Time) {
			t.Errorf("ParseMoment(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "yesterday", "#", "#-3", "#x", "2026-13-03 21:14", "25:00"} {
		if _, err := ParseMoment(bad, now, loc); err == nil || !strings.Contains(err.Error(), "#1234") {
			t.Errorf("ParseMoment(%q): %v, want an error naming the forms", bad, err)
		}
	}
}
