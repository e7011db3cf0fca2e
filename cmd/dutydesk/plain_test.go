package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
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
