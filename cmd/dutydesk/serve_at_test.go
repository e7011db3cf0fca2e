package main

import (
	"context"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/desk"
)

// stopServe sends SIGTERM and waits for serve to exit 0.
func stopServe(t *testing.T, s *servedDesk) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.done:
	case <-time.After(wait):
		t.Fatalf("dutydesk serve did not exit after SIGTERM:\n%s", s.stderr.String())
	}
	if code := s.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("dutydesk serve exited %d:\n%s", code, s.stderr.String())
	}
}

// `dutydesk serve --at` gives every console the desk as it was, read-only:
// the event it stands at named, a command refused, and nothing stored — not
// even the logins.
func TestServeAtAMomentServesThePastReadOnly(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	live := startServeIn(t, bin, dir, "")
	live.console("morris") // stored: Sgt Morris logged in
	stopServe(t, live)
	count := func() int64 {
		st, err := desk.OpenSQLite(filepath.Join(dir, "desk.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		n, err := st.LastSeq(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	// The login's event: the desk stores its roster (roster.named) first.
	login := func() string {
		st, err := desk.OpenSQLite(filepath.Join(dir, "desk.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		d, err := desk.Open(context.Background(), st, desk.Options{SnapshotEvery: -1})
		if err != nil {
			t.Fatal(err)
		}
		defer d.Shutdown()
		evs, err := d.Events(0)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range evs {
			if ev.Type == desk.EvSessionOpened {
				return fmt.Sprintf("#%d", ev.Seq)
			}
		}
		t.Fatal("the live serve stored no login")
		return ""
	}()

	past := startServeIn(t, bin, dir, "", "--at", login)
	c := past.console("ellis")
	c.waitFor(t, "VIEWING")
	c.waitFor(t, "Sgt Morris logged in")
	c.press(t, "d") // team duty: ellis supervises, but this is the past
	c.waitFor(t, "read-only: viewing")
	past.waitLog("session event not stored")
	stopServe(t, past)
	if after := count(); after != before {
		t.Errorf("the store went from %d to %d events while serve --at ran", before, after)
	}
}
