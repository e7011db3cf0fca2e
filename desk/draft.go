package desk

import (
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// DraftState is where a draft is on its way out.
type DraftState string

const (
	DraftFlagged  DraftState = "flagged" // the risk check found something that blocks it
	DraftOK       DraftState = "ok"      // nothing blocks it (warnings may remain)
	DraftApproved DraftState = "approved"
	DraftPosting  DraftState = "posting" // sent to the server, not yet confirmed
	DraftPosted   DraftState = "posted"
	DraftRejected DraftState = "rejected"
	// DraftSuperseded is a reply withdrawn because a supervisor took the
	// question over or another reply answered it: kept, never postable.
	DraftSuperseded DraftState = "superseded"
)

// DraftKind says what a draft is for.
type DraftKind string

const (
	DraftReply     DraftKind = "reply"
	DraftUpdate    DraftKind = "update"    // a team post
	DraftBroadcast DraftKind = "broadcast" // an on/off-duty broadcast
	DraftAutoAck   DraftKind = "auto_ack"  // the off-duty acknowledgement
)

// Severity of a finding, in the risk checker's words.
const (
	SeverityBlock = "block"
	SeverityWarn  = "warn"
)

// Finding is one thing the risk check found in a draft; it is stored with the
// draft so that the audit trail shows what the approver saw.
type Finding struct {
	Kind     string `json:"kind"`
	Severity string `json:"severity"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Reason   string `json:"reason"`
	Fix      string `json:"fix,omitempty"`
}

// Checker runs the risk check on draft text.
type Checker func(text string) []Finding

// Draft is text someone on the team wants to post.
type Draft struct {
	ID      string
	Kind    DraftKind
	Author  string // person ID
	Text    string
	ReplyTo string // question ID for replies
	// ReplyRemote and ReplyAuthor are the status a reply answers and its
	// author, kept from when the draft was written: a question its author
	// deletes leaves the desk, its drafts keep their target (gone.go).
	ReplyRemote, ReplyAuthor string
	Account                  string // account to post from; "" = the team account
	Visibility               feeds.Visibility
	State                    DraftState
	Findings                 []Finding
	ApprovedBy               string
	Reason                   string // approval reason for a flagged draft, or why it was rejected
	RemoteID                 string
	URL                      string
	LastError                string
	// PostingHost is the host that claimed the post while the draft is
	// posting, and PostingSince when; with a shared store only that host
	// resumes it until the claim's lease runs out.
	PostingHost  string
	PostingSince time.Time
	// FirstPosted is when the draft was first sent: a status the server
	// made for it cannot be older (less clock skew).
	FirstPosted time.Time
	claim       string // the desk process that claimed it
	Created     time.Time
	Updated     time.Time
}

// Blocks counts findings that stop the draft being posted without approval.
func (d Draft) Blocks() int { return countSeverity(d.Findings, SeverityBlock) }

// Warns counts findings that only warn.
func (d Draft) Warns() int { return countSeverity(d.Findings, SeverityWarn) }

// Waiting reports whether the draft still needs someone to act on it.
func (d Draft) Waiting() bool {
	return d.State == DraftFlagged || d.State == DraftOK || d.State == DraftApproved || d.State == DraftPosting
}

func countSeverity(fs []Finding, sev string) int {
	n := 0
	for _, f := range fs {
		if f.Severity == sev {
			n++
		}
	}
	return n
}
