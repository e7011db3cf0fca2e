package desk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// The fixture store in testdata was written by the code before the stored
// format was pinned in record.go (schema 1, every event type), together with
// the desk that code replayed from it. TestFixtureStoreReplaysToTheSameDesk
// proves that a store written then still opens and folds to the same desk.
// DUTYDESK_WRITE_FIXTURE=1 writes both again; never do so once stores exist
// in the field, or the test stops proving anything.
const (
	fixtureStore  = "testdata/schema1.db"
	fixtureGolden = "testdata/schema1.desk"
)

// shiftOptions are the fixture's options on clock, posting to poster and
// writing no snapshot but those a test writes itself.
func shiftOptions(clock *fakeClock, poster *recordingPoster) Options {
	opts := fixtureOptions(clock.Now)
	opts.Poster, opts.SnapshotEvery = poster, -1
	return opts
}

func fixtureOptions(now func() time.Time) Options {
	return Options{
		Team: "Team 3", People: team, Now: now, Host: "fixture-host",
		Check: func(text string) []Finding {
			if i := strings.Index(text, "YX61 KLM"); i >= 0 {
				return []Finding{{Kind: "plate", Severity: SeverityBlock, Start: i, End: i + 8, Reason: "a vehicle registration", Fix: "remove it"}}
			}
			return nil
		},
		Urgency:   urgentIf("someone in danger", "following me"),
		AutoReply: func(a Announcement) string { return "We are off duty. 999 in an emergency, 101 otherwise." },
	}
}

// writeFixture drives a desk through every kind of event, as a shift would.
func writeFixture(t *testing.T, path string) {
	ctx := context.Background()
	clock := &fakeClock{now: time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)}
	st, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	poster := &recordingPoster{}
	opts := fixtureOptions(clock.Now)
	opts.Poster = poster
	d, err := Open(ctx, st, opts)
	if err != nil {
		t.Fatal(err)
	}
	step := func() { clock.Advance(90 * time.Second) }
	must(t, d.RecordAccess(ctx, EvSessionOpened, "morris", "morris", "SHA256:abc", "127.0.0.1:5000", ""))
	step()
	must(t, d.RecordAccess(ctx, EvAccessRefused, SystemActor, "stranger", "SHA256:def", "127.0.0.1:5001", "unknown key"))
	_, err = d.SetDuty(ctx, "morris", true, "22:00")
	must(t, err)
	step()
	post := feeds.Item{ID: "demo:post1", Source: "team", Kind: feeds.KindTeamPost, Author: "@team3@police.example", AuthorName: "Team 3", Text: "Road closure on Warwick Rd tonight.", URL: "https://police.example/@team3/1", Visibility: feeds.VisibilityPublic, Created: clock.Now(), RemoteID: "1"}
	ingest(t, d, feeds.Event{Type: feeds.EventUpsert, Item: post})
	ingest(t, d, feeds.Event{Type: feeds.EventReaction, Item: feeds.Item{ID: post.ID}, Reaction: "favourite"})
	step()
	q := func(id, author, text string) feeds.Event {
		ev := mention(id, author, text)
		ev.Item.Source, ev.Item.AuthorName, ev.Item.Created = "team", strings.TrimPrefix(author, "@"), clock.Now()
		ev.Item.URL, ev.Item.Thread, ev.Item.InReplyTo = "https://mastodon.example/"+id, "thread-"+id, ""
		return ev
	}
	ingest(t, d, q("q1", "@amy@mastodon.social", "Is the A595 still closed near Bothel?"))
	step()
	ingest(t, d, q("q2", "@jdoe@mastodon.social", "help there's a man following me down London Rd"))
	step()
	reply := q("q3", "@bob@mastodon.social", "When is the next surgery? «Rhagor» — ☕")
	reply.Item.Kind, reply.Item.InReplyTo = feeds.KindReply, post.ID
	ingest(t, d, reply)
	step()
	ingest(t, d, q("q4", "@kev@mastodon.social", "Sir, as you are well aware"))
	ingest(t, d, q("q4b", "@kev@mastodon.social", "Sir,  as you are WELL aware"))
	ingest(t, d, q("q4c", "@kev@mastodon.social", "sir, as you are well aware"))
	step()
	edited := q("q1", "@amy@mastodon.social", "Is the A595 still closed near Bothel? (edited)")
	ingest(t, d, edited)
	ingest(t, d, feeds.Event{Type: feeds.EventDelete, Item: feeds.Item{ID: "q4c"}})
	ingest(t, d, q("q5", "@spam@mastodon.social", "buy now"))
	ingest(t, d, q("q6", "@gone@mastodon.social", "never mind"))
	ingest(t, d, feeds.Event{Type: feeds.EventDelete, Item: feeds.Item{ID: "q6"}})
	step()
	must(t, d.Acknowledge(ctx, "ellis", "q1"))
	must(t, d.Assign(ctx, "morris", "q1", "ellis"))
	must(t, d.Assign(ctx, "morris", "q2", "ellis"))
	must(t, d.Assign(ctx, "morris", "q3", "ellis"))
	must(t, d.Dismiss(ctx, "morris", "q5"))
	step()
	must(t, d.Claim(ctx, "ellis", "q1", false))
	must(t, d.Release(ctx, "ellis", "q1"))
	must(t, d.Claim(ctx, "ellis", "q1", false))
	step()
	id1, err := d.CreateDraft(ctx, "ellis", DraftInput{Kind: DraftReply, ReplyTo: "q1", Text: "It reopened at 21:00."})
	must(t, err)
	must(t, d.Send(ctx, "ellis", id1)) // approved, post started, posted, answered
	must(t, d.Close(ctx, "ellis", "q1"))
	step()
	id2, err := d.CreateDraft(ctx, "ellis", DraftInput{Kind: DraftReply, ReplyTo: "q2", Text: "Car YX61 KLM was seen. Call 999 now."})
	must(t, err)
	must(t, d.EditDraft(ctx, "ellis", id2, "Car YX61 KLM was seen nearby. Call 999 now."))
	must(t, d.Approve(ctx, "morris", id2, "the plate is the caller's own"))
	poster.mu.Lock()
	poster.fail = errors.New("503 Service Unavailable")
	poster.mu.Unlock()
	if err := d.Send(ctx, "ellis", id2); err == nil {
		t.Fatal("the failing post was reported sent")
	}
	step()
	id3, err := d.CreateDraft(ctx, "ellis", DraftInput{Kind: DraftUpdate, Text: "Bike marking at the uni on Friday."})
	must(t, err)
	must(t, d.Reject(ctx, "morris", id3, "not this week"))
	step()
	_, err = d.LeaveShift(ctx, "morris", "ellis", "")
	must(t, err)
	must(t, d.SetShift(ctx, "morris", "khan", true))
	step()
	_, err = d.SetDuty(ctx, "morris", false, "")
	must(t, err)
	step()
	ingest(t, d, q("q7", "@late@mastodon.social", "Anyone there?"))
	must(t, d.RecordAccess(ctx, EvSessionClosed, "morris", "morris", "SHA256:abc", "127.0.0.1:5000", "quit"))

	seen := map[EventType]bool{}
	evs, err := d.Events(0)
	must(t, err)
	for _, ev := range evs {
		seen[ev.Type] = true
	}
	for _, typ := range fixtureEventTypes {
		if !seen[typ] {
			t.Errorf("the fixture has no %s event", typ)
		}
	}
}

// fixtureEventTypes lists every event type stored when the fixture was
// written; the fixture holds each.
var fixtureEventTypes = []EventType{
	EvItemArrived, EvItemEdited, EvItemRemoved, EvDuplicateArrived, EvReaction,
	EvAcknowledged, EvAssigned, EvClaimed, EvReleased, EvAnswered, EvClosed, EvDismissed, EvHandedBack,
	EvDrafted, EvDraftEdited, EvApproved, EvRejected, EvPostStarted, EvPosted, EvPostFailed,
	EvDutyChanged, EvShiftChanged, EvSessionOpened, EvSessionClosed, EvAccessRefused,
}

// dumpDesk writes what a person could see of a desk, field by field, so
// that two desks compare as text.
func dumpDesk(d *Desk) string {
	var b strings.Builder
	ts := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	item := func(it feeds.Item) string {
		return fmt.Sprintf("id=%q source=%q kind=%s author=%q name=%q text=%q url=%q inreplyto=%q thread=%q vis=%s created=%s remote=%q",
			it.ID, it.Source, it.Kind, it.Author, it.AuthorName, it.Text, it.URL, it.InReplyTo, it.Thread, it.Visibility, ts(it.Created), it.RemoteID)
	}
	// Draft IDs are random: name them by their order.
	names := map[string]string{}
	for i, dr := range d.Drafts() {
		names[dr.ID] = fmt.Sprintf("draft%d", i+1)
	}
	named := func(s string) string {
		for id, n := range names {
			s = strings.ReplaceAll(s, id, n)
		}
		return s
	}
	fmt.Fprintf(&b, "last seq %d\n", d.LastSeq())
	du := d.Duty()
	fmt.Fprintf(&b, "duty on=%v until=%q by=%q at=%s broadcast=%q\n", du.On, du.Until, du.ChangedBy, ts(du.At), du.Broadcast)
	for _, p := range d.People() {
		fmt.Fprintf(&b, "person %s name=%q role=%s onshift=%v\n", p.ID, p.Name, p.Role, p.OnShift)
	}
	for _, q := range d.Questions() {
		fmt.Fprintf(&b, "question %s count=%d state=%s assignee=%q claimed=%q urgent=%v reason=%q offduty=%v arrived=%s since=%s ack=%s answered=%s replies=%v\n  %s\n",
			q.ID, q.Count, q.State, q.Assignee, q.ClaimedBy, q.Urgent(), q.UrgencyReason, q.OffDuty, ts(q.Arrived), ts(q.StateSince), ts(q.Acknowledged), ts(q.Answered), named(fmt.Sprint(q.Replies)), named(item(q.Item)))
		for _, it := range d.Thread(q.ID) {
			fmt.Fprintf(&b, "  thread %s\n", named(item(it)))
		}
	}
	for _, it := range d.TeamFeed() {
		fmt.Fprintf(&b, "feed %s reactions=%d\n", item(it), d.Reactions(it.ID))
	}
	for _, dr := range d.Drafts() {
		fmt.Fprintf(&b, "%s kind=%s author=%q text=%q replyto=%q account=%q vis=%s state=%s approvedby=%q reason=%q remote=%q url=%q lasterror=%q host=%q since=%s created=%s updated=%s findings=%+v\n",
			names[dr.ID], dr.Kind, dr.Author, dr.Text, dr.ReplyTo, dr.Account, dr.Visibility, dr.State, dr.ApprovedBy, dr.Reason,
			named(dr.RemoteID), named(dr.URL), dr.LastError, dr.PostingHost, ts(dr.PostingSince), ts(dr.Created), ts(dr.Updated), dr.Findings)
	}
	c := d.Counts()
	var states []string
	for s, n := range c.ByState {
		states = append(states, fmt.Sprintf("%s:%d", s, n))
	}
	sort.Strings(states)
	var open []string
	for p, n := range c.Open {
		open = append(open, fmt.Sprintf("%s:%d", p, n))
	}
	sort.Strings(open)
	fmt.Fprintf(&b, "counts %v urgent=%d oldest=%s open=%v\n", states, c.Urgent, ts(c.OldestUnacknowledged), open)
	for _, id := range []string{"demo:post1", "q1", "q4c", "q6", "q7", "nope"} {
		fmt.Fprintf(&b, "known %s=%v\n", id, d.Known(id))
	}
	now := time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC)
	fmt.Fprintf(&b, "duty time %s shift start %s breaches %+v\n", d.DutyTime(time.Date(2026, 11, 30, 19, 0, 0, 0, time.UTC), now), ts(d.ShiftStart()), d.Breached(now, time.Hour, 24*time.Hour))
	r, err := d.Report(time.Date(2026, 11, 30, 19, 0, 0, 0, time.UTC), now)
	if err != nil {
		fmt.Fprintf(&b, "report: %v\n", err)
	}
	r.WriteMarkdown(&b, func(id string) string { return id })
	return named(b.String())
}

// copyFixture copies the fixture store into a temporary directory, since
// opening a store may write to it.
func copyFixture(t *testing.T) string {
	t.Helper()
	src, err := os.Open(fixtureStore)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	path := filepath.Join(t.TempDir(), "desk.db")
	dst, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func openFixture(t *testing.T, path string) *Desk {
	t.Helper()
	st, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := func() time.Time { return time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC) }
	d, err := Open(context.Background(), st, fixtureOptions(now))
	if err != nil {
		t.Fatalf("a store written by an earlier dutydesk no longer opens: %v", err)
	}
	return d
}

func TestWriteFixture(t *testing.T) {
	if os.Getenv("DUTYDESK_WRITE_FIXTURE") == "" {
		t.Skip("DUTYDESK_WRITE_FIXTURE unset: the fixture stays as an earlier dutydesk wrote it")
	}
	os.Remove(fixtureStore)
	writeFixture(t, fixtureStore)
	// Fold the whole log into the main file so the fixture is one file.
	st, err := OpenSQLite(fixtureStore)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.db.Exec("PRAGMA journal_mode=DELETE"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	d := openFixture(t, copyFixture(t))
	if err := os.WriteFile(fixtureGolden, []byte(dumpDesk(d)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFixtureStoreReplaysToTheSameDesk(t *testing.T) {
	want, err := os.ReadFile(fixtureGolden)
	if err != nil {
		t.Fatal(err)
	}
	d := openFixture(t, copyFixture(t))
	if got := dumpDesk(d); got != string(want) {
		t.Fatalf("a store written by an earlier dutydesk replays to another desk:\n got:\n%s\nwant:\n%s", got, want)
	}
}

func TestRecordsWriteTheBytesStoredBefore(t *testing.T) {
	d := openFixture(t, copyFixture(t))
	evs, err := d.Events(0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[EventType]bool{}
	for _, ev := range evs {
		p, err := decodePayload(ev)
		if err != nil {
			t.Fatalf("event %d (%s) written by an earlier dutydesk: %v", ev.Seq, ev.Type, err)
		}
		again, err := newEvent(ev.Type, ev.Actor, ev.At, p)
		if err != nil {
			t.Fatal(err)
		}
		if string(again.Payload) != string(ev.Payload) {
			t.Errorf("event %d (%s) would now be stored as\n %s\nnot as an earlier dutydesk stored it:\n %s", ev.Seq, ev.Type, again.Payload, ev.Payload)
		}
		seen[ev.Type] = true
	}
	for _, typ := range fixtureEventTypes {
		if !seen[typ] {
			t.Errorf("the fixture has no %s event to compare", typ)
		}
	}
}
