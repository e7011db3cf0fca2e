package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/dutydesk/dutydesk/desk"
)

func keys(tm interface{ Send(tea.Msg) }, s string) {
	for _, r := range s {
		tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// TestAReplyToADeletedQuestionIsNeverPostedUnthreaded is the reply that
// went out as a standalone status: the supervisor saves a reply, the
// question's author deletes it, the supervisor presses p. It is refused in
// plain words with the two ways out; M turns it into a direct message to
// the author, which goes out direct, to them; nothing is ever posted
// without the thread it was written for.
func TestAReplyToADeletedQuestionIsNeverPostedUnthreaded(t *testing.T) {
	ctx := context.Background()
	d, srv := mastoDesk(t, nil)
	q := arrive(t, d, srv, "Is the A595 still closed near Bothel?", "public")

	tm := newTestModel(t, d, "morris", 140, 40)
	waitFor(t, tm, "A595")
	keys(tm, "r")
	waitFor(t, tm, "Reply to")
	saveReply(t, tm, "It reopened at 21:00.")

	srv.Delete(q.Item.RemoteID)
	deadline := time.Now().Add(10 * time.Second)
	for _, ok := d.Question(q.ID); ok && time.Now().Before(deadline); _, ok = d.Question(q.ID) {
		time.Sleep(10 * time.Millisecond)
	}
	if _, ok := d.Question(q.ID); ok {
		t.Fatal("the deleted question stayed on the desk")
	}
	var reply desk.Draft
	for _, dr := range d.Drafts() {
		if dr.Kind == desk.DraftReply {
			reply = dr
		}
	}
	posts := len(srv.Posts())

	keys(tm, "3/")
	tm.Type("reopened")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	keys(tm, "py")
	waitFor(t, tm, "the question was deleted by its author — M sends the reply to @amy as a direct message, X discards it")
	if err := d.Send(ctx, "morris", reply.ID); err == nil || !strings.Contains(err.Error(), "deleted by its author") {
		t.Errorf("sending the reply through the desk: %v, want it refused", err)
	}
	if n := len(srv.Posts()); n != posts {
		t.Fatalf("the reply went out anyway: %+v", srv.Posts()[posts:])
	}

	keys(tm, "M")
	waitFor(t, tm, "a direct message to @amy is in Drafts")
	finalView(t, tm)
	if dr, _ := d.Draft(reply.ID); dr.State != desk.DraftSuperseded {
		t.Errorf("the reply is %s, want superseded", dr.State)
	}
	var dm desk.Draft
	for _, dr := range d.Drafts() {
		if dr.Visibility == "direct" && strings.Contains(dr.Text, "reopened at 21:00") {
			dm = dr
		}
	}
	if err := d.Send(ctx, "morris", dm.ID); err != nil {
		t.Fatal(err)
	}
	sent := srv.Posts()[len(srv.Posts())-1]
	if sent.Visibility != "direct" || !strings.HasPrefix(sent.Text, "@amy ") || !strings.Contains(sent.Text, "reopened at 21:00") {
		t.Errorf("the direct message went out as %+v", sent)
	}
}
