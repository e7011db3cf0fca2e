package desk

import (
	"fmt"
	"strings"
	"time"
)

// SavedReply is a reply the team keeps ready ("saved replies" in other team
// inboxes): the acknowledgement, "please call 101 or report online", "we
// can't discuss individual cases here". The compose picker inserts one,
// filled, for editing; the acknowledgement choice of x posts one.
type SavedReply struct {
	Name string
	Text string // with {name} {officer} {team} {when} {ref_advice}
	// Team, if set, offers the reply only on the desk of the team so named.
	Team string
	Tags []string
}

// ReplyFields are the placeholders a saved reply may use.
var ReplyFields = []string{"name", "officer", "team", "when", "ref_advice"}

// ReplyVars are the values of the placeholders for one reply.
type ReplyVars struct {
	Name      string // who asked: the first word of their display name, else their handle
	Officer   string // who will answer: the assignee, else the person replying
	Team      string
	When      string // when an answer can be expected: "within 24 hours", or "when the team is back on duty"
	RefAdvice string // how to get a crime reference: Options.RefAdvice
}

// Fill puts the values in the reply's placeholders.
func (r SavedReply) Fill(v ReplyVars) string {
	return strings.NewReplacer("{name}", v.Name, "{officer}", v.Officer, "{team}", v.Team,
		"{when}", v.When, "{ref_advice}", v.RefAdvice).Replace(r.Text)
}

// DefaultRefAdvice is {ref_advice} when Options.RefAdvice is empty.
const DefaultRefAdvice = "report it online or call 101, and you'll be given a crime reference number"

// SavedReplies returns the saved replies offered on this desk, in the
// configured order.
func (d *Desk) SavedReplies() []SavedReply {
	out := make([]SavedReply, 0, len(d.opts.Replies))
	for _, r := range d.opts.Replies {
		if r.Team == "" || r.Team == d.opts.Team {
			out = append(out, r)
		}
	}
	return out
}

// SavedReply finds a saved reply offered on this desk by name.
func (d *Desk) SavedReply(name string) (SavedReply, bool) {
	for _, r := range d.SavedReplies() {
		if r.Name == name {
			return r, true
		}
	}
	return SavedReply{}, false
}

// ReplyVars are the placeholder values for actor replying to the question
// questionID ("" for a team post: {name} is then "there").
func (d *Desk) ReplyVars(actor, questionID string) ReplyVars {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.replyVars(actor, questionID)
}

// replyVars is ReplyVars for a caller that holds d.mu.
func (d *Desk) replyVars(actor, questionID string) ReplyVars {
	v := ReplyVars{Name: "there", Officer: d.nameOf(actor), Team: d.opts.Team, RefAdvice: d.opts.RefAdvice}
	if v.RefAdvice == "" {
		v.RefAdvice = DefaultRefAdvice
	}
	if q, ok := d.questions[questionID]; ok {
		v.Name = firstName(q.Item.AuthorName, q.Item.Author)
		if q.Assignee != "" {
			v.Officer = d.nameOf(q.Assignee)
		}
	}
	if d.duty.On {
		v.When = "within " + humanHours(d.opts.AnswerWithin)
	} else {
		v.When = "when the team is back on duty"
	}
	return v
}

// firstName is the first word of a display name, else the handle's user
// part: "Amy Jones 🌻" → "Amy", "@amy@mastodon.social" → "amy".
func firstName(display, handle string) string {
	for _, w := range strings.Fields(display) {
		if strings.IndexFunc(w, func(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' }) >= 0 {
			return strings.Trim(w, ",.:;!")
		}
	}
	h := strings.TrimPrefix(handle, "@")
	if i := strings.IndexByte(h, '@'); i >= 0 {
		h = h[:i]
	}
	if h == "" {
		return "there"
	}
	return h
}

// humanHours says a target as people do: "an hour", "4 hours", "2 days".
func humanHours(t time.Duration) string {
	h := int(t.Round(time.Hour) / time.Hour)
	switch {
	case h <= 1:
		return "an hour"
	case h%24 == 0 && h > 24:
		return fmt.Sprintf("%d days", h/24)
	default:
		return fmt.Sprintf("%d hours", h)
	}
}
