package main

import (
	"bytes"
	"database/sql"
	"os"
	"os/exec"
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

// A sergeant on a station PC types the hour as the console shows it, in
// local time, as report and --at read it; export used to read the same
// words as UTC and left out the hour asked for (found in a read of the
// commands side by side).
func TestExportReadsItsPeriodInLocalTimeAsReportDoes(t *testing.T) {
	bin, path := buildBinary(t), copyStore(t)
	export := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"export", "--db", path}, args...)...)
		cmd.Env = append(os.Environ(), "TZ=America/New_York") // UTC-5 in November
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("export %v: %v\n%s", args, err, errb.String())
		}
		return out.String()
	}
	// The fixture's events were stored between 20:00 and 21:00 UTC on 30
	// November: 15:00 to 16:00 in New York.
	if n := strings.Count(export("--from", "2026-11-30 15:00", "--to", "2026-11-30 16:00"), `"seq":`); n != 57 {
		t.Errorf("export of 15:00–16:00 New York time: %d events, want the fixture's 57", n)
	}
	if n := strings.Count(export("--from", "2026-11-30 20:00", "--to", "2026-11-30 21:00"), `"seq":`); n != 0 {
		t.Errorf("export of 20:00–21:00 New York time: %d events, want none (they were stored five hours earlier)", n)
	}
	// An event number reads as in report: from event 50's time on.
	if out := export("--from", "#50"); !strings.Contains(out, `"seq":50,`) || !strings.Contains(out, `"seq":57,`) || strings.Contains(out, `"seq":1,`) {
		t.Errorf("export --from #50: want #50 to #57 and not #1:\n%s", out)
	}
}
