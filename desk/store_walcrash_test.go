package desk

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A process killed in the middle of a WAL checkpoint leaves the main file
// half-updated: the pages being copied are torn, and the write-ahead log
// beside it still holds them whole. SQLite reads such a store correctly
// through its log; a look at the main file alone finds it "malformed". The
// snapshot crash test met this (a SIGKILL during a snapshot's checkpoint):
// the next start refused the desk's own store as "not a dutydesk store".
// Here the torn checkpoint is made by hand: the files copied while the
// store is open (what a kill leaves), and the main file's first page, which
// the log holds, overwritten.
func TestAStoreKilledMidCheckpointStillOpens(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "desk.db")
	d := openDesk(t, path, fixtureOptions(nil))
	ingest(t, d, mention("q0", "@amy", "Is the A595 closed?"))
	d.Shutdown()
	d.store.Close() // checkpoints: the main file holds everything so far

	st, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d, err = Open(context.Background(), st, fixtureOptions(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Shutdown()
	for i := 0; i < 40; i++ { // enough to grow the file: page 1 goes to the log
		ingest(t, d, mention("q"+string(rune('a'+i%26))+string(rune('a'+i/26)), "@bob", "When is the next surgery? I would like to ask about the A595 and London Rd"))
	}
	want := d.LastSeq()

	crashed := filepath.Join(t.TempDir(), "desk.db")
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(path + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if suffix == "" {
			// Torn: page 1 past its 100-byte header, as a checkpoint cut
			// short would leave it (the log has the whole page).
			for i := 100; i < 4096 && i < len(b); i++ {
				b[i] = 0xA5
			}
		}
		if err := os.WriteFile(crashed+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	again, err := OpenSQLite(crashed)
	if err != nil {
		t.Fatalf("the store a kill mid-checkpoint left does not open: %v", err)
	}
	defer again.Close()
	got, err := lastStoredSeq(context.Background(), again)
	if err != nil || got != want {
		t.Fatalf("the store opened with %d events (%v), want %d", got, err, want)
	}
}
