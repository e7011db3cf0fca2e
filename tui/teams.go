package tui

import (
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
)

// Teams in the console. A console shows one team — its questions, counts,
// duty and SLA — or every team on the desk; ctrl+t (or `:team ID`) goes to
// the next. A question transferred to the console's team rings the bell and
// flashes the header, as an urgent one does.

// AllTeams is the console's team when it shows every team on the desk.
const AllTeams = "*"

// urgentAlert is the banner for an urgent arrival.
const urgentAlert = "URGENT question arrived — a life may be at risk: open it and advise 999"

var errDutyNeedsATeam = errors.New("duty is per team: switch to one team first (ctrl+t)")

// firstTeam is the team a console opens on: the one asked for, else the
// first team on the desk the person is on.
func firstTeam(d *desk.Desk, me desk.Person, asked string) string {
	teams := d.Teams()
	if asked == AllTeams {
		return AllTeams
	}
	for _, t := range teams {
		if t.ID == asked {
			return asked
		}
	}
	for _, t := range teams {
		if _, ok := me.RoleIn(t.ID); ok {
			return t.ID
		}
	}
	return teams[0].ID
}

// teamFilter is the team the desk's views are asked for: "" for all.
func (c *common) teamFilter() string {
	if c.team == AllTeams {
		return ""
	}
	return c.team
}

// teamLabel names what the console shows, for the header.
func (c *common) teamLabel() string {
	if c.team == AllTeams {
		return "All teams · " + c.desk.Team()
	}
	return c.desk.TeamName(c.team)
}

// duty is the duty of the console's team (the default team's when it shows
// every team).
func (c *common) duty() desk.Duty {
	return c.desk.TeamDuty(c.teamFilter())
}

// transfersIn counts the questions transferred to the console's team; 0
// when it shows every team (a transfer stays on the desk).
func (m *Model) transfersIn() int {
	if m.c.team == AllTeams {
		return 0
	}
	return m.c.desk.TransfersIn(m.c.team)
}

// transferAlert says which question came in last, from which team.
func (m *Model) transferAlert() string {
	var latest *desk.Question
	for _, q := range m.c.desk.TeamInbox(m.c.team, false) {
		if q.TransferredFrom != "" && (latest == nil || q.Transferred.After(latest.Transferred)) {
			latest = q
		}
	}
	if latest == nil {
		return "a question was transferred to " + m.c.desk.TeamName(m.c.team)
	}
	return fmt.Sprintf("transferred to %s from %s: %s %s", m.c.desk.TeamName(m.c.team), m.c.desk.TeamName(latest.TransferredFrom),
		latest.Item.Author, oneLineText(latest.Item.Text, 60))
}

// oneLineText is text on one line, cut to n runes.
func oneLineText(text string, n int) string {
	r := []rune(text)
	for i, c := range r {
		if c == '\n' || c == '\r' || c == '\t' {
			r[i] = ' '
		}
	}
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return string(r)
}

// switchTeam shows the team named (ID or the start of its ID or name; "all"
// for every team), or with "" the next one: each team, then all, then the
// first again.
func (m *Model) switchTeam(name string) tea.Cmd {
	teams := m.c.desk.Teams()
	next := AllTeams
	switch {
	case name == "all" || name == AllTeams:
	case name != "":
		id, err := m.c.desk.FindTeam(name)
		if err != nil {
			return refuse(err)
		}
		next = id
	default:
		for i, t := range teams {
			if t.ID == m.c.team {
				if i+1 < len(teams) {
					next = teams[i+1].ID
				}
				break
			}
		}
		if m.c.team == AllTeams {
			next = teams[0].ID
		}
	}
	m.c.team = next
	m.lastUrg = m.c.desk.TeamCounts(m.c.teamFilter()).Urgent
	m.lastTransfers = m.transfersIn()
	m.alert = ""
	cmd := m.refresh()
	m.setResult("showing "+m.c.teamLabel(), nil)
	return cmd
}
