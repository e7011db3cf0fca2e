package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/desk"
)

// After the demo, `dutydesk report --db` on its file without a config
// named people by their IDs ("reply by khan") and listed nobody in the
// per-person table (issue 15, finding 8; issue 13, item 7): the names come
// from the store now, which the demo wrote them to.
func TestReportOnTheDemosDeskNamesPeopleWithoutAConfig(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	db := filepath.Join(dir, "demo.db")
	p := startProc(t, bin, "demo", "--speed", "50", "--db", db)
	if !p.await(regexp.MustCompile(`Inbound`), wait) {
		t.Fatalf("the demo did not draw:\n%s\n%s", p.screen.String(), p.stderr.String())
	}
	// Until one of the scripted people has written a draft.
	deadline := time.Now().Add(time.Minute)
	for !draftBy(t, db, "khan") {
		if time.Now().After(deadline) {
			t.Fatal("PC Khan's scripted draft never reached the store")
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.press("q")
	<-p.done

	out, err := exec.Command(bin, "report", "--db", db, "--since", "24h").CombinedOutput()
	if err != nil {
		t.Fatalf("report: %v\n%s", err, out)
	}
	report := string(out)
	for _, want := range []string{"| Sgt Morris |", "| PC Khan |", "by PC Khan"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}
	if strings.Contains(report, "by khan") {
		t.Errorf("the report names a person by their ID:\n%s", report)
	}
}

// draftBy says whether the store at db holds a draft written by person.
func draftBy(t *testing.T, db, person string) bool {
	t.Helper()
	st, err := desk.OpenSQLite(db)
	if err != nil {
		return false // not created yet
	}
	defer st.Close()
	d, err := desk.Open(context.Background(), st, desk.Options{SnapshotEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Shutdown()
	for _, dr := range d.Drafts() {
		if dr.Author == person {
			return true
		}
	}
	return false
}
