// Package desktest puts arrivals on a desk for the tests of the packages
// that show or serve it (the SSH server, the commands) and of the desk
// itself, as a feed would: one at a time, or from a team's account on an
// in-process Mastodon server.
package desktest

import (
	"context"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// Ingester is what arrivals are put on: a *desk.Desk. It is an interface
// so that the desk's own tests can use these helpers without an import
// cycle.
type Ingester interface {
	Ingest(ctx context.Context, evs []feeds.Event) error
}

// Question ingests a public mention from author with the given text, as if it
// had just arrived from the team's account; the test fails if the desk refuses.
func Question(t testing.TB, d Ingester, id, author, text string) {
	t.Helper()
	ev := feeds.Event{Type: feeds.EventUpsert, Item: feeds.Item{ID: id, Kind: feeds.KindMention, Author: author, Text: text, RemoteID: "remote-" + id, Visibility: feeds.VisibilityPublic, Created: time.Now()}}
	if err := d.Ingest(context.Background(), []feeds.Event{ev}); err != nil {
		t.Fatal(err)
	}
}
