package desk

import (
	"strings"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// QuestionState is where a question is on its way to an answer.
type QuestionState string

const (
	StateNew          QuestionState = "new"
	StateAcknowledged QuestionState = "acknowledged"
	StateAssigned     QuestionState = "assigned"
	StateAnswered     QuestionState = "answered"
	StateClosed       QuestionState = "closed"
	StateDismissed    QuestionState = "dismissed"
)

// QuestionStates lists the states in the order a question moves through them.
var QuestionStates = []QuestionState{StateNew, StateAcknowledged, StateAssigned, StateAnswered, StateClosed, StateDismissed}

// Open reports whether the question still needs the team.
func (s QuestionState) Open() bool {
	return s == StateNew || s == StateAcknowledged || s == StateAssigned
}

// questionMoves is the state machine: which states each state may move to.
var questionMoves = map[QuestionState][]QuestionState{
	StateNew:          {StateAcknowledged, StateAssigned, StateAnswered, StateDismissed, StateClosed},
	StateAcknowledged: {StateAssigned, StateAnswered, StateDismissed, StateClosed},
	StateAssigned:     {StateAssigned, StateAnswered, StateDismissed, StateClosed},
	StateAnswered:     {StateAnswered, StateClosed},
}

func (s QuestionState) canMoveTo(next QuestionState) bool {
	for _, m := range questionMoves[s] {
		if m == next {
			return true
		}
	}
	return false
}

// Question is an inbound item that needs an answer.
type Question struct {
	ID   string     // the item ID of its first arrival
	Item feeds.Item // latest text, after edits
	// Count is how many times the same author sent the same text (×4).
	Count         int
	State         QuestionState
	Assignee      string // person ID
	ClaimedBy     string // person ID of who has it open to reply
	Urgent        bool
	UrgencyReason string
	OffDuty       bool // arrived while the team was off duty
	Arrived       time.Time
	StateSince    time.Time
	Acknowledged  time.Time // zero until acknowledged (assigning acknowledges)
	Answered      time.Time // zero until answered
	Replies       []string  // IDs of drafts posted in answer
	seq           int64     // arrival order
	ordinal       int       // arrival count, the index in slaIndex.started
	folded        string    // author, name and text in lower case, for filtering
	duplicateIDs  []string
}

// duplicateKey identifies "the same comment from the same person": one
// author, the same words whatever the spacing and case.
func duplicateKey(it feeds.Item) string {
	return it.Author + "\x00" + strings.Join(strings.Fields(strings.ToLower(it.Text)), " ")
}

// Matches reports whether the question's author, name or text contains
// needle, which must be lower case. The folded text is made once when the
// question arrives, so that filtering 100 000 questions allocates nothing.
func (q *Question) Matches(needle string) bool { return strings.Contains(q.folded, needle) }

func fold(it feeds.Item) string {
	return strings.ToLower(it.Author + "\x00" + it.AuthorName + "\x00" + it.Text)
}
