package mastodon

import (
	"fmt"
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

// item turns a status into a feed item of the given kind.
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
		fmt.Fprintf(&text, "\n[%s: %s]", feeds.SafeText(m.Type), desc)
	}
	it := feeds.Item{
		ID:         c.ItemID(string(st.ID)),
		Source:     a.name,
		Kind:       kind,
		Author:     feeds.SafeText("@" + st.Account.Acct),
		AuthorName: feeds.SafeText(st.Account.DisplayName),
		Text:       feeds.SafeText(text.String()),
		URL:        feeds.SafeText(st.URL),
		Visibility: feeds.Visibility(feeds.SafeText(st.Visibility)),
		Created:    st.CreatedAt,
		RemoteID:   feeds.SafeText(string(st.ID)),
	}
	if it.URL == "" {
		it.URL = feeds.SafeText(st.URI)
	}
	if r := idString(st.InReplyToID); r != "" {
		it.InReplyTo = c.ItemID(feeds.SafeText(r))
	}
	c.remember(string(st.ID), st.Visibility, st.Account.Acct)
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
