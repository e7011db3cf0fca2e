// Package feeds owns where items come from and where posts go: a Source yields
// items (team posts, mentions, replies, direct messages) and a Poster sends text
// out. Feeds know nothing of the desk or the terminal.
package feeds

import (
	"context"
	"time"
)

// Kind says what an item is to the team.
type Kind string

const (
	// KindTeamPost is a post by the team account or one of its officers.
	KindTeamPost Kind = "post"
	// KindMention is a public or unlisted post that mentions the team.
	KindMention Kind = "mention"
	// KindReply is a reply to one of the team's posts.
	KindReply Kind = "reply"
	// KindDirect is a direct (private) message to the team.
	KindDirect Kind = "direct"
)

// Inbound reports whether an item of this kind is the public talking to the
// team, and so may need an answer.
func (k Kind) Inbound() bool { return k == KindMention || k == KindReply || k == KindDirect }

// Visibility is who can see a post, in Mastodon's words.
type Visibility string

const (
	VisibilityPublic   Visibility = "public"
	VisibilityUnlisted Visibility = "unlisted"
	VisibilityPrivate  Visibility = "private"
	VisibilityDirect   Visibility = "direct"
)

// Item is one thing that arrived. Text is already safe plain text: feeds turn
// HTML and hostile characters into something a terminal can show.
type Item struct {
	// ID is the item's identity across every feed ("mastodon:team:1099…",
	// "demo:17"); two feeds that deliver the same post give the same ID.
	ID         string
	Source     string // the feed or account it came through, e.g. "team"
	Kind       Kind
	Author     string // handle, e.g. "@amy@mastodon.example"
	AuthorName string // display name, may be empty
	Text       string
	URL        string
	InReplyTo  string // ID of the item this answers, if any
	Thread     string // conversation ID, if the server gives one
	Visibility Visibility
	Created    time.Time
	// RemoteID is the server's own ID, needed to reply to the item.
	RemoteID string
}

// EventType says what happened to an item.
type EventType string

const (
	// EventUpsert is a new item or an edit of one already seen.
	EventUpsert EventType = "upsert"
	// EventDelete is an item removed by its author or the server.
	EventDelete EventType = "delete"
	// EventReaction counts a favourite or boost on a team post.
	EventReaction EventType = "reaction"
	// EventHealth reports the feed's own condition (connected, retrying,
	// rate-limited) for the status bar.
	EventHealth EventType = "health"
)

// Event is what a Source emits.
type Event struct {
	Type EventType
	Item Item // EventUpsert; for EventDelete and EventReaction only Item.ID is set
	// Reaction is "favourite" or "reblog" for EventReaction.
	Reaction string
	// Health is a one-line condition for EventHealth ("live", "retrying in 4s: 503").
	Health string
	// Err is set on EventHealth when the condition is a fault.
	Err error
}

// Source delivers events until its context ends.
type Source interface {
	// Name identifies the source in the status bar and in events.
	Name() string
	// Run sends events to out until ctx is done; it returns ctx.Err() then, or
	// an error it cannot recover from.
	Run(ctx context.Context, out chan<- Event) error
}

// Post is text to send out.
type Post struct {
	// Key identifies the draft; the same key must never post twice, so it is
	// sent as the Idempotency-Key.
	Key string
	// Account names the configured account to post from ("" = the team account).
	Account    string
	Text       string
	InReplyTo  string // RemoteID of the item being answered, if any
	Visibility Visibility
	// MaySent says an earlier attempt may have reached the server (a
	// restart found the draft posting): before sending, the poster looks
	// for the status among the account's own and adopts it if it is there.
	MaySent bool
	// Since is when the first attempt was made (zero: now); only statuses
	// made since then (less clock skew) can be this post's.
	Since time.Time
}

// Posted is what the server says it made.
type Posted struct {
	RemoteID string
	URL      string
}

// Poster sends posts out.
type Poster interface {
	Post(ctx context.Context, p Post) (Posted, error)
}

// Favouriter marks a post as seen where its author is told: a favourite, the
// cheapest public "we've seen this". Favouriting is idempotent on the
// server, so a retry never tells the author twice.
type Favouriter interface {
	// Favourite favourites the status with server ID remoteID from the
	// named account ("" = the team account).
	Favourite(ctx context.Context, account, remoteID string) error
}

// Edit replaces the text of a status the team posted: an appeal's post,
// once the person is found, keeps its place in people's timelines but
// loses the details ("UPDATE: found safe and well"). Media are not kept.
type Edit struct {
	// Account names the configured account that posted it ("" = whichever
	// configured account did).
	Account  string
	RemoteID string
	Text     string
}

// Editor changes and removes statuses the team posted. Both are safe to
// repeat: an edit that may have reached the server is looked for before it
// is sent again, and removing a status the server no longer has succeeds.
type Editor interface {
	Edit(ctx context.Context, e Edit) (Posted, error)
	// Delete removes status remoteID posted by the named account ("" =
	// whichever configured account did).
	Delete(ctx context.Context, account, remoteID string) error
}
