package desk

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/risk"
)

// Emergency advice off duty. While the team is off duty nobody is watching,
// so an urgent or possible arrival is answered at once with the emergency
// advice ([duty] urgent_reply; by default DefaultUrgentReply, naming 999),
// plus Samaritans when the classifier heard self-harm. It is planned like an
// auto-acknowledgement — stored with the arrival in one transaction, so it is
// decided exactly once whatever the number of hosts, and posted through the
// claim machinery with the draft ID as idempotency key, so a restart resumes
// it and never sends it twice — but it goes before any waiting
// acknowledgement and is not paced. It replies in the thread, in the
// message's own visibility (a DM is answered directly), and it does not
// answer the question: the question stays new, at the top, for the next
// shift. A sender who asked not to be replied to gets nothing (NoReply).

// DraftAdvice is the emergency advice sent off duty to an urgent or possible message.
const DraftAdvice DraftKind = "urgent_advice"

// DefaultUrgentReply is the emergency advice when [duty] urgent_reply is unset.
const DefaultUrgentReply = risk.AdviceUrgent

// SelfHarmAdvice is added to the emergency advice when the message speaks of
// self-harm, unless the advice already gives the Samaritans' number.
const SelfHarmAdvice = "If you are thinking of harming yourself, you can call Samaritans free, day or night, on 116 123."

// adviceRetries bounds how often a failed emergency advice is sent again
// before waiting for the next start; the waits double from adviceRetryWait.
const adviceRetries = 8

var adviceRetryWait = time.Second

// retryAdvice sends a failed emergency advice again after a wait, while the
// draft is still approved (a failure leaves it so), up to adviceRetries
// times, and says in the status bar what is happening: someone may be in
// danger and be waiting for it.
func (d *Desk) retryAdvice(ctx context.Context, id string, err error) {
	q := &d.acks
	q.mu.Lock()
	if q.tries == nil {
		q.tries = map[string]int{}
	}
	q.tries[id]++
	n := q.tries[id]
	q.mu.Unlock()
	if dr, ok := d.Draft(id); !ok || dr.State != DraftApproved {
		return // posted after all, or taken over by another host
	}
	if n >= adviceRetries {
		d.SetHealth("advice", fmt.Sprintf("emergency advice not sent after %d tries (%v): it is sent again at the next start; answer the urgent question by hand", n, err))
		return
	}
	wait := adviceRetryWait << (n - 1)
	d.SetHealth("advice", fmt.Sprintf("emergency advice not sent (%v): trying again in %s", err, wait))
	time.AfterFunc(wait, func() { d.sendAdvice(ctx, []string{id}) })
}

// adviceRetried forgets the failed sends of an advice now sent, and
// reports whether there were any.
func (d *Desk) adviceRetried(id string) bool {
	q := &d.acks
	q.mu.Lock()
	defer q.mu.Unlock()
	n := q.tries[id]
	delete(q.tries, id)
	return n > 0
}

// automatic reports whether the desk writes and sends drafts of this kind
// itself; they never answer the question they reply to.
func (k DraftKind) automatic() bool { return k == DraftAutoAck || k == DraftAdvice }

// planAdvice returns the events that draft and approve the emergency advice
// for one arrival, and the draft's ID. The caller holds d.mu.
func (d *Desk) planAdvice(team *Team, it feeds.Item, signals []string) (string, []Event, error) {
	text := d.adviceText(team, signals, true)
	findings := d.check(withMention(it.Author, text))
	if countSeverity(findings, SeverityBlock) > 0 {
		// The team's own wording is refused by its own check: send the
		// built-in advice rather than nothing, and say so.
		d.health["advice"] = "[duty] urgent_reply is blocked by the risk check (" + reasons(findings) + "); the built-in advice was sent instead"
		text = d.adviceText(team, signals, false)
		findings = d.check(withMention(it.Author, text))
	}
	id := newDraftID()
	drafted, approved, err := d.systemDraft(draftCreatedPayload{
		Draft: id, Kind: DraftAdvice, Text: withMention(it.Author, text), ReplyTo: it.ID, Account: d.replyAccount(team),
		Visibility: replyVisibility(it.Visibility), Findings: findings,
	}, "off-duty emergency advice")
	if err != nil {
		return "", nil, err
	}
	return id, []Event{drafted, approved}, nil
}

// adviceText is the emergency advice for a message with these signals: the
// configured one if configured is set, else the built-in one.
func (d *Desk) adviceText(team *Team, signals []string, configured bool) string {
	text := ""
	if configured {
		text = strings.TrimSpace(d.render(team, team.UrgentReply, false, ""))
	}
	if text == "" {
		text = DefaultUrgentReply
	}
	if hasSignal(signals, risk.SignalSelfHarm) && !strings.Contains(text, "116 123") {
		text += " " + SelfHarmAdvice
	}
	return text
}
