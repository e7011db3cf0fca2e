package desk

import (
	"context"
	"path/filepath"
	"testing"
)

func TestSavedRepliesFillForTheQuestionAndTheTeam(t *testing.T) {
	ctx := context.Background()
	d := openDesk(t, filepath.Join(t.TempDir(), "desk.db"), Options{Team: "Team 3", Replies: []SavedReply{
		{Name: "acknowledge", Text: "Thanks {name}, we've seen this. {officer} will get back to you {when}. {ref_advice}."},
		{Name: "elsewhere", Text: "Another team's reply", Team: "Team 9"},
	}})
	ev := mention("q1", "@amy@mastodon.social", "Is the A595 still closed?")
	ev.Item.AuthorName = "Amy Jones 🌻"
	ingest(t, d, ev, mention("q2", "@bob@social.example", "when is the surgery?"))
	if rs := d.SavedReplies(); len(rs) != 1 || rs[0].Name != "acknowledge" {
		t.Fatalf("offered %+v, want only this team's reply", rs)
	}
	r, _ := d.SavedReply("acknowledge")
	if got, want := r.Fill(d.ReplyVars("morris", "q1")), "Thanks Amy, we've seen this. Sgt Morris will get back to you when the team is back on duty. "+DefaultRefAdvice+"."; got != want {
		t.Fatalf("off duty, unassigned:\n got %q\nwant %q", got, want)
	}
	if _, err := d.SetDuty(ctx, "morris", true, "22:00"); err != nil {
		t.Fatal(err)
	}
	if err := d.Assign(ctx, "morris", "q2", "ellis"); err != nil {
		t.Fatal(err)
	}
	if got, want := r.Fill(d.ReplyVars("morris", "q2")), "Thanks bob, we've seen this. PC Ellis will get back to you within 24 hours. "+DefaultRefAdvice+"."; got != want {
		t.Fatalf("on duty, assigned:\n got %q\nwant %q", got, want)
	}
}
