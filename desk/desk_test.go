package desk

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

var team = []Person{
	{ID: "morris", Name: "Sgt Morris", Role: RoleSupervisor, OnShift: true},
	{ID: "ellis", Name: "PC Ellis", Role: RoleOfficer, OnShift: true},
	{ID: "khan", Name: "PC Khan", Role: RoleOfficer, OnShift: false},
}

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

type recordingPoster struct {
	mu    sync.Mutex
	posts []feeds.Post
	fail  error
}

func (p *recordingPoster) Post(_ context.Context, post feeds.Post) (feeds.Posted, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fail != nil {
		err := p.fail
		p.fail = nil
		return feeds.Posted{}, err
	}
	p.posts = append(p.posts, post)
	return feeds.Posted{RemoteID: "r" + post.Key, URL: "https://police.example/@team3/" + post.Key}, nil
}

// openDesk opens a desk (deskOn) on the SQLite store at path, closed when
// the test ends.
func openDesk(t *testing.T, path string, opts Options) *Desk {
	t.Helper()
	st, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return deskOn(t, st, opts)
}

// deskOn opens a desk on st with the test team on a stopped clock, unless
// opts say otherwise; it is shut down when the test ends, before st closes.
func deskOn(t *testing.T, st Store, opts Options) *Desk {
	t.Helper()
	if opts.People == nil {
		opts.People = team
	}
	if opts.Now == nil {
		c := &fakeClock{now: time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)}
		opts.Now = c.Now
	}
	d, err := Open(context.Background(), st, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Shutdown) // before the store closes: cleanups run last first
	return d
}

func mention(id, author, text string) feeds.Event {
	return feeds.Event{Type: feeds.EventUpsert, Item: feeds.Item{ID: id, Kind: feeds.KindMention, Author: author, Text: text, RemoteID: "remote-" + id, Visibility: feeds.VisibilityPublic}}
}

// ingest stores arrivals and waits for any auto-acknowledgement they caused
// to be sent, as a person watching the desk would.
func ingest(t *testing.T, d *Desk, evs ...feeds.Event) {
	t.Helper()
	if err := d.Ingest(context.Background(), evs); err != nil {
		t.Fatal(err)
	}
	d.waitAutoAcks()
}

// must fails the test at once on err: for the steps of a scripted shift,
// where nothing after a failed step means anything.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustState(t *testing.T, d *Desk, id string, want QuestionState) Question {
	t.Helper()
	q, ok := d.Question(id)
	if !ok {
		t.Fatalf("question %s missing", id)
	}
	if q.State != want {
		t.Fatalf("question %s is %s, want %s", id, q.State, want)
	}
	return q
}

func TestQuestionLifecycle(t *testing.T) {
	ctx := context.Background()
	poster := &recordingPoster{}
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{Poster: poster})
	ingest(t, d, mention("q1", "@amy@mastodon.social", "Is the A595 still closed near Bothel?"))
	mustState(t, d, "q1", StateNew)

	if err := d.Acknowledge(ctx, "ellis", "q1"); err != nil {
		t.Fatal(err)
	}
	mustState(t, d, "q1", StateAcknowledged)
	if err := d.Assign(ctx, "morris", "q1", "ellis"); err != nil {
		t.Fatal(err)
	}
	q := mustState(t, d, "q1", StateAssigned)
	if q.Assignee != "ellis" {
		t.Fatalf("assignee %q", q.Assignee)
	}
	id, err := d.CreateDraft(ctx, "ellis", DraftInput{Kind: DraftReply, ReplyTo: "q1", Text: "It reopened at 21:00."})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Send(ctx, "ellis", id); err != nil {
		t.Fatal(err)
	}
	q = mustState(t, d, "q1", StateAnswered)
	if len(poster.posts) != 1 || poster.posts[0].InReplyTo != "remote-q1" || !strings.HasPrefix(poster.posts[0].Text, "@amy@mastodon.social ") {
		t.Fatalf("posted %+v, want one reply threaded under remote-q1 mentioning its author", poster.posts)
	}
	dr, _ := d.Draft(id)
	if dr.State != DraftPosted || dr.URL == "" {
		t.Fatalf("draft %+v, want posted with its URL", dr)
	}
	if err := d.Close(ctx, "ellis", "q1"); err != nil {
		t.Fatal(err)
	}
	mustState(t, d, "q1", StateClosed)
	if q.Acknowledged.IsZero() || q.Answered.IsZero() {
		t.Fatalf("times not recorded: %+v", q)
	}
}

func TestIllegalTransitionsAreErrors(t *testing.T) {
	ctx := context.Background()
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{})
	ingest(t, d, mention("q1", "@amy", "hello?"), mention("q2", "@bob", "spam spam"))
	if err := d.Dismiss(ctx, "morris", "q2"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		err  error
		want error
	}{
		{"acknowledge dismissed", d.Acknowledge(ctx, "morris", "q2"), ErrIllegal},
		{"assign dismissed", d.Assign(ctx, "morris", "q2", "ellis"), ErrIllegal},
		{"dismiss twice", d.Dismiss(ctx, "morris", "q2"), ErrIllegal},
		{"unknown question", d.Acknowledge(ctx, "morris", "nope"), ErrNotFound},
		{"assign off shift", d.Assign(ctx, "morris", "q1", "khan"), ErrIllegal},
		{"assign nobody", d.Assign(ctx, "morris", "q1", "ghost"), ErrNotFound},
		{"empty draft", func() error { _, err := d.CreateDraft(ctx, "morris", DraftInput{Text: "  "}); return err }(), ErrIllegal},
	}
	for _, c := range cases {
		if !errors.Is(c.err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, c.err, c.want)
		}
	}
	mustState(t, d, "q1", StateNew)
	mustState(t, d, "q2", StateDismissed)
}

func TestRolesAreEnforcedByTheDesk(t *testing.T) {
	ctx := context.Background()
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{
		Check: func(text string) []Finding {
			if i := strings.Index(text, "YX61 KLM"); i >= 0 {
				return []Finding{{Kind: "plate", Severity: SeverityBlock, Start: i, End: i + 8, Reason: "vehicle registration"}}
			}
			return nil
		},
		Poster: &recordingPoster{},
	})
	ingest(t, d, mention("q1", "@amy", "who was driving?"))
	if err := d.Assign(ctx, "ellis", "q1", "ellis"); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("officer assigned: %v", err)
	}
	if err := d.Dismiss(ctx, "ellis", "q1"); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("officer dismissed: %v", err)
	}
	if _, err := d.SetDuty(ctx, "ellis", false, ""); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("officer changed duty: %v", err)
	}
	if _, err := d.CreateDraft(ctx, "ellis", DraftInput{Kind: DraftReply, ReplyTo: "q1", Text: "hi"}); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("officer answered an unassigned question: %v", err)
	}
	if err := d.Acknowledge(ctx, "stranger", "q1"); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("stranger acknowledged: %v", err)
	}
	if err := d.Assign(ctx, "morris", "q1", "ellis"); err != nil {
		t.Fatal(err)
	}
	id, err := d.CreateDraft(ctx, "ellis", DraftInput{Kind: DraftReply, ReplyTo: "q1", Text: "The car was YX61 KLM"})
	if err != nil {
		t.Fatal(err)
	}
	dr, _ := d.Draft(id)
	if dr.State != DraftFlagged || dr.Blocks() != 1 {
		t.Fatalf("draft %+v, want flagged with one block", dr)
	}
	if err := d.Send(ctx, "ellis", id); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("flagged draft sent without approval: %v", err)
	}
	if err := d.Approve(ctx, "ellis", id, "fine"); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("officer approved: %v", err)
	}
	if err := d.Approve(ctx, "morris", id, ""); !errors.Is(err, ErrIllegal) {
		t.Errorf("flagged draft approved without a reason: %v", err)
	}
	if err := d.Approve(ctx, "morris", id, "owner asked us to publish it"); err != nil {
		t.Fatal(err)
	}
	dr, _ = d.Draft(id)
	if dr.State != DraftApproved || dr.Reason != "owner asked us to publish it" || dr.ApprovedBy != "morris" {
		t.Fatalf("draft %+v, want approved by morris with the reason", dr)
	}
}

func TestReplyToDirectMessageStaysDirect(t *testing.T) {
	ctx := context.Background()
	poster := &recordingPoster{}
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{Poster: poster})
	dm := mention("dm1", "@jo@social.example", "my bike was stolen from outside my house")
	dm.Item.Kind, dm.Item.Visibility = feeds.KindDirect, feeds.VisibilityDirect
	ingest(t, d, dm)
	id, err := d.CreateDraft(ctx, "morris", DraftInput{Kind: DraftReply, ReplyTo: "dm1", Text: "Please report it online or on 101."})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Send(ctx, "morris", id); err != nil {
		t.Fatal(err)
	}
	if poster.posts[0].Visibility != feeds.VisibilityDirect {
		t.Fatalf("reply to a DM posted as %s", poster.posts[0].Visibility)
	}
}

func TestDuplicatesCountAndRemovalsDisappear(t *testing.T) {
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{})
	long := "Sir, as you are well aware one of the services major ambitions is to effectively engage"
	ingest(t, d, mention("c3", "@kev", long), mention("c5", "@kev", long))
	ingest(t, d, mention("c6", "@kev", long), mention("c7", "@kev", "  "+strings.ToUpper(long[:1])+long[1:]+" "))
	ingest(t, d, mention("c2", "@rebecca", "a comment I regret"), mention("other", "@amy", long))
	qs := d.Questions()
	if len(qs) != 3 {
		t.Fatalf("%d questions, want 3 (kev's ×4 once, rebecca, amy): %+v", len(qs), qs)
	}
	if qs[0].ID != "c3" || qs[0].Count != 4 {
		t.Fatalf("kev's comment: id %s count %d, want c3 ×4", qs[0].ID, qs[0].Count)
	}
	if qs[2].Count != 1 {
		t.Fatalf("the same text from another author is not a duplicate: %+v", qs[2])
	}
	ingest(t, d, feeds.Event{Type: feeds.EventDelete, Item: feeds.Item{ID: "c2"}})
	if _, ok := d.Question("c2"); ok {
		t.Fatal("removed comment still on the desk")
	}
	ingest(t, d, feeds.Event{Type: feeds.EventDelete, Item: feeds.Item{ID: "c6"}})
	if q, _ := d.Question("c3"); q.Count != 3 {
		t.Fatalf("removing one duplicate left count %d, want 3", q.Count)
	}
	// the same item delivered again by a second feed changes nothing
	before := d.LastSeq()
	ingest(t, d, mention("c3", "@kev", long), mention("c5", "@kev", long))
	if d.LastSeq() != before {
		t.Fatal("re-delivered items were stored again")
	}
}

func TestReplayRebuildsTheSameState(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	clock := &fakeClock{now: time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)}
	opts := Options{Now: clock.Now, Poster: &recordingPoster{}, Urgency: urgentIf("sounds like someone in danger", "following me")}
	d := openDesk(t, path, opts)
	ingest(t, d,
		mention("q1", "@amy", "Is the A595 still closed?"),
		mention("q2", "@jdoe", "help there's a man following me down London Rd"),
		mention("q3", "@kev", "same"), mention("q4", "@kev", "same"),
		feeds.Event{Type: feeds.EventUpsert, Item: feeds.Item{ID: "p1", Kind: feeds.KindTeamPost, Author: "@team3", Text: "RTC on the A595 now cleared"}},
	)
	clock.Advance(time.Minute)
	must(t, d.Acknowledge(ctx, "morris", "q2"))
	must(t, d.Assign(ctx, "morris", "q1", "ellis"))
	must(t, d.SetShift(ctx, "morris", "khan", true))
	_, err := d.SetDuty(ctx, "morris", true, "22:00")
	must(t, err)
	id, err := d.CreateDraft(ctx, "ellis", DraftInput{Kind: DraftReply, ReplyTo: "q1", Text: "Reopened."})
	must(t, err)
	must(t, d.Send(ctx, "ellis", id))
	ingest(t, d, feeds.Event{Type: feeds.EventUpsert, Item: feeds.Item{ID: "q3", Kind: feeds.KindMention, Author: "@kev", Text: "same, edited"}})

	st, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	again, err := Open(ctx, st, Options{People: team, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d.Questions(), again.Questions()) {
		t.Errorf("questions differ after replay:\n%+v\n%+v", d.Questions(), again.Questions())
	}
	if !reflect.DeepEqual(d.Drafts(), again.Drafts()) {
		t.Errorf("drafts differ after replay")
	}
	if !reflect.DeepEqual(d.People(), again.People()) || !reflect.DeepEqual(d.Duty(), again.Duty()) {
		t.Errorf("roster or duty differ after replay")
	}
	if !reflect.DeepEqual(d.TeamFeed(), again.TeamFeed()) {
		t.Errorf("team feed differs after replay")
	}
	if q, _ := again.Question("q2"); !q.Urgent() {
		t.Errorf("urgency lost in replay")
	}
	evs, err := again.Events(0)
	if err != nil || len(evs) == 0 || evs[len(evs)-1].Seq != again.LastSeq() {
		t.Fatalf("events %d, err %v", len(evs), err)
	}
	for _, ev := range evs {
		if ev.Actor == "" || ev.At.IsZero() {
			t.Fatalf("event without actor or time: %+v", ev)
		}
	}
}

func TestClaimHasOneWinner(t *testing.T) {
	ctx := context.Background()
	people := append([]Person{{ID: "ellis2", Name: "Sgt Ellis", Role: RoleSupervisor, OnShift: true}}, team...)
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{People: people})
	ingest(t, d, mention("q1", "@amy", "hello"))
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, who := range []string{"morris", "ellis2"} {
		wg.Add(1)
		go func(i int, who string) {
			defer wg.Done()
			errs[i] = d.Claim(ctx, who, "q1", false)
		}(i, who)
	}
	wg.Wait()
	wins := 0
	var lost *ClaimedError
	for _, err := range errs {
		if err == nil {
			wins++
		} else if !errors.As(err, &lost) {
			t.Fatalf("unexpected error %v", err)
		}
	}
	q, _ := d.Question("q1")
	if wins != 1 || lost == nil || lost.By != q.ClaimedBy {
		t.Fatalf("wins %d, loser told %v, holder %s", wins, lost, q.ClaimedBy)
	}
	loser := "morris"
	if q.ClaimedBy == "morris" {
		loser = "ellis2"
	}
	if err := d.Claim(ctx, loser, "q1", true); err != nil {
		t.Fatalf("supervisor takeover: %v", err)
	}
	if q, _ := d.Question("q1"); q.ClaimedBy != loser {
		t.Fatalf("takeover not recorded: %s", q.ClaimedBy)
	}
}

func TestFailedPostKeepsDraftAndRetriesWithSameKey(t *testing.T) {
	ctx := context.Background()
	poster := &recordingPoster{fail: errors.New("503 Service Unavailable")}
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{Poster: poster})
	id, err := d.CreateDraft(ctx, "morris", DraftInput{Text: "Road closure on Warwick Rd lifted."})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Send(ctx, "morris", id); err == nil {
		t.Fatal("failure not reported")
	}
	dr, _ := d.Draft(id)
	if dr.State != DraftApproved || !strings.Contains(dr.LastError, "503") || dr.Text == "" {
		t.Fatalf("after failure %+v", dr)
	}
	if err := d.Send(ctx, "morris", id); err != nil {
		t.Fatal(err)
	}
	if len(poster.posts) != 1 || poster.posts[0].Key != id {
		t.Fatalf("posts %+v", poster.posts)
	}
}

func TestOffDutyQuestionsAreMarked(t *testing.T) {
	ctx := context.Background()
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{})
	if _, err := d.SetDuty(ctx, "morris", true, "22:00"); err != nil {
		t.Fatal(err)
	}
	ingest(t, d, mention("q1", "@amy", "on duty?"))
	if _, err := d.SetDuty(ctx, "morris", false, ""); err != nil {
		t.Fatal(err)
	}
	ingest(t, d, mention("q2", "@bob", "anyone there?"))
	q1, _ := d.Question("q1")
	q2, _ := d.Question("q2")
	if q1.OffDuty || !q2.OffDuty {
		t.Fatalf("off-duty flags: q1 %v q2 %v", q1.OffDuty, q2.OffDuty)
	}
	if duty := d.Duty(); duty.On || duty.ChangedBy != "morris" || !strings.Contains(duty.Broadcast, "999") {
		t.Fatalf("duty %+v", duty)
	}
}

func TestSubscribersHearChanges(t *testing.T) {
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{})
	ch, cancel := d.Subscribe()
	defer cancel()
	ingest(t, d, mention("q1", "@amy", "hi"))
	select {
	case <-ch:
	case <-time.After(time.Second):
		t.Fatal("no change signalled")
	}
}

// TestCancelledSubscriptionEndsItsReader: cancelling a subscription closes
// its channel, so a reader waiting for the next change ends instead of
// waiting for ever; a change after that, and a second cancel, are harmless.
func TestCancelledSubscriptionEndsItsReader(t *testing.T) {
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{})
	ch, cancel := d.Subscribe()
	ended := make(chan bool)
	go func() { _, ok := <-ch; ended <- !ok }()
	cancel()
	select {
	case closed := <-ended:
		if !closed {
			t.Fatal("the reader got a change signal, not the end")
		}
	case <-time.After(time.Second):
		t.Fatal("a reader of a cancelled subscription still waits")
	}
	ingest(t, d, mention("q1", "@amy", "hi"))
	cancel()
}

func TestStoreRefusesForeignDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "other.db")
	st, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.db.Exec("PRAGMA application_id = 7"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := OpenSQLite(path); err == nil || !strings.Contains(err.Error(), "not made by dutydesk") {
		t.Fatalf("foreign database opened: %v", err)
	}
}

func TestOfficersPostFromTheirOwnAccount(t *testing.T) {
	ctx := context.Background()
	poster := &recordingPoster{}
	people := []Person{
		{ID: "morris", Name: "Sgt Morris", Role: RoleSupervisor, OnShift: true},
		{ID: "khan", Name: "PC Khan", Role: RoleOfficer, OnShift: true, Account: "pc-khan"},
	}
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{People: people, Poster: poster})
	ingest(t, d, mention("q1", "@amy", "is the road open?"))
	if err := d.Assign(ctx, "morris", "q1", "khan"); err != nil {
		t.Fatal(err)
	}
	reply, err := d.CreateDraft(ctx, "khan", DraftInput{Kind: DraftReply, ReplyTo: "q1", Text: "Yes, since 21:00."})
	if err != nil {
		t.Fatal(err)
	}
	update, err := d.CreateDraft(ctx, "morris", DraftInput{Text: "Road reopened."})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{reply, update} {
		if err := d.Send(ctx, "morris", id); err != nil {
			t.Fatal(err)
		}
	}
	if poster.posts[0].Account != "pc-khan" || poster.posts[1].Account != "" {
		t.Fatalf("accounts posted from: %q and %q, want pc-khan and the team account", poster.posts[0].Account, poster.posts[1].Account)
	}
}

// TestSetRosterChangesRoleAtOnce: a reloaded roster that makes an officer
// a supervisor lets them change duty at once, and tells every console; a
// person added can act; a roster with a bad role changes nothing.
func TestSetRosterChangesRoleAtOnce(t *testing.T) {
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{People: []Person{
		{ID: "morris", Name: "Sgt Morris", Role: RoleSupervisor}, {ID: "khan", Name: "PC Khan", Role: RoleOfficer}}})
	ctx := context.Background()
	if _, err := d.SetDuty(ctx, "khan", true, "22:00"); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("an officer changed duty: %v", err)
	}
	ch, cancel := d.Subscribe()
	defer cancel()
	if err := d.SetRoster([]Person{{ID: "morris", Name: "Sgt Morris", Role: RoleSupervisor}, {ID: "khan", Name: "Sgt Khan", Role: RoleSupervisor}, {ID: "ellis", Name: "PC Ellis", Role: RoleOfficer}}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ch:
	case <-time.After(time.Second):
		t.Fatal("consoles were not told of the new roster")
	}
	if _, err := d.SetDuty(ctx, "khan", true, "22:00"); err != nil {
		t.Fatalf("the promoted supervisor cannot change duty: %v", err)
	}
	if p, ok := d.Person("ellis"); !ok || p.Name != "PC Ellis" {
		t.Fatalf("the person added is not on the desk: %+v", p)
	}
	if err := d.SetRoster([]Person{{ID: "khan", Name: "PC Khan", Role: "sergeant"}}); err == nil {
		t.Fatal("a roster with an unknown role was taken")
	}
	if p, _ := d.Person("khan"); p.Role != RoleSupervisor || p.Name != "Sgt Khan" {
		t.Fatalf("a refused roster changed khan to %+v", p)
	}
}
