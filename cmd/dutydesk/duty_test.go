package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds/mastodon"
	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
	"github.com/dutydesk/dutydesk/internal/app"
	"github.com/dutydesk/dutydesk/internal/config"
	"github.com/dutydesk/dutydesk/internal/desktest"
)

func TestRiskyTemplateStopsTheStart(t *testing.T) {
	cfg, err := config.Parse("team.toml", "[duty]\noff_template = \"Off duty. Call Sgt Morris on 07700 900123. 999 / 101\"\n")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = app.Open(context.Background(), filepath.Join(t.TempDir(), "desk.db"), cfg, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "team.toml:2: duty.off_template is blocked by the risk check") {
		t.Fatalf("error %v, want the template refused at its line", err)
	}
}

// setUnlisted makes the config's broadcasts unlisted, to see the setting
// reach the server.
func setUnlisted(t *testing.T, configPath string) {
	t.Helper()
	src, err := os.ReadFile(configPath)
	if err != nil {
		t.Fatal(err)
	}
	src = bytes.Replace(src, []byte(`visibility = "public"`), []byte(`visibility = "unlisted"`), 1)
	if err := os.WriteFile(configPath, src, 0o600); err != nil {
		t.Fatal(err)
	}
}

func runDutyCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := dutyWith(context.Background(), args, dutyEnv{stdout: &out, stderr: &errb,
		mastodon: mastodon.Options{BackoffMin: 10 * time.Millisecond, BackoffMax: 100 * time.Millisecond}})
	return code, out.String(), errb.String()
}

func TestDutyDryRunPostsNothing(t *testing.T) {
	srv := mastotest.New(t)
	configPath := desktest.WriteTeamConfig(t, srv.URL(), srv.AddAccount("team"), 0o600)
	code, out, errs := runDutyCmd(t, "off", "--dry-run", "--config", configPath)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	wantAccount := "account: team (@team@" + srv.Host() + ")"
	for _, want := range []string{"team OFF duty", wantAccount, "visibility: public",
		"text: Team 3 · Carlisle North is now off duty and this account is not monitored. Emergencies 999, non-emergency 101, or report online. Back on the next shift.",
		"dry run: nothing posted, duty unchanged"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := srv.Requests("/api/v1/statuses"); n != 0 || len(srv.Posts()) != 0 {
		t.Fatalf("a dry run posted: %d requests, %+v", n, srv.Posts())
	}
	d, closeDesk, err := app.OpenToRead(context.Background(), config.Default(), filepath.Join(filepath.Dir(configPath), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer closeDesk()
	if d.LastSeq() != 0 {
		t.Fatalf("a dry run stored %d events", d.LastSeq())
	}
}

func TestDutyPostsTheBroadcastFromTheTeamAccount(t *testing.T) {
	srv := mastotest.New(t)
	configPath := desktest.WriteTeamConfig(t, srv.URL(), srv.AddAccount("team"), 0o600)
	setUnlisted(t, configPath)

	code, out, errs := runDutyCmd(t, "on", "--until", "22:00", "--config", configPath, "--as", "morris")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	posts := srv.Posts()
	if len(posts) != 1 {
		t.Fatalf("%d posts, want 1: %+v", len(posts), posts)
	}
	p := posts[0]
	want := "Team 3 · Carlisle North on duty until 22:00. Ask us here — emergencies 999, non-emergency 101."
	if p.Account != "team" || p.Visibility != "unlisted" || p.Text != want {
		t.Fatalf("posted %+v, want %q from team, unlisted", p, want)
	}
	if !strings.Contains(out, "posted: "+srv.URL()+"/@team/"+p.ID) || !strings.Contains(out, "visibility: unlisted") {
		t.Fatalf("output lacks the status URL or the visibility:\n%s", out)
	}

	// Off again, as cron would at the end of the shift; then the desk says who did it.
	if code, _, errs := runDutyCmd(t, "off", "--config", configPath); code != 0 {
		t.Fatalf("off: exit %d: %s", code, errs)
	}
	if n := len(srv.Posts()); n != 2 {
		t.Fatalf("%d posts after going off duty, want 2", n)
	}
	d, closeDesk, err := app.OpenToRead(context.Background(), config.Default(), filepath.Join(filepath.Dir(configPath), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer closeDesk()
	if duty := d.Duty(); duty.On || duty.ChangedBy != "morris" || !strings.Contains(duty.Broadcast, "999") {
		t.Fatalf("duty %+v, want off, changed by morris", duty)
	}
	if code, _, errs := runDutyCmd(t, "sideways", "--config", configPath); code != 2 || !strings.Contains(errs, "say on or off") {
		t.Fatalf("bad word: exit %d %q", code, errs)
	}
}

// TestDutyKeyPostsThePreviewedBroadcast: d in the console shows the text,
// the account and the visibility, and enter posts exactly that.
func TestDutyKeyPostsThePreviewedBroadcast(t *testing.T) {
	srv := mastotest.New(t)
	configPath := desktest.WriteTeamConfig(t, srv.URL(), srv.AddAccount("team"), 0o600)
	h := startRun(t, configPath, mastodon.Options{BackoffMin: 10 * time.Millisecond, BackoffMax: 100 * time.Millisecond})
	h.press("d")
	desktest.Eventually(t, "the duty preview", h.seen("This will be posted from team (@team@"+srv.Host()+") · visibility public"))
	h.press("21:30")
	desktest.Eventually(t, "the until time in the preview", h.seen("on duty until 21:30."))
	h.press("\r")
	desktest.Eventually(t, "the broadcast to be posted", func() bool { return len(srv.Posts()) == 1 })
	desktest.Eventually(t, "the header to say on duty", h.seen("ON DUTY until 21:30"))

	h.press("d") // now off: tab is not needed, the overlay offers the other state
	desktest.Eventually(t, "the off-duty preview", h.seen("is now off duty"))
	h.press("\r")
	desktest.Eventually(t, "the shift report after going off duty", h.seen("Shift report"))
	h.press("\x1b")
	h.quit()
	posts := srv.Posts()
	if len(posts) != 2 {
		t.Fatalf("%d posts, want on and off: %+v", len(posts), posts)
	}
	if p := posts[0]; p.Account != "team" || p.Visibility != "public" || p.Text != "Team 3 · Carlisle North on duty until 21:30. Ask us here — emergencies 999, non-emergency 101." {
		t.Errorf("on-duty post %+v", p)
	}
	if p := posts[1]; p.Account != "team" || !strings.Contains(p.Text, "999") || !strings.Contains(p.Text, "101") {
		t.Errorf("off-duty post %+v", p)
	}
}

func TestReportCommand(t *testing.T) {
	srv := mastotest.New(t)
	configPath := desktest.WriteTeamConfig(t, srv.URL(), srv.AddAccount("team"), 0o600)
	if code, _, errs := runDutyCmd(t, "on", "--config", configPath); code != 0 {
		t.Fatal(errs)
	}
	var out, errb bytes.Buffer
	if code := reportWith(context.Background(), []string{"--config", configPath, "--since", "shift", "--format", "csv"}, &out, &errb, time.Now); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"section,name,figure,value", "team,Team 3 · Carlisle North,in,0", "person,Sgt Morris,acknowledged,0"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("csv lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if code := reportWith(context.Background(), []string{"--config", configPath, "--format", "pdf"}, &out, &errb, time.Now); code != 2 {
		t.Fatalf("--format pdf: exit %d, want 2", code)
	}
}
