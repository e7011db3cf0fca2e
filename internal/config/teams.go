package config

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds/mastodon"
)

// DefaultTeamID is the id of the one team a config without [[teams]]
// describes: the top-level team, [sla] and [duty] as they always were.
const DefaultTeamID = "default"

// TeamConfig is one [[teams]] entry: a team that shares the desk. Keys it
// leaves unset in its own [teams.sla] and [teams.duty] come from the
// top-level [sla] and [duty].
type TeamConfig struct {
	// ID names the team in commands (`dutydesk duty off --team roads`)
	// and in people's memberships.
	ID   string `toml:"id"`
	Name string `toml:"name"`
	// Accounts are [[mastodon.accounts]] names: a question that arrives at
	// one of them belongs to this team, and the team's duty broadcasts
	// leave from the first. An account no team lists belongs to the first
	// team.
	Accounts []string `toml:"accounts"`
	// Languages the team posts its broadcasts and auto-replies in, first
	// language first (e.g. ["cy", "en"]); default ["en"].
	Languages []string   `toml:"languages"`
	SLA       SLAConfig  `toml:"sla"`
	Duty      DutyConfig `toml:"duty"`
}

// Team is one team as the desk runs it: a [[teams]] entry with the
// top-level defaults filled in, or the implicit default team.
type Team struct {
	ID, Name  string
	Accounts  []string
	Languages []string
	SLA       SLAConfig
	Duty      DutyConfig
}

// languages a team may post in.
var teamLanguages = []string{"en", "cy"}

var teamID = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,31}$`)

// Teams are the teams on the desk, the default team first: the [[teams]]
// entries, or without any the one team the top-level keys describe.
func (c Config) Teams() []Team {
	if len(c.TeamList) == 0 {
		return []Team{{ID: DefaultTeamID, Name: c.Team, Accounts: c.teamAccount(), Languages: []string{"en"}, SLA: c.SLA, Duty: c.Duty}}
	}
	out := make([]Team, 0, len(c.TeamList))
	for _, tc := range c.TeamList {
		t := Team{ID: tc.ID, Name: tc.Name, Accounts: tc.Accounts, Languages: tc.Languages, SLA: tc.SLA, Duty: tc.Duty}
		if len(t.Languages) == 0 {
			t.Languages = []string{"en"}
		}
		inheritSLA(&t.SLA, c.SLA)
		inheritDuty(&t.Duty, c.Duty)
		out = append(out, t)
	}
	return out
}

// TeamByID returns the team with id; "" is the default team.
func (c Config) TeamByID(id string) (Team, error) {
	teams := c.Teams()
	if id == "" {
		return teams[0], nil
	}
	var ids []string
	for _, t := range teams {
		if t.ID == id {
			return t, nil
		}
		ids = append(ids, t.ID)
	}
	return Team{}, fmt.Errorf("no team %q in %s (teams: %s)", id, c.path, strings.Join(ids, ", "))
}

// DeskTeam is the desk's ID for the team with id ("" the default team): ""
// — the desk's one team — when the config has no [[teams]].
func (c Config) DeskTeam(id string) (string, error) {
	t, err := c.TeamByID(id)
	if err != nil || len(c.TeamList) == 0 {
		return "", err
	}
	return t.ID, nil
}

// teamAccount is the single team's account list: the account marked
// team = true, if any.
func (c Config) teamAccount() []string {
	for _, a := range c.Mastodon.Accounts {
		if a.Team {
			return []string{a.Name}
		}
	}
	return nil
}

func inheritSLA(t *SLAConfig, top SLAConfig) {
	if t.AcknowledgeMinutes == 0 {
		t.AcknowledgeMinutes = top.AcknowledgeMinutes
	}
	if t.AnswerHours == 0 {
		t.AnswerHours = top.AnswerHours
	}
	if t.ReopenHours == 0 {
		t.ReopenHours = top.ReopenHours
	}
}

func inheritDuty(t *DutyConfig, top DutyConfig) {
	for _, f := range []struct{ team, top *string }{
		{&t.OnTemplate, &top.OnTemplate}, {&t.OffTemplate, &top.OffTemplate}, {&t.NextOn, &top.NextOn},
		{&t.ReportLink, &top.ReportLink}, {&t.AutoReply, &top.AutoReply}, {&t.UrgentReply, &top.UrgentReply},
		{&t.OnTemplateCy, &top.OnTemplateCy}, {&t.OffTemplateCy, &top.OffTemplateCy}, {&t.NextOnCy, &top.NextOnCy},
		{&t.AutoReplyCy, &top.AutoReplyCy}, {&t.UrgentReplyCy, &top.UrgentReplyCy},
	} {
		if *f.team == "" {
			*f.team = *f.top
		}
	}
	if t.AutoReplyPerMinute == 0 {
		t.AutoReplyPerMinute = top.AutoReplyPerMinute
	}
}

// Memberships are the teams a person is on, each with their role there:
// their `teams` table, or without one the default team with their role.
func (p PersonConfig) Memberships(defaultTeam string) map[string]string {
	if len(p.Teams) > 0 {
		return p.Teams
	}
	return map[string]string{defaultTeam: p.Role}
}

// personRole is the role a person has on the desk as a whole: the role
// given, else supervisor if they supervise any team, else officer.
func (p PersonConfig) personRole() string {
	if p.Role != "" || len(p.Teams) == 0 {
		return p.Role
	}
	for _, r := range p.Teams {
		if r == string(desk.RoleSupervisor) {
			return r
		}
	}
	return string(desk.RoleOfficer)
}

// validateTeams checks [[teams]] and people's memberships.
func (c Config) validateTeams() error {
	ids := map[string]bool{}
	accountTeam := map[string]string{}
	for i, t := range c.TeamList {
		at := fmt.Sprintf("teams[%d]", i)
		switch {
		case !teamID.MatchString(t.ID):
			return c.ErrorAt(at+".id", fmt.Sprintf("%s.id %q must be a short name: lower-case letters, digits, _ - (it is typed in `--team ID`)", at, t.ID))
		case ids[t.ID]:
			return c.ErrorAt(at+".id", fmt.Sprintf("%s.id %q is used twice", at, t.ID))
		case strings.TrimSpace(t.Name) == "":
			return c.ErrorAt(at, fmt.Sprintf("%s (%q) has no name: give the name shown in the header and used as {team}", at, t.ID))
		}
		ids[t.ID] = true
		for j, a := range t.Accounts {
			key := fmt.Sprintf("%s.accounts", at)
			if other, ok := accountTeam[a]; ok {
				return c.ErrorAt(key, fmt.Sprintf("%s[%d] %q is already team %q's: a question must belong to one team", key, j, a, other))
			}
			accountTeam[a] = t.ID
			if c.hasMastodon && !slices.ContainsFunc(c.Mastodon.Accounts, func(m mastodon.Account) bool { return m.Name == a }) {
				return c.ErrorAt(key, fmt.Sprintf("%s[%d] %q is not one of the [[mastodon.accounts]] names", key, j, a))
			}
		}
		for j, l := range t.Languages {
			if !slices.Contains(teamLanguages, l) {
				return c.ErrorAt(at+".languages", fmt.Sprintf("%s.languages[%d] %q is not one of %q", at, j, l, teamLanguages))
			}
		}
		if err := c.validateTeamTables(i, t); err != nil {
			return err
		}
		if err := c.validateWelsh(i, t); err != nil {
			return err
		}
	}
	for i, p := range c.People {
		at := fmt.Sprintf("people[%d].teams", i)
		if len(p.Teams) > 0 && len(c.TeamList) == 0 {
			return c.ErrorAt(at, at+" names teams, but there are no [[teams]]: add them, or remove teams from this person")
		}
		for _, team := range slices.Sorted(maps.Keys(p.Teams)) {
			role := p.Teams[team]
			if !ids[team] {
				return c.ErrorAt(at, fmt.Sprintf("%s names team %q, which is not one of the [[teams]] ids", at, team))
			}
			if role != string(desk.RoleSupervisor) && role != string(desk.RoleOfficer) {
				return c.ErrorAt(at, fmt.Sprintf("%s.%s must be \"supervisor\" or \"officer\", not %q", at, team, role))
			}
		}
	}
	if len(c.TeamList) > 0 && len(c.People) > 0 {
		for _, t := range c.TeamList {
			if !c.teamHasSupervisor(t.ID) {
				return c.ErrorAt("teams", fmt.Sprintf("team %q has no supervisor: give someone teams = { %s = \"supervisor\" } so that somebody can change its duty", t.ID, t.ID))
			}
		}
	}
	return nil
}

func (c Config) teamHasSupervisor(id string) bool {
	def := c.TeamList[0].ID
	for _, p := range c.People {
		if p.Memberships(def)[id] == string(desk.RoleSupervisor) {
			return true
		}
	}
	return false
}

// validateTeamTables checks a team's own [teams.sla] and [teams.duty] as
// [sla] and [duty] are checked, with the top-level keys filled in and the
// message naming the team's key.
func (c Config) validateTeamTables(i int, tc TeamConfig) error {
	at := fmt.Sprintf("teams[%d]", i)
	for _, f := range []struct {
		key string
		n   int
	}{{"acknowledge_minutes", tc.SLA.AcknowledgeMinutes}, {"answer_hours", tc.SLA.AnswerHours}, {"reopen_hours", tc.SLA.ReopenHours}} {
		if f.n < 0 {
			return c.ErrorAt(at, fmt.Sprintf("%s.sla.%s (team %q) must be > 0, or left out to use [sla]", at, f.key, tc.ID))
		}
	}
	duty := tc.Duty
	inheritDuty(&duty, c.Duty)
	if key, msg := checkDuty(duty, at+".duty."); key != "" {
		return c.ErrorAt(at, fmt.Sprintf("team %q: %s", tc.ID, msg))
	}
	return nil
}

// TeamSupervisor is who changes a team's duty from the shell: as, if they
// are on the team, else the team's first supervisor.
func (c Config) TeamSupervisor(team, as string) (string, error) {
	if len(c.TeamList) == 0 {
		return c.ConsolePerson(as)
	}
	def := c.TeamList[0].ID
	if as != "" {
		id, err := c.ConsolePerson(as)
		if err != nil {
			return "", err
		}
		for _, p := range c.People {
			if p.ID == id {
				if _, ok := p.Memberships(def)[team]; !ok {
					return "", fmt.Errorf("--as %q is not on team %q in %s", as, team, c.path)
				}
			}
		}
		return id, nil
	}
	for _, p := range c.People {
		if p.Memberships(def)[team] == string(desk.RoleSupervisor) {
			return p.ID, nil
		}
	}
	return "", &Error{Path: c.path, Msg: fmt.Sprintf("team %q has no supervisor in [[people]]: give someone teams = { %s = \"supervisor\" }", team, team)}
}
