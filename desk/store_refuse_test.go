package desk

import (
	"bytes"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// refusedUntouched opens path as a store, wants a refusal saying want, and
// checks that the file is byte for byte as it was and nothing was left
// beside it.
func refusedUntouched(t *testing.T, path, want string) {
	t.Helper()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dirBefore, _ := os.ReadDir(filepath.Dir(path))
	st, err := OpenSQLite(path)
	if err == nil {
		st.Close()
		t.Fatalf("opened %s as a store", path)
	}
	if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), path) {
		t.Errorf("error %q: want it to name %s and say %q", err, path, want)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("%s was changed by the refused open", path)
	}
	dirAfter, _ := os.ReadDir(filepath.Dir(path))
	if len(dirAfter) != len(dirBefore) {
		var names []string
		for _, e := range dirAfter {
			names = append(names, e.Name())
		}
		t.Errorf("the refused open left files behind: %v", names)
	}
}

func TestStoreRefusesGarbageWithoutTouchingIt(t *testing.T) {
	for name, content := range map[string][]byte{
		"text":             []byte("these are the minutes of the parish council, not a database\n"),
		"random":           bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef, 0x00, 0x1b}, 5000),
		"truncated header": []byte("SQLite format 3\x00\x10\x00"),
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "desk.db")
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			refusedUntouched(t, path, "not a dutydesk store")
		})
	}
}

func TestStoreRefusesAForeignDatabaseWithoutTouchingIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "other.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"CREATE TABLE custody(id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO custody(name) VALUES ('J Bloggs')"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	refusedUntouched(t, path, "not made by dutydesk")
}

func TestStoreRefusesADamagedStoreWithoutTouchingIt(t *testing.T) {
	refusedUntouched(t, damagedStore(t), "damaged")
}

// damagedStore is a store of 200 events whose events table a failing disk
// has scribbled over.
func damagedStore(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "desk.db")
	st, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	var evs []Event
	for i := 0; i < 200; i++ {
		ev, _ := newEvent(EvItemArrived, SystemActor, time.Unix(0, 0), itemPayload{})
		evs = append(evs, ev)
	}
	if _, err := st.Append(t.Context(), 0, evs); err != nil {
		t.Fatal(err)
	}
	st.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) < 3*4096 {
		t.Fatalf("store is only %d bytes", len(raw))
	}
	// Scribble over the second page (the events table's b-tree), as a
	// failing disk might; the header still says dutydesk.
	for i := 4096 + 8; i < 2*4096; i++ {
		raw[i] = 0xa5
	}
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// A large store is opened at once and checked beside the start-up; damage
// found then refuses every write, said in plain words, and the file is
// left as it was for the audit trail.
func TestALargeDamagedStoreOpensToBeReadButTakesNoWrite(t *testing.T) {
	path := damagedStore(t)
	defer func(n int64) { checkBesideBytes = n }(checkBesideBytes)
	checkBesideBytes = 0 // every file is large
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := OpenSQLite(path)
	if err != nil {
		t.Fatalf("the store was refused before the start-up, not beside it: %v", err)
	}
	ev, _ := newEvent(EvItemArrived, SystemActor, time.Unix(0, 0), itemPayload{})
	_, err = st.Append(t.Context(), 200, []Event{ev})
	if !errors.Is(err, ErrStoreDamaged) || !strings.Contains(err.Error(), path) {
		t.Errorf("append to a damaged store: %v, want it refused as damaged, naming %s", err, path)
	}
	if cause := storeCause(err); !strings.Contains(cause, "damaged") {
		t.Errorf("the status bar would say %q", cause)
	}
	if err := st.PutSnapshot(t.Context(), Snapshot{Seq: 1}); !errors.Is(err, ErrStoreDamaged) {
		t.Errorf("snapshot into a damaged store: %v, want it refused as damaged", err)
	}
	st.Close()
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("%s was written after its damage was found", path)
	}
}

// A large intact store takes writes once its check has passed, and closing
// it while the check runs ends the check.
func TestALargeIntactStoreTakesWritesAfterItsCheck(t *testing.T) {
	defer func(n int64) { checkBesideBytes = n }(checkBesideBytes)
	checkBesideBytes = 0
	path := filepath.Join(t.TempDir(), "desk.db")
	st, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	ev, _ := newEvent(EvItemArrived, SystemActor, time.Unix(0, 0), itemPayload{})
	if _, err := st.Append(t.Context(), 0, []Event{ev}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	for i := 0; i < 3; i++ {
		st, err := OpenSQLite(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.check == nil {
			t.Fatal("the check did not run beside the start-up")
		}
		if i == 0 {
			ev, _ := newEvent(EvItemArrived, SystemActor, time.Unix(1, 0), itemPayload{})
			if _, err := st.Append(t.Context(), 1, []Event{ev}); err != nil {
				t.Fatalf("append after the check: %v", err)
			}
		}
		st.Close() // i > 0: perhaps while the check runs
	}
}
