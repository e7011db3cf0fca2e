package desk

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// hangingStore is a store whose appends stop answering while it hangs, as
// a database whose processes are stopped does: the call waits until the
// hang ends or its deadline passes.
type hangingStore struct {
	Store
	mu      sync.Mutex
	hung    chan struct{} // closed when the hang ends; nil: not hanging
	entered chan struct{} // receives once per append that starts hanging
	inside  int           // appends waiting now
}

func (s *hangingStore) hang() {
	s.mu.Lock()
	s.hung = make(chan struct{})
	s.mu.Unlock()
}

func (s *hangingStore) resume() {
	s.mu.Lock()
	if s.hung != nil {
		close(s.hung)
		s.hung = nil
	}
	s.mu.Unlock()
}

func (s *hangingStore) waiting() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inside
}

func (s *hangingStore) Append(ctx context.Context, after int64, evs []Event) ([]Event, error) {
	s.mu.Lock()
	hung := s.hung
	if hung != nil {
		s.inside++
	}
	s.mu.Unlock()
	if hung != nil {
		s.entered <- struct{}{}
		defer func() { s.mu.Lock(); s.inside--; s.mu.Unlock() }()
		select {
		case <-hung:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return s.Store.Append(ctx, after, evs)
}

// A console reads the desk on every frame. A store that stops answering
// while a change is on its way must neither hold those reads (the console
// froze: `?` drew nothing) nor let the change pass for saved: the status bar
// says the store is not answering while it waits, the change fails after
// the store's deadline saying it was not saved, and the bar says live again
// once a change goes through.
func TestAHungStoreNeitherFreezesReadersNorPassesForSaved(t *testing.T) {
	ctx := context.Background()
	sq, err := OpenSQLite(filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sq.Close() })
	st := &hangingStore{Store: sq, entered: make(chan struct{}, 4)}
	var logged strings.Builder
	var logMu sync.Mutex
	d, err := Open(ctx, st, Options{People: team, StoreTimeout: 3 * time.Second, Logf: func(f string, a ...any) {
		logMu.Lock()
		defer logMu.Unlock()
		logged.WriteString(f)
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Shutdown)
	ingest(t, d, mention("q1", "@amy", "Is the A595 closed?"))

	st.hang()
	acked := make(chan error, 1)
	go func() { acked <- d.Acknowledge(ctx, "morris", "q1") }()
	select {
	case <-st.entered:
	case <-time.After(10 * time.Second):
		t.Fatal("the acknowledgement never reached the store")
	}
	read := make(chan Counts, 1)
	go func() { read <- d.Counts() }()
	select {
	case c := <-read:
		if st.waiting() == 0 {
			t.Fatal("the desk's counts were read only once the store had given up: a console would have frozen meanwhile")
		}
		if c.ByState[StateNew] != 1 {
			t.Errorf("while the change is on its way the desk shows %v, want the question still new", c.ByState)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("reading the desk waits on a hung store: every console freezes")
	}
	waitFor(t, d, 10*time.Second, "the status bar to say the store is not answering", func() bool {
		return d.Health()["store"] == HealthStoreStalled
	})

	var err2 error
	select {
	case err2 = <-acked:
	case <-time.After(20 * time.Second):
		t.Fatal("the acknowledgement never gave up on the hung store")
	}
	var serr *StoreError
	if !errors.As(err2, &serr) || !strings.HasPrefix(err2.Error(), "not saved — database not answering") {
		t.Fatalf("the change on a hung store ended with %v, want it to say it was not saved", err2)
	}
	if strings.Contains(err2.Error(), "deadline") || strings.Contains(err2.Error(), "context") {
		t.Errorf("the message on the screen carries the driver's words: %q", err2)
	}
	mustState(t, d, "q1", StateNew)
	if h := d.Health()["store"]; !strings.HasPrefix(h, "database not answering — changes are not being saved") {
		t.Errorf("after the failed change the store's health is %q", h)
	}
	if n := len([]rune("store " + d.Health()["store"])); n > 80 {
		t.Errorf("the store's health does not fit 80 columns (%d)", n)
	}
	logMu.Lock()
	if !strings.Contains(logged.String(), "store") {
		t.Errorf("the store's failure was not logged: %q", logged.String())
	}
	logMu.Unlock()

	st.resume()
	if err := d.Acknowledge(ctx, "morris", "q1"); err != nil {
		t.Fatalf("once the store answers again: %v", err)
	}
	mustState(t, d, "q1", StateAcknowledged)
	if h := d.Health()["store"]; h != "live" {
		t.Errorf("after a change went through the store's health is %q, want live", h)
	}
}
