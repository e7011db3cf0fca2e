package main

import (
	"context"
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

	past := startServeIn(t, bin, dir, "", "--at", "#1")
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
