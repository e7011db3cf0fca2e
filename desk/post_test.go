package desk

import (
	"context"
	"path/filepath"
	"testing"
)

func TestResumePostingOnOneHostResumesEveryClaim(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	poster := &countingPoster{}
	d := openDesk(t, path, Options{Poster: poster, Host: "laptop"})
	id, err := d.CreateDraft(ctx, "morris", DraftInput{Text: "Road closure on Warwick Rd lifted."})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Approve(ctx, "morris", id, ""); err != nil {
		t.Fatal(err)
	}
	// The desk stopped mid-post, and starts again under another host name
	// (a renamed machine): with the embedded store nobody else can be
	// posting it, so it is resumed at once, with the same key, and no new
	// claim is stored.
	d.mu.Lock()
	err = d.record(ctx, EvPostStarted, "morris", postStartedPayload{Draft: id, Host: "old-name", Claim: "gone"})
	d.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	again := openDesk(t, path, Options{Poster: poster, Host: "new-name"})
	before := again.LastSeq()
	if err := again.ResumePosting(ctx); err != nil {
		t.Fatal(err)
	}
	if n := poster.count(id); n != 1 {
		t.Fatalf("posted %d times", n)
	}
	if dr, _ := again.Draft(id); dr.State != DraftPosted {
		t.Fatalf("after resume: %+v", dr)
	}
	evs, err := again.Events(before)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		if ev.Type == EvPostStarted {
			t.Fatalf("resume on one host stored a new claim: %+v", ev)
		}
	}
	// Nothing is left to resume.
	if err := again.ResumePosting(ctx); err != nil || poster.total() != 1 {
		t.Fatalf("second resume: %v, %d posts", err, poster.total())
	}
}
