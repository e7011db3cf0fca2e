package main

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyStore copies the desk package's fixture store, written by an older
// dutydesk, so that verify also upgrades it as a user's store would be.
func copyStore(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../desk/testdata/schema1.db")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "desk.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestVerifyExitsZeroOnAnIntactLogAndOneNamingTheChangedEvent(t *testing.T) {
	path := copyStore(t)
	var out, errb bytes.Buffer
	if code := dispatch([]string{"verify", "--db", path}, nil, &out, &errb); code != 0 || !strings.Contains(out.String(), "intact: 57 events") {
		t.Fatalf("verify an intact store: exit %d, %q %q", code, out.String(), errb.String())
	}
	head := strings.TrimSpace(out.String()[strings.LastIndex(out.String(), " ")+1:])

	var export bytes.Buffer
	if code := dispatch([]string{"export", "--db", path, "--from", "2026-11-30 20:00", "--to", "2026-11-30 21:00"}, nil, &export, &errb); code != 0 {
		t.Fatalf("export: exit %d, %q", code, errb.String())
	}
	if !strings.Contains(export.String(), `"chain_head":"`+head+`"`) || strings.Count(export.String(), `"seq":`) != 57 {
		t.Fatalf("the export lacks the chain head verify printed (%s) or some of the 57 events:\n%s", head, export.String())
	}

	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE events SET actor = 'ellis' WHERE seq = 33 AND actor != 'ellis'`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE events SET actor = 'khan' WHERE seq = 33 AND actor = 'ellis'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out.Reset()
	if code := dispatch([]string{"verify", "--db", path}, nil, &out, &errb); code != 1 || !strings.Contains(out.String(), "event 33 was changed") {
		t.Fatalf("verify a changed store: exit %d, %q; want 1 naming event 33", code, out.String())
	}
}

func TestVerifyRefusesAStoreThatIsNotThere(t *testing.T) {
	var out, errb bytes.Buffer
	missing := filepath.Join(t.TempDir(), "typo.db")
	if code := dispatch([]string{"verify", "--db", missing}, nil, &out, &errb); code != 1 || !strings.Contains(errb.String(), "no desk at") {
		t.Fatalf("exit %d, %q", code, errb.String())
	}
	if _, err := os.Stat(missing); err == nil {
		t.Fatal("verify created a store where there was none")
	}
}
