package desk

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/internal/pgtest"
)

// sameState compares two folded states field by field, unexported ones
// too; an empty map or slice equals a missing one, and times compare as
// instants.
func sameState(t *testing.T, got, want *state) {
	t.Helper()
	if diff := cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true }), cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("folded states differ (-want +got):\n%s", diff)
	}
}

// foldEvents folds events into a new state, as replay does.
func foldEvents(t *testing.T, s state, evs []Event) state {
	t.Helper()
	for _, ev := range evs {
		if err := s.apply(ev); err != nil {
			t.Fatal(err)
		}
		s.lastSeq = ev.Seq
	}
	return s
}

// randomShift drives a desk with n random commands and arrivals, as a busy
// and careless shift would; commands the desk refuses are part of it.
func randomShift(t *testing.T, d *Desk, clock *fakeClock, poster *recordingPoster, rng *rand.Rand, n int) {
	ctx := context.Background()
	people := []string{"morris", "ellis", "khan"}
	authors := []string{"@amy@m.example", "@bob@m.example", "@kev@m.example", "@jdoe@m.example"}
	texts := []string{"Is the A595 closed?", "help there's a man following me", "thanks!", "When is the surgery?", "Car YX61 KLM again", "what about tonight?"}
	kinds := []feeds.Kind{feeds.KindMention, feeds.KindReply, feeds.KindDirect, feeds.KindTeamPost}
	pick := func(xs []string) string { return xs[rng.Intn(len(xs))] }
	itemID := func() string { return "i" + strconv.Itoa(rng.Intn(n/2+5)) }
	question := func() string {
		qs := d.Questions()
		if len(qs) == 0 {
			return "none"
		}
		return qs[rng.Intn(len(qs))].ID
	}
	draft := func() string {
		ds := d.Drafts()
		if len(ds) == 0 {
			return "none"
		}
		return ds[rng.Intn(len(ds))].ID
	}
	for i := 0; i < n; i++ {
		clock.Advance(time.Duration(rng.Intn(600)) * time.Second)
		var err error
		switch rng.Intn(16) {
		case 0, 1, 2:
			it := feeds.Item{ID: itemID(), Source: "team", Kind: kinds[rng.Intn(len(kinds))], Author: pick(authors), Text: pick(texts),
				Visibility: feeds.VisibilityPublic, Created: clock.Now(), RemoteID: "r" + strconv.Itoa(i)}
			if rng.Intn(3) == 0 {
				it.InReplyTo = itemID()
			}
			if it.Kind == feeds.KindDirect {
				it.Visibility = feeds.VisibilityDirect
			}
			err = d.Ingest(ctx, []feeds.Event{{Type: feeds.EventUpsert, Item: it}})
		case 3:
			switch rng.Intn(2) {
			case 0:
				err = d.Ingest(ctx, []feeds.Event{{Type: feeds.EventDelete, Item: feeds.Item{ID: itemID()}}})
			default:
				err = d.Ingest(ctx, []feeds.Event{{Type: feeds.EventReaction, Item: feeds.Item{ID: itemID()}, Reaction: "favourite"}})
			}
		case 4:
			err = d.Acknowledge(ctx, pick(people), question())
		case 5:
			err = d.Assign(ctx, "morris", question(), pick(people))
		case 6:
			if rng.Intn(2) == 0 {
				err = d.Close(ctx, pick(people), question())
			} else {
				err = d.Dismiss(ctx, "morris", question())
			}
		case 7:
			if rng.Intn(2) == 0 {
				err = d.Claim(ctx, pick(people), question(), rng.Intn(2) == 0)
			} else {
				err = d.Release(ctx, pick(people), question())
			}
		case 8, 9:
			in := DraftInput{Kind: DraftReply, ReplyTo: question(), Text: pick(texts)}
			if rng.Intn(3) == 0 {
				in = DraftInput{Kind: DraftUpdate, Text: pick(texts)}
			}
			_, err = d.CreateDraft(ctx, pick(people), in)
		case 10:
			err = d.EditDraft(ctx, pick(people), draft(), pick(texts))
		case 11:
			if rng.Intn(3) == 0 {
				err = d.Reject(ctx, "morris", draft(), "no")
			} else {
				err = d.Approve(ctx, "morris", draft(), "checked")
			}
		case 12, 13:
			// The failure is this send's alone: left for the emergency
			// advice, it would be retried a second later in real time,
			// storing an event while the test reads the log.
			failNext(poster, rng.Intn(4) == 0)
			err = d.Send(ctx, pick(people), draft())
			failNext(poster, false)
		case 14:
			_, err = d.SetDuty(ctx, "morris", rng.Intn(2) == 0, "22:00")
		case 15:
			if rng.Intn(2) == 0 {
				err = d.SetShift(ctx, "morris", pick(people), rng.Intn(2) == 0)
			} else {
				_, err = d.LeaveShift(ctx, "morris", pick(people), "")
			}
		}
		_ = err // refusals are part of a careless shift
		d.waitAutoAcks()
	}
}

// failNext makes the poster's next post fail with a server error, or not.
func failNext(p *recordingPoster, fail bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fail = nil
	if fail {
		p.fail = errors.New("503")
	}
}

// envInt reads a positive count from the environment, or gives def: the
// length of a long test, short by default so that CI stays quick.
func envInt(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}

func TestSnapshotAndTailReplayGiveTheDeskAFullReplayGives(t *testing.T) {
	runs := envInt(t, "DUTYDESK_SNAPSHOT_RUNS", 3)
	for run := 0; run < runs; run++ {
		seed := time.Now().UnixNano() + int64(run)
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			rng := rand.New(rand.NewSource(seed))
			clock := &fakeClock{now: time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)}
			poster := &recordingPoster{}
			path := filepath.Join(t.TempDir(), "desk.db")
			opts := shiftOptions(clock, poster)
			opts.AutoReply = func(Announcement) string { return "Off duty: 999 or 101." }
			// A shift runs for about a day: short windows archive in it.
			window := []time.Duration{2 * time.Hour, 5 * time.Hour, DefaultArchiveAfter}[rng.Intn(3)]
			opts.ArchiveAfter = window
			t.Logf("archive window %v", window)
			d := openDesk(t, path, opts)
			randomShift(t, d, clock, poster, rng, 150+rng.Intn(150))
			evs, err := d.Events(0)
			if err != nil {
				t.Fatal(err)
			}
			full := foldEvents(t, newStateArchiving(window), evs)

			// A snapshot at every point, through its encoding, then the tail.
			for k := 0; k <= len(evs); k += 1 + rng.Intn(20) {
				head := foldEvents(t, newStateArchiving(window), evs[:k])
				body, err := encodeState(&head)
				if err != nil {
					t.Fatal(err)
				}
				back, err := decodeState(body, window)
				if err != nil {
					t.Fatal(err)
				}
				sameState(t, &back, &head)
				tail := foldEvents(t, back, evs[k:])
				sameState(t, &tail, &full)
			}

			// And as start-up does it: a stored snapshot part-way, more
			// events, and a new desk on the store.
			if _, err := writeSnapshot(context.Background(), d.store.(SnapshotStore), window, t.Logf); err != nil {
				t.Fatal(err)
			}
			randomShift(t, d, clock, poster, rng, 50)
			evs, _ = d.Events(0)
			full = foldEvents(t, newStateArchiving(window), evs)
			again := openDesk(t, path, opts)
			if again.snaps.seq == 0 {
				t.Fatal("start-up did not use the snapshot")
			}
			s := again.state
			s.people, s.order = nil, nil
			sameState(t, &s, &full)
			if got, want := dumpDesk(again), dumpDesk(d); got != want {
				t.Fatalf("the desk opened from a snapshot shows\n%s\nthe running desk\n%s", got, want)
			}
		})
	}
}

func TestADamagedSnapshotIsIgnoredWithALogLineAndTheLogReplayed(t *testing.T) {
	path := copyFixture(t)
	want := dumpDesk(openFixture(t, path))
	st, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := WriteSnapshot(context.Background(), st, t.Logf); err != nil {
		t.Fatal(err)
	}
	for _, damage := range []struct{ name, sql string }{
		{"a changed body", "UPDATE snapshots SET body = substr(body, 1, 40) || x'00' || substr(body, 42)"},
		{"a newer format", "UPDATE snapshots SET version = version + 1"},
		{"a seq beyond the log", "UPDATE snapshots SET seq = seq + 100"},
		{"a truncated body", "UPDATE snapshots SET body = substr(body, 1, length(body) / 2)"},
	} {
		t.Run(damage.name, func(t *testing.T) {
			if _, err := WriteSnapshot(context.Background(), st, t.Logf); err != nil {
				t.Fatal(err)
			}
			if _, err := st.db.Exec(damage.sql); err != nil {
				t.Fatal(err)
			}
			var logged []string
			opts := fixtureOptions(func() time.Time { return time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC) })
			opts.Logf = func(f string, args ...any) { logged = append(logged, fmt.Sprintf(f, args...)) }
			d, err := Open(context.Background(), st, opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := dumpDesk(d); got != want {
				t.Fatalf("with %s the desk is\n%s\nwant\n%s", damage.name, got, want)
			}
			if len(logged) != 1 || !strings.Contains(logged[0], "ignoring the snapshot") {
				t.Fatalf("logged %q, want one line saying the snapshot was ignored", logged)
			}
			if _, err := st.db.Exec("DELETE FROM snapshots"); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestSnapshotsCarryEveryFieldOfTheState fails when a field is added to the
// folded state without being carried by snapshots: a snapshot would then
// start a desk that differs from a full replay. Carry the field in
// snapshot.go (exported fields of Question, Draft and the types they hold
// are carried already), bump snapshotVersion, then add it here.
func TestSnapshotsCarryEveryFieldOfTheState(t *testing.T) {
	carried := map[reflect.Type][]string{
		reflect.TypeOf(state{}): {"lastSeq", "head", "people", "order", "items", "known", "questions", "queue", "index", "itemOwner",
			"dupIndex", "feed", "reactions", "drafts", "draftList", "duty", "clock", "autoAcked", "threads", "shifts", "named",
			"defaultTeam", "teamIDs", "duties", "transfersIn", // the team IDs come from the options, as people do
			"archiveAfter", "finished", "sweptHour", "appeals"}, // archiveAfter: from Options, not the snapshot
		reflect.TypeOf(queueIndex{}):  {"tally", "unacked", "sla", "teams"}, // teams: recounted
		reflect.TypeOf(tally{}):       {"byState", "urgentOpen", "possibleOpen", "assigned"},
		reflect.TypeOf(slaIndex{}):    {"started", "unacked", "unanswered"},
		reflect.TypeOf(fenwick{}):     {"tree", "vals"},
		reflect.TypeOf(dutyClock{}):   {"at", "on", "cum"},
		reflect.TypeOf(threadIndex{}): {"byRemote", "joined", "lastDM", "told", "toldLast", "favourited"},
		reflect.TypeOf(Question{}):    {"seq", "ordinal", "folded", "duplicateIDs"}, // and every exported field
		reflect.TypeOf(Draft{}):       {"claim"},                                    // and every exported field
	}
	for typ, want := range carried {
		var got []string
		for i := 0; i < typ.NumField(); i++ {
			if f := typ.Field(i); !f.IsExported() || typ == reflect.TypeOf(state{}) {
				got = append(got, f.Name)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s has fields %v; snapshots carry %v: carry the new ones in snapshot.go and bump snapshotVersion", typ, got, want)
		}
	}
}

func TestSnapshotsOnPostgresStartTheSameDeskAndADamagedOneIsPassedOver(t *testing.T) {
	u := pgtest.DB(t)
	ctx := context.Background()
	open := func(opts Options) *Desk {
		st, err := OpenPostgres(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		d, err := Open(ctx, st, opts)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	clock := &fakeClock{now: time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)}
	poster := &recordingPoster{}
	opts := shiftOptions(clock, poster)
	d := open(opts)
	randomShift(t, d, clock, poster, rng, 120)
	st := d.store.(*PostgresStore)
	if _, err := WriteSnapshot(ctx, st, t.Logf); err != nil {
		t.Fatal(err)
	}
	randomShift(t, d, clock, poster, rng, 40)
	again := open(opts)
	if again.snaps.seq == 0 {
		t.Fatal("start-up did not use the snapshot")
	}
	if got, want := dumpDesk(again), dumpDesk(d); got != want {
		t.Fatalf("the desk opened from a snapshot shows\n%s\nthe running desk\n%s", got, want)
	}

	if _, err := st.pool.Exec(ctx, "UPDATE dutydesk_snapshots SET body = body || '\\x00'::bytea"); err != nil {
		t.Fatal(err)
	}
	var logged []string
	opts.Logf = func(f string, args ...any) { logged = append(logged, fmt.Sprintf(f, args...)) }
	damaged := open(opts)
	if got, want := dumpDesk(damaged), dumpDesk(d); got != want {
		t.Fatalf("with a damaged snapshot the desk shows\n%s\nthe running desk\n%s", got, want)
	}
	if len(logged) == 0 || !strings.Contains(logged[0], "ignoring the snapshot") {
		t.Fatalf("logged %q, want a line saying the snapshot was ignored", logged)
	}
}
