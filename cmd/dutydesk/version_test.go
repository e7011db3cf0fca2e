package main

import (
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionLineNamesTheRevision(t *testing.T) {
	info := &debug.BuildInfo{GoVersion: "go1.27.3", Main: debug.Module{Path: "github.com/dutydesk/dutydesk", Version: "v1.2.0"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-12-03T10:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	if got, want := versionLine(info), "dutydesk v1.2.0 revision 0123456789ab+changes of 2026-12-03T10:00:00Z · go1.27.3"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	info.Settings = nil
	info.Main.Version = "(devel)"
	if got, want := versionLine(info), "dutydesk (devel) · go1.27.3"; got != want {
		t.Errorf("without VCS: got %q, want %q", got, want)
	}
}

// The real binary, built from this checkout, names the commit it was built
// from.
func TestVersionOfTheBuiltBinary(t *testing.T) {
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("not in a git checkout: %v", err)
	}
	// -buildvcs=true: this machine's GOFLAGS may turn the stamp off.
	bin := filepath.Join(t.TempDir(), "dutydesk")
	if out, err := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := "revision " + string(head[:12]); !strings.Contains(string(out), want) {
		t.Errorf("dutydesk --version printed %q, want it to say %q", out, want)
	}
}
