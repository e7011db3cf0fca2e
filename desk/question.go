package desk

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/risk"
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
	Count     int
	State     QuestionState
	Assignee  string // person ID
	ClaimedBy string // person ID of who has it open to reply
	// ClaimConsole is the desk process whose console holds the claim (lease.go).
	ClaimConsole string
	// Level is how urgently a person must look (level.go): the urgency
	// classifier's at arrival, or the last person's judgement since
	// (LevelBy, LevelWhy). UrgencyReason and Signals are the classifier's.
	Level         risk.Level
	UrgencyReason string
	Signals       []string
	LevelBy       string // person ID of who last judged the level; "": the classifier
	LevelWhy      string
	// Advice is the draft ID of the emergency advice sent to the sender
	// while the team was off duty; "" if none.
	Advice       string
	OffDuty      bool // arrived while the team was off duty
	Arrived      time.Time
	StateSince   time.Time
	Acknowledged time.Time // zero until acknowledged (assigning acknowledges)
	Answered     time.Time // zero until answered
	Replies      []string  // IDs of drafts posted in answer
	seq          int64     // arrival order
	ordinal      int       // arrival count, the index in slaIndex.started
	folded       string    // author, name and text in lower case, for filtering
	duplicateIDs []string

	// Thread lists the later messages that joined the question, oldest
	// first: its author's follow-ups (the newest is Item) and other people's
	// remarks in its thread (reopen.go).
	Thread []string
	// Reopens counts how often a follow-up from its author reopened it;
	// ReopenedFor is the person who had answered it before the last time.
	Reopens     int
	ReopenedFor string
	// Team is the ID of the team the question belongs to (team.go);
	// TransferredFrom the team it was last transferred from, at Transferred.
	Team            string
	TransferredFrom string
	Transferred     time.Time
}

// duplicateKey identifies "the same comment from the same person": one
// author, the same words whatever the spacing and case.
func duplicateKey(it feeds.Item) string {
	return it.Author + "\x00" + words(strings.ToLower(it.Text))
}

// words is strings.Join(strings.Fields(s), " "), without splitting s when
// it is already so: ASCII words one space apart, as most texts are.
func words(s string) string {
	prev := byte(' ')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == ' ' && prev == ' ' {
			return strings.Join(strings.Fields(s), " ")
		}
		prev = c
	}
	if prev == ' ' && s != "" {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

// foldAndKey returns fold(it) and duplicateKey(it), lower-casing the text
// once for both. The NUL bytes between the parts keep lower-casing them
// apart the same as lower-casing them together: no UTF-8 sequence spans one.
func foldAndKey(it feeds.Item) (folded, key string) {
	text := strings.ToLower(it.Text)
	return strings.ToLower(it.Author+"\x00"+it.AuthorName) + "\x00" + text, it.Author + "\x00" + words(text)
}

// Matches reports whether the question's author, name or text contains
// needle, which must be lower case. The folded text is made once when the
// question arrives, so that filtering 100 000 questions allocates nothing.
func (q *Question) Matches(needle string) bool { return strings.Contains(q.folded, needle) }

func fold(it feeds.Item) string {
	return strings.ToLower(it.Author + "\x00" + it.AuthorName + "\x00" + it.Text)
}
