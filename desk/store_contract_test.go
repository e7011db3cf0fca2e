package desk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/internal/pgtest"
)

// testStoreContract checks what the desk relies on from every Store. open
// returns a new, empty store that the test may close (or leave to cleanup).
func testStoreContract(t *testing.T, open func(t *testing.T) Store) {
	ctx := context.Background()
	at := time.Date(2026, 11, 30, 21, 14, 5, 123456789, time.UTC)
	mk := func(typ EventType, actor string, i int) Event {
		return Event{Type: typ, Actor: actor, At: at.Add(time.Duration(i) * time.Nanosecond),
			Payload: json.RawMessage(fmt.Sprintf(`{"question":"q%d","text":"naïve \"quoted\" ‼"}`, i))}
	}
	count := func(t *testing.T, st Store, after int64) []Event {
		t.Helper()
		var evs []Event
		if err := st.Replay(ctx, after, func(ev Event) error { evs = append(evs, ev); return nil }); err != nil {
			t.Fatal(err)
		}
		return evs
	}

	t.Run("RoundTrip", func(t *testing.T) {
		st := open(t)
		in := []Event{mk(EvItemArrived, SystemActor, 1), mk(EvAssigned, "morris", 2), mk(EvDrafted, "ellis", 3)}
		stored, err := st.Append(ctx, 0, in)
		if err != nil {
			t.Fatal(err)
		}
		got := count(t, st, 0)
		if len(stored) != len(in) || len(got) != len(in) {
			t.Fatalf("stored %d, replayed %d, want %d", len(stored), len(got), len(in))
		}
		for i := range in {
			if got[i].Seq != stored[i].Seq || got[i].Type != in[i].Type || got[i].Actor != in[i].Actor ||
				!got[i].At.Equal(in[i].At) || string(got[i].Payload) != string(in[i].Payload) {
				t.Errorf("event %d: stored %+v, replayed %+v", i, in[i], got[i])
			}
			if got[i].At.Location() != time.UTC {
				t.Errorf("event %d: time comes back in %v, want UTC", i, got[i].At.Location())
			}
		}
		if empty, err := st.Append(ctx, stored[2].Seq, nil); err != nil || len(empty) != 0 {
			t.Fatalf("empty append: %v, %v", empty, err)
		}
	})

	t.Run("SequenceIncreases", func(t *testing.T) {
		st := open(t)
		var last int64
		for i := 0; i < 5; i++ {
			stored, err := st.Append(ctx, last, []Event{mk(EvAcknowledged, "ellis", i), mk(EvClosed, "ellis", i)})
			if err != nil {
				t.Fatal(err)
			}
			for _, ev := range stored {
				if ev.Seq <= last {
					t.Fatalf("seq %d after %d", ev.Seq, last)
				}
				last = ev.Seq
			}
		}
		evs := count(t, st, 0)
		if len(evs) != 10 || evs[9].Seq != last {
			t.Fatalf("replayed %d events, last seq %d, want 10 ending at %d", len(evs), evs[len(evs)-1].Seq, last)
		}
	})

	t.Run("StaleAfterConflicts", func(t *testing.T) {
		st := open(t)
		stored, err := st.Append(ctx, 0, []Event{mk(EvItemArrived, SystemActor, 1), mk(EvItemArrived, SystemActor, 2)})
		if err != nil {
			t.Fatal(err)
		}
		last := stored[1].Seq
		for _, after := range []int64{0, last - 1, last + 1} {
			if _, err := st.Append(ctx, after, []Event{mk(EvAssigned, "morris", 9)}); !errors.Is(err, ErrConflict) {
				t.Errorf("append after %d (last %d): %v, want ErrConflict", after, last, err)
			}
		}
		if n := len(count(t, st, 0)); n != 2 {
			t.Fatalf("a refused append stored something: %d events", n)
		}
		if _, err := st.Append(ctx, last, []Event{mk(EvAssigned, "morris", 9)}); err != nil {
			t.Fatalf("append on top after conflicts: %v", err)
		}
	})

	t.Run("ConcurrentAppendsOneWinner", func(t *testing.T) {
		st := open(t)
		stored, err := st.Append(ctx, 0, []Event{mk(EvItemArrived, SystemActor, 1)})
		if err != nil {
			t.Fatal(err)
		}
		after := stored[0].Seq
		const n = 8
		var (
			wg    sync.WaitGroup
			start = make(chan struct{})
			errs  = make([]error, n)
		)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				<-start
				_, errs[i] = st.Append(ctx, after, []Event{mk(EvAssigned, fmt.Sprintf("sup%d", i), i), mk(EvClaimed, fmt.Sprintf("sup%d", i), i)})
			}(i)
		}
		close(start)
		wg.Wait()
		winner := -1
		for i, err := range errs {
			switch {
			case err == nil && winner >= 0:
				t.Fatalf("two winners: %d and %d", winner, i)
			case err == nil:
				winner = i
			case !errors.Is(err, ErrConflict):
				t.Fatalf("loser %d: %v, want ErrConflict", i, err)
			}
		}
		if winner < 0 {
			t.Fatal("no winner")
		}
		evs := count(t, st, after)
		if len(evs) != 2 || evs[0].Actor != fmt.Sprintf("sup%d", winner) || evs[1].Actor != evs[0].Actor {
			t.Fatalf("after the race the store holds %+v, want the winner's two events", evs)
		}
	})

	t.Run("ReplayFromMiddle", func(t *testing.T) {
		st := open(t)
		var seqs []int64
		for i := 0; i < 6; i++ {
			stored, err := st.Append(ctx, int64(len(seqs)), []Event{mk(EvAcknowledged, "ellis", i)})
			if err != nil {
				t.Fatal(err)
			}
			seqs = append(seqs, stored[0].Seq)
		}
		evs := count(t, st, seqs[2])
		if len(evs) != 3 || evs[0].Seq != seqs[3] || evs[2].Seq != seqs[5] {
			t.Fatalf("replay after %d gave %d events starting %d", seqs[2], len(evs), evs[0].Seq)
		}
		if evs := count(t, st, seqs[5]); len(evs) != 0 {
			t.Fatalf("replay after the last event gave %d events", len(evs))
		}
		stop := errors.New("stop here")
		calls := 0
		err := st.Replay(ctx, 0, func(Event) error { calls++; return stop })
		if !errors.Is(err, stop) || calls != 1 {
			t.Fatalf("fn's error: %v after %d calls, want it returned after 1", err, calls)
		}
	})

	t.Run("DeskReplaysSameState", func(t *testing.T) {
		st := open(t)
		clock := &fakeClock{now: time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)}
		d := deskOn(t, st, Options{Now: clock.Now, Poster: &recordingPoster{}})
		must(t, d.Ingest(ctx, []feeds.Event{
			mention("q1", "@amy", "Is the A595 still closed?"),
			mention("q2", "@jdoe", "When is the next surgery?"),
			{Type: feeds.EventUpsert, Item: feeds.Item{ID: "p1", Kind: feeds.KindTeamPost, Author: "@team3", Text: "RTC cleared"}},
		}))
		clock.Advance(90 * time.Second)
		must(t, d.Acknowledge(ctx, "morris", "q2"))
		must(t, d.Assign(ctx, "morris", "q1", "ellis"))
		must(t, d.SetShift(ctx, "morris", "khan", true))
		_, err := d.SetDuty(ctx, "morris", true, "22:00")
		must(t, err)
		id, err := d.CreateDraft(ctx, "ellis", DraftInput{Kind: DraftReply, ReplyTo: "q1", Text: "Reopened at 21:00."})
		must(t, err)
		must(t, d.Send(ctx, "ellis", id))

		again, err := Open(ctx, st, Options{People: team, Now: clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		if again.LastSeq() != d.LastSeq() {
			t.Fatalf("replayed to seq %d, writer at %d", again.LastSeq(), d.LastSeq())
		}
		if !reflect.DeepEqual(d.Questions(), again.Questions()) {
			t.Errorf("questions differ after replay:\n%+v\n%+v", d.Questions(), again.Questions())
		}
		if !reflect.DeepEqual(d.Drafts(), again.Drafts()) {
			t.Errorf("drafts differ after replay:\n%+v\n%+v", d.Drafts(), again.Drafts())
		}
		if !reflect.DeepEqual(d.People(), again.People()) || !reflect.DeepEqual(d.Duty(), again.Duty()) {
			t.Errorf("roster or duty differ after replay")
		}
		if !reflect.DeepEqual(d.TeamFeed(), again.TeamFeed()) {
			t.Errorf("team feed differs after replay")
		}
	})

	t.Run("SearchFindsArchivedQuestionsByTheirWords", func(t *testing.T) {
		clock := &fakeClock{now: time.Date(2026, 11, 20, 20, 0, 0, 0, time.UTC)}
		d := deskOn(t, open(t), Options{Now: clock.Now, Poster: &recordingPoster{}})
		must(t, d.Ingest(ctx, []feeds.Event{
			mention("q1", "@amy", "Is the A595 still closed near Bothel?"),
			mention("q2", "@jdoe", "Bike marking at the uni"),
			mention("q3", "@kev", "Ydy'r ffordd ar gau ger Bothel?"),
			mention("q4", "@bob", "Bothel road closed again?"),
		}))
		follow := mention("q1b", "@amy", "and the diversion through Wigton?")
		follow.Item.InReplyTo = "q1"
		must(t, d.Close(ctx, "morris", "q1"))
		must(t, d.Ingest(ctx, []feeds.Event{follow}))
		must(t, d.Close(ctx, "morris", "q1"))
		must(t, d.Dismiss(ctx, "morris", "q2"))
		must(t, d.Dismiss(ctx, "morris", "q3"))
		clock.Advance(8 * 24 * time.Hour)
		must(t, d.Ingest(ctx, []feeds.Event{mention("q5", "@eve", "Anyone there?")}))
		if _, live := d.Question("q1"); live {
			t.Fatal("q1 closed eight days ago is still in memory")
		}

		ids := func(needle string) []string {
			t.Helper()
			qs, err := d.SearchArchive(ctx, needle, 0)
			if err != nil {
				t.Fatalf("search %q: %v", needle, err)
			}
			var out []string
			for _, q := range qs {
				out = append(out, q.ID+":"+string(q.State))
			}
			return out
		}
		for _, c := range []struct {
			needle string
			want   []string
		}{
			{"a595", []string{"q1:closed"}},
			{"BOTH", []string{"q3:dismissed", "q1:closed"}}, // a word's beginning, any case; q4 is live
			{"bothel closed", []string{"q1:closed"}},        // every word
			{"wigton", []string{"q1:closed"}},               // a follow-up's words find its question
			{"@amy", []string{"q1:closed"}},                 // the author
			{"ffordd", []string{"q3:dismissed"}},
			{"surgery", nil},
			{`"a595"* -(NEAR`, []string{"q1:closed"}}, // no query syntax gets through
		} {
			if got := ids(c.needle); !reflect.DeepEqual(got, c.want) {
				t.Errorf("search %q found %v, want %v", c.needle, got, c.want)
			}
		}
		q, ok, err := d.ArchivedQuestion(ctx, "q1")
		if err != nil || !ok || q.State != StateClosed || q.Item.Text != "and the diversion through Wigton?" || len(q.Thread) != 1 {
			t.Fatalf("archived q1: %+v %v %v, want closed with its follow-up on top", q, ok, err)
		}
	})
}

func TestSQLiteStoreContract(t *testing.T) {
	testStoreContract(t, func(t *testing.T) Store {
		st, err := OpenSQLite(filepath.Join(t.TempDir(), "desk.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	})
}

func TestPostgresStoreContract(t *testing.T) {
	pgtest.Server(t)
	testStoreContract(t, func(t *testing.T) Store { return openPG(t, pgtest.DB(t)) })
}

// openPG opens a store (one "host") on the database at u, closed at cleanup.
func openPG(t testing.TB, u string) *PostgresStore {
	t.Helper()
	st, err := OpenPostgres(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
