package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dutydesk/dutydesk/feeds/mastodon"
	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
	"github.com/dutydesk/dutydesk/internal/config"
)

// welshTeam is a Welsh team's config on srv: Welsh first, then English,
// with off-duty broadcasts long enough that the two together are over the
// server's 500 characters, and the example's Welsh auto-reply.
func welshTeam(srv *mastotest.Server, env string) string {
	long := strings.Repeat(" Please do not report crime by message here.", 5)
	longCy := strings.Repeat(" Peidiwch â rhoi gwybod am drosedd drwy neges yma, os gwelwch yn dda.", 4)
	return `team = "Desg Gwynedd"

[[teams]]
id = "caernarfon"
name = "Tîm Plismona Bro Caernarfon"
accounts = ["team"]
languages = ["cy", "en"]

[teams.duty]
off_template = "{team} is now off duty and this account is not monitored. Emergencies 999, non-emergency 101.` + long + `"
off_template_cy = "Mae {team} oddi ar ddyletswydd nawr ac nid yw'r cyfrif hwn yn cael ei fonitro. Argyfwng 999, dim argyfwng 101.` + longCy + `"
on_template_cy = "{team} ar ddyletswydd tan {until}. Gofynnwch i ni yma — argyfwng 999, dim argyfwng 101."
next_on_cy = "y shifft nesaf"
auto_reply_cy = "Diolch am eich neges. Mae {team} oddi ar ddyletswydd ac nid yw'r cyfrif hwn yn cael ei fonitro tan {next_on}. Mewn argyfwng ffoniwch 999; fel arall ffoniwch 101 neu rhowch wybod ar-lein."

[[people]]
id = "morris"
name = "Sgt Morris"
role = "supervisor"
on_shift = true

[mastodon]
instance = "` + srv.URL() + `"
visibility = "public"

[[mastodon.accounts]]
name = "team"
token_env = "` + env + `"
team = true
`
}

// TestWelshTeamPostsBothLanguagesWithinTheServersLimit puts a Welsh team
// off duty against an in-process server that takes 500 characters: the
// broadcast goes out Welsh first, then English, as a thread because the
// two do not fit in one status; a direct message then gets the auto-reply
// in both languages, Welsh first, direct, every status within the limit.
func TestWelshTeamPostsBothLanguagesWithinTheServersLimit(t *testing.T) {
	srv := mastotest.New(t, mastotest.CharLimit(500))
	env := "DUTYDESK_TEST_WELSH_TOKEN"
	t.Setenv(env, srv.AddAccount("team"))
	cfg, err := config.Parse(filepath.Join(t.TempDir(), "team.toml"), welshTeam(srv, env))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d, closeDesk, err := RunTeam(ctx, cfg, filepath.Join(t.TempDir(), "desk.db"), mastodon.Options{
		BackoffMin: 10 * time.Millisecond, BackoffMax: 100 * time.Millisecond, PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer closeDesk()

	if _, err := d.SetDuty(ctx, "morris", false, ""); err != nil {
		t.Fatal(err)
	}
	posts := srv.Posts()
	if len(posts) != 2 {
		t.Fatalf("the off-duty broadcast made %d statuses, want a thread of 2 (Welsh, English): %+v", len(posts), posts)
	}
	if !strings.HasPrefix(posts[0].Text, "Mae Tîm Plismona Bro Caernarfon oddi ar ddyletswydd") || !strings.HasPrefix(posts[1].Text, "Tîm Plismona Bro Caernarfon is now off duty") {
		t.Errorf("broadcast = %q then %q, want the Welsh then the English", posts[0].Text, posts[1].Text)
	}
	if posts[1].InReplyTo != posts[0].ID {
		t.Errorf("the English part answers %q, want the Welsh part %s", posts[1].InReplyTo, posts[0].ID)
	}
	for _, p := range posts {
		if n := utf8.RuneCountInString(p.Text); n > 500 {
			t.Errorf("a status of %d characters: %q", n, p.Text)
		}
	}

	srv.DM("sam", "@team is the station open tomorrow?")
	var reply mastotest.Status
	deadline := time.Now().Add(15 * time.Second)
	for reply.ID == "" {
		if time.Now().After(deadline) {
			t.Fatalf("no auto-reply; statuses: %+v", srv.Posts())
		}
		for _, p := range srv.Posts()[2:] {
			reply = p
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // room for a second reply that should not come
	replies := srv.Posts()[2:]
	if len(replies) != 1 {
		t.Fatalf("%d auto-replies, want one status with both languages: %+v", len(replies), replies)
	}
	text := reply.Text
	cy, en := strings.Index(text, "Diolch am eich neges"), strings.Index(text, "Thanks for your message")
	if cy < 0 || en < 0 || cy > en {
		t.Errorf("auto-reply %q: want the Welsh, then the English", text)
	}
	if n := utf8.RuneCountInString(text); n > 500 || reply.Visibility != "direct" || !strings.Contains(text, "@sam") {
		t.Errorf("auto-reply of %d characters, %s: %q; want ≤ 500, direct, to @sam", n, reply.Visibility, text)
	}
}

// TestAWelshTeamWithoutWelshTemplatesIsRefused: languages = ["cy", "en"]
// without the Welsh versions stops the start at the team's line.
func TestAWelshTeamWithoutWelshTemplatesIsRefused(t *testing.T) {
	_, err := config.Parse("team.toml", "team = \"Desk\"\n\n[[teams]]\nid = \"bangor\"\nname = \"Tîm Bangor\"\nlanguages = [\"cy\", \"en\"]\n")
	if err == nil || !strings.Contains(err.Error(), "team.toml:6:") || !strings.Contains(err.Error(), "on_template_cy") {
		t.Fatalf("err = %v, want the missing on_template_cy named at the languages line", err)
	}
}
