package mastodon

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"

	"github.com/dutydesk/dutydesk/feeds"
	gomasto "github.com/mattn/go-mastodon"
)

// idString reads the loosely typed ID fields go-mastodon leaves as any.
func idString(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprint(v)
}

// maxIDLen bounds an ID a server sends; real ones are under 40 bytes.
const maxIDLen = 128

// safeID makes an ID from the server fit to store, show and send back: the
// printable ASCII IDs every real server uses pass unchanged; anything else
// (control characters, spaces, non-ASCII, absurd lengths) is escaped or, if
// too long, replaced by its hash, so that a hostile server cannot smuggle
// text into the screen or the status bar through an ID.
func safeID(id string) string {
	clean := true
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] >= 0x7f || id[i] == '%' {
			clean = false
			break
		}
	}
	if !clean {
		id = url.PathEscape(id)
	}
	if len(id) > maxIDLen {
		sum := sha256.Sum256([]byte(id))
		id = "h-" + hex.EncodeToString(sum[:16])
	}
	return id
}

// safeVisibility keeps the four visibilities Mastodon defines; anything
// else (a server's own "local" or "mutuals_only", or junk) is taken as the
// narrowest, so that a reply never goes out wider than what it answers.
func safeVisibility(v string) feeds.Visibility {
	switch feeds.Visibility(v) {
	case feeds.VisibilityPublic, feeds.VisibilityUnlisted, feeds.VisibilityPrivate, feeds.VisibilityDirect:
		return feeds.Visibility(v)
	}
	return feeds.VisibilityDirect
}

// item turns a status into a feed item of the given kind. Every field that
// came from the server passes feeds.SafeText (SafeLine for one-line fields,
// safeID for IDs) here, before any pane can see it.
func (a *account) item(st *gomasto.Status, kind feeds.Kind) feeds.Item {
	c := a.c
	var text strings.Builder
	if st.SpoilerText != "" {
		text.WriteString("[CW: " + PlainText(st.SpoilerText) + "]\n")
	}
	text.WriteString(PlainText(st.Content))
	for _, m := range st.MediaAttachments {
		desc := feeds.SafeText(m.Description)
		if desc == "" {
			desc = "no description"
		}
		fmt.Fprintf(&text, "\n[%s: %s]", feeds.SafeLine(m.Type), desc)
	}
	id := safeID(string(st.ID))
	it := feeds.Item{
		ID:         c.ItemID(id),
		Source:     a.name,
		Kind:       kind,
		Author:     feeds.SafeLine("@" + st.Account.Acct),
		AuthorName: feeds.SafeLine(st.Account.DisplayName),
		Text:       feeds.SafeText(text.String()),
		URL:        feeds.SafeLine(st.URL),
		Visibility: safeVisibility(st.Visibility),
		Created:    st.CreatedAt,
		RemoteID:   id,
	}
	if it.URL == "" {
		it.URL = feeds.SafeLine(st.URI)
	}
	if r := idString(st.InReplyToID); r != "" {
		it.InReplyTo = c.ItemID(safeID(r))
	}
	c.remember(id, string(it.Visibility), st.Account.Acct)
	return it
}

// inboundKind says what a status that reached an account is: the team's own
// post, a direct message, a reply to one of the team, or a mention.
func (a *account) inboundKind(st *gomasto.Status) feeds.Kind {
	switch {
	case a.c.isOwn(st.Account.ID):
		return feeds.KindTeamPost
	case st.Visibility == "direct":
		return feeds.KindDirect
	case a.c.isOwn(gomasto.ID(idString(st.InReplyToAccountID))):
		return feeds.KindReply
	}
	return feeds.KindMention
}

// timelineKind says what a status on the team timeline is: a team post,
// unless it is someone else talking to the team.
func (a *account) timelineKind(st *gomasto.Status) feeds.Kind {
	if a.c.isOwn(st.Account.ID) {
		return feeds.KindTeamPost
	}
	if st.Visibility == "direct" || a.c.isOwn(gomasto.ID(idString(st.InReplyToAccountID))) {
		return a.inboundKind(st)
	}
	for _, m := range st.Mentions {
		if a.c.isOwn(m.ID) {
			return a.inboundKind(st)
		}
	}
	return feeds.KindTeamPost
}
