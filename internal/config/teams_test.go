package config

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dutydesk/dutydesk/desk"
)

// A config written before there were teams (config.example.toml as it was)
// loads unchanged and is one team: the top-level name, [sla] and [duty], its
// team account, and everybody on it with their role.
func TestASingleTeamConfigIsOneDefaultTeam(t *testing.T) {
	cfg, err := Load(filepath.Join("testdata", "single-team.toml"))
	if err != nil {
		t.Fatalf("the single-team config no longer loads: %v", err)
	}
	teams := cfg.Teams()
	if len(teams) != 1 {
		t.Fatalf("%d teams, want the one implicit team: %+v", len(teams), teams)
	}
	team := teams[0]
	if team.ID != DefaultTeamID || team.Name != "Team 3 · Carlisle North" || !reflect.DeepEqual(team.Accounts, []string{"team"}) {
		t.Fatalf("the implicit team is %+v, want id %q named after `team`, on the team account", team, DefaultTeamID)
	}
	if team.SLA != cfg.SLA || team.Duty != cfg.Duty {
		t.Fatalf("the implicit team's SLA %+v / duty %+v are not the top-level [sla] %+v / [duty] %+v", team.SLA, team.Duty, cfg.SLA, cfg.Duty)
	}
	if byID, err := cfg.TeamByID(""); err != nil || byID.ID != DefaultTeamID {
		t.Fatalf(`TeamByID("") = %+v, %v; want the default team`, byID, err)
	}
	for _, p := range cfg.DeskPeople() {
		if !reflect.DeepEqual(p.Teams, map[string]desk.Role{DefaultTeamID: p.Role}) {
			t.Errorf("%s is on %v, want only the default team as %s", p.ID, p.Teams, p.Role)
		}
	}
}

// config.example.toml shows two teams: the roads team with its own SLA,
// templates and account, people with a role per team.
func TestTheExampleConfigHasTwoTeams(t *testing.T) {
	cfg, err := Load(filepath.Join("..", "..", "config.example.toml"))
	if err != nil {
		t.Fatal(err)
	}
	teams := cfg.Teams()
	if len(teams) != 2 || teams[0].ID != "north" || teams[1].ID != "roads" {
		t.Fatalf("teams %+v, want north then roads", teams)
	}
	north, roads := teams[0], teams[1]
	if north.SLA != cfg.SLA || north.Duty != cfg.Duty {
		t.Errorf("north sets no [teams.sla]/[teams.duty] of its own, yet has %+v / %+v", north.SLA, north.Duty)
	}
	if roads.SLA.AcknowledgeMinutes != 30 || roads.SLA.AnswerHours != 12 || !strings.Contains(roads.Duty.OnTemplate, "on the roads") {
		t.Errorf("roads has SLA %+v and on_template %q, want its own", roads.SLA, roads.Duty.OnTemplate)
	}
	if !reflect.DeepEqual(roads.Accounts, []string{"roads"}) {
		t.Errorf("roads posts from %v, want its own account", roads.Accounts)
	}
	people := map[string]desk.Person{}
	for _, p := range cfg.DeskPeople() {
		people[p.ID] = p
	}
	if r, ok := people["morris"].RoleIn("roads"); !ok || r != desk.RoleSupervisor {
		t.Errorf("morris on roads: %q %v, want supervisor", r, ok)
	}
	if _, ok := people["khan"].RoleIn("roads"); ok {
		t.Errorf("khan, with no teams, is on roads too; want the first team only")
	}
	price := people["price"]
	if r, _ := price.RoleIn("roads"); r != desk.RoleOfficer || price.Role != desk.RoleOfficer {
		t.Errorf("price is %q on roads and %q on the desk, want officer (role left out)", r, price.Role)
	}
	if _, ok := price.RoleIn("north"); ok {
		t.Errorf("price is on north, want roads only")
	}
	if _, err := cfg.TeamByID("traffic"); err == nil || !strings.Contains(err.Error(), "north, roads") {
		t.Errorf("an unknown team: %v, want the teams there are named", err)
	}
}

// A team leaving a key out takes the top-level one; a person without a role
// who supervises a team is a supervisor.
func TestATeamInheritsWhatItLeavesOut(t *testing.T) {
	cfg, err := Load(writeConfig(t, `team = "Desk"
[sla]
acknowledge_minutes = 45
[duty]
next_on = "08:00"
[[teams]]
id = "a"
name = "Team A"
[[teams]]
id = "b"
name = "Team B"
[teams.duty]
next_on = "07:00"
[[people]]
id = "s"
teams = { a = "supervisor", b = "supervisor" }
`))
	if err != nil {
		t.Fatal(err)
	}
	teams := cfg.Teams()
	if teams[1].SLA.AcknowledgeMinutes != 45 || teams[1].Duty.NextOn != "07:00" || teams[0].Duty.NextOn != "08:00" ||
		teams[1].Duty.OffTemplate != cfg.Duty.OffTemplate || teams[1].Duty.AutoReplyPerMinute != cfg.Duty.AutoReplyPerMinute {
		t.Fatalf("teams %+v, want unset keys from the top level and set ones kept", teams)
	}
	if !reflect.DeepEqual(teams[0].Languages, []string{"en"}) {
		t.Errorf("languages %v, want English by default", teams[0].Languages)
	}
	if cfg.People[0].Role != "supervisor" {
		t.Errorf("role %q, want supervisor for someone who supervises a team", cfg.People[0].Role)
	}
}

func TestTeamMistakesNameTheLine(t *testing.T) {
	const two = "[[teams]]\nid = \"a\"\nname = \"A\"\n[[teams]]\nid = \"b\"\nname = \"B\"\n"
	cases := []struct{ name, src, want string }{
		{"bad id", "[[teams]]\nid = \"Roads Team\"\nname = \"R\"\n", `:2: teams[0].id "Roads Team" must be a short name`},
		{"twice", "[[teams]]\nid = \"a\"\nname = \"A\"\n[[teams]]\nid = \"a\"\nname = \"B\"\n", `:5: teams[1].id "a" is used twice`},
		{"no name", "[[teams]]\nid = \"a\"\n", `:1: teams[0] ("a") has no name`},
		{"unknown team", two + "[[people]]\nid = \"s\"\nteams = { a = \"supervisor\", c = \"officer\" }\n", `:9: people[0].teams names team "c"`},
		{"bad role", two + "[[people]]\nid = \"s\"\nteams = { a = \"supervisor\", b = \"boss\" }\n", `:9: people[0].teams.b must be "supervisor" or "officer", not "boss"`},
		{"teams without teams", "[[people]]\nid = \"s\"\nrole = \"supervisor\"\nteams = { a = \"supervisor\" }\n", `:4: people[0].teams names teams, but there are no [[teams]]`},
		{"no supervisor", two + "[[people]]\nid = \"s\"\nteams = { a = \"supervisor\", b = \"officer\" }\n", `team "b" has no supervisor`},
		{"account twice", "[[teams]]\nid = \"a\"\nname = \"A\"\naccounts = [\"x\"]\n[[teams]]\nid = \"b\"\nname = \"B\"\naccounts = [\"x\"]\n", `:8: teams[1].accounts[0] "x" is already team "a"'s`},
		{"unknown account", "[[teams]]\nid = \"a\"\nname = \"A\"\naccounts = [\"roads\"]\n[mastodon]\ninstance = \"https://m.example\"\n[[mastodon.accounts]]\nname = \"team\"\ntoken_env = \"T\"\nteam = true\n", `:4: teams[0].accounts[0] "roads" is not one of the [[mastodon.accounts]] names`},
		{"language", "[[teams]]\nid = \"a\"\nname = \"A\"\nlanguages = [\"fr\"]\n", `:4: teams[0].languages[0] "fr" is not one of`},
		{"template", "[[teams]]\nid = \"a\"\nname = \"A\"\n[teams.duty]\noff_template = \"Off now\"\n", `:1: team "a": teams[0].duty.off_template must tell the public to call 999`},
		{"sla", "[[teams]]\nid = \"a\"\nname = \"A\"\n[teams.sla]\nanswer_hours = -2\n", `teams[0].sla.answer_hours (team "a") must be > 0`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := writeConfig(t, c.src)
			_, err := Load(path)
			if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want it to name %s and contain %q", err, path, c.want)
			}
		})
	}
}
