package main

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/dutydesk/dutydesk/feeds/mastodon"
	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
	"github.com/dutydesk/dutydesk/internal/desktest"
	"github.com/dutydesk/dutydesk/internal/pgtest"
)

// helpShown is the help overlay's title: drawn only if the console still
// takes keys and draws frames.
const helpShown = "All keys — any key closes"

// frameWithin is how long a key may take to show on a loaded machine; a
// console waiting on the store takes as long as the store, 5 to 30 s here.
const frameWithin = 3 * time.Second

// stopBackends stops (SIGSTOP, not kill) the PostgreSQL server processes
// serving the database at url — every connection the desk holds, its pool
// and its LISTEN — as a hung database server does, and continues them when
// the test ends, whatever happens. Only this test's database is stopped,
// not the postmaster: the cluster is shared with other tests, whose new
// connections must still be accepted.
func stopBackends(t *testing.T, url string) (resume func()) {
	t.Helper()
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	rows, err := admin.Query(ctx, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
	if err != nil {
		t.Fatal(err)
	}
	pids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil || len(pids) == 0 {
		t.Fatalf("find the desk's server processes: %v, %v", pids, err)
	}
	var stopped []int32
	resume = func() {
		for _, pid := range stopped {
			syscall.Kill(int(pid), syscall.SIGCONT)
		}
		stopped = nil
	}
	t.Cleanup(resume)
	for _, pid := range pids {
		if err := syscall.Kill(int(pid), syscall.SIGSTOP); err != nil {
			if errors.Is(err, syscall.EPERM) && len(stopped) == 0 {
				t.Skipf("cannot stop the PostgreSQL server's processes (run the tests as the cluster's owner): %v", err)
			}
			t.Fatalf("stop server process %d: %v", pid, err)
		}
		stopped = append(stopped, pid)
	}
	t.Logf("stopped %d server processes", len(stopped))
	return resume
}

// TestAStoppedDatabaseNeverFreezesTheConsole is the console as a sergeant
// met it on a shared PostgreSQL desk: the database's processes stopped (not
// dead) while an acknowledgement was on its way, and the console drew
// nothing — not even `?` — for the whole hang, while the bar said `store
// live`. Now the help opens at once, the bar says the database is not
// answering, and once the database runs again the desk goes on.
func TestAStoppedDatabaseNeverFreezesTheConsole(t *testing.T) {
	url := pgtest.DB(t)
	srv := mastotest.New(t)
	configPath := desktest.WriteTeamConfig(t, srv.URL(), srv.AddAccount("team"), 0o600)
	h := startRunArgs(t, []string{"--config", configPath, "--db", url}, mastodon.Options{BackoffMin: 10 * time.Millisecond, BackoffMax: 100 * time.Millisecond})
	srv.Mention("amy", "@team is the A595 open again?", "public")
	desktest.Eventually(t, "the mention on screen", h.seen("is the A595 open again?"))
	desktest.Eventually(t, "the store followed", func() bool { return h.desk.Health()["store"] == "live" })

	resume := stopBackends(t, url)
	mark := h.screen.Len()
	h.press("x\r") // acknowledge, silently: stored on a database that does not answer
	h.press("?")
	deadline := time.Now().Add(frameWithin)
	for !strings.Contains(h.screen.From(mark), helpShown) {
		if time.Now().After(deadline) {
			t.Fatalf("with the database stopped, `?` drew nothing for %v: the console is frozen", frameWithin)
		}
		time.Sleep(10 * time.Millisecond)
	}
	desktest.Eventually(t, "the status bar to say the database is not answering", h.seen("database not answering — changes are not being saved"))
	if q := h.desk.Questions(); len(q) != 1 || q[0].State != "new" {
		t.Fatalf("while the database is stopped the desk shows %+v, want the question still new", q)
	}

	resume()
	h.press("?") // close the help
	desktest.Eventually(t, "the acknowledgement saved, or said not to be", func() bool {
		s := h.screen.From(mark)
		return strings.Contains(s, " acknowledged") || strings.Contains(s, "not saved — database not answering")
	})
	desktest.Eventually(t, "the bar to say store live again", func() bool { return h.desk.Health()["store"] == "live" })
	saved := strings.Contains(h.screen.From(mark), " acknowledged")
	if q := h.desk.Questions(); len(q) != 1 || (q[0].State == "acknowledged") != saved {
		t.Fatalf("the screen said saved=%v, the desk shows %+v", saved, q)
	}
	h.quit()
}

// TestALockedSQLiteFileNeverFreezesTheConsole is the same on the embedded
// store: another program holds the file's write lock while an
// acknowledgement is on its way. The console keeps drawing, the change is
// refused as not saved, and it goes through once the lock is let go.
func TestALockedSQLiteFileNeverFreezesTheConsole(t *testing.T) {
	srv := mastotest.New(t)
	configPath := desktest.WriteTeamConfig(t, srv.URL(), srv.AddAccount("team"), 0o600)
	db := filepath.Join(filepath.Dir(configPath), "desk.db")
	h := startRunArgs(t, []string{"--config", configPath}, mastodon.Options{BackoffMin: 10 * time.Millisecond, BackoffMax: 100 * time.Millisecond})
	srv.Mention("amy", "@team is the A595 open again?", "public")
	desktest.Eventually(t, "the mention on screen", h.seen("is the A595 open again?"))

	other, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ctx := context.Background()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatalf("take the file's write lock: %v", err)
	}
	unlocked := false
	unlock := func() {
		if !unlocked {
			unlocked = true
			conn.ExecContext(ctx, "ROLLBACK")
		}
	}
	t.Cleanup(unlock)

	mark := h.screen.Len()
	h.press("x\r")
	h.press("?")
	deadline := time.Now().Add(frameWithin)
	for !strings.Contains(h.screen.From(mark), helpShown) {
		if time.Now().After(deadline) {
			t.Fatalf("with the file locked, `?` drew nothing for %v: the console is frozen", frameWithin)
		}
		time.Sleep(10 * time.Millisecond)
	}
	h.press("?")
	desktest.Eventually(t, "the acknowledgement refused as not saved", h.seen("not saved — desk file locked by another program"))
	if q := h.desk.Questions(); len(q) != 1 || q[0].State != "new" {
		t.Fatalf("after the refusal the desk shows %+v, want the question still new", q)
	}

	unlock()
	mark = h.screen.Len()
	h.press("x\r")
	desktest.Eventually(t, "the acknowledgement once the lock is let go", func() bool { return strings.Contains(h.screen.From(mark), " acknowledged") })
	h.quit()
}
