package mastodon

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
)

// desk is a test fixture: a mastotest server with a team account and one
// officer, and a Client configured for both.
type desk struct {
	srv    *mastotest.Server
	client *Client
	tokens map[string]string
}

func fastOptions() Options {
	return Options{RequestTimeout: 2 * time.Second, BackoffMin: 20 * time.Millisecond, BackoffMax: 100 * time.Millisecond,
		MaxRateLimitWait: 5 * time.Second, PollInterval: 50 * time.Millisecond, StreamIdle: 5 * time.Second}
}

func writeToken(t *testing.T, name, token string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name+".token")
	if err := os.WriteFile(p, []byte(token+"\n"), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func newDesk(t *testing.T, configure func(*Config, *mastotest.Server)) *desk {
	t.Helper()
	return newDeskOn(t, mastotest.New(t), configure)
}

// newDeskOn is newDesk on a server the test made (one imitating another
// kind of server, say).
func newDeskOn(t *testing.T, srv *mastotest.Server, configure func(*Config, *mastotest.Server)) *desk {
	t.Helper()
	d := &desk{srv: srv, tokens: map[string]string{}}
	cfg := Config{Instance: srv.URL(), Visibility: "public"}
	for _, name := range []string{"team", "khan"} {
		tok := srv.AddAccount(name)
		d.tokens[name] = tok
		cfg.Accounts = append(cfg.Accounts, Account{Name: name, TokenFile: writeToken(t, name, tok, 0o600), Team: name == "team"})
	}
	srv.Follow("team", "khan")
	if configure != nil {
		configure(&cfg, srv)
	}
	c, err := New(cfg, fastOptions())
	if err != nil {
		t.Fatal(err)
	}
	d.client = c
	return d
}

// recorder collects the events of running feeds.
type recorder struct {
	mu     sync.Mutex
	events []feeds.Event
}

func (d *desk) run(t *testing.T) *recorder {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &recorder{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ev := range feeds.Merge(ctx, d.client.Sources()...) {
			r.mu.Lock()
			r.events = append(r.events, ev)
			r.mu.Unlock()
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	return r
}

func (r *recorder) snapshot() []feeds.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]feeds.Event(nil), r.events...)
}

// waitFor waits until cond holds for the events so far.
func (r *recorder) waitFor(t *testing.T, what string, cond func([]feeds.Event) bool) []feeds.Event {
	t.Helper()
	// A failure is bounded by a stall, not by speed: the wait gives up only
	// after 30s in which the source delivered nothing new, however slowly a
	// loaded machine pages through a long catch-up.
	const stall = 30 * time.Second
	seen, deadline := -1, time.Now()
	for {
		evs := r.snapshot()
		if cond(evs) {
			return evs
		}
		if len(evs) != seen {
			seen, deadline = len(evs), time.Now().Add(stall)
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s: nothing new for %s; events:\n%s", what, stall, dump(evs))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func dump(evs []feeds.Event) string {
	var b strings.Builder
	for _, ev := range evs {
		fmt.Fprintf(&b, "  %s %s %s %q %s %v\n", ev.Type, ev.Item.ID, ev.Item.Kind, ev.Item.Text, ev.Health, ev.Err)
	}
	return b.String()
}

// upserts counts upserts per text containing substr.
func upserts(evs []feeds.Event, substr string) map[string]int {
	n := map[string]int{}
	for _, ev := range evs {
		if ev.Type == feeds.EventUpsert && strings.Contains(ev.Item.Text, substr) {
			n[ev.Item.Text]++
		}
	}
	return n
}

func hasHealth(evs []feeds.Event, substr string) bool {
	for _, ev := range evs {
		if ev.Type == feeds.EventHealth && strings.Contains(ev.Health, substr) {
			return true
		}
	}
	return false
}

func countHealth(evs []feeds.Event, substr string) int {
	n := 0
	for _, ev := range evs {
		if ev.Type == feeds.EventHealth && strings.Contains(ev.Health, substr) {
			n++
		}
	}
	return n
}

func find(evs []feeds.Event, substr string) (feeds.Item, bool) {
	for _, ev := range evs {
		if ev.Type == feeds.EventUpsert && strings.Contains(ev.Item.Text, substr) {
			return ev.Item, true
		}
	}
	return feeds.Item{}, false
}

func TestMentionsArriveLiveAsQuestions(t *testing.T) {
	d := newDesk(t, nil)
	r := d.run(t)
	r.waitFor(t, "team live", func(evs []feeds.Event) bool { return hasHealth(evs, "team: live") })
	id := d.srv.Mention("amy", "@team is the A595 still closed near #Bothel?", "public")
	evs := r.waitFor(t, "the mention", func(evs []feeds.Event) bool { _, ok := find(evs, "A595"); return ok })
	it, _ := find(evs, "A595")
	want := feeds.Item{ID: "mastodon:" + d.srv.Host() + "/" + id, Source: "team", Kind: feeds.KindMention,
		Author: "@amy", AuthorName: "Amy", Text: "@team is the A595 still closed near #Bothel?",
		URL: d.srv.URL() + "/@amy/" + id, Visibility: feeds.VisibilityPublic, RemoteID: id, Created: it.Created}
	if it != want {
		t.Errorf("mention item\n got %+v\nwant %+v", it, want)
	}
	if time.Since(it.Created) > time.Minute {
		t.Errorf("Created = %v, want about now", it.Created)
	}
}

func TestCatchUpAfterDroppedStreamLosesAndDuplicatesNothing(t *testing.T) {
	d := newDesk(t, nil)
	r := d.run(t)
	r.waitFor(t, "both live", func(evs []feeds.Event) bool {
		return hasHealth(evs, "team: live") && hasHealth(evs, "khan: live")
	})
	for i := range 3 {
		d.srv.Mention("amy", fmt.Sprintf("@team before drop %d", i), "public")
	}
	r.waitFor(t, "live mentions", func(evs []feeds.Event) bool { return len(upserts(evs, "before drop")) == 3 })

	// the stream drops and cannot come back at once; meanwhile questions,
	// a DM and a team post arrive — more than one page of them
	d.srv.PauseStreaming()
	d.srv.DropStreams()
	r.waitFor(t, "retrying", func(evs []feeds.Event) bool { return hasHealth(evs, "team: retrying") })
	for i := range 45 {
		d.srv.Mention("bob", fmt.Sprintf("@team during drop %d", i), "public")
	}
	d.srv.DM("cat", "@team during drop: someone is following me")
	d.srv.Mention("khan", "during drop: RTC on the A595 now cleared", "public")
	lives := countHealth(r.snapshot(), "team: live")
	d.srv.ResumeStreaming()
	r.waitFor(t, "live again", func(evs []feeds.Event) bool { return countHealth(evs, "team: live") > lives })
	d.srv.Mention("amy", "@team after drop", "public")

	evs := r.waitFor(t, "every item", func(evs []feeds.Event) bool {
		return len(upserts(evs, "during drop")) == 47 && len(upserts(evs, "after drop")) == 1
	})
	for _, substr := range []string{"before drop", "during drop", "after drop"} {
		for text, n := range upserts(evs, substr) {
			if n != 1 {
				t.Errorf("%q delivered %d times, want once", text, n)
			}
		}
	}
	if it, _ := find(evs, "someone is following me"); it.Kind != feeds.KindDirect {
		t.Errorf("DM caught up as %q, want direct", it.Kind)
	}
	if it, _ := find(evs, "RTC on the A595"); it.Kind != feeds.KindTeamPost {
		t.Errorf("officer's post caught up as %q, want a team post", it.Kind)
	}
}

func TestReplyToDirectMessageIsDirectAndThreaded(t *testing.T) {
	d := newDesk(t, nil)
	r := d.run(t)
	dm := d.srv.DM("jdoe", "@team my bike was stolen from Botchergate, my address is 4 Elm St")
	evs := r.waitFor(t, "the DM", func(evs []feeds.Event) bool { _, ok := find(evs, "bike was stolen"); return ok })
	it, _ := find(evs, "bike was stolen")
	if it.Kind != feeds.KindDirect || it.Visibility != feeds.VisibilityDirect {
		t.Fatalf("DM arrived as kind %q visibility %q, want direct", it.Kind, it.Visibility)
	}
	// the caller asks for public by mistake: the reply must still be direct
	posted, err := d.client.Post(context.Background(), feeds.Post{Key: "draft-1", Text: "Sorry to hear that, we will call you.",
		InReplyTo: it.RemoteID, Visibility: feeds.VisibilityPublic})
	if err != nil {
		t.Fatal(err)
	}
	posts := d.srv.Posts()
	if len(posts) != 1 {
		t.Fatalf("posted %d statuses, want 1", len(posts))
	}
	p := posts[0]
	if p.Visibility != "direct" || p.InReplyTo != dm || p.Account != "team" || p.ID != posted.RemoteID {
		t.Errorf("reply = %+v, want direct from team in reply to %s with ID %s", p, dm, posted.RemoteID)
	}
	if !strings.HasPrefix(p.Text, "@jdoe ") {
		t.Errorf("reply %q does not mention the person asking, who would never see it", p.Text)
	}
	if posted.URL == "" {
		t.Error("Posted.URL is empty")
	}
}

func TestReplyToUnseenDirectMessageIsDirect(t *testing.T) {
	d := newDesk(t, nil)
	dm := d.srv.DM("jdoe", "@khan are you on shift?")
	_, err := d.client.Post(context.Background(), feeds.Post{Key: "k", Account: "khan", Text: "@jdoe yes, till 10",
		InReplyTo: dm, Visibility: feeds.VisibilityUnlisted})
	if err != nil {
		t.Fatal(err)
	}
	p := d.srv.Posts()[0]
	if p.Visibility != "direct" || p.Account != "khan" || p.Text != "@jdoe yes, till 10" {
		t.Errorf("reply = %+v, want direct from khan, text unchanged", p)
	}
}

func TestRetriedPostIsPostedOnce(t *testing.T) {
	for _, fault := range []string{"timeout", "503"} {
		t.Run(fault, func(t *testing.T) {
			d := newDesk(t, nil)
			d.client.opts.RequestTimeout = 200 * time.Millisecond
			switch fault {
			case "timeout": // the server makes the status but answers too late
				d.srv.SlowNext(1, time.Second)
			case "503":
				d.srv.FailNext(2, 503)
			}
			posted, err := d.client.Post(context.Background(), feeds.Post{Key: "draft-7", Text: "Road closure on Warwick Rd"})
			if err != nil {
				t.Fatal(err)
			}
			posts := d.srv.Posts()
			if len(posts) != 1 || posts[0].ID != posted.RemoteID || posts[0].Visibility != "public" {
				t.Fatalf("posts = %+v, want exactly one public status %s", posts, posted.RemoteID)
			}
			if posts[0].IdempotencyKey != "draft-7" {
				t.Errorf("Idempotency-Key = %q, want the draft's key", posts[0].IdempotencyKey)
			}
			// after a timeout the retry first asks for the account's own
			// statuses, finds the post there and adopts it
			retried := d.srv.Requests("/api/v1/statuses") + d.srv.Requests("/api/v1/accounts/"+d.srv.AccountID("team")+"/statuses")
			if retried < 2 {
				t.Errorf("%d requests, want a retry", retried)
			}
		})
	}
}

func TestPostWaitsOutRateLimit(t *testing.T) {
	d := newDesk(t, nil)
	d.srv.RateLimit(1, 300*time.Millisecond)
	start := time.Now()
	if _, err := d.client.Post(context.Background(), feeds.Post{Key: "k1", Text: "Missing teen found safe"}); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < 150*time.Millisecond {
		t.Errorf("posted after %s, before the rate limit reset", waited)
	}
	if n := len(d.srv.Posts()); n != 1 {
		t.Errorf("posted %d, want 1", n)
	}
}

func TestRateLimitBeyondDeadlineFailsRetryably(t *testing.T) {
	d := newDesk(t, nil)
	d.srv.RateLimit(100, time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := d.client.Post(ctx, feeds.Post{Key: "k1", Text: "hello"})
	var pe *PostError
	if !errors.As(err, &pe) || !pe.Retryable {
		t.Fatalf("err = %v, want a retryable *PostError", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("Post took %s, longer than its context allowed", time.Since(start))
	}
}

func TestPostRefusedShowsServerError(t *testing.T) {
	// A server whose limit the client has not read (no Verify): the post
	// fits the client's default 500, and the server refuses it.
	d := newDeskOn(t, mastotest.New(t, mastotest.CharLimit(100)), nil)
	_, err := d.client.Post(context.Background(), feeds.Post{Key: "k", Text: strings.Repeat("x", 101)})
	var pe *PostError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want *PostError", err)
	}
	if pe.Status != 422 || pe.Retryable || !strings.Contains(pe.Message, "character limit") {
		t.Errorf("PostError = %+v, want 422 not retryable with the server's message", pe)
	}
	if d.srv.Requests("/api/v1/statuses") != 1 {
		t.Errorf("a refused post was retried")
	}
	if _, err := d.client.Post(context.Background(), feeds.Post{Account: "nobody", Text: "x"}); err == nil ||
		!strings.Contains(err.Error(), `"nobody"`) {
		t.Errorf("unknown account: err = %v", err)
	}
}

func TestBadTokenGivesClearErrorWithoutToken(t *testing.T) {
	srv := mastotest.New(t)
	const bad = "not-a-real-token-8f3a"
	cfg := Config{Instance: srv.URL(), Accounts: []Account{{Name: "team", Team: true, TokenFile: writeToken(t, "team", bad, 0o600)}}}
	c, err := New(cfg, fastOptions())
	if err != nil {
		t.Fatal(err)
	}
	err = c.Verify(context.Background())
	if err == nil {
		t.Fatal("Verify accepted a bad token")
	}
	msg := err.Error()
	if strings.Contains(msg, bad) || !strings.Contains(msg, "The access token is invalid") || !strings.Contains(msg, "dutydesk login") {
		t.Errorf("error %q: want the server's reason and what to do, never the token", msg)
	}
	// the feed stops with the same clear error instead of spinning
	ch := feeds.Merge(context.Background(), c.Sources()...)
	var got []feeds.Event
	for ev := range ch {
		got = append(got, ev)
	}
	if !hasHealth(got, "team") || strings.Contains(dump(got), bad) {
		t.Errorf("events:\n%s", dump(got))
	}
	_, err = c.Post(context.Background(), feeds.Post{Text: "hi"})
	if err == nil || strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), "401") {
		t.Errorf("Post error %v", err)
	}
}

func TestTokenFileReadableByOthersIsRefused(t *testing.T) {
	p := writeToken(t, "team", "secret-token-value", 0o644)
	cfg := Config{Instance: "https://mastodon.example", Accounts: []Account{{Name: "team", Team: true, TokenFile: p}}}
	_, err := New(cfg, Options{})
	if err == nil {
		t.Fatal("New accepted a world-readable token file")
	}
	for _, want := range []string{"mastodon.accounts[0]", p, "chmod 600"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "secret-token-value") {
		t.Errorf("error shows the token: %q", err)
	}
	os.Chmod(p, 0o600)
	if _, err := New(cfg, Options{}); err != nil {
		t.Errorf("after chmod 600: %v", err)
	}
}

func TestTokenFromEnvironment(t *testing.T) {
	t.Setenv("DUTYDESK_TEAM_TOKEN", "")
	cfg := Config{Instance: "https://mastodon.example", Accounts: []Account{{Name: "team", Team: true, TokenEnv: "DUTYDESK_TEAM_TOKEN"}}}
	if _, err := New(cfg, Options{}); err == nil || !strings.Contains(err.Error(), "DUTYDESK_TEAM_TOKEN") {
		t.Errorf("empty variable: err = %v", err)
	}
	t.Setenv("DUTYDESK_TEAM_TOKEN", "abc")
	if _, err := New(cfg, Options{}); err != nil {
		t.Error(err)
	}
}

func TestHostileStatusArrivesAsHarmlessText(t *testing.T) {
	d := newDesk(t, nil)
	r := d.run(t)
	d.srv.HTML("mallory", `<p>@team hello<script>document.location="http://evil.example"</script>`+
		`&#27;[2J&#27;]52;c;cm0gLXJm&#7;`+"\x1b[31m"+`world`+"\u202e"+`gpj.exe</p>`, "public")
	evs := r.waitFor(t, "the hostile mention", func(evs []feeds.Event) bool { _, ok := find(evs, "hello"); return ok })
	it, _ := find(evs, "hello")
	if it.Text != "@team hello world gpj.exe" && it.Text != "@team helloworldgpj.exe" {
		t.Errorf("text = %q", it.Text)
	}
	for _, bad := range []string{"\x1b", "\u202e", "\a", "evil", "document"} {
		if strings.Contains(it.Text, bad) {
			t.Errorf("text %q keeps %q", it.Text, bad)
		}
	}
}

func TestPollsWhenServerHasNoStreaming(t *testing.T) {
	d := newDesk(t, func(c *Config, srv *mastotest.Server) { srv.DisableStreaming() })
	r := d.run(t)
	r.waitFor(t, "polling", func(evs []feeds.Event) bool { return hasHealth(evs, "team: polling every") })
	d.srv.Mention("amy", "@team any news on the A595?", "public")
	d.srv.DM("bob", "@team private question")
	evs := r.waitFor(t, "polled items", func(evs []feeds.Event) bool {
		return len(upserts(evs, "A595")) == 1 && len(upserts(evs, "private question")) == 1
	})
	time.Sleep(200 * time.Millisecond) // several more polls
	evs = r.snapshot()
	if n := upserts(evs, "A595")["@team any news on the A595?"]; n != 1 {
		t.Errorf("polled mention delivered %d times", n)
	}
	if it, _ := find(evs, "private question"); it.Kind != feeds.KindDirect {
		t.Errorf("DM polled as %q", it.Kind)
	}
	if hasHealth(evs, "live") {
		t.Error("claims to be live without streaming")
	}
}

func TestDeleteAndEditFlowThrough(t *testing.T) {
	d := newDesk(t, nil)
	r := d.run(t)
	id := d.srv.Mention("amy", "@team is the A595 closed?", "public")
	evs := r.waitFor(t, "mention", func(evs []feeds.Event) bool { _, ok := find(evs, "A595 closed"); return ok })
	orig, _ := find(evs, "A595 closed")
	d.srv.Edit(id, "@team is the A66 closed?")
	evs = r.waitFor(t, "edit", func(evs []feeds.Event) bool { _, ok := find(evs, "A66 closed"); return ok })
	edited, _ := find(evs, "A66 closed")
	if edited.ID != orig.ID || edited.Kind != feeds.KindMention {
		t.Errorf("edit arrived as %s %s, want the same item %s as a mention", edited.ID, edited.Kind, orig.ID)
	}
	d.srv.Delete(id)
	r.waitFor(t, "delete", func(evs []feeds.Event) bool {
		for _, ev := range evs {
			if ev.Type == feeds.EventDelete && ev.Item.ID == orig.ID {
				return true
			}
		}
		return false
	})
}

func TestFavouritesAndBoostsAreReactionsNotQuestions(t *testing.T) {
	d := newDesk(t, nil)
	r := d.run(t)
	r.waitFor(t, "team live", func(evs []feeds.Event) bool { return hasHealth(evs, "team: live") })
	posted, err := d.client.Post(context.Background(), feeds.Post{Key: "u1", Text: "Bike marking at the uni today"})
	if err != nil {
		t.Fatal(err)
	}
	d.srv.Favourite("amy", posted.RemoteID)
	d.srv.Reblog("bob", posted.RemoteID)
	evs := r.waitFor(t, "reactions", func(evs []feeds.Event) bool {
		n := 0
		for _, ev := range evs {
			if ev.Type == feeds.EventReaction {
				n++
			}
		}
		return n == 2
	})
	want := d.client.ItemID(posted.RemoteID)
	for _, ev := range evs {
		switch {
		case ev.Type == feeds.EventReaction && ev.Item.ID != want:
			t.Errorf("reaction on %s, want the team post %s", ev.Item.ID, want)
		case ev.Type == feeds.EventUpsert && ev.Item.Kind.Inbound():
			t.Errorf("a reaction became a question: %+v", ev.Item)
		case ev.Type == feeds.EventUpsert && ev.Item.ID == want && ev.Item.Kind != feeds.KindTeamPost:
			t.Errorf("team post arrived as %q", ev.Item.Kind)
		}
	}
}

func TestSameStatusSeenByTwoAccountsIsOneItem(t *testing.T) {
	d := newDesk(t, nil)
	r := d.run(t)
	r.waitFor(t, "both live", func(evs []feeds.Event) bool {
		return hasHealth(evs, "team: live") && hasHealth(evs, "khan: live")
	})
	d.srv.Mention("amy", "@team @khan thanks for the help", "public")
	time.Sleep(200 * time.Millisecond)
	evs := r.waitFor(t, "mention", func(evs []feeds.Event) bool { return len(upserts(evs, "thanks")) == 1 })
	if n := upserts(evs, "thanks")["@team @khan thanks for the help"]; n != 1 {
		t.Errorf("delivered %d times, want once", n)
	}
}

func TestReplyToTeamPostIsReply(t *testing.T) {
	d := newDesk(t, nil)
	r := d.run(t)
	r.waitFor(t, "team live", func(evs []feeds.Event) bool { return hasHealth(evs, "team: live") })
	posted, err := d.client.Post(context.Background(), feeds.Post{Key: "u1", Text: "Road closure on Warwick Rd"})
	if err != nil {
		t.Fatal(err)
	}
	d.srv.Reply("amy", posted.RemoteID, "@team until when?", "unlisted")
	evs := r.waitFor(t, "reply", func(evs []feeds.Event) bool { _, ok := find(evs, "until when"); return ok })
	it, _ := find(evs, "until when")
	if it.Kind != feeds.KindReply || it.InReplyTo != d.client.ItemID(posted.RemoteID) || it.Visibility != feeds.VisibilityUnlisted {
		t.Errorf("reply item = %+v", it)
	}
}

func TestListTimelineIsTheTeamFeed(t *testing.T) {
	var listID string
	d := newDesk(t, func(c *Config, srv *mastotest.Server) {
		listID = srv.List("team", "ellis")
		c.Timeline = "list:" + listID
	})
	r := d.run(t)
	r.waitFor(t, "team live", func(evs []feeds.Event) bool { return hasHealth(evs, "team: live") })
	time.Sleep(50 * time.Millisecond) // let the list subscription land
	d.srv.Mention("ellis", "Surgery at the library 6pm", "public")
	d.srv.Mention("khan", "on the home timeline only", "public")
	evs := r.waitFor(t, "list post", func(evs []feeds.Event) bool { _, ok := find(evs, "Surgery"); return ok })
	if it, _ := find(evs, "Surgery"); it.Kind != feeds.KindTeamPost {
		t.Errorf("list post arrived as %q", it.Kind)
	}
	time.Sleep(100 * time.Millisecond)
	if _, ok := find(r.snapshot(), "home timeline only"); ok {
		t.Error("a home-timeline post showed in a list team feed")
	}
}

func TestStalledStreamIsReplacedAndCaughtUp(t *testing.T) {
	d := newDesk(t, nil)
	d.client.opts.StreamIdle = 200 * time.Millisecond
	r := d.run(t)
	r.waitFor(t, "team live", func(evs []feeds.Event) bool { return hasHealth(evs, "team: live") })
	d.srv.StallStreams()
	d.srv.Mention("amy", "@team sent into a dead stream", "public")
	evs := r.waitFor(t, "the mention", func(evs []feeds.Event) bool { return len(upserts(evs, "dead stream")) == 1 })
	if !hasHealth(evs, "stream silent") {
		t.Errorf("no health event says the stream went silent:\n%s", dump(evs))
	}
}

func TestFeedWaitsOutRateLimit(t *testing.T) {
	d := newDesk(t, nil)
	d.srv.Mention("amy", "@team asked before the desk started", "public")
	d.srv.RateLimit(3, 300*time.Millisecond)
	r := d.run(t)
	evs := r.waitFor(t, "the mention", func(evs []feeds.Event) bool { return len(upserts(evs, "before the desk")) == 1 })
	if !hasHealth(evs, "rate limited until") {
		t.Errorf("the wait was not shown:\n%s", dump(evs))
	}
}
