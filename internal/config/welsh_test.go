package config

import (
	"strings"
	"testing"

	"github.com/dutydesk/dutydesk/desk"
)

const welshConfig = `team = "Desk"

[[teams]]
id = "bangor"
name = "Tîm Bangor"
languages = ["cy", "en"]
[teams.duty]
on_template_cy = "{team} ar ddyletswydd tan {until}."
off_template_cy = "Mae {team} oddi ar ddyletswydd. Argyfwng 999, dim argyfwng 101. Yn ôl {next_on}."
next_on_cy = "yfory"
auto_reply_cy = "Diolch am eich neges. Argyfwng 999, dim argyfwng 101."

[[teams]]
id = "roads"
name = "Roads"

[[replies]]
name = "acknowledge"
text = "Thanks {name}, we've seen this."
text_cy = "Diolch {name}, rydyn ni wedi gweld hyn."

[[replies]]
name = "roads ack"
team = "roads"
text = "Thanks {name}, noted."
text_cy = "Diolch {name}."
`

// TestAWelshTeamRendersWelshFirst: the Welsh team's broadcasts and saved
// replies read Welsh, then English, with {next_on} in Welsh; an English
// team's the English alone.
func TestAWelshTeamRendersWelshFirst(t *testing.T) {
	c, err := Parse("team.toml", welshConfig)
	if err != nil {
		t.Fatal(err)
	}
	bangor, roads := c.Teams()[0], c.Teams()[1]
	off := bangor.Render(desk.Announcement{})
	want := "Mae Tîm Bangor oddi ar ddyletswydd. Argyfwng 999, dim argyfwng 101. Yn ôl yfory.\n\nTîm Bangor is now off duty"
	if !strings.HasPrefix(off, want) {
		t.Errorf("off-duty broadcast = %q, want it to begin %q", off, want)
	}
	if on := bangor.Render(desk.Announcement{On: true}); !strings.HasPrefix(on, "Tîm Bangor ar ddyletswydd tan diwedd y shifft.\n\nTîm Bangor on duty until the end of the shift") {
		t.Errorf("on-duty broadcast = %q", on)
	}
	if got := bangor.RenderUrgentReply(desk.Announcement{}); !strings.HasPrefix(got, DefaultUrgentReplyCy+"\n\n") {
		t.Errorf("emergency advice = %q, want the Welsh default first", got)
	}
	if got := roads.Render(desk.Announcement{}); strings.Contains(got, "ddyletswydd") {
		t.Errorf("the English team's broadcast has Welsh: %q", got)
	}
	replies := c.SavedReplies()
	if replies[0].Text != "Diolch {name}, rydyn ni wedi gweld hyn.\n\nThanks {name}, we've seen this." {
		t.Errorf("the Welsh team's saved reply = %q", replies[0].Text)
	}
	if replies[1].Text != "Thanks {name}, noted." {
		t.Errorf("the roads team's saved reply = %q, want the English alone", replies[1].Text)
	}
}
