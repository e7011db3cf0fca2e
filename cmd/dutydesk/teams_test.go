package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
)

// writeTwoTeamConfig writes a config of two teams, north on the "team"
// account and roads on the "roads" account, both on srv.
func writeTwoTeamConfig(t *testing.T, srv *mastotest.Server) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"team", "roads"} {
		if err := os.WriteFile(filepath.Join(dir, name+".token"), []byte(srv.AddAccount(name)+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cfg := fmt.Sprintf(`team = "Carlisle desk"
db = %q

[[teams]]
id = "north"
name = "Team 3 · Carlisle North"
accounts = ["team"]

[[teams]]
id = "roads"
name = "Cumbria Roads Policing"
accounts = ["roads"]
[teams.duty]
off_template = "{team} is off the roads for tonight. Emergencies 999, non-emergency 101."

[[people]]
id = "ellis"
name = "Sgt Ellis"
teams = { north = "supervisor" }

[[people]]
id = "ryder"
name = "Sgt Ryder"
teams = { roads = "supervisor" }

[mastodon]
instance = %q

[[mastodon.accounts]]
name = "team"
token_file = "team.token"
team = true

[[mastodon.accounts]]
name = "roads"
token_file = "roads.token"
`, filepath.Join(dir, "desk.db"), srv.URL())
	path := filepath.Join(dir, "desk.toml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Each team's duty broadcast goes out from its own account, in its own
// words, changed by its own supervisor; the other team's duty stays.
func TestEachTeamsDutyBroadcastGoesFromItsOwnAccount(t *testing.T) {
	srv := mastotest.New(t)
	configPath := writeTwoTeamConfig(t, srv)

	code, out, errs := runDutyCmd(t, "off", "--team", "roads", "--dry-run", "--config", configPath)
	if code != 0 || !strings.Contains(out, "team: Cumbria Roads Policing (roads)") || !strings.Contains(out, "account: roads (@roads@"+srv.Host()+")") {
		t.Fatalf("dry run for roads: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = runDutyCmd(t, "off", "--team", "roads", "--config", configPath)
	if code != 0 {
		t.Fatalf("duty off --team roads: exit %d\n%s%s", code, out, errs)
	}
	posts := srv.Posts()
	if len(posts) != 1 || posts[0].Account != "roads" || posts[0].Text != "Cumbria Roads Policing is off the roads for tonight. Emergencies 999, non-emergency 101." {
		t.Fatalf("posts %+v, want the roads broadcast from @roads", posts)
	}

	code, out, errs = runDutyCmd(t, "on", "--until", "22:00", "--team", "north", "--config", configPath)
	if code != 0 {
		t.Fatalf("duty on --team north: exit %d\n%s%s", code, out, errs)
	}
	posts = srv.Posts()
	if len(posts) != 2 || posts[1].Account != "team" || !strings.HasPrefix(posts[1].Text, "Team 3 · Carlisle North on duty until 22:00") {
		t.Fatalf("posts %+v, want north's broadcast from @team", posts)
	}

	code, _, errs = runDutyCmd(t, "on", "--team", "roads", "--as", "ellis", "--config", configPath)
	if code == 0 || !strings.Contains(errs, `--as "ellis" is not on team "roads"`) || len(srv.Posts()) != 2 {
		t.Fatalf("ellis changed roads' duty: exit %d, %s, posts %+v", code, errs, srv.Posts())
	}
	code, _, errs = runDutyCmd(t, "on", "--team", "traffic", "--config", configPath)
	if code == 0 || !strings.Contains(errs, `no team "traffic"`) {
		t.Fatalf("an unknown team: exit %d, %s", code, errs)
	}
}
