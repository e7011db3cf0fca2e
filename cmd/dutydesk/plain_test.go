package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/dutydesk/dutydesk/internal/screentest"
)

// `dutydesk demo --plain` from a pipe, as a screen reader user's script or
// terminal would drive it: lines out, no escape sequence, a command's
// answer in a sentence, and quit ends it with exit 0.
func TestDemoPlainIsLinesAndSentences(t *testing.T) {
	bin := buildBinary(t)
	p := startProc(t, bin, "demo", "--plain", "--speed", "0", "--db", filepath.Join(t.TempDir(), "demo.db"))
	if !p.await(regexp.MustCompile(`Type help for the commands\.`), time.Minute) {
		t.Fatalf("no start-up summary; it said:\n%s\nstderr: %s", p.screen.String(), p.stderr.String())
	}
	if !p.await(regexp.MustCompile(`New question \d+: .*, from @`), time.Minute) {
		t.Fatalf("no question was read out as it arrived; it said:\n%s", p.screen.String())
	}
	mark := p.screen.Len()
	p.press("list\n")
	if !p.awaitFrom(mark, regexp.MustCompile(`(open, most pressing first:|Open questions 1 to \d+ of \d+, most pressing first:)\nQuestion \d+: `), time.Minute) {
		t.Fatalf("list read out no open question; it said:\n%s", p.screen.From(mark))
	}
	p.press("quit\n")
	select {
	case <-p.done:
	case <-time.After(time.Minute):
		t.Fatal("quit did not end the plain demo")
	}
	if code := p.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("exit %d; stderr %s", code, p.stderr.String())
	}
	if out := p.screen.Raw(0); strings.Contains(out, "\x1b") {
		t.Fatalf("the plain console sent escape sequences:\n%q", out)
	}
}

// In a terminal, `dutydesk demo --plain` never takes the alternate screen
// nor clears or redraws it: lines are appended, the line typed is echoed
// as it is typed, and quit leaves with exit 0.
func TestDemoPlainInATerminalAppendsLines(t *testing.T) {
	bin := buildBinary(t)
	cmd := exec.Command(bin, "demo", "--plain", "--speed", "0", "--db", filepath.Join(t.TempDir(), "demo.db"))
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	out := &screentest.Screen{}
	go io.Copy(out, tty)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	await := func(want string) {
		t.Helper()
		deadline := time.Now().Add(time.Minute)
		for !strings.Contains(out.String(), want) {
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				t.Fatalf("never said %q; it said:\n%s", want, out.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	await("Type help for the commands.")
	tty.Write([]byte("help dut"))
	await("> help dut")
	tty.Write([]byte("y\r"))
	await("duty [on [UNTIL] | off]: say who is on duty")
	tty.Write([]byte("quit\r"))
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("quit: %v\n%s", err, out.String())
		}
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatal("quit did not end the plain demo")
	}
	for _, seq := range []string{"\x1b[?1049h", "\x1b[2J", "\x1b[H"} {
		if strings.Contains(out.Raw(0), seq) {
			t.Errorf("the plain console sent %q, which redraws the screen", seq)
		}
	}
}
