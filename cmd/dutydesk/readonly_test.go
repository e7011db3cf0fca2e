package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/dutydesk/dutydesk/desk"
)

// nobody is the user the permission tests run dutydesk as when they run as
// root, whom file modes do not stop.
const nobody = 65534

// asUser runs bin with args as a user file modes apply to (this one, or
// nobody when this is root), with keys on a pipe as a terminal would send
// them, and returns the exit status and what it printed. A console that does
// not exit within the wait is killed: status -1.
func asUser(t *testing.T, bin string, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	home := t.TempDir()
	cmd.Env = []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "XDG_DATA_HOME=" + filepath.Join(home, "data"), "NO_COLOR=1", "TERM=dumb", "PATH=" + os.Getenv("PATH")}
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	}
	keys, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var out bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = keys, &out, &out
	err = cmd.Run()
	keys.Close()
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return -1, out.String()
	case errors.As(err, &ee):
		return ee.ExitCode(), out.String()
	case err != nil:
		if errors.Is(err, syscall.EPERM) {
			t.Skipf("cannot run as another user here: %v", err)
		}
		t.Fatal(err)
	}
	return 0, out.String()
}

// open lets everyone into the directories from dir up to the temp root and
// run the binary, so that the other user reaches the files under test.
func openToAll(t *testing.T, bin string, dirs ...string) {
	t.Helper()
	for _, d := range append(dirs, filepath.Dir(bin)) {
		for ; d != filepath.Dir(d) && strings.HasPrefix(d, os.TempDir()) && d != os.TempDir(); d = filepath.Dir(d) {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// A read-only store opened without a word and the first action failed with
// "attempt to write a readonly database (8)" (issue 15, finding 8): the
// console now refuses at start, naming the file and the fix, while report
// still reads it.
func TestAReadOnlyStoreIsRefusedAtStartWithTheFix(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	st, err := desk.OpenSQLite(db)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	for _, f := range []string{db, db + "-wal", db + "-shm"} {
		if err := os.Chmod(f, 0o444); err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
	}
	openToAll(t, bin, dir)

	code, out := asUser(t, bin, "demo", "--db", db)
	if code != 1 || !strings.Contains(out, "the store "+db+" is read-only for you") || !strings.Contains(out, "chmod u+w "+db) {
		t.Fatalf("demo on a read-only store: exit %d, said %q; want 1, naming the file and the fix", code, out)
	}
	if code, out := asUser(t, bin, "report", "--db", db); code != 0 || !strings.Contains(out, "Shift report") {
		t.Fatalf("report on a read-only store: exit %d, said %q; want the report", code, out)
	}
}

// A directory the store cannot be made in was reported as "no such file or
// directory" (issue 15, finding 8): it is named as not writable.
func TestAStoreInADirectoryYouCannotWriteSaysSo(t *testing.T) {
	bin := buildBinary(t)
	dir := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	openToAll(t, bin, filepath.Dir(dir))
	code, out := asUser(t, bin, "demo", "--db", filepath.Join(dir, "demo.db"))
	if code != 1 || !strings.Contains(out, "the directory "+dir+" is not writable for you") || strings.Contains(out, "no such file") {
		t.Fatalf("demo in an unwritable directory: exit %d, said %q; want 1 and that the directory is not writable", code, out)
	}
}
