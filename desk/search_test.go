package desk

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/internal/pgtest"
)

func TestAStoreWrittenByAnOlderDutydeskIsIndexedForSearchWhenUpgraded(t *testing.T) {
	ctx := context.Background()
	d := openFixture(t, copyFixture(t)) // schema 1: no subjects, no search index
	ss := d.store.(SearchStore)
	got, err := ss.Search(ctx, searchTerms("A595 edited"), 10)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, []string{"q1"}) {
		t.Fatalf("search of the upgraded fixture found %v, want [q1]", got)
	}
	q, ok, err := d.ArchivedQuestion(ctx, "q1")
	live, _ := d.Question("q1")
	if err != nil || !ok || q.State != live.State || q.Item.Text != live.Item.Text || !reflect.DeepEqual(q.Replies, live.Replies) {
		t.Fatalf("q1 folded from its own events: %+v %v %v\nthe desk has %+v", q, ok, err, live)
	}
}

func TestAPostgresStoreOfSchema3IsIndexedForSearchWhenUpgraded(t *testing.T) {
	ctx := context.Background()
	u := pgtest.DB(t)
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	// The database as the build before search left it: schema 3, one arrival.
	if _, err := conn.Exec(ctx, `CREATE TABLE dutydesk_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		t.Fatal(err)
	}
	for v := 0; v < pgSearchSchema-1; v++ {
		if _, err := conn.Exec(ctx, pgMigrations[v]); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, "INSERT INTO dutydesk_schema (version) VALUES ($1)", v+1); err != nil {
			t.Fatal(err)
		}
	}
	ev, err := newEvent(EvItemArrived, SystemActor, time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC),
		itemPayload{Item: itemRecord{ID: "q1", Kind: feeds.KindMention, Author: "@amy", Text: "Is the A595 still closed near Bothel?"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `INSERT INTO dutydesk_events (seq, type, actor, at_ns, payload, hash) VALUES (1, $1, $2, $3, $4, $5)`,
		string(ev.Type), ev.Actor, ev.At.UnixNano(), []byte(ev.Payload), newChainer().hash(genesis, ev)); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `UPDATE dutydesk_head SET seq = 1`); err != nil {
		t.Fatal(err)
	}
	st := openPG(t, u)
	got, err := st.Search(ctx, searchTerms("bothel A595"), 10)
	if err != nil || !reflect.DeepEqual(got, []string{"q1"}) {
		t.Fatalf("search of the upgraded database found %v (%v), want [q1]", got, err)
	}
}
