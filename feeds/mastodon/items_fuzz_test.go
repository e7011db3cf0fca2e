package mastodon

import (
	"reflect"
	"strings"
	"testing"

	"github.com/dutydesk/dutydesk/feeds"
	gomasto "github.com/mattn/go-mastodon"
)

// FuzzStatusItem: whatever a server puts in a status's fields — content,
// spoiler, display name, handle, addresses, media descriptions, IDs,
// visibility — every field of the item made from it is safe text, one-line
// fields hold one line, IDs are printable ASCII, and the visibility is one
// Mastodon defines.
func FuzzStatusItem(f *testing.F) {
	f.Add("<p>@team hello</p>", "Amy", "amy", "https://x.example/@amy/1", "a photo", "109", "public")
	f.Add("<p>\x1b]8;;http://evil\x07x\x1b]8;;\x07</p>", "Ev\u202eil\nName\x1b[2J", "amy\r\nroot", "http://x/\x1b[31m\n",
		"desc\x1b]52;c;ZXZpbA==\x07", "1\x1b[2J\n2", "direct\n")
	f.Add("&#27;[2J", "\u3164", "a b", "", strings.Repeat("\u0301", 50), strings.Repeat("9", 300), "mutuals_only")
	f.Fuzz(func(t *testing.T, content, display, acct, url, desc, id, vis string) {
		c := &Client{host: "social.example", own: map[string]bool{}, known: map[string]knownStatus{}}
		a := &account{c: c, name: "team"}
		st := &gomasto.Status{
			ID: gomasto.ID(id), URL: url, URI: url, Content: content, SpoilerText: display, Visibility: vis,
			InReplyToID: id, Account: gomasto.Account{Acct: acct, DisplayName: display},
			MediaAttachments: []gomasto.Attachment{{Type: display, Description: desc}},
		}
		it := a.item(st, feeds.KindMention)
		v := reflect.ValueOf(it)
		for i := 0; i < v.NumField(); i++ {
			name, s := v.Type().Field(i).Name, v.Field(i)
			if s.Kind() != reflect.String {
				continue
			}
			text := s.String()
			if feeds.SafeText(text) != text {
				t.Fatalf("%s = %q is not safe text", name, text)
			}
			switch name {
			case "Author", "AuthorName", "URL", "Visibility":
				if strings.Contains(text, "\n") {
					t.Fatalf("%s = %q spans lines", name, text)
				}
			case "ID", "RemoteID", "InReplyTo", "Thread":
				for _, r := range text {
					if r <= ' ' || r >= 0x7f {
						t.Fatalf("%s = %q is not printable ASCII", name, text)
					}
				}
			}
		}
		switch it.Visibility {
		case feeds.VisibilityPublic, feeds.VisibilityUnlisted, feeds.VisibilityPrivate, feeds.VisibilityDirect:
		default:
			t.Fatalf("visibility %q", it.Visibility)
		}
	})
}
