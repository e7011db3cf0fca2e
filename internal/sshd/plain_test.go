package sshd

import (
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/internal/desktest"
	"github.com/dutydesk/dutydesk/internal/screentest"
	gossh "golang.org/x/crypto/ssh"
)

// openPlain logs person in and runs command, with a PTY of term (or none
// if term is ""), as `ssh [-t] host command` does.
func openPlain(t *testing.T, h *harness, person, term, command string) *screen {
	t.Helper()
	sess, err := h.dial(person, h.keys[person]).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if term != "" {
		if err := sess.RequestPty(term, 24, 80, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
	}
	in, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &screen{t: t, sess: sess, in: in, exit: make(chan error, 1), out: &screentest.Screen{}}
	sess.Stdout, sess.Stderr = s.out, s.out
	if command == "" {
		err = sess.Shell()
	} else {
		err = sess.Start(command)
	}
	if err != nil {
		t.Fatal(err)
	}
	go func() { s.exit <- sess.Wait() }()
	return s
}

// `ssh host plain`, without -t, is the plain console in the client's own
// line mode: whole lines in, lines out, no escape sequence at all; a
// command typed there goes to the desk, and quit ends the session.
func TestPlainOverSSHWithoutATerminal(t *testing.T) {
	h := startHarness(t, nil)
	desktest.Question(t, h.desk, "q1", "@bob", "When is the next surgery?")
	s := openPlain(t, h, "morris", "", "plain")
	s.waitFor(0, "Question 1: new, just now, from @bob: When is the next surgery?")
	s.press("assign 1 kh\n")
	s.waitFor(0, "Question 1 assigned to PC Khan.")
	if q, _ := h.desk.Question("q1"); q.State != desk.StateAssigned || q.Assignee != "khan" {
		t.Fatalf("assign over plain SSH left q1 %s with %q", q.State, q.Assignee)
	}
	desktest.Question(t, h.desk, "q2", "@amy", "Is the A595 closed?")
	s.waitFor(0, "New question 2: new, just now, from @amy: Is the A595 closed?")
	s.press("quit\n")
	s.waitExit()
	if out := s.out.Raw(0); strings.Contains(out, "\x1b") {
		t.Fatalf("the plain console over SSH without a terminal sent escape sequences:\n%q", tail(out, 400))
	}
}

// A terminal that says TERM=dumb gets the plain console with no command
// (the full one's redrawn screen means nothing there), and so does anyone
// whose roster entry says accessible, on any terminal; the server's Plain
// option gives it to everyone.
func TestPlainOverSSHForDumbTerminalsPeopleAndServers(t *testing.T) {
	t.Run("TERM=dumb", func(t *testing.T) {
		h := startHarness(t, nil)
		s := openPlain(t, h, "khan", "dumb", "")
		s.waitFor(0, "dutydesk, plain mode, for Team 3. You are PC Khan, officer.")
		s.press("duty off\r")
		s.waitFor(0, "Only a supervisor can put the team on or off duty.")
	})
	t.Run("accessible person", func(t *testing.T) {
		h := startHarnessWith(t, func(h *harness) { h.people[2].Plain = true })
		other := h.console("morris", 80, 24)
		other.waitFor(0, "Inbound")
		s := openPlain(t, h, "khan", "xterm-256color", "")
		s.waitFor(0, "You are PC Khan, officer.")
		s.waitFor(0, "Also here: Sgt Morris.")
	})
	t.Run("serve --plain", func(t *testing.T) {
		h := startHarness(t, func(o *Options) { o.Plain = true })
		s := openPlain(t, h, "ellis", "xterm-256color", "")
		s.waitFor(0, "You are Sgt Ellis, supervisor.")
		if strings.Contains(s.out.Raw(0), "\x1b[?1049h") {
			t.Fatal("the plain console switched to the alternate screen")
		}
	})
}

// A plain console left alone is logged out like a full one, and told so
// on a line of its own; the logout is stored with its reason.
func TestIdlePlainConsoleIsLoggedOut(t *testing.T) {
	h := startHarness(t, func(o *Options) { o.Idle = time.Second })
	idleLoggedOut(t, h, openPlain(t, h, "khan", "", "plain"), "You are PC Khan, officer.")
}
