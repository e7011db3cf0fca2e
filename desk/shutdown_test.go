package desk

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// heldPoster holds every post but the duty broadcast until its context ends
// or release is closed, like a Mastodon server that has stopped answering.
type heldPoster struct {
	started chan struct{}
	release chan struct{}
	once    sync.Once
}

func (p *heldPoster) Post(ctx context.Context, post feeds.Post) (feeds.Posted, error) {
	if !strings.Contains(post.Text, "999 or 101") {
		return feeds.Posted{RemoteID: "r" + post.Key}, nil // the broadcast
	}
	p.once.Do(func() { close(p.started) })
	select {
	case <-ctx.Done():
		return feeds.Posted{}, ctx.Err()
	case <-p.release:
		return feeds.Posted{RemoteID: "r" + post.Key}, nil
	}
}

// watchedStore fails the test if the desk touches it after it was closed.
type watchedStore struct {
	Store
	t      *testing.T
	closed atomic.Bool
	asked  atomic.Bool // the test itself gives a command after Close
}

func (s *watchedStore) Append(ctx context.Context, after int64, evs []Event) ([]Event, error) {
	if s.closed.Load() && !s.asked.Load() {
		s.t.Errorf("the desk stored %d events after its store was closed", len(evs))
	}
	return s.Store.Append(ctx, after, evs)
}

func (s *watchedStore) Close() error { s.closed.Store(true); return s.Store.Close() }

// A desk shut down while its auto-acknowledgement is still being sent stops
// the sender and waits for it, so that the store closed after it is never
// written to: the panic seen in TestSnapshotAndTailReplay... with
// DUTYDESK_SNAPSHOT_RUNS=30. DUTYDESK_SHUTDOWN_RUNS repeats it.
func TestShuttingADeskDownStopsItsSendersBeforeTheStoreCloses(t *testing.T) {
	runs := envInt(t, "DUTYDESK_SHUTDOWN_RUNS", 3)
	for run := 0; run < runs; run++ {
		ctx := context.Background()
		sq, err := OpenSQLite(filepath.Join(t.TempDir(), "desk.db"))
		if err != nil {
			t.Fatal(err)
		}
		st := &watchedStore{Store: sq, t: t}
		poster := &heldPoster{started: make(chan struct{}), release: make(chan struct{})}
		clock := &fakeClock{now: time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)}
		d, err := Open(ctx, st, Options{People: team, Now: clock.Now, Poster: poster, SnapshotEvery: 1,
			AutoReply: func(Announcement) string { return "Off duty: 999 or 101." }})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.SetDuty(ctx, "morris", false, ""); err != nil {
			t.Fatal(err)
		}
		if err := d.Ingest(ctx, []feeds.Event{mention("q1", "@amy@m.example", "Is the A595 closed?")}); err != nil {
			t.Fatal(err)
		}
		select {
		case <-poster.started: // the auto-acknowledgement is on its way
		case <-time.After(time.Minute):
			t.Fatal("no auto-acknowledgement was sent")
		}
		done := make(chan struct{})
		go func() { d.Shutdown(); close(done) }()
		select {
		case <-done:
		case <-time.After(time.Minute):
			t.Fatal("Shutdown did not return while a post was held: it does not stop the sender")
		}
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
		close(poster.release)
		// Anything still running would now store the post's outcome.
		st.asked.Store(true)
		if err := d.Ingest(ctx, []feeds.Event{mention("q2", "@bob@m.example", "thanks!")}); err == nil {
			t.Error("a shut-down desk took an arrival into a closed store without an error")
		}
		d.Shutdown() // twice is harmless
	}
}

// A store used after Close says so; it never panics.
func TestAClosedSQLiteStoreReturnsErrors(t *testing.T) {
	ctx := context.Background()
	st, err := OpenSQLite(filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Append(ctx, 0, []Event{{Type: EvClosed, Actor: "morris", At: time.Now(), Payload: []byte(`{}`)}}); !errors.Is(err, ErrStoreClosed) {
		t.Errorf("Append after Close: %v, want ErrStoreClosed", err)
	}
	if err := st.Replay(ctx, 0, func(Event) error { return nil }); !errors.Is(err, ErrStoreClosed) {
		t.Errorf("Replay after Close: %v, want ErrStoreClosed", err)
	}
	if _, err := st.LastSeq(ctx); !errors.Is(err, ErrStoreClosed) {
		t.Errorf("LastSeq after Close: %v", err)
	}
	if err := st.PutSnapshot(ctx, Snapshot{Seq: 1}); !errors.Is(err, ErrStoreClosed) {
		t.Errorf("PutSnapshot after Close: %v", err)
	}
	if err := st.Snapshots(ctx, func(Snapshot) bool { return true }); !errors.Is(err, ErrStoreClosed) {
		t.Errorf("Snapshots after Close: %v", err)
	}
	if _, err := st.Numbered(ctx); !errors.Is(err, ErrStoreClosed) {
		t.Errorf("Numbered after Close: %v", err)
	}
}
