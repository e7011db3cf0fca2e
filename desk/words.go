package desk

import (
	"fmt"
	"strings"

	"github.com/dutydesk/dutydesk/feeds"
)

// EventWords says what an event did, in the words a sergeant would use,
// with its local time: "21:14:07 Sgt Morris assigned @jdoe's question to
// PC Khan". Names come from the desk as it stands, so it reads best on a
// desk at (or after) the event: a past desk at that event (OpenAt) names
// what it names.
func (d *Desk) EventWords(ev Event) string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return ev.At.Local().Format("15:04:05") + " " + d.words(ev)
}

// words is EventWords without the time. The caller holds d.mu.
func (d *Desk) words(ev Event) string {
	who := d.who(ev.Actor)
	p, err := decodePayload(ev)
	if err != nil {
		return fmt.Sprintf("%s: %s (unreadable: %v)", who, ev.Type, err)
	}
	switch p := p.(type) {
	case itemPayload:
		it := p.Item
		switch {
		case ev.Type == EvItemEdited:
			return fmt.Sprintf("%s edited their message: %s", it.Author, quote(it.Text))
		case it.Kind == feeds.KindDirect:
			return fmt.Sprintf("%s sent a direct message: %s", it.Author, quote(it.Text))
		case it.Kind.Inbound():
			return fmt.Sprintf("%s wrote: %s", it.Author, quote(it.Text))
		}
		return fmt.Sprintf("team post by %s: %s", it.Author, quote(it.Text))
	case duplicatePayload:
		return fmt.Sprintf("%s sent the same message again", p.Item.Author)
	case removedPayload:
		if it, ok := d.items[p.ItemID]; ok {
			return fmt.Sprintf("%s removed their message", it.Author)
		}
		return "a message was removed by its author"
	case reactionPayload:
		return fmt.Sprintf("a %s on the team post %s", p.Reaction, quote(d.items[p.ItemID].Text))
	case questionPayload:
		q := d.whose(p.Question)
		switch ev.Type {
		case EvAcknowledged:
			return fmt.Sprintf("%s acknowledged %s", who, q)
		case EvAssigned:
			return fmt.Sprintf("%s assigned %s to %s", who, q, d.who(p.Assignee))
		case EvClaimed:
			return fmt.Sprintf("%s opened %s to reply", who, q)
		case EvReleased:
			return withReason(fmt.Sprintf("%s let go of %s", who, q), p.Reason)
		case EvAnswered:
			return fmt.Sprintf("%s answered %s", who, q)
		case EvClosed:
			return fmt.Sprintf("%s closed %s", who, q)
		case EvDismissed:
			return fmt.Sprintf("%s dismissed %s", who, q)
		case EvHandedBack:
			return fmt.Sprintf("%s went back to the queue (%s went off shift)", q, d.who(p.Previous))
		case EvReopened:
			return fmt.Sprintf("%s reopened %s", who, q)
		case EvFavourited:
			return fmt.Sprintf("%s favourited %s", who, q)
		}
	case threadPayload:
		q := d.whose(p.Question)
		switch {
		case ev.Type == EvThreadReply:
			return fmt.Sprintf("%s replied in the thread of %s: %s", p.Item.Author, q, quote(p.Item.Text))
		case p.Thanks:
			return fmt.Sprintf("%s said thanks, which closed %s: %s", p.Item.Author, q, quote(p.Item.Text))
		}
		return fmt.Sprintf("%s wrote again, which reopened %s: %s", p.Item.Author, q, quote(p.Item.Text))
	case levelPayload:
		return withReason(fmt.Sprintf("%s judged %s %s", who, d.whose(p.Question), levelWord(p.Level)), p.Reason)
	case draftCreatedPayload:
		switch p.Kind {
		case DraftReply, DraftAck, DraftAdvice, DraftAutoAck:
			return fmt.Sprintf("%s drafted a reply to %s: %s", who, d.whose(p.ReplyTo), quote(p.Text))
		case DraftBroadcast:
			return fmt.Sprintf("%s drafted the duty broadcast: %s", who, quote(p.Text))
		}
		return fmt.Sprintf("%s drafted a team post: %s", who, quote(p.Text))
	case draftEditedPayload:
		return fmt.Sprintf("%s edited %s: %s", who, d.draftWords(p.Draft), quote(p.Text))
	case draftDecisionPayload:
		switch ev.Type {
		case EvApproved:
			return withReason(fmt.Sprintf("%s approved %s", who, d.draftWords(p.Draft)), p.Reason)
		case EvRejected:
			return withReason(fmt.Sprintf("%s rejected %s", who, d.draftWords(p.Draft)), p.Reason)
		}
		return withReason(fmt.Sprintf("%s was withdrawn", d.draftWords(p.Draft)), p.Reason)
	case postStartedPayload:
		return fmt.Sprintf("%s started posting %s", who, d.draftWords(p.Draft))
	case postedPayload:
		return strings.TrimSpace(fmt.Sprintf("%s was posted %s", d.draftWords(p.Draft), p.URL))
	case postFailedPayload:
		return fmt.Sprintf("posting %s failed: %s", d.draftWords(p.Draft), p.Error)
	case dutyPayload:
		if !p.On {
			return fmt.Sprintf("%s put the team off duty", who)
		}
		if p.Until != "" {
			return fmt.Sprintf("%s put the team on duty until %s", who, p.Until)
		}
		return fmt.Sprintf("%s put the team on duty", who)
	case shiftPayload:
		return fmt.Sprintf("%s put %s %s shift", who, d.who(p.Person), onOff(p.OnShift))
	case sessionPayload:
		switch ev.Type {
		case EvSessionOpened:
			return fmt.Sprintf("%s logged in", d.who(p.Person))
		case EvSessionClosed:
			return withReason(fmt.Sprintf("%s logged out", d.who(p.Person)), p.Reason)
		}
		return withReason("a login was refused", p.Reason)
	}
	return fmt.Sprintf("%s: %s", who, ev.Type)
}

// who names an actor or a person: their name on the roster.
func (d *Desk) who(id string) string {
	switch {
	case id == "" || id == SystemActor:
		return "the desk"
	case strings.HasPrefix(id, "feed:"):
		return "the feed " + strings.TrimPrefix(id, "feed:")
	}
	if p, ok := d.people[id]; ok {
		return p.Name
	}
	return id
}

// whose names a question by its author: "@jdoe's question".
func (d *Desk) whose(id string) string {
	if q, ok := d.questions[id]; ok {
		return q.Item.Author + "'s question"
	}
	if it, ok := d.items[id]; ok {
		return it.Author + "'s question"
	}
	return "a question"
}

// draftWords names a draft by its author and what it is for.
func (d *Desk) draftWords(id string) string {
	dr, ok := d.drafts[id]
	if !ok {
		return "a draft"
	}
	what := "team post"
	switch dr.Kind {
	case DraftReply, DraftAck, DraftAdvice, DraftAutoAck:
		what = "reply to " + d.whoseAuthor(dr)
	case DraftBroadcast:
		what = "duty broadcast"
	}
	return d.who(dr.Author) + "'s " + what
}

// whoseAuthor is the author a reply draft answers.
func (d *Desk) whoseAuthor(dr *Draft) string {
	if q, ok := d.questions[dr.ReplyTo]; ok {
		return q.Item.Author
	}
	if dr.ReplyAuthor != "" {
		return dr.ReplyAuthor
	}
	return "a question"
}

// quote is the start of a text, quoted, on one line.
func quote(s string) string {
	return "“" + oneLineText(s, 60) + "”"
}

func withReason(s, reason string) string {
	if reason == "" {
		return s
	}
	return s + " (" + oneLineText(reason, 60) + ")"
}

func levelWord(level string) string {
	if level == "" {
		return "routine"
	}
	return strings.ReplaceAll(level, "_", " ")
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}
