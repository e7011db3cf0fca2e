package desk

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/internal/pgtest"
)

// The crash test: a process writing snapshots as fast as it can is killed
// with SIGKILL at a random moment, again and again; after each kill a desk
// opened on the store must be the desk a full replay gives. Runs come from
// DUTYDESK_CRASH_RUNS (a few by default; BENCH.md records a run of 50).

const crashHelperEnv = "DUTYDESK_SNAPSHOT_CRASH_HELPER"

// TestCrashHelperWritesSnapshots is the process the crash test kills; it
// does nothing unless started by it.
func TestCrashHelperWritesSnapshots(t *testing.T) {
	where := os.Getenv(crashHelperEnv)
	if where == "" {
		t.Skip("started only by the snapshot crash test")
	}
	st := openCrashStore(t, where)
	for {
		start := time.Now()
		if _, err := WriteSnapshot(context.Background(), st, t.Logf); err != nil {
			// As the desk does (maybeSnapshot): a failed snapshot, such as
			// one that waited out busy_timeout behind the test's own large
			// appends on a loaded machine, is logged and the writer goes on.
			fmt.Printf("failed %v\n", err)
			continue
		}
		// The crash test times its kill from this line.
		fmt.Printf("wrote %d\n", time.Since(start))
	}
}

func openCrashStore(t *testing.T, where string) SnapshotStore {
	t.Helper()
	var (
		st  SnapshotStore
		err error
	)
	if strings.HasPrefix(where, "postgres") {
		st, err = OpenPostgres(context.Background(), where)
	} else {
		st, err = OpenSQLite(where)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestKillingASnapshotWriterAtRandomNeverStartsAWrongDesk(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) {
		testSnapshotCrash(t, filepath.Join(t.TempDir(), "desk.db"))
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		testSnapshotCrash(t, pgtest.DB(t))
	})
}

func testSnapshotCrash(t *testing.T, where string) {
	runs := envInt(t, "DUTYDESK_CRASH_RUNS", 2)
	ctx := context.Background()
	st := openCrashStore(t, where)
	clock := &fakeClock{now: time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)}
	opts := fixtureOptions(clock.Now)
	opts.SnapshotEvery = -1
	d, err := Open(ctx, st, opts)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	grow := func() {
		batch := make([]feeds.Event, 800)
		for i := range batch {
			n := d.LastSeq() + int64(i)
			batch[i] = mention(fmt.Sprint("c", n), fmt.Sprint("@p", rng.Intn(500), "@m.example"), fmt.Sprint("question number ", n, " about the A595 and London Rd"))
		}
		if err := d.Ingest(ctx, batch); err != nil {
			t.Fatal(err)
		}
		for _, q := range d.Questions()[:200] {
			d.Acknowledge(ctx, "ellis", q.ID)
		}
	}
	grow()
	kills, midWrite := 0, 0
	for run := 0; run < runs; run++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelperWritesSnapshots$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashHelperEnv+"="+where)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Once one snapshot is written, kill at a random point of the next
		// one or two: folding, encoding or storing.
		lines := bufio.NewScanner(out)
		var took time.Duration
		for lines.Scan() {
			if _, err := fmt.Sscanf(lines.Text(), "wrote %d", &took); err == nil {
				break
			}
		}
		if took == 0 {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatal("the snapshot writer ended before writing a snapshot")
		}
		var tail strings.Builder // what the writer said after its first snapshot
		copied := make(chan struct{})
		go func() { io.Copy(&tail, out); close(copied) }()
		if run%2 == 1 {
			grow() // events the written snapshot lacks: a tail to replay after it
		}
		time.Sleep(time.Duration(rng.Int63n(int64(2 * took))))
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		<-copied
		err = cmd.Wait()
		if err == nil || !strings.Contains(err.Error(), "killed") {
			t.Fatalf("the snapshot writer was not killed but ended: %v; it said:\n%s", err, tail.String())
		}
		if n := strings.Count(tail.String(), "failed "); n > 0 {
			t.Logf("run %d: %d snapshots failed before the kill (the writer went on)", run, n)
		}
		kills++
		evs, err := d.Events(0)
		if err != nil {
			t.Fatal(err)
		}
		full := foldEvents(t, newState(), evs)

		fresh := openCrashStore(t, where)
		got, err := Open(ctx, fresh, opts)
		if err != nil {
			t.Fatalf("run %d: after a kill the store does not open: %v", run, err)
		}
		if got.snaps.seq == full.lastSeq {
			midWrite++
		}
		s := got.state
		s.people, s.order = nil, nil
		sameState(t, &s, &full)
		fresh.Close()
	}
	t.Logf("%d kills; %d starts used a snapshot of the whole log, the others an older one and its tail", kills, midWrite)
}
