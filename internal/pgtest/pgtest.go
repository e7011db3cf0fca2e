// Package pgtest gives tests a throwaway PostgreSQL database of their own on
// the server named by DUTYDESK_PG (see .ci/pg.sh).
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Server returns the test server's URL from DUTYDESK_PG. Without one the test
// is skipped, except in CI, where that is a failure: a CI run that silently
// skipped the PostgreSQL tests would vouch for code nobody tested.
func Server(t testing.TB) string {
	t.Helper()
	u := os.Getenv("DUTYDESK_PG")
	if u == "" {
		const how = `start one with: eval "$(bash .ci/pg.sh start)"; trap 'bash .ci/pg.sh stop' EXIT`
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but DUTYDESK_PG is not, so the PostgreSQL tests cannot run; " + how)
		}
		t.Skip("DUTYDESK_PG is unset: skipping the PostgreSQL tests; " + how)
	}
	return u
}

// DB creates a database for one test (so that tests see neither each other's
// events nor their notifications and locks), drops it when the test ends, and
// returns its URL.
func DB(t testing.TB) string {
	t.Helper()
	server := Server(t)
	ctx := context.Background()
	b := make([]byte, 6)
	rand.Read(b)
	name := "dutydesk_test_" + hex.EncodeToString(b)
	admin, err := pgx.Connect(ctx, server)
	if err != nil {
		t.Fatalf("connect to DUTYDESK_PG: %v", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database (the role needs CREATEDB): %v", err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, server)
		if err != nil {
			t.Errorf("drop test database %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		// FORCE cannot end a connection the test role does not own, such
		// as an autovacuum worker that has just started on the database:
		// it is gone within moments, so try again for a while.
		deadline := time.Now().Add(10 * time.Second)
		for {
			_, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			if err == nil {
				return
			}
			if time.Now().After(deadline) {
				t.Errorf("drop test database %s: %v", name, err)
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	if strings.HasPrefix(server, "postgres://") || strings.HasPrefix(server, "postgresql://") {
		u, err := url.Parse(server)
		if err != nil {
			t.Fatalf("DUTYDESK_PG is not a valid URL: %v", err)
		}
		u.Path = "/" + name
		return u.String()
	}
	return server + " dbname=" + name // key=value form: the last setting wins
}

// advisoryLocks are the advisory locks of the connected database only: the
// cluster is shared with other tests.
const advisoryLocks = `FROM pg_locks WHERE locktype = 'advisory'
	AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`

// countLocks counts, with what, over the advisory locks of conn's database
// that match where; the test fails if it cannot.
func countLocks(t testing.TB, conn *pgx.Conn, what, where string) int {
	t.Helper()
	var n int
	if err := conn.QueryRow(context.Background(), "SELECT "+what+" "+advisoryLocks+" AND "+where).Scan(&n); err != nil {
		t.Fatalf("count advisory locks: %v", err)
	}
	return n
}

// connect opens a connection to db for a look at its locks; the caller
// closes it (benchmarks call KillLeader and WaitForWaiters once an op).
func connect(t testing.TB, db string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

// KillLeader ends the database connection that holds an advisory lock in the
// database at db, as a network fault between a leader and the database
// would, and fails the test unless exactly one connection was ended.
func KillLeader(t testing.TB, db string) {
	t.Helper()
	conn := connect(t, db)
	defer conn.Close(context.Background())
	if killed := countLocks(t, conn, "count(pg_terminate_backend(pid))", "granted"); killed != 1 {
		t.Fatalf("terminate the leader's connection: killed %d, want 1", killed)
	}
}

// WaitForWaiters waits until exactly want connections wait for an advisory
// lock in the database at db — hosts queued for a leadership — and fails the
// test, saying what it waited for, if that does not happen within limit.
func WaitForWaiters(t testing.TB, db string, want int, limit time.Duration, what string) {
	t.Helper()
	conn := connect(t, db)
	defer conn.Close(context.Background())
	deadline := time.Now().Add(limit)
	for {
		waiting := countLocks(t, conn, "count(*)", "NOT granted")
		if waiting == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d connections wait for an advisory lock, want %d", what, waiting, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
