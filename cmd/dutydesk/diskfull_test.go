package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds/mastodon"
	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
	"github.com/dutydesk/dutydesk/internal/desktest"
)

// storeFault makes the store's disk refuse writes and undoes it.
type storeFault struct {
	name string
	// setUp returns the directory to keep the store in (nil error), or
	// why this machine cannot make the fault (skip).
	setUp   func(t *testing.T) (string, error)
	breakIt func(t *testing.T, dir, db string)
	mend    func(t *testing.T, dir, db string)
}

// smallDisk mounts a 8 MiB tmpfs for the store (root only).
func smallDisk(t *testing.T) (string, error) {
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=8m,mode=0700"); err != nil {
		return "", err
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir, nil
}

// fill writes a file until the disk is full.
func fill(t *testing.T, dir string) {
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("filling the disk: %v", err)
			}
			break
		}
	}
	// and the last few bytes
	for {
		if _, err := f.Write(chunk[:512]); err != nil {
			break
		}
	}
}

func chattr(t *testing.T, flag string, paths ...string) {
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		if out, err := exec.Command("chattr", flag, p).CombinedOutput(); err != nil {
			t.Fatalf("chattr %s %s: %v %s", flag, p, err, out)
		}
	}
}

var storeFaults = []storeFault{
	{
		name:    "disk full",
		setUp:   smallDisk,
		breakIt: func(t *testing.T, dir, _ string) { fill(t, dir) },
		mend: func(t *testing.T, dir, _ string) {
			if err := os.Remove(filepath.Join(dir, "filler")); err != nil {
				t.Fatal(err)
			}
		},
	},
	{
		name: "read-only store",
		setUp: func(t *testing.T) (string, error) {
			dir := t.TempDir()
			probe := filepath.Join(dir, "probe")
			os.WriteFile(probe, nil, 0o600)
			defer os.Remove(probe)
			if out, err := exec.Command("chattr", "+i", probe).CombinedOutput(); err != nil {
				return "", errors.New("chattr +i: " + strings.TrimSpace(string(out)))
			}
			exec.Command("chattr", "-i", probe).Run()
			return dir, nil
		},
		// The file and its write-ahead log made immutable under the running
		// desk (chmod does not stop root; chattr +i does).
		breakIt: func(t *testing.T, _, db string) {
			chattr(t, "+i", db, db+"-wal")
			t.Cleanup(func() { chattr(t, "-i", db, db+"-wal") })
		},
		mend: func(t *testing.T, _, db string) { chattr(t, "-i", db, db+"-wal") },
	},
}

// TestFullOrReadOnlyStoreFailsVisiblyAndLosesNothing runs the console on a
// store whose disk fills up (or turns read-only) under it: the arrival that
// cannot be stored is named in the status bar and retried, an
// acknowledgement fails saying it was not saved, and why, the
// console keeps answering keys, and once the disk has room again the
// arrival is stored, the acknowledgement works, and everything stored before
// is still there.
func TestFullOrReadOnlyStoreFailsVisiblyAndLosesNothing(t *testing.T) {
	for _, f := range storeFaults {
		t.Run(f.name, func(t *testing.T) {
			dir, err := f.setUp(t)
			if err != nil {
				t.Skipf("this machine cannot make a %s here: %v", f.name, err)
			}
			db := filepath.Join(dir, "desk.db")
			srv := mastotest.New(t)
			configPath := desktest.WriteTeamConfig(t, srv.URL(), srv.AddAccount("team"), 0o600)
			h := startRunArgs(t, []string{"--config", configPath, "--db", db}, mastodon.Options{BackoffMin: 10 * time.Millisecond, BackoffMax: 100 * time.Millisecond})

			srv.Mention("amy", "@team first: is the A595 open?", "public")
			desktest.Eventually(t, "the first mention", h.seen("first: is the A595"))
			before := h.desk.LastSeq()

			f.breakIt(t, dir, db)
			srv.Mention("bob", "@team second: lost my wallet", "public")
			desktest.Eventually(t, "the status bar to say the arrival cannot be stored", h.seen("changes are not being saved (retrying)"))
			mark := h.screen.Len()
			h.press("x\r") // x asks how; enter: silently
			desktest.Eventually(t, "the failed acknowledgement in the status bar", func() bool {
				s := h.screen.From(mark)
				return strings.Contains(s, "not saved — the disk is full") || strings.Contains(s, "not saved — disk I/O error") ||
					strings.Contains(s, "not saved — the desk's file is read-only")
			})
			if q := h.desk.Questions(); len(q) != 1 || q[0].State != desk.StateNew {
				t.Fatalf("after the failed acknowledgement the desk shows %+v", q)
			}
			// The console still answers: the Duty pane opens.
			mark = h.screen.Len()
			h.press("4")
			desktest.Eventually(t, "the console to answer a key", func() bool { return strings.Contains(h.screen.From(mark), "4 Duty") })

			f.mend(t, dir, db)
			h.press("1")
			desktest.Eventually(t, "the second mention once there is room", h.seen("second: lost my wallet"))
			mark = h.screen.Len()
			h.press("G")   // the first question, at the bottom
			h.press("x\r") // x asks how; enter: silently
			desktest.Eventually(t, "the acknowledgement once there is room", func() bool { return strings.Contains(h.screen.From(mark), " acknowledged") })
			h.quit()

			// Everything is there, and the file is sound.
			st, err := desk.OpenSQLite(db)
			if err != nil {
				t.Fatalf("the store does not open after the fault: %v", err)
			}
			defer st.Close()
			d, err := desk.Open(context.Background(), st, desk.Options{People: []desk.Person{{ID: "morris", Name: "Sgt Morris", Role: desk.RoleSupervisor}}})
			if err != nil {
				t.Fatal(err)
			}
			if d.LastSeq() <= before {
				t.Errorf("the store has %d events, had %d before the fault", d.LastSeq(), before)
			}
			states := map[string]desk.QuestionState{}
			for _, q := range d.Questions() {
				states[strings.SplitN(q.Item.Text, ":", 2)[0]] = q.State
			}
			if states["@team first"] != desk.StateAcknowledged || states["@team second"] != desk.StateNew {
				t.Errorf("after the fault the store has %v; want first acknowledged, second new", states)
			}
		})
	}
}
