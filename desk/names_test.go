package desk

import (
	"context"
	"path/filepath"
	"testing"
)

// A writer stores who is who once; a reader of the store without a config
// then has the roster — names, roles, and shifts as the events left them —
// and a store written before roster.named existed opens with nobody named.
func TestARosterStoredOnceNamesPeopleForAReaderWithoutTheConfig(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	open := func(people []Person) (*Desk, func()) {
		st, err := OpenSQLite(path)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Open(ctx, st, Options{People: people, SnapshotEvery: -1})
		if err != nil {
			t.Fatal(err)
		}
		return d, func() { d.Shutdown(); st.Close() }
	}

	d, done := open(team)
	if _, ok := d.Person("khan"); !ok {
		t.Fatal("the configured roster is not in force")
	}
	done()
	d, done = open(nil)
	if _, ok := d.Person("khan"); ok {
		t.Fatal("a roster nobody stored was read back")
	}
	done()

	d, done = open(team)
	if err := d.RecordRoster(ctx, team); err != nil {
		t.Fatal(err)
	}
	if err := d.SetShift(ctx, "morris", "khan", true); err != nil {
		t.Fatal(err)
	}
	seq := d.LastSeq()
	if err := d.RecordRoster(ctx, team); err != nil || d.LastSeq() != seq {
		t.Fatalf("an unchanged roster was stored again (%v, %d events after %d)", err, d.LastSeq(), seq)
	}
	done()

	d, done = open(nil)
	defer done()
	khan, ok := d.Person("khan")
	if !ok || khan.Name != "PC Khan" || khan.Role != RoleOfficer || !khan.OnShift {
		t.Fatalf("a reader without the config sees khan as %+v, %v; want PC Khan, officer, on shift", khan, ok)
	}
	if d.People()[0].Name != "Sgt Morris" {
		t.Errorf("the roster order is not the stored one: %+v", d.People())
	}
}
