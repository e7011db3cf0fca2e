package desk

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/internal/pgtest"
)

// pgHost is one "host" of a multi-host deployment: its own store (own pool,
// own LISTEN connection) and its own desk, following the shared database.
type pgHost struct {
	store *PostgresStore
	desk  *Desk
}

func openPGHost(t testing.TB, u string, every time.Duration, follow bool) pgHost {
	t.Helper()
	st := openPG(t, u)
	if every > 0 {
		st.every = every
	}
	clock := &fakeClock{now: time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)}
	d, err := Open(context.Background(), st, Options{People: team, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	if follow {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- d.Follow(ctx) }()
		t.Cleanup(func() {
			cancel()
			if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
				t.Errorf("follow: %v", err)
			}
		})
	}
	return pgHost{store: st, desk: d}
}

// waitFor polls cond on every change the desk publishes, up to limit.
func waitFor(t *testing.T, d *Desk, limit time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	changes, cancel := d.Subscribe()
	defer cancel()
	start := time.Now()
	deadline := time.After(limit)
	for !cond() {
		select {
		case <-changes:
		case <-time.After(10 * time.Millisecond):
		case <-deadline:
			t.Fatalf("%s: not seen within %v", what, limit)
		}
	}
	return time.Since(start)
}

func TestPostgresHostsSeeEachOtherWithinASecond(t *testing.T) {
	u := pgtest.DB(t)
	ctx := context.Background()
	// The safety net is set far beyond the limit, so that only NOTIFY can
	// deliver the changes in time.
	a := openPGHost(t, u, time.Hour, true)
	b := openPGHost(t, u, time.Hour, true)

	if err := a.desk.Ingest(ctx, []feeds.Event{mention("q1", "@amy", "Is the A595 closed?")}); err != nil {
		t.Fatal(err)
	}
	took := waitFor(t, b.desk, time.Second, "host B sees host A's question", func() bool {
		_, ok := b.desk.Question("q1")
		return ok
	})
	t.Logf("A → B in %v", took)
	if err := b.desk.Assign(ctx, "morris", "q1", "ellis"); err != nil {
		t.Fatalf("host B assigns after following: %v", err)
	}
	took = waitFor(t, a.desk, time.Second, "host A sees host B's assignment", func() bool {
		q, _ := a.desk.Question("q1")
		return q.Assignee == "ellis"
	})
	t.Logf("B → A in %v", took)
	if a.desk.LastSeq() != b.desk.LastSeq() {
		t.Fatalf("hosts at seq %d and %d", a.desk.LastSeq(), b.desk.LastSeq())
	}
	if h := b.desk.Health()["store"]; h != "live" {
		t.Errorf("store health %q, want live", h)
	}
}

func TestPostgresFollowCatchesUpWithoutNotification(t *testing.T) {
	u := pgtest.DB(t)
	ctx := context.Background()
	b := openPGHost(t, u, 200*time.Millisecond, true)
	// Store an event the way Append does but without pg_notify: a lost
	// notification. Only the safety net can bring it to host B.
	ev, err := newEvent(EvItemArrived, SystemActor, time.Now().UTC(), itemPayload{Item: itemRecord(mention("q1", "@amy", "hello").Item)})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE dutydesk_head SET seq = 1 WHERE seq = 0"); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "INSERT INTO dutydesk_events (seq, type, actor, at_ns, payload) VALUES (1, $1, $2, $3, $4)",
			string(ev.Type), ev.Actor, ev.At.UnixNano(), []byte(ev.Payload))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, b.desk, 3*time.Second, "host B catches up without a notification", func() bool {
		_, ok := b.desk.Question("q1")
		return ok
	})
}

func TestPostgresFollowReconnects(t *testing.T) {
	u := pgtest.DB(t)
	ctx := context.Background()
	a := openPGHost(t, u, 0, false)
	b := openPGHost(t, u, time.Hour, true) // no safety net: the reconnect must do
	waitFor(t, b.desk, 2*time.Second, "host B follows", func() bool { return b.desk.Health()["store"] == "live" })
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	// The database restarts, or a DBA kills the LISTEN connection. Changes
	// made while it is down must still arrive.
	var killed int
	err = conn.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = 'dutydesk follow' AND datname = current_database()`).Scan(&killed)
	if err != nil || killed != 1 {
		t.Fatalf("kill the LISTEN connection: killed %d, %v", killed, err)
	}
	if err := a.desk.Ingest(ctx, []feeds.Event{mention("q1", "@amy", "hello")}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b.desk, 3*time.Second, "host B sees a change made while its LISTEN was down", func() bool {
		_, ok := b.desk.Question("q1")
		return ok
	})
	time.Sleep(300 * time.Millisecond) // let it LISTEN again
	if err := a.desk.Ingest(ctx, []feeds.Event{mention("q2", "@bob", "hello again")}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b.desk, time.Second, "host B hears notifications again", func() bool {
		_, ok := b.desk.Question("q2")
		return ok
	})
}

func TestPostgresConcurrentAssignHasOneWinner(t *testing.T) {
	u := pgtest.DB(t)
	ctx := context.Background()
	// Not following: both hosts act on the same state, the tightest race.
	a := openPGHost(t, u, 0, false)
	b := openPGHost(t, u, 0, false)
	const rounds = 10
	var batch []feeds.Event
	for i := 0; i < rounds; i++ {
		batch = append(batch, mention(fmt.Sprintf("q%d", i), "@amy", fmt.Sprintf("question %d", i)))
	}
	if err := a.desk.Ingest(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if err := b.desk.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < rounds; i++ {
		id := fmt.Sprintf("q%d", i)
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make([]error, 2)
		for j, h := range []pgHost{a, b} {
			wg.Add(1)
			go func(j int, d *Desk) {
				defer wg.Done()
				<-start
				errs[j] = d.Assign(ctx, "morris", id, "ellis")
			}(j, h.desk)
		}
		close(start)
		wg.Wait()
		wins := 0
		for _, err := range errs {
			switch {
			case err == nil:
				wins++
			case errors.Is(err, ErrConflict) || errors.Is(err, ErrIllegal):
				// the loser's person is told
			default:
				t.Fatalf("%s: unexpected error %v", id, err)
			}
		}
		if wins != 1 {
			t.Fatalf("%s: %d winners (%v)", id, wins, errs)
		}
		// The loser has caught up already (commit does on ErrConflict); the
		// winner is current. Both now show the one assignment.
		for _, h := range []pgHost{a, b} {
			if err := h.desk.CatchUp(ctx); err != nil {
				t.Fatal(err)
			}
			if q, _ := h.desk.Question(id); q.State != StateAssigned || q.Assignee != "ellis" {
				t.Fatalf("%s: %+v", id, q)
			}
		}
	}
	evs, err := a.desk.Events(0)
	if err != nil {
		t.Fatal(err)
	}
	assigned := 0
	for _, ev := range evs {
		if ev.Type == EvAssigned {
			assigned++
		}
	}
	if assigned != rounds {
		t.Fatalf("%d assignment events stored for %d questions", assigned, rounds)
	}
}

func TestPostgresLeadHandsOver(t *testing.T) {
	u := pgtest.DB(t)
	s1, s2, s3 := openPG(t, u), openPG(t, u), openPG(t, u)
	for _, s := range []*PostgresStore{s1, s2, s3} {
		s.every = 100 * time.Millisecond // detect a dead connection quickly
	}
	const name = "mastodon:@team3@police.example"

	ctx1, cancel1 := context.WithCancel(context.Background())
	defer cancel1()
	lost1, err := s1.Lead(ctx1, name)
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		lost <-chan struct{}
		err  error
	}
	lead := func(s *PostgresStore, ctx context.Context) <-chan result {
		ch := make(chan result, 1)
		go func() {
			lost, err := s.Lead(ctx, name)
			ch <- result{lost, err}
		}()
		return ch
	}
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	got2 := lead(s2, ctx2)
	select {
	case r := <-got2:
		t.Fatalf("a second leader while the first holds on: %v", r.err)
	case <-time.After(300 * time.Millisecond):
	}

	// The first leader resigns.
	cancel1()
	select {
	case <-lost1:
	case <-time.After(2 * time.Second):
		t.Fatal("lost did not close when the leader's context was cancelled")
	}
	var lost2 <-chan struct{}
	select {
	case r := <-got2:
		if r.err != nil {
			t.Fatal(r.err)
		}
		lost2 = r.lost
	case <-time.After(3 * time.Second):
		t.Fatal("the waiting host did not take over after the leader resigned")
	}

	// The second leader's connection dies (its host vanishes, or a DBA
	// kills it): it must notice, and a third host takes over.
	ctx3, cancel3 := context.WithCancel(context.Background())
	defer cancel3()
	got3 := lead(s3, ctx3)
	pgtest.KillLeader(t, u)
	select {
	case <-lost2:
	case <-time.After(3 * time.Second):
		t.Fatal("lost did not close when the leader's connection died")
	}
	select {
	case r := <-got3:
		if r.err != nil {
			t.Fatal(r.err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("no takeover after the leader's connection died")
	}

	// Waiting can be given up.
	ctx4, cancel4 := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel4()
	if _, err := s1.Lead(ctx4, name); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("waiting past the deadline: %v", err)
	}
	// ...and leaves no waiter behind in the server to take the lock later
	// (in this test's database: the cluster is shared with other tests).
	pgtest.WaitForWaiters(t, u, 0, 2*time.Second, "waiters left in the server after giving up")
}

func TestPostgresRefusesNewerSchema(t *testing.T) {
	u := pgtest.DB(t)
	ctx := context.Background()
	// Hosts starting together migrate once, without tripping on each other.
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			st, err := OpenPostgres(ctx, u)
			if err == nil {
				st.Close()
			}
			errs[i] = err
		}(i)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("concurrent first start: %v", err)
		}
	}
	st := openPG(t, u)
	if _, err := st.pool.Exec(ctx, "INSERT INTO dutydesk_schema (version) VALUES ($1)", len(pgMigrations)+1); err != nil {
		t.Fatal(err)
	}
	_, err := OpenPostgres(ctx, u)
	if !errors.Is(err, errNewerSchema) || !strings.Contains(err.Error(), "upgrade dutydesk") {
		t.Fatalf("opening a newer schema: %v", err)
	}
	t.Log(err)
}

func TestPostgresErrorsHideThePassword(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	const secret = "Sup3rSecretPw"
	for _, u := range []string{
		"postgres://desk:" + secret + "@127.0.0.1:1/dutydesk?sslmode=disable&connect_timeout=2", // nothing listens on port 1
		"postgres://desk:" + secret + "@127.0.0.1:notaport/dutydesk",
		"host=127.0.0.1 port=1 user=desk password=" + secret + " dbname=dutydesk sslmode=disable connect_timeout=2",
		"host=127.0.0.1 port=x password=" + secret,
	} {
		_, err := OpenPostgres(ctx, u)
		if err == nil {
			t.Fatalf("%q opened", u)
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("the password shows in: %v", err)
		}
	}
}
