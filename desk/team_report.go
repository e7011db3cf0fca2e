package desk

import "time"

// TeamReport is Report for one team ("": the whole desk): the questions that
// are the team's at the end of the log (a transferred question counts for
// the team it went to), their drafts and replies, the team's duty changes
// and broadcasts (so the SLA clocks run on the team's duty), its members,
// and its SLA targets.
func (d *Desk) TeamReport(team string, from, to time.Time) (Report, error) {
	if team == "" {
		return d.Report(from, to)
	}
	evs, err := d.Events(0)
	if err != nil {
		return Report{}, err
	}
	t := d.team(team)
	d.mu.RLock()
	var people []Person
	for _, id := range d.order {
		if _, ok := d.people[id].RoleIn(t.ID); ok {
			people = append(people, *d.people[id])
		}
	}
	evs = d.state.teamEvents(evs, t.ID, func(author string) bool {
		p, ok := d.people[author]
		if !ok {
			return false
		}
		_, on := p.RoleIn(t.ID)
		return on
	})
	d.mu.RUnlock()
	for i := range people {
		people[i].OnShift = d.initialShift(people[i].ID)
	}
	ack, answer := d.opts.AcknowledgeWithin, d.opts.AnswerWithin
	if t.AcknowledgeWithin > 0 {
		ack = t.AcknowledgeWithin
	}
	if t.AnswerWithin > 0 {
		answer = t.AnswerWithin
	}
	return BuildReport(evs, t.Name, people, from, to, ack, answer), nil
}

// teamEvents are the events of evs that concern team (see TeamReport);
// member says whether a draft's author is on the team, for team posts.
// The caller holds d.mu, or owns the state.
func (d *state) teamEvents(evs []Event, team string, member func(author string) bool) []Event {
	owner := map[string]string{} // item or question ID → its team at the end
	for _, ev := range evs {
		switch ev.Type {
		case EvItemArrived:
			if p, err := decode[itemPayload](ev); err == nil {
				owner[p.Item.ID] = d.teamID(p.Team)
			}
		case EvDuplicateArrived:
			if p, err := decode[duplicatePayload](ev); err == nil {
				owner[p.Item.ID] = p.Question // resolved below
			}
		case EvTransferred:
			if p, err := decode[questionPayload](ev); err == nil {
				owner[p.Question] = d.teamID(p.Team)
			}
		}
	}
	ours := func(id string) bool {
		t, ok := owner[id]
		if !ok {
			return false
		}
		if _, isTeam := d.teamIDs[t]; !isTeam && t != d.defaultTeam {
			t = owner[t] // a duplicate: its question's team
		}
		return t == team
	}
	drafts := map[string]bool{}
	var out []Event
	prev := Event{}
	for _, ev := range evs {
		keep := false
		switch ev.Type {
		case EvItemArrived, EvItemEdited:
			if p, err := decode[itemPayload](ev); err == nil {
				keep = ours(p.Item.ID)
			}
		case EvDuplicateArrived:
			if p, err := decode[duplicatePayload](ev); err == nil {
				keep = ours(p.Question)
			}
		case EvItemRemoved:
			if p, err := decode[removedPayload](ev); err == nil {
				keep = ours(p.ItemID)
			}
		case EvReaction:
			if p, err := decode[reactionPayload](ev); err == nil {
				keep = ours(p.ItemID)
			}
		case EvFollowUp, EvThreadReply:
			if p, err := decode[threadPayload](ev); err == nil {
				keep = ours(p.Question)
			}
		case EvLevelSet:
			if p, err := decode[levelPayload](ev); err == nil {
				keep = ours(p.Question)
			}
		case EvAcknowledged, EvAssigned, EvClaimed, EvReleased, EvAnswered, EvClosed, EvDismissed, EvHandedBack, EvReopened, EvFavourited, EvTransferred:
			if p, err := decode[questionPayload](ev); err == nil {
				keep = ours(p.Question)
			}
		case EvDutyChanged:
			if p, err := decode[dutyPayload](ev); err == nil {
				keep = d.teamID(p.Team) == team
			}
		case EvDrafted:
			if p, err := decode[draftCreatedPayload](ev); err == nil {
				switch {
				case p.ReplyTo != "":
					keep = ours(p.ReplyTo)
				case p.Kind == DraftBroadcast && prev.Type == EvDutyChanged:
					// stored with its duty change, right after it
					keep = len(out) > 0 && out[len(out)-1].Seq == prev.Seq
				default:
					keep = member(ev.Actor)
				}
				drafts[p.Draft] = keep
			}
		case EvDraftEdited, EvApproved, EvRejected, EvPostStarted, EvPosted, EvPostFailed, EvSuperseded:
			if p, err := decodePayload(ev); err == nil {
				keep = drafts[draftOf(p)]
			}
		default:
			keep = true // shifts, sessions: people's, not a team's
		}
		if keep {
			out = append(out, ev)
		}
		prev = ev
	}
	return out
}

// draftOf is the draft a draft event's payload names.
func draftOf(p any) string {
	switch p := p.(type) {
	case draftEditedPayload:
		return p.Draft
	case draftDecisionPayload:
		return p.Draft
	case postStartedPayload:
		return p.Draft
	case postedPayload:
		return p.Draft
	case postFailedPayload:
		return p.Draft
	}
	return ""
}
