package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds/mastodon"
	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
	"github.com/dutydesk/dutydesk/internal/desktest"
	"github.com/dutydesk/dutydesk/internal/screentest"
)

// runHarness is `dutydesk run` in a goroutine with a keyboard and a screen.
type runHarness struct {
	t      *testing.T
	desk   *desk.Desk
	screen *screentest.Screen
	stderr *screentest.Screen
	typist *io.PipeWriter
	exit   chan int
}

// startRun starts `dutydesk run --config configPath` and waits for its desk.
func startRun(t *testing.T, configPath string, opts mastodon.Options) *runHarness {
	t.Helper()
	return startRunArgs(t, []string{"--config", configPath}, opts)
}

// startRunArgs is startRun with the command line given whole.
func startRunArgs(t *testing.T, args []string, opts mastodon.Options) *runHarness {
	t.Helper()
	t.Setenv("NO_COLOR", "1")
	keys, typist := io.Pipe()
	h := &runHarness{t: t, screen: &screentest.Screen{}, stderr: &screentest.Screen{}, typist: typist, exit: make(chan int, 2)}
	deskCh := make(chan *desk.Desk, 1)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() {
		cancel()
		typist.Close()
		select {
		case <-h.exit:
		case <-time.After(15 * time.Second):
			t.Error("run did not stop")
		}
	})
	go func() {
		code := runWith(ctx, args, runEnv{
			stdin: keys, stdout: h.screen, stderr: h.stderr, mastodon: opts,
			ready: func(d *desk.Desk) { deskCh <- d },
		})
		h.exit <- code
		h.exit <- code // once for quit, once for the cleanup
	}()
	t.Cleanup(func() { // on failure, say what the desk and the screen looked like
		if t.Failed() && h.desk != nil {
			scr := h.screen.String()
			t.Logf("health: %v\nquestions: %+v\nstderr: %s\nlast screen bytes: %q",
				h.desk.Health(), h.desk.Questions(), h.stderr.String(), scr[max(0, len(scr)-2000):])
		}
	})
	select {
	case h.desk = <-deskCh:
	case code := <-h.exit:
		t.Fatalf("run exited %d before the console started: %s", code, h.stderr.String())
	case <-time.After(15 * time.Second):
		t.Fatal("the desk never opened")
	}
	return h
}

// press types keys; each call reaches the console as one read, as from a
// person typing.
func (h *runHarness) press(k string) {
	h.t.Helper()
	if _, err := io.WriteString(h.typist, k); err != nil {
		h.t.Fatalf("typing %q: %v", k, err)
	}
}

// seen is a condition: the console has drawn s.
func (h *runHarness) seen(s string) func() bool {
	return func() bool { return strings.Contains(h.screen.String(), s) }
}

// quit presses q and checks that run ends with exit code 0.
func (h *runHarness) quit() {
	h.t.Helper()
	h.press("q")
	select {
	case code := <-h.exit:
		if code != 0 {
			h.t.Fatalf("run exited %d: %s", code, h.stderr.String())
		}
	case <-time.After(15 * time.Second):
		h.t.Fatal("run did not end after q")
	}
}

// TestRunAnswersAMentionEndToEnd is the path a duty sergeant takes: start
// `dutydesk run` on the team's config, see a mention arrive, reply to it,
// save the draft and post it from the Drafts pane.
func TestRunAnswersAMentionEndToEnd(t *testing.T) {
	srv := mastotest.New(t)
	token := srv.AddAccount("team")
	configPath := desktest.WriteTeamConfig(t, srv.URL(), token, 0o600)
	h := startRun(t, configPath, mastodon.Options{BackoffMin: 10 * time.Millisecond, BackoffMax: 100 * time.Millisecond})
	d, screen, stderr, press, seen := h.desk, h.screen, h.stderr, h.press, h.seen

	srv.Mention("amy", "@team is the A595 still closed near Bothel?", "public")
	var q desk.Question
	desktest.Eventually(t, "the mention to reach the desk as a question", func() bool {
		qs := d.Questions()
		if len(qs) == 1 {
			q = qs[0]
		}
		return len(qs) == 1
	})
	if q.State != desk.StateNew || !strings.Contains(q.Item.Text, "A595") || q.Item.Author != "@amy" {
		t.Fatalf("question %+v", q)
	}
	desktest.Eventually(t, "the question on screen", seen("A595 still closed"))

	press("r")
	desktest.Eventually(t, "the reply editor", seen("Reply to @amy"))
	press("The A595 reopened at 21:40. Thanks for asking.")
	desktest.Eventually(t, "the typed reply", seen("Thanks for asking."))
	press("\x13") // ctrl+s
	desktest.Eventually(t, "the draft to be saved", seen("draft saved"))
	if drafts := d.Drafts(); len(drafts) != 1 || drafts[0].ReplyTo != q.ID {
		t.Fatalf("drafts after ctrl+s: %+v", drafts)
	}
	press("3")
	press("py") // post, and yes at "(y/N)"
	desktest.Eventually(t, "the question to be answered", func() bool {
		got, _ := d.Question(q.ID)
		return got.State == desk.StateAnswered
	})
	desktest.Eventually(t, "the status bar to say posted", seen("posted"))
	h.quit()

	posts := srv.Posts()
	if len(posts) != 1 {
		t.Fatalf("server received %d posts, want exactly 1: %+v", len(posts), posts)
	}
	p := posts[0]
	if p.Account != "team" || p.InReplyTo != q.Item.RemoteID || p.Visibility != "public" {
		t.Errorf("post %+v: want from team, in reply to %s, public", p, q.Item.RemoteID)
	}
	if !strings.HasPrefix(p.Text, "@amy ") || !strings.Contains(p.Text, "The A595 reopened at 21:40. Thanks for asking.") {
		t.Errorf("post text %q: want it to mention @amy and carry the reply", p.Text)
	}
	if drafts := d.Drafts(); len(drafts) != 1 || p.IdempotencyKey != drafts[0].ID || drafts[0].RemoteID != p.ID {
		t.Errorf("draft %+v, post %+v: want the draft's ID as idempotency key and the status ID recorded", drafts, p)
	}
	if strings.Contains(screen.String(), token) || strings.Contains(stderr.String(), token) {
		t.Error("the token was shown")
	}

	// The answer is stored: the desk reopened from the same store agrees.
	st, err := desk.OpenSQLite(filepath.Join(filepath.Dir(configPath), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	reopened, err := desk.Open(context.Background(), st, desk.Options{People: []desk.Person{{ID: "morris", Name: "Sgt Morris", Role: desk.RoleSupervisor}}})
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := reopened.Question(q.ID); !ok || got.State != desk.StateAnswered {
		t.Errorf("after restart the question is %+v, want answered", got)
	}
}

func TestRunRefusesATokenFileOthersCanRead(t *testing.T) {
	srv := mastotest.New(t)
	configPath := desktest.WriteTeamConfig(t, srv.URL(), srv.AddAccount("team"), 0o644)
	var out, errb bytes.Buffer
	code := runRun([]string{"--config", configPath}, strings.NewReader(""), &out, &errb)
	tokenPath := filepath.Join(filepath.Dir(configPath), "team.token")
	if code != 1 || !strings.Contains(errb.String(), tokenPath) || !strings.Contains(errb.String(), "chmod 600") {
		t.Errorf("exit %d, %q: want 1 and a message naming %s", code, errb.String(), tokenPath)
	}
	if !strings.Contains(errb.String(), configPath+":") {
		t.Errorf("%q: want it to point at the config line", errb.String())
	}
	if srv.Requests("/api/v1/accounts/verify_credentials") != 0 {
		t.Error("contacted the server with a token others can read")
	}
}

func TestRunRefusesABadTokenWithoutShowingIt(t *testing.T) {
	srv := mastotest.New(t)
	srv.AddAccount("team")
	const bad = "not-the-real-token-3f9a7c"
	configPath := desktest.WriteTeamConfig(t, srv.URL(), bad, 0o600)
	var out, errb bytes.Buffer
	code := runRun([]string{"--config", configPath}, strings.NewReader(""), &out, &errb)
	msg := errb.String()
	if code != 1 || !strings.Contains(msg, "refused the access token") || !strings.Contains(msg, "dutydesk login") {
		t.Errorf("exit %d, %q: want 1 and a clear message", code, msg)
	}
	if strings.Contains(msg, bad) || strings.Contains(out.String(), bad) {
		t.Errorf("the token is in the message: %q", msg)
	}
}

// TestRunShowsServerErrorsAndRecovers: a server that fails for a while is
// named in the status bar, and the feed carries on once it answers again.
func TestRunShowsServerErrorsAndRecovers(t *testing.T) {
	srv := mastotest.New(t)
	configPath := desktest.WriteTeamConfig(t, srv.URL(), srv.AddAccount("team"), 0o600)
	h := startRun(t, configPath, mastodon.Options{BackoffMin: 300 * time.Millisecond, BackoffMax: time.Second})
	desktest.Eventually(t, "the stream to be live", h.seen("team live"))

	srv.FailNext(3, 503)
	srv.DropStreams()
	desktest.Eventually(t, "the status bar to show the server error", h.seen("team retrying in"))
	srv.Mention("amy", "@team anyone there?", "public")
	desktest.Eventually(t, "the mention after the server recovered", func() bool { return len(h.desk.Questions()) == 1 })
	desktest.Eventually(t, "the stream to be live again", func() bool { return h.desk.Health()["team"] == "live" })
	h.quit()
}

// TestRunAnswersADirectMessageDirectly: the same keys on a direct message
// post a direct reply, never a public one.
func TestRunAnswersADirectMessageDirectly(t *testing.T) {
	srv := mastotest.New(t)
	configPath := desktest.WriteTeamConfig(t, srv.URL(), srv.AddAccount("team"), 0o600)
	h := startRun(t, configPath, mastodon.Options{BackoffMin: 10 * time.Millisecond, BackoffMax: 100 * time.Millisecond})

	srv.DM("jdoe", "@team my bike was stolen from the station racks")
	desktest.Eventually(t, "the DM on screen", h.seen("bike was stolen"))
	qs := h.desk.Questions()
	if len(qs) != 1 || qs[0].Item.Visibility != "direct" {
		t.Fatalf("questions %+v: want one direct question", qs)
	}
	h.press("r")
	desktest.Eventually(t, "the reply editor", h.seen("Reply to @jdoe"))
	h.press("Sorry to hear that. Please report it online or call 101.")
	desktest.Eventually(t, "the typed reply", h.seen("call 101."))
	h.press("\x13")
	desktest.Eventually(t, "the draft to be saved", h.seen("draft saved"))
	h.press("3")
	h.press("py")
	desktest.Eventually(t, "the question to be answered", func() bool {
		q, _ := h.desk.Question(qs[0].ID)
		return q.State == desk.StateAnswered
	})
	h.quit()
	posts := srv.Posts()
	if len(posts) != 1 || posts[0].Visibility != "direct" || posts[0].InReplyTo != qs[0].Item.RemoteID || !strings.HasPrefix(posts[0].Text, "@jdoe ") {
		t.Errorf("posts %+v: want one direct reply to %s mentioning @jdoe", posts, qs[0].Item.RemoteID)
	}
}

// TestRunAtAMomentShowsThatDeskAndChangesNothing: after a shift, `dutydesk
// run --at #N` opens the console on the desk just after event N — the
// question new, as it was before it was acknowledged — and every command
// is refused, with nothing stored and no account contacted.
func TestRunAtAMomentShowsThatDeskAndChangesNothing(t *testing.T) {
	srv := mastotest.New(t)
	token := srv.AddAccount("team")
	configPath := desktest.WriteTeamConfig(t, srv.URL(), token, 0o600)
	h := startRun(t, configPath, mastodon.Options{BackoffMin: 10 * time.Millisecond, BackoffMax: 100 * time.Millisecond})
	srv.Mention("amy", "@team is the A595 still closed near Bothel?", "public")
	desktest.Eventually(t, "the question on screen", h.seen("A595 still closed"))
	arrived := h.desk.LastSeq()
	h.press("x")
	h.press("s")
	desktest.Eventually(t, "the question to be acknowledged", func() bool {
		qs := h.desk.Questions()
		return len(qs) == 1 && qs[0].State == desk.StateAcknowledged
	})
	h.quit()
	stored := h.desk.LastSeq()

	past := startRunArgs(t, []string{"--config", configPath, "--at", fmt.Sprintf("#%d", arrived)}, mastodon.Options{})
	desktest.Eventually(t, "the header to say the moment", past.seen("VIEWING"))
	desktest.Eventually(t, "the event in words", past.seen(fmt.Sprintf("#%d ", arrived)))
	desktest.Eventually(t, "the question as it was: new", past.seen("1 new · 0 ack"))
	past.press("x")
	desktest.Eventually(t, "the refusal", past.seen("read-only: viewing "))
	past.quit()

	st, err := desk.OpenSQLite(filepath.Join(filepath.Dir(configPath), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n, err := st.LastSeq(context.Background()); err != nil || n != stored {
		t.Errorf("the store holds %d events after the console at #%d (%v), want the %d it had", n, arrived, err, stored)
	}
}
