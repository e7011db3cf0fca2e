package mastodon

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
)

// TestEditAfterLostAnswerIsMadeOnce checks that an edit whose answer is lost
// (the server made it, then answered too late) is read back and adopted,
// not sent again: the status's edit history gains exactly one entry.
func TestEditAfterLostAnswerIsMadeOnce(t *testing.T) {
	d := newDesk(t, nil)
	posted, err := d.client.Post(context.Background(), feeds.Post{Key: "appeal-1", Text: "MISSING: Chloe Dawson, 14, from Carlisle"})
	if err != nil {
		t.Fatal(err)
	}
	d.client.opts.RequestTimeout = 200 * time.Millisecond
	d.srv.SlowNextEdits(1, time.Second)
	text := "UPDATE: found safe and well, thank you for sharing"
	got, err := d.client.Edit(context.Background(), feeds.Edit{RemoteID: posted.RemoteID, Text: text})
	if err != nil {
		t.Fatal(err)
	}
	if got.RemoteID != posted.RemoteID {
		t.Errorf("edit answered with %s, want the appeal's status %s", got.RemoteID, posted.RemoteID)
	}
	edits := d.srv.Edits()
	if len(edits) != 1 || edits[0].ID != posted.RemoteID || edits[0].Text != text {
		t.Fatalf("edits = %+v, want exactly one edit of %s to %q", edits, posted.RemoteID, text)
	}
	if d.srv.Faults()["slow edit"] != 1 {
		t.Errorf("faults = %v, want the edit's answer lost once", d.srv.Faults())
	}
	if st, _ := d.srv.Status(posted.RemoteID); strings.Contains(st.Text, "Chloe") {
		t.Errorf("status still says %q", st.Text)
	}
}

// TestDeleteTwiceSucceeds checks that deleting a status the server no longer
// has counts as done, so a retry after a lost answer is not an error.
func TestDeleteTwiceSucceeds(t *testing.T) {
	d := newDesk(t, nil)
	posted, err := d.client.Post(context.Background(), feeds.Post{Key: "appeal-2", Text: "WANTED: Darren Holt, 32"})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if err := d.client.Delete(context.Background(), "", posted.RemoteID); err != nil {
			t.Fatalf("delete %d: %v", i+1, err)
		}
	}
	if _, ok := d.srv.Status(posted.RemoteID); ok {
		t.Error("status still there")
	}
	if got := d.srv.Deletes(); len(got) != 1 {
		t.Errorf("deletes = %v, want one", got)
	}
}

// TestEditOfAnotherAccountsStatusIsRefused checks that the server's refusal
// reaches the caller as a PostError that is not retried.
func TestEditOfAnotherAccountsStatusIsRefused(t *testing.T) {
	d := newDesk(t, nil)
	id := d.srv.Mention("amy", "hello @team", "public")
	_, err := d.client.Edit(context.Background(), feeds.Edit{RemoteID: id, Text: "changed"})
	var pe *PostError
	if !errors.As(err, &pe) || pe.Retryable || pe.Status != 403 {
		t.Fatalf("err = %v, want a 403 PostError that is not retryable", err)
	}
}

// TestMaxCharsReadsTheInstanceLimit checks that the status length limit is
// read from the server's instance information.
func TestMaxCharsReadsTheInstanceLimit(t *testing.T) {
	d := newDeskOn(t, mastotest.New(t, mastotest.CharLimit(280)), nil)
	if got := d.client.MaxChars(context.Background()); got != 280 {
		t.Errorf("MaxChars = %d, want 280", got)
	}
}

// TestEditFindsTheAccountThatPosted checks that an edit that names no
// account is made by whichever configured account posted the status (an
// officer's own appeal), not refused for coming from the team account.
func TestEditFindsTheAccountThatPosted(t *testing.T) {
	d := newDesk(t, nil)
	posted, err := d.client.Post(context.Background(), feeds.Post{Key: "appeal-3", Account: "khan", Text: "MISSING: Chloe Dawson, 14"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.client.Edit(context.Background(), feeds.Edit{RemoteID: posted.RemoteID, Text: "UPDATE: found safe and well"}); err != nil {
		t.Fatal(err)
	}
	if edits := d.srv.Edits(); len(edits) != 1 || edits[0].Account != "khan" {
		t.Fatalf("edits = %+v, want one, by khan", edits)
	}
	if err := d.client.Delete(context.Background(), "", posted.RemoteID); err != nil {
		t.Fatal(err)
	}
	if _, ok := d.srv.Status(posted.RemoteID); ok {
		t.Error("status still there after delete")
	}
}
