package mastodon

import (
	"context"
	"slices"
	"testing"

	"github.com/dutydesk/dutydesk/feeds"
)

// Once checked, the client names its accounts' handles, the team account's
// first, and a mention of the team as the server renders it ("@team") is
// recognised as the team's own.
func TestHandlesNameTheAccountsOnTheServer(t *testing.T) {
	d := newDesk(t, nil)
	if h := d.client.Handles(); len(h) != 0 {
		t.Fatalf("before Verify: %v", h)
	}
	if err := d.client.Verify(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := d.client.Handles()
	host := d.client.host
	if want := []string{"@team@" + host, "@khan@" + host}; !slices.Equal(got, want) {
		t.Fatalf("Handles() = %v, want %v", got, want)
	}
	if s := feeds.WithoutOwnMentions("@team is the A595 still closed?", got); s != "is the A595 still closed?" {
		t.Errorf("the team's rendered mention is not its own: %q", s)
	}
}
