package mastodon

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
)

// TestSplitPostKeepsParagraphsWholeAndFits: a text over the limit is cut
// between paragraphs first, and no part is over the limit.
func TestSplitPostKeepsParagraphsWholeAndFits(t *testing.T) {
	cy := strings.Repeat("Mae'r tîm oddi ar ddyletswydd nawr. ", 9)
	en := strings.Repeat("The team is now off duty. ", 9)
	parts := SplitPost(strings.TrimSpace(cy)+"\n\n"+strings.TrimSpace(en), 400)
	if len(parts) != 2 || parts[0] != strings.TrimSpace(cy) || parts[1] != strings.TrimSpace(en) {
		t.Fatalf("parts = %q, want the Welsh paragraph then the English one", parts)
	}
	long := strings.Repeat("word ", 300)
	for _, p := range SplitPost(long, 100) {
		if n := utf8.RuneCountInString(p); n > 100 || n == 0 {
			t.Errorf("part of %d characters: %q", n, p)
		}
	}
	if got := SplitPost("short", 500); len(got) != 1 || got[0] != "short" {
		t.Errorf("a short text is cut: %q", got)
	}
}

// TestLongReplyGoesOutAsAThreadOnceEachPart posts a reply too long for a
// 500-character server as a direct message: two statuses, each within the
// limit, the second answering the first and mentioning the person; posted
// again (a restart that found the draft posting), nothing more is made.
func TestLongReplyGoesOutAsAThreadOnceEachPart(t *testing.T) {
	d := newDeskOn(t, mastotest.New(t, mastotest.CharLimit(500)), nil)
	if err := d.client.Verify(context.Background()); err != nil {
		t.Fatal(err)
	}
	dm := d.srv.DM("amy", "@team is anyone there?")
	cy := strings.TrimSpace(strings.Repeat("Diolch am eich neges. Nid yw'r cyfrif hwn yn cael ei fonitro nawr. ", 5))
	en := strings.TrimSpace(strings.Repeat("Thanks for your message. This account is not monitored now. ", 5))
	post := feeds.Post{Key: "auto-1", Text: cy + "\n\n" + en, InReplyTo: dm, Visibility: feeds.VisibilityDirect}
	first, err := d.client.Post(context.Background(), post)
	if err != nil {
		t.Fatal(err)
	}
	check := func() {
		t.Helper()
		posts := d.srv.Posts()
		if len(posts) != 2 {
			t.Fatalf("%d statuses, want 2: %+v", len(posts), posts)
		}
		if posts[0].ID != first.RemoteID || posts[0].InReplyTo != dm || posts[1].InReplyTo != posts[0].ID {
			t.Errorf("thread = %+v, want the second part answering the first, which answers the DM", posts)
		}
		for i, p := range posts {
			if n := utf8.RuneCountInString(p.Text); n > 500 || p.Visibility != "direct" || !strings.Contains(p.Text, "@amy") {
				t.Errorf("part %d: %d characters, %s, %q: want ≤ 500, direct, mentioning @amy", i+1, n, p.Visibility, p.Text)
			}
		}
		if !strings.Contains(posts[0].Text, "Diolch") || !strings.Contains(posts[1].Text, "Thanks") {
			t.Errorf("want Welsh first, then English: %q / %q", posts[0].Text, posts[1].Text)
		}
	}
	check()
	post.MaySent = true
	if _, err := d.client.Post(context.Background(), post); err != nil {
		t.Fatal(err)
	}
	check()
}
