package desk

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Teams. One desk can hold several teams (a neighbourhood team, road
// policing…): each question belongs to the team whose account received it,
// each team has its own duty, broadcasts and auto-replies, and a supervisor
// can transfer a question to another team. A desk opened with no Teams is
// one team, DefaultTeam, as desks always were; its events name no team, and
// a question stored without a team belongs to the first (default) team.

// DefaultTeam is the ID of the one team of a desk whose Options name no Teams.
const DefaultTeam = "default"

// EvTransferred moves a question to another team (questionPayload: Team the
// team it goes to, Previous the one it came from).
const EvTransferred EventType = "question.transferred"

// Team is one team on the desk.
type Team struct {
	ID   string // typed in `--team ID`
	Name string // shown in the header, {team} in templates
	// Accounts are the feed sources (account names) whose questions belong
	// to the team; its duty broadcasts leave from the first.
	Accounts []string
	// Broadcast, AutoReply and UrgentReply render the team's duty broadcast,
	// off-duty auto-reply and off-duty emergency advice (see Options); nil
	// as in Options.
	Broadcast, AutoReply, UrgentReply func(a Announcement) string
	// BroadcastAccount names the broadcast account as the preview shows it.
	BroadcastAccount string
	// AcknowledgeWithin and AnswerWithin are the team's SLA targets in its
	// reports; 0: the desk's.
	AcknowledgeWithin, AnswerWithin time.Duration
}

// TeamInfo is a team as a console lists it.
type TeamInfo struct{ ID, Name string }

// initTeams sets the desk's teams from its options: Options.Teams, or the
// one implicit team. The caller is Open.
func (d *Desk) initTeams() error {
	if len(d.opts.Teams) == 0 {
		d.implicitTeam = true
		d.opts.Teams = []Team{{ID: DefaultTeam, Name: d.opts.Team, Broadcast: d.opts.Broadcast, AutoReply: d.opts.AutoReply,
			UrgentReply: d.opts.UrgentReply, BroadcastAccount: d.opts.BroadcastAccount}}
	}
	d.teamIdx = map[string]int{}
	d.accountTeam = map[string]string{}
	for i, t := range d.opts.Teams {
		if t.ID == "" {
			return fmt.Errorf("team %d (%q) has no ID", i, t.Name)
		}
		if _, dup := d.teamIdx[t.ID]; dup {
			return fmt.Errorf("team %q is listed twice", t.ID)
		}
		d.teamIdx[t.ID] = i
		for _, a := range t.Accounts {
			d.accountTeam[a] = t.ID
		}
	}
	d.state.setTeams(d.opts.Teams)
	return nil
}

// setTeams tells the state which team IDs there are, the default first,
// so that a question or duty change stored without a team (or for a team no
// longer configured) folds into the default team.
func (d *state) setTeams(teams []Team) {
	d.defaultTeam = teams[0].ID
	d.teamIDs = map[string]bool{}
	for _, t := range teams {
		d.teamIDs[t.ID] = true
	}
	if d.duties == nil {
		d.duties = map[string]Duty{}
	}
	if d.transfersIn == nil {
		d.transfersIn = map[string]int{}
	}
}

// teamID is the team a stored team ID folds into: itself if configured,
// else the default team.
func (d *state) teamID(stored string) string {
	if d.teamIDs[stored] {
		return stored
	}
	return d.defaultTeam
}

// team is the configured team with id; the default team for "" or an
// unknown ID.
func (d *Desk) team(id string) *Team {
	if i, ok := d.teamIdx[id]; ok {
		return &d.opts.Teams[i]
	}
	return &d.opts.Teams[0]
}

// storedTeam is what events record for a team: nothing on a desk of one
// implicit team, so that its events stay as they always were.
func (d *Desk) storedTeam(id string) string {
	if d.implicitTeam {
		return ""
	}
	return id
}

// teamOfSource is the team whose account an item arrived at.
func (d *Desk) teamOfSource(source string) string {
	if t, ok := d.accountTeam[source]; ok {
		return t
	}
	return d.opts.Teams[0].ID
}

// Teams lists the teams on the desk, the default team first.
func (d *Desk) Teams() []TeamInfo {
	out := make([]TeamInfo, 0, len(d.opts.Teams))
	for _, t := range d.opts.Teams {
		out = append(out, TeamInfo{ID: t.ID, Name: t.Name})
	}
	return out
}

// TeamName is the name of the team with id; "" for the whole desk.
func (d *Desk) TeamName(id string) string {
	if id == "" {
		return d.opts.Team
	}
	return d.team(id).Name
}

// FindTeam returns the ID of the team named by id (or by a unique prefix of
// its ID or name, as typed on the command line).
func (d *Desk) FindTeam(id string) (string, error) {
	if _, ok := d.teamIdx[id]; ok {
		return id, nil
	}
	var found, ids []string
	for _, t := range d.opts.Teams {
		ids = append(ids, t.ID)
		if id != "" && (strings.HasPrefix(t.ID, id) || strings.HasPrefix(strings.ToLower(t.Name), strings.ToLower(id))) {
			found = append(found, t.ID)
		}
	}
	if len(found) == 1 {
		return found[0], nil
	}
	return "", fmt.Errorf("%w: no team %q on this desk (teams: %s)", ErrNotFound, id, strings.Join(ids, ", "))
}

// supervisorOf checks that the actor supervises team.
func (d *Desk) supervisorOf(id, team, what string) (*Person, error) {
	p, err := d.actor(id)
	if err != nil {
		return nil, err
	}
	if r, ok := p.RoleIn(team); !ok || r != RoleSupervisor {
		return nil, fmt.Errorf("%w: only a supervisor of %s can %s", ErrNotAllowed, d.team(team).Name, what)
	}
	return p, nil
}

// TeamDuty is a team's duty state.
func (d *Desk) TeamDuty(team string) Duty {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.dutyOf(team)
}

// dutyOf is a team's duty state. The caller holds d.mu.
func (d *state) dutyOf(team string) Duty {
	return d.duties[d.teamID(team)]
}

// TransfersIn counts the questions ever transferred to team: a console
// rings when it goes up.
func (d *Desk) TransfersIn(team string) int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.transfersIn[team]
}

// Transfer moves a question to another team: it leaves the sending team's
// queue (unassigned, if it was assigned) and joins the receiving team's,
// whose consoles ring. Only a supervisor of the question's team may
// transfer it; a question someone is answering is not moved under them.
func (d *Desk) Transfer(ctx context.Context, actor, id, team string) error {
	return d.act(ctx, []string{questionTarget(id)}, func() error {
		q, err := d.question(id)
		if err != nil {
			return err
		}
		to, ok := d.teamIdx[team]
		if !ok {
			return fmt.Errorf("%w: no team %q on this desk", ErrNotFound, team)
		}
		from := d.teamID(q.Team)
		if _, err := d.supervisorOf(actor, from, "transfer its questions"); err != nil {
			return err
		}
		switch {
		case from == team:
			return fmt.Errorf("%w: the question is already %s's", ErrIllegal, d.opts.Teams[to].Name)
		case !q.State.Open():
			return fmt.Errorf("%w: the question is %s; reopen it first", ErrIllegal, q.State)
		case q.ClaimedBy != "":
			return fmt.Errorf("%w: %s is answering it; transfer it once they are done or take it over", ErrIllegal, d.nameOf(q.ClaimedBy))
		}
		return d.record(ctx, EvTransferred, actor, questionPayload{Question: id, Team: d.storedTeam(team), Previous: d.storedTeam(from)})
	})
}

// applyTransfer folds a transfer into the state.
func (d *state) applyTransfer(ev Event) error {
	p, err := decode[questionPayload](ev)
	if err != nil {
		return err
	}
	if _, ok := d.questions[p.Question]; !ok {
		return nil
	}
	to := d.teamID(p.Team)
	d.mutate(p.Question, func(q *Question) {
		q.TransferredFrom, q.Transferred = d.teamID(q.Team), ev.At
		q.Team = to
		if q.State == StateAssigned {
			q.State, q.StateSince = StateAcknowledged, ev.At
		}
		q.Assignee, q.ClaimedBy, q.ClaimConsole = "", "", ""
	})
	d.transfersIn[to]++
	return nil
}

// TeamInbox is Inbox for one team; "" is every team.
func (d *Desk) TeamInbox(team string, oldestFirst bool) []*Question {
	all := d.Inbox(oldestFirst)
	if team == "" {
		return all
	}
	out := all[:0:0]
	for _, q := range all {
		if q.Team == team {
			out = append(out, q)
		}
	}
	return out
}

// TeamCounts is Counts for one team; "" is every team. Like Counts it
// reads tallies kept as events apply; only the oldest unacknowledged
// question is looked for, from the oldest waiting on the whole desk.
func (d *Desk) TeamCounts(team string) Counts {
	if team == "" {
		return d.Counts()
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	t := d.index.teams[team]
	if t == nil {
		return Counts{ByState: map[QuestionState]int{}, Open: map[string]int{}}
	}
	c := t.counts()
	if c.ByState[StateNew] > 0 {
		for _, id := range d.index.unacked {
			if q, ok := d.questions[id]; ok && q.State == StateNew && q.Team == team {
				c.OldestUnacknowledged = q.Arrived
				break
			}
		}
	}
	return c
}

// countTeam moves a question's team tally as queueIndex.count moves the
// desk's.
func (x *queueIndex) countTeam(q *Question, delta int) {
	if x.teams == nil {
		x.teams = map[string]*tally{}
	}
	t := x.teams[q.Team]
	if t == nil {
		t = newTally()
		x.teams[q.Team] = t
	}
	t.count(q, delta)
	// Unlike the desk's tally, which snapshots have always stored with its
	// zeros, a team's drops a state nobody is in: as countTeams rebuilds it.
	if t.byState[q.State] == 0 {
		delete(t.byState, q.State)
	}
}

// countTeams rebuilds the team tallies from the queue, which a snapshot
// does not carry.
func (d *state) countTeams() {
	d.index.teams = map[string]*tally{}
	for _, q := range d.queue {
		d.index.countTeam(q, +1)
	}
}

// recountTeams folds the questions of a team no longer configured into the
// default team, then rebuilds the tallies: after a snapshot is loaded into
// a desk whose teams may have changed since it was written.
func (d *state) recountTeams() {
	for i, q := range d.queue {
		if t := d.teamID(q.Team); t != q.Team {
			c := *q
			c.Team = t
			d.queue[i], d.questions[q.ID] = &c, &c
		}
	}
	d.countTeams()
}

// autoAckKey is how autoAcked remembers an author answered in their team's
// off-duty period: by the author alone in the default team, as it always
// was, else with the team in front.
func autoAckKey(team, defaultTeam, author string) string {
	if team == defaultTeam || team == "" {
		return author
	}
	return team + "\x00" + author
}

// resetAutoAcked starts a team's new off-duty period: everyone may be
// answered once again. The caller holds d.mu.
func (d *state) resetAutoAcked(team string) {
	if team == d.defaultTeam {
		for k := range d.autoAcked {
			if !strings.Contains(k, "\x00") {
				delete(d.autoAcked, k)
			}
		}
		return
	}
	for k := range d.autoAcked {
		if strings.HasPrefix(k, team+"\x00") {
			delete(d.autoAcked, k)
		}
	}
}

// replyAccount is the account the desk's own replies to a team's
// questions leave from: the team's first account; "" (the team account)
// on a desk of one team.
func (d *Desk) replyAccount(team *Team) string {
	if d.implicitTeam || len(team.Accounts) == 0 {
		return ""
	}
	return team.Accounts[0]
}
