package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Started without a terminal (from cron, or with its input from /dev/null),
// the demo says the console needs one, before drawing anything, instead of
// failing with a library's "error creating cancelreader".
func TestDemoWithoutATerminalSaysSo(t *testing.T) {
	bin := buildBinary(t)
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "demo", "--db", filepath.Join(t.TempDir(), "demo.db"))
	var out, errb bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = null, &out, &errb
	err = cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(errb.String(), "the console needs a terminal") || strings.Contains(errb.String(), "cancelreader") {
		t.Fatalf("exit %d (%v), stderr %q; want 1 and that it needs a terminal", code, err, errb.String())
	}
	if out.Len() > 0 {
		t.Errorf("it drew %d bytes before giving up", out.Len())
	}
}
