package desk

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/dutydesk/dutydesk/feeds"
)

func TestResumePointsAreTheHighestRemoteIDPerSourceAfterReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.db")
	d := openDesk(t, path, Options{})
	item := func(source, remote string, kind feeds.Kind) feeds.Event {
		return feeds.Event{Type: feeds.EventUpsert, Item: feeds.Item{ID: "m:" + remote, Source: source, Kind: kind,
			Author: "@a" + remote, Text: "text " + remote, RemoteID: remote, Visibility: feeds.VisibilityPublic}}
	}
	// "99" < "100" < "1000" although they sort the other way as strings
	ingest(t, d, item("team", "99", feeds.KindMention), item("team", "100", feeds.KindMention),
		item("team", "98", feeds.KindTeamPost), item("khan", "1000", feeds.KindMention),
		item("khan", "999", feeds.KindDirect), item("", "5000", feeds.KindMention))
	skip := item("team", "skip", feeds.KindMention)
	skip.Item.ID = "m:skip"
	ingest(t, d, skip)
	want := map[string]string{"team": "100", "khan": "1000"}
	check := func(d *Desk) {
		t.Helper()
		got := d.ResumePoints(func(id string) bool { return id != "m:skip" })
		if len(got) != len(want) || got["team"] != want["team"] || got["khan"] != want["khan"] {
			t.Errorf("ResumePoints() = %v, want %v", got, want)
		}
	}
	check(d)
	st, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	again, err := Open(context.Background(), st, Options{People: team})
	if err != nil {
		t.Fatal(err)
	}
	check(again)
}
