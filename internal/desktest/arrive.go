// Package desktest puts arrivals on a desk for the tests of the packages
// that show or serve it (the SSH server, the commands), as a feed would.
package desktest

import (
	"context"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
)

// Question ingests a public mention from author with the given text, as if it
// had just arrived from the team's account; the test fails if the desk refuses.
func Question(t testing.TB, d *desk.Desk, id, author, text string) {
	t.Helper()
	ev := feeds.Event{Type: feeds.EventUpsert, Item: feeds.Item{ID: id, Kind: feeds.KindMention, Author: author, Text: text, RemoteID: "remote-" + id, Visibility: feeds.VisibilityPublic, Created: time.Now()}}
	if err := d.Ingest(context.Background(), []feeds.Event{ev}); err != nil {
		t.Fatal(err)
	}
}
