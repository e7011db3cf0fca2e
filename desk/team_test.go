package desk

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/internal/pgtest"
)

// twoTeams is a desk of a neighbourhood team and a roads team: Morris
// supervises both, Ellis only north, Price is a roads officer.
func twoTeams(poster feeds.Poster, now func() time.Time) Options {
	return Options{
		Team: "Carlisle desk", Poster: poster, Now: now,
		People: []Person{
			{ID: "morris", Name: "Sgt Morris", Role: RoleSupervisor, OnShift: true, Teams: map[string]Role{"north": RoleSupervisor, "roads": RoleSupervisor}},
			{ID: "ellis", Name: "Sgt Ellis", Role: RoleSupervisor, OnShift: true, Teams: map[string]Role{"north": RoleSupervisor}},
			{ID: "price", Name: "PC Price", Role: RoleOfficer, OnShift: true, Teams: map[string]Role{"roads": RoleOfficer}},
		},
		Teams: []Team{
			{ID: "north", Name: "Team 3 · Carlisle North", Accounts: []string{"team"},
				Broadcast: func(a Announcement) string { return a.Team + " broadcast: 999, 101" },
				AutoReply: func(a Announcement) string { return a.Team + " is off duty: 999, 101" }},
			{ID: "roads", Name: "Roads Policing", Accounts: []string{"roads"},
				Broadcast: func(a Announcement) string { return a.Team + " roads broadcast: 999, 101" },
				AutoReply: func(a Announcement) string { return a.Team + " roads is off duty: 999, 101" }},
		},
	}
}

func at(account string, ev feeds.Event) feeds.Event {
	ev.Item.Source = account
	return ev
}

func TestAQuestionBelongsToTheTeamWhoseAccountReceivedIt(t *testing.T) {
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), twoTeams(nil, nil))
	ingest(t, d, at("team", mention("n1", "@amy", "is the A595 closed?")),
		at("roads", mention("r1", "@bob", "lorry shed its load on the M6")),
		at("pc-khan", mention("k1", "@cat", "thanks PC Khan")))
	for id, want := range map[string]string{"n1": "north", "r1": "roads", "k1": "north"} {
		if q, _ := d.Question(id); q.Team != want {
			t.Errorf("question %s is %q's, want %q's", id, q.Team, want)
		}
	}
	if c := d.TeamCounts("roads"); c.ByState[StateNew] != 1 || c.OldestUnacknowledged.IsZero() {
		t.Errorf("roads counts %+v, want its one new question", c)
	}
	if c := d.TeamCounts("north"); c.ByState[StateNew] != 2 {
		t.Errorf("north counts %+v, want two new", c)
	}
	if in := d.TeamInbox("roads", false); len(in) != 1 || in[0].ID != "r1" {
		t.Errorf("roads inbox %v, want r1 only", in)
	}
	if in := d.TeamInbox("", false); len(in) != 3 {
		t.Errorf("the whole desk's inbox has %d, want 3", len(in))
	}
}

func TestATransferMovesTheQuestionAndIsStored(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	d := openDesk(t, path, twoTeams(nil, nil))
	ingest(t, d, at("team", mention("q1", "@bob", "there's a pothole on the A7 at Westlinton")))
	if err := d.Assign(ctx, "ellis", "q1", "ellis"); err != nil {
		t.Fatal(err)
	}
	if err := d.Transfer(ctx, "price", "q1", "roads"); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("an officer of another team transferred north's question: %v", err)
	}
	before := d.TransfersIn("roads")
	if err := d.Transfer(ctx, "ellis", "q1", "roads"); err != nil {
		t.Fatal(err)
	}
	q, _ := d.Question("q1")
	if q.Team != "roads" || q.TransferredFrom != "north" || q.State != StateAcknowledged || q.Assignee != "" {
		t.Fatalf("after the transfer: team %q from %q, %s, assigned to %q; want roads's, unassigned", q.Team, q.TransferredFrom, q.State, q.Assignee)
	}
	if d.TransfersIn("roads") != before+1 {
		t.Fatalf("transfers into roads %d, want one more than %d", d.TransfersIn("roads"), before)
	}
	if c := d.TeamCounts("north"); c.ByState[StateAcknowledged]+c.ByState[StateAssigned]+c.ByState[StateNew] != 0 || c.Open["ellis"] != 0 {
		t.Fatalf("north still counts it: %+v", c)
	}
	if err := d.Transfer(ctx, "ellis", "q1", "north"); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("Ellis, not on roads, transferred roads's question back: %v", err)
	}
	if err := d.Transfer(ctx, "morris", "q1", "roads"); !errors.Is(err, ErrIllegal) {
		t.Fatalf("transfer to the team it is on: %v", err)
	}
	if err := d.Transfer(ctx, "morris", "q1", "traffic"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("transfer to no team: %v", err)
	}
	evs, _ := d.Events(0)
	var stored bool
	for _, ev := range evs {
		stored = stored || ev.Type == EvTransferred && ev.Actor == "ellis" && strings.Contains(string(ev.Payload), `"team":"roads"`)
	}
	if !stored {
		t.Fatal("no question.transferred event by ellis to roads in the log")
	}
	d.Shutdown()
	again := openDesk(t, path, twoTeams(nil, nil))
	if q, _ := again.Question("q1"); q.Team != "roads" || again.TransfersIn("roads") != 1 {
		t.Fatalf("after a restart the question is %q's (%d transfers in), want roads's", q.Team, again.TransfersIn("roads"))
	}
}

func TestDutyIsPerTeamAndBroadcastFromItsAccount(t *testing.T) {
	ctx := context.Background()
	poster := &recordingPoster{}
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), twoTeams(poster, nil))
	if _, err := d.SetTeamDuty(ctx, "ellis", "roads", false, ""); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("Ellis, not on roads, changed its duty: %v", err)
	}
	if _, err := d.SetTeamDuty(ctx, "morris", "roads", false, ""); err != nil {
		t.Fatal(err)
	}
	if len(poster.posts) != 1 || poster.posts[0].Account != "roads" || poster.posts[0].Text != "Roads Policing roads broadcast: 999, 101" {
		t.Fatalf("posts %+v, want the roads broadcast from the roads account", poster.posts)
	}
	if d.TeamDuty("roads").On || d.TeamDuty("roads").At.IsZero() || !d.TeamDuty("north").At.IsZero() {
		t.Fatalf("roads %+v, north %+v: want roads off duty and north untouched", d.TeamDuty("roads"), d.TeamDuty("north"))
	}
	if pv := d.PreviewTeamDuty("roads", true, "22:00"); pv.Account != "roads" || !strings.HasPrefix(pv.Text, "Roads Policing") {
		t.Fatalf("roads preview %+v, want its text and account", pv)
	}
	poster.posts = nil
	ingest(t, d, at("roads", mention("r1", "@bob", "is the M6 open?")), at("team", mention("n1", "@amy", "when is the surgery?")))
	if len(poster.posts) != 1 || poster.posts[0].Account != "roads" || poster.posts[0].InReplyTo != "remote-r1" || !strings.Contains(poster.posts[0].Text, "roads is off duty") {
		t.Fatalf("posts %+v, want one roads auto-reply to r1 from the roads account (north was never put off duty)", poster.posts)
	}
	if _, err := d.SetTeamDuty(ctx, "morris", "north", true, "22:00"); err != nil {
		t.Fatal(err)
	}
	if d.TeamDuty("roads").On || !d.TeamDuty("north").On || !d.Duty().On {
		t.Fatalf("north on duty turned roads %+v", d.TeamDuty("roads"))
	}
}

// A store written by a desk of one team opens on a desk of several: its
// questions and duty are the default (first) team's.
func TestAnOldStoreReplaysAsTheDefaultTeam(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	one := openDesk(t, path, Options{})
	ingest(t, one, at("team", mention("q1", "@amy", "is the A595 closed?")))
	if _, err := one.SetDuty(ctx, "morris", true, "22:00"); err != nil {
		t.Fatal(err)
	}
	evs, _ := one.Events(0)
	for _, ev := range evs {
		if strings.Contains(string(ev.Payload), `"team":`) {
			t.Fatalf("a desk of one team stored a team: %s %s", ev.Type, ev.Payload)
		}
	}
	one.Shutdown()
	two := openDesk(t, path, twoTeams(nil, nil))
	if q, _ := two.Question("q1"); q.Team != "north" {
		t.Fatalf("the old question is %q's, want the default team's", q.Team)
	}
	if !two.TeamDuty("north").On || two.TeamDuty("roads").On {
		t.Fatalf("north %+v roads %+v: want the old duty on the default team", two.TeamDuty("north"), two.TeamDuty("roads"))
	}
	if c := two.TeamCounts("north"); c.ByState[StateNew] != 1 {
		t.Fatalf("north counts %+v", c)
	}
}

// A team's report counts its own questions (a transferred one for the team
// it went to), its own members and its own auto-replies.
func TestATeamsReportIsOfItsOwnQuestions(t *testing.T) {
	ctx := context.Background()
	clock := &fakeClock{now: time.Date(2026, 12, 3, 20, 0, 0, 0, time.UTC)}
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), twoTeams(&recordingPoster{}, clock.Now))
	if _, err := d.SetTeamDuty(ctx, "morris", "roads", false, ""); err != nil {
		t.Fatal(err)
	}
	ingest(t, d, at("team", mention("n1", "@amy", "when is the surgery?")), at("team", mention("n2", "@cat", "pothole on the A7")),
		at("roads", mention("r1", "@bob", "is the M6 open?")))
	if err := d.Transfer(ctx, "ellis", "n2", "roads"); err != nil {
		t.Fatal(err)
	}
	from, to := clock.Now().Add(-time.Hour), clock.Now().Add(time.Hour)
	roads, err := d.TeamReport("roads", from, to)
	if err != nil {
		t.Fatal(err)
	}
	north, _ := d.TeamReport("north", from, to)
	all, _ := d.TeamReport("", from, to)
	if roads.Team != "Roads Policing" || roads.In != 2 || north.In != 1 || all.In != 3 {
		t.Fatalf("questions in: roads %q %d, north %d, desk %d; want 2 (one transferred), 1, 3", roads.Team, roads.In, north.In, all.In)
	}
	if roads.AutoAcks != 1 || north.AutoAcks != 0 {
		t.Fatalf("auto-replies: roads %d, north %d; want roads' one", roads.AutoAcks, north.AutoAcks)
	}
	var names []string
	for _, p := range roads.People {
		names = append(names, p.ID)
	}
	if strings.Join(names, ",") != "morris,price" {
		t.Fatalf("roads report people %v, want morris and price", names)
	}
}

// Two hosts on one PostgreSQL desk hold both teams: a transfer made on one
// reaches the receiving team on the other within a second, and each host
// folds duty per team the same way.
func TestPostgresHostsShareTheTeams(t *testing.T) {
	u := pgtest.DB(t)
	ctx := context.Background()
	open := func() *Desk {
		st := openPG(t, u)
		st.every = time.Hour // only NOTIFY can be in time
		d, err := Open(ctx, st, twoTeams(nil, nil))
		if err != nil {
			t.Fatal(err)
		}
		fctx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- d.Follow(fctx) }()
		t.Cleanup(func() { cancel(); <-done; d.Shutdown() })
		return d
	}
	a, b := open(), open()
	if err := a.Ingest(ctx, []feeds.Event{at("team", mention("q1", "@bob", "pothole on the A7"))}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, 5*time.Second, "host B sees the question on north", func() bool {
		q, ok := b.Question("q1")
		return ok && q.Team == "north"
	})
	if err := b.Transfer(ctx, "ellis", "q1", "roads"); err != nil {
		t.Fatal(err)
	}
	took := waitFor(t, a, time.Second, "host A sees the question on roads", func() bool {
		return a.TransfersIn("roads") == 1 && a.TeamCounts("roads").ByState[StateNew] == 1 && a.TeamCounts("north").ByState[StateNew] == 0
	})
	t.Logf("transfer B → A in %v", took)
	if _, err := a.SetTeamDuty(ctx, "morris", "roads", false, ""); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, time.Second, "host B sees roads off duty", func() bool {
		return !b.TeamDuty("roads").At.IsZero() && b.TeamDuty("north").At.IsZero()
	})
}
