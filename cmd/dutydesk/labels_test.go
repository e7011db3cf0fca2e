package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/risk"
)

// The sergeant's judgements come out of the store as corpus lines, the last
// judgement of each message standing, one line per message.
func TestLabelsPrintsJudgementsInTheCorpusFormat(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "desk.db")
	st, err := desk.OpenSQLite(db)
	if err != nil {
		t.Fatal(err)
	}
	possible := func(string) risk.Urgency { return risk.Urgency{Level: risk.Possible, Reason: "test"} }
	d, err := desk.Open(ctx, st, desk.Options{People: []desk.Person{{ID: "morris", Name: "Sgt Morris", Role: desk.RoleSupervisor, OnShift: true}}, Urgency: possible})
	if err != nil {
		t.Fatal(err)
	}
	msg := func(id, text string) feeds.Event {
		return feeds.Event{Type: feeds.EventUpsert, Item: feeds.Item{ID: id, Kind: feeds.KindMention, Author: "@a", Text: text}}
	}
	if err := d.Ingest(ctx, []feeds.Event{
		msg("q1", "my nan isn't answering\tthe door\nshe fell earlier"),
		msg("q2", "dying to know when the parade starts lol"),
		msg("q3", "nobody judged this one"),
	}); err != nil {
		t.Fatal(err)
	}
	for _, j := range []struct {
		id    string
		level risk.Level
		why   string
	}{{"q2", risk.Urgent, "misread"}, {"q1", risk.Urgent, "fell, silent"}, {"q2", risk.Routine, "idiom"}} {
		if err := d.SetLevel(ctx, "morris", j.id, j.level, j.why); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	var out, errs bytes.Buffer
	if code := dispatch([]string{"labels", "--db", db, "--config", writeConfig(t, "")}, nil, &out, &errs); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	want := []string{"routine\tdying to know when the parade starts lol", "urgent\tmy nan isn't answering the door she fell earlier"}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Fatalf("labels:\n%s\nwant:\n%s", out.String(), strings.Join(want, "\n"))
	}
}
