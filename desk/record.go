package desk

import (
	"fmt"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// The stored format of events: each event type's payload, as JSON. Every
// key is named here by its tag, so that nothing outside this file (least
// of all a struct in another package) decides what is written to the store.
// Keys are stored: add fields, never rename or retype one. The fixture
// store in testdata, written before this file existed, holds every event
// type; TestFixtureStoreReplaysToTheSameDesk and
// TestRecordsWriteTheBytesStoredBefore keep the format as it was.

// itemRecord is a feeds.Item as stored: the Go field names feeds.Item had
// when items were first stored, every key present. Its fields are feeds.Item's
// own, in the same order and of the same types, so that the two convert into
// each other; a field added to feeds.Item stops the build here until it is
// given its stored key.
type itemRecord struct {
	ID         string           `json:"ID"`
	Source     string           `json:"Source"`
	Kind       feeds.Kind       `json:"Kind"`
	Author     string           `json:"Author"`
	AuthorName string           `json:"AuthorName"`
	Text       string           `json:"Text"`
	URL        string           `json:"URL"`
	InReplyTo  string           `json:"InReplyTo"`
	Thread     string           `json:"Thread"`
	Visibility feeds.Visibility `json:"Visibility"`
	Created    time.Time        `json:"Created"`
	RemoteID   string           `json:"RemoteID"`
}

// Payloads of item events.
type (
	// itemPayload: item.arrived and item.edited.
	itemPayload struct {
		Item itemRecord `json:"item"`
		// Urgent is set for the urgent level too, as it was before levels
		// existed, so that older dutydesk versions read an urgent arrival
		// as urgent; an arrival stored then has only this (level.go).
		Urgent        bool   `json:"urgent,omitempty"`
		UrgencyReason string `json:"urgency_reason,omitempty"`
		OffDuty       bool   `json:"off_duty,omitempty"`
		// Level is risk.Level's name ("" for routine); Signals what
		// decided it ("self_harm", "no_reply" …).
		Level   string   `json:"level,omitempty"`
		Signals []string `json:"signals,omitempty"`
		// Team is the team whose account received the item; "" on a desk
		// of one team, and in items stored before there were teams.
		Team string `json:"team,omitempty"`
	}
	// duplicatePayload: item.duplicate.
	duplicatePayload struct {
		Question string     `json:"question"`
		Item     itemRecord `json:"item"`
	}
	// removedPayload: item.removed.
	removedPayload struct {
		ItemID string `json:"item_id"`
	}
	// reactionPayload: item.reaction.
	reactionPayload struct {
		ItemID   string `json:"item_id"`
		Reaction string `json:"reaction"`
	}
)

// threadPayload is stored with EvFollowUp and EvThreadReply.
type threadPayload struct {
	Question string     `json:"question"`
	Item     itemRecord `json:"item"`
	// Thanks is the reply classifier's verdict on a follow-up, and Reason
	// the word or sign that decided it.
	Thanks bool   `json:"thanks,omitempty"`
	Reason string `json:"reason,omitempty"`
	// Answerer is the person told that their answered question reopened.
	Answerer string `json:"answerer,omitempty"`
}

// questionPayload: every question.* event but the two above.
type questionPayload struct {
	Question string `json:"question"`
	Assignee string `json:"assignee,omitempty"`
	Previous string `json:"previous,omitempty"` // claim taken over from; state reopened from
	Draft    string `json:"draft,omitempty"`
	// Console names the desk process whose console made a claim
	// (question.claimed): "host/pid/process", so that a later start can
	// tell a claim whose console is gone (lease.go).
	Console string `json:"console,omitempty"`
	// Reason says why the system released a claim (question.released).
	Reason string `json:"reason,omitempty"`
	// Team is the team a question is transferred to (question.transferred).
	Team string `json:"team,omitempty"`
}

// levelPayload: question.level_set, a person's judgement of a question's
// level (level.go). Was is the level before; Text the message as judged, so
// that the labelled example stands on its own even if the author later edits
// or removes it.
type levelPayload struct {
	Question string `json:"question"`
	Level    string `json:"level"`
	Was      string `json:"was,omitempty"`
	Reason   string `json:"reason,omitempty"`
	Text     string `json:"text,omitempty"`
}

// Payloads of draft events. They were once one struct whose keys were all
// optional but "draft"; each keeps the keys its event wrote, in the same
// order, so the bytes stored are the same.
type (
	// draftCreatedPayload: draft.created.
	draftCreatedPayload struct {
		Draft      string           `json:"draft"`
		Kind       DraftKind        `json:"kind,omitempty"`
		Text       string           `json:"text,omitempty"`
		ReplyTo    string           `json:"reply_to,omitempty"`
		Account    string           `json:"account,omitempty"`
		Visibility feeds.Visibility `json:"visibility,omitempty"`
		Findings   []Finding        `json:"findings,omitempty"`
	}
	// draftEditedPayload: draft.edited.
	draftEditedPayload struct {
		Draft    string    `json:"draft"`
		Text     string    `json:"text,omitempty"`
		Findings []Finding `json:"findings,omitempty"`
	}
	// draftDecisionPayload: draft.approved, draft.rejected and
	// draft.superseded; Reason is why a flagged draft was approved anyway,
	// why it was rejected, or why it was withdrawn.
	draftDecisionPayload struct {
		Draft  string `json:"draft"`
		Reason string `json:"reason,omitempty"`
	}
	// postStartedPayload: draft.post_started. Host and Claim identify who
	// claimed the post: the host's name, and the one desk process on it.
	postStartedPayload struct {
		Draft string `json:"draft"`
		Host  string `json:"host,omitempty"`
		Claim string `json:"claim,omitempty"`
	}
	// postedPayload: draft.posted.
	postedPayload struct {
		Draft    string `json:"draft"`
		RemoteID string `json:"remote_id,omitempty"`
		URL      string `json:"url,omitempty"`
	}
	// postFailedPayload: draft.post_failed.
	postFailedPayload struct {
		Draft string `json:"draft"`
		Error string `json:"error,omitempty"`
	}
)

// Payloads of duty, roster and access events.
type (
	// dutyPayload: duty.changed.
	dutyPayload struct {
		On        bool   `json:"on"`
		Until     string `json:"until,omitempty"`
		Broadcast string `json:"broadcast,omitempty"`
		// Team is the team whose duty changed; "": the default team.
		Team string `json:"team,omitempty"`
	}
	// shiftPayload: roster.shift_changed.
	shiftPayload struct {
		Person  string `json:"person"`
		OnShift bool   `json:"on_shift"`
	}
	// rosterPayload: roster.named, the roster as a writer's config gave
	// it, so that a reader without the config can name people.
	rosterPayload struct {
		People []namedPerson `json:"people"`
	}
	// sessionPayload: session.opened, session.closed and access.refused.
	sessionPayload struct {
		Person      string `json:"person,omitempty"`
		Fingerprint string `json:"fingerprint,omitempty"`
		Remote      string `json:"remote,omitempty"`
		Reason      string `json:"reason,omitempty"`
	}
)

// Payloads of appeal events (appeal.go).
type (
	appealMarkedPayload struct {
		Appeal string     `json:"appeal"`
		Item   string     `json:"item,omitempty"`
		Draft  string     `json:"draft,omitempty"`
		Kind   AppealKind `json:"kind"`
		Review time.Time  `json:"review"`
	}
	appealResolvedPayload struct {
		Appeal  string        `json:"appeal"`
		Outcome AppealOutcome `json:"outcome"`
		Reason  string        `json:"reason"`
		Action  AppealAction  `json:"action"`
		Update  string        `json:"update,omitempty"`
		Thanks  string        `json:"thanks,omitempty"`
	}
	appealPostPayload struct {
		Appeal string `json:"appeal"`
		Error  string `json:"error,omitempty"`
	}
)

// decodePayload decodes an event's payload into the record its type stores.
func decodePayload(ev Event) (any, error) {
	switch ev.Type {
	case EvItemArrived, EvItemEdited:
		return decode[itemPayload](ev)
	case EvDuplicateArrived:
		return decode[duplicatePayload](ev)
	case EvItemRemoved:
		return decode[removedPayload](ev)
	case EvReaction:
		return decode[reactionPayload](ev)
	case EvAcknowledged, EvAssigned, EvClaimed, EvReleased, EvAnswered, EvClosed, EvDismissed, EvHandedBack, EvReopened, EvTransferred:
		return decode[questionPayload](ev)
	case EvFollowUp, EvThreadReply:
		return decode[threadPayload](ev)
	case EvFavourited:
		return decode[questionPayload](ev)
	case EvLevelSet:
		return decode[levelPayload](ev)
	case EvDrafted:
		return decode[draftCreatedPayload](ev)
	case EvDraftEdited:
		return decode[draftEditedPayload](ev)
	case EvApproved, EvRejected, EvSuperseded:
		return decode[draftDecisionPayload](ev)
	case EvPostStarted:
		return decode[postStartedPayload](ev)
	case EvPosted:
		return decode[postedPayload](ev)
	case EvPostFailed:
		return decode[postFailedPayload](ev)
	case EvDutyChanged:
		return decode[dutyPayload](ev)
	case EvShiftChanged:
		return decode[shiftPayload](ev)
	case EvRosterNamed:
		return decode[rosterPayload](ev)
	case EvSessionOpened, EvSessionClosed, EvAccessRefused:
		return decode[sessionPayload](ev)
	case EvAppealMarked:
		return decode[appealMarkedPayload](ev)
	case EvAppealResolved:
		return decode[appealResolvedPayload](ev)
	case EvAppealPostStarted, EvAppealPostDone, EvAppealPostFailed:
		return decode[appealPostPayload](ev)
	}
	return nil, fmt.Errorf("event %d has unknown type %q: written by a newer dutydesk?", ev.Seq, ev.Type)
}
