package mastodon

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/dutydesk/dutydesk/feeds"
)

func hasDelete(evs []feeds.Event, itemID string) bool {
	for _, ev := range evs {
		if ev.Type == feeds.EventDelete && ev.Item.ID == itemID {
			return true
		}
	}
	return false
}

func checkGoneError(t *testing.T, err error) {
	t.Helper()
	var pe *PostError
	if !errors.As(err, &pe) || pe.Status != http.StatusNotFound || pe.Retryable ||
		!strings.Contains(pe.Message, "the question was deleted by its author") {
		t.Fatalf("Post error = %v, want a 404 saying the question was deleted by its author", err)
	}
}

// The question was seen on the feed, then deleted while the stream was down,
// so no delete event came: posting the reply finds out, and the item goes.
func TestReplyToDeletedQuestionDeletesItFromTheFeed(t *testing.T) {
	d := newDesk(t, nil)
	r := d.run(t)
	id := d.srv.Mention("amy", "@team is the bridge open?", "public")
	r.waitFor(t, "the question", func(evs []feeds.Event) bool { _, ok := find(evs, "bridge open"); return ok })
	d.srv.PauseStreaming()
	d.srv.DropStreams()
	r.waitFor(t, "retrying", func(evs []feeds.Event) bool { return hasHealth(evs, "team: retrying") })
	d.srv.Delete(id)
	itemID := d.client.ItemID(id)
	if hasDelete(r.snapshot(), itemID) {
		t.Fatal("delete arrived over the dropped stream; the test proves nothing")
	}
	_, err := d.client.Post(context.Background(), feeds.Post{Key: "k1", Text: "Yes, since 9.", InReplyTo: id})
	checkGoneError(t, err)
	r.waitFor(t, "the delete", func(evs []feeds.Event) bool { return hasDelete(evs, itemID) })
	if n := len(d.srv.Posts()); n != 0 {
		t.Errorf("%d posts made, want none", n)
	}
}

// A question the client never saw is looked up before replying; a 404 there
// also removes it.
func TestReplyToUnseenDeletedQuestionDeletesIt(t *testing.T) {
	d := newDesk(t, nil)
	id := d.srv.Mention("amy", "@team anyone there?", "public")
	d.srv.Delete(id)
	_, err := d.client.Post(context.Background(), feeds.Post{Key: "k1", Text: "Yes.", InReplyTo: id})
	checkGoneError(t, err)
	r := d.run(t)
	r.waitFor(t, "the delete", func(evs []feeds.Event) bool { return hasDelete(evs, d.client.ItemID(id)) })
}
