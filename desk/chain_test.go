package desk

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/internal/pgtest"
)

// tamper edits a closed SQLite store's file directly, as someone with the
// file and the sqlite3 tool could.
func tamper(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func verifyFile(t *testing.T, path string) (VerifyResult, error) {
	t.Helper()
	st, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	return Verify(context.Background(), st)
}

func TestAnOlderStoreIsUpgradedToAnIntactChain(t *testing.T) {
	path := copyFixture(t)
	res, err := verifyFile(t, path)
	if err != nil {
		t.Fatalf("the upgraded fixture store does not verify: %v", err)
	}
	if res.Events != 57 || res.Last != 57 || len(res.Head) != ChainHashSize {
		t.Fatalf("verified %+v, want the fixture's 57 events and a head", res)
	}
	// The chain goes on from the upgraded events, and still verifies.
	d := openFixture(t, path)
	ingest(t, d, mention("new1", "@amy@mastodon.social", "Still closed?"))
	if err := d.Acknowledge(context.Background(), "morris", "new1"); err != nil {
		t.Fatal(err)
	}
	d.store.Close()
	again, err := verifyFile(t, path)
	if err != nil || again.Events < 59 {
		t.Fatalf("after more events: %+v, %v; want 59 or more intact", again, err)
	}
}

func TestVerifyNamesTheFirstEventChangedRemovedOrInserted(t *testing.T) {
	for _, c := range []struct {
		name  string
		stmts []string
		seq   int64
		what  string
	}{
		{"a changed text", []string{`UPDATE events SET payload = CAST(replace(CAST(payload AS TEXT), 'surgery', 'surgeon') AS BLOB) WHERE seq = 12`}, 12, "changed"},
		{"a changed actor", []string{`UPDATE events SET actor = 'someone else' WHERE seq = 30`}, 30, "changed"},
		{"a changed time", []string{`UPDATE events SET at = at + 1 WHERE seq = 3`}, 3, "changed"},
		{"a removed event", []string{`DELETE FROM events WHERE seq = 20`}, 20, "removed"},
		{"the first event removed", []string{`DELETE FROM events WHERE seq = 1`}, 1, "removed"},
		{"the last event removed", []string{`DELETE FROM events WHERE seq = 57`}, 57, "removed"},
		{"an event inserted", []string{
			`UPDATE events SET seq = -seq WHERE seq >= 25`,
			`UPDATE events SET seq = 1 - seq WHERE seq < 0`,
			`INSERT INTO events(seq, type, actor, at, payload, hash) SELECT 25, 'question.dismissed', 'morris', at, '{"question":"q2"}', hash FROM events WHERE seq = 24`,
		}, 25, "inserted"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := copyFixture(t)
			if _, err := verifyFile(t, path); err != nil { // upgrade it, and see it intact
				t.Fatal(err)
			}
			tamper(t, path, c.stmts...)
			_, err := verifyFile(t, path)
			var bad *Tampering
			if !errors.As(err, &bad) {
				t.Fatalf("verify after %s: %v, want the tampering named", c.name, err)
			}
			if bad.Seq != c.seq || bad.What != c.what {
				t.Fatalf("verify said %q, want event %d %s", err, c.seq, c.what)
			}
		})
	}
}

func TestTheChainOnPostgresVerifiesAndShowsAChange(t *testing.T) {
	u := pgtest.DB(t)
	ctx := context.Background()
	st, err := OpenPostgres(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	clock := &fakeClock{now: time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)}
	d, err := Open(ctx, st, fixtureOptions(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"p1", "p2", "p3"} {
		ingest(t, d, mention(id, "@amy@m.example", "question "+id))
		if err := d.Acknowledge(ctx, "ellis", id); err != nil {
			t.Fatal(err)
		}
	}
	// A second host appends too: its chain goes on from the first's.
	other, err := OpenPostgres(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	d2, err := Open(ctx, other, fixtureOptions(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	if err := d2.Close(ctx, "morris", "p1"); err != nil {
		t.Fatal(err)
	}
	if err := d.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if err := d.Dismiss(ctx, "morris", "p2"); err != nil {
		t.Fatal(err)
	}
	res, err := Verify(ctx, st)
	if err != nil || res.Events != 8 {
		t.Fatalf("verify: %+v, %v; want 8 intact events", res, err)
	}
	if string(res.Head) != string(d.state.head) {
		t.Fatalf("verify's head %x is not the desk's %x", res.Head, d.state.head)
	}
	if _, err := st.pool.Exec(ctx, `UPDATE dutydesk_events SET actor = 'khan' WHERE seq = 4`); err != nil {
		t.Fatal(err)
	}
	_, err = Verify(ctx, st)
	var bad *Tampering
	if !errors.As(err, &bad) || bad.Seq != 4 || bad.What != "changed" {
		t.Fatalf("verify after a change: %v, want event 4 changed", err)
	}
}
