package tui

import (
	"context"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/dutydesk/dutydesk/desk"
)

// TestASecondAnswererIsToldWhoHoldsTheQuestion is the double answer as it
// happened: an officer saves a reply to the question assigned to them and
// quits; the supervisor, on another console, presses r on the same
// question. They are told who holds it and offered T; taking it over
// withdraws the officer's draft (kept, superseded, never postable), and the
// server gets one reply.
func TestASecondAnswererIsToldWhoHoldsTheQuestion(t *testing.T) {
	ctx := context.Background()
	d, srv := mastoDesk(t, nil)
	q := arrive(t, d, srv, "Is the A595 still closed near Bothel?", "public")
	if err := d.Assign(ctx, "morris", q.ID, "ellis"); err != nil {
		t.Fatal(err)
	}

	officer := newTestModel(t, d, "ellis", 120, 40)
	waitFor(t, officer, "A595")
	officer.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("r")})
	waitFor(t, officer, "Reply to")
	saveReply(t, officer, "It reopened at 21:00.")
	finalView(t, officer)
	var officersDraft string
	for _, dr := range d.Drafts() {
		if dr.ReplyTo == q.ID && dr.Author == "ellis" {
			officersDraft = dr.ID
		}
	}
	if officersDraft == "" {
		t.Fatal("the officer's draft was not saved")
	}

	sgt := newTestModel(t, d, "morris", 120, 40)
	waitFor(t, sgt, "A595")
	sgt.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("r")})
	waitFor(t, sgt, "PC Ellis has a reply to this question waiting — T takes it over")
	sgt.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("T")})
	waitFor(t, sgt, "Reply to")
	saveReply(t, sgt, "Yes, reopened at 21:00 - Sgt Morris.")
	finalView(t, sgt)

	if dr, _ := d.Draft(officersDraft); dr.State != desk.DraftSuperseded {
		t.Errorf("after the take-over the officer's draft is %s, want superseded", dr.State)
	}
	var sgtsDraft string
	for _, dr := range d.Drafts() {
		if dr.ReplyTo == q.ID && dr.Author == "morris" {
			sgtsDraft = dr.ID
		}
	}
	if err := d.Send(ctx, "morris", sgtsDraft); err != nil {
		t.Fatal(err)
	}
	if err := d.Approve(ctx, "morris", officersDraft, ""); err == nil {
		t.Error("the withdrawn draft could be approved")
	}
	if err := d.Send(ctx, "ellis", officersDraft); err == nil {
		t.Error("the withdrawn draft could be posted")
	}
	replies := 0
	for _, p := range srv.Posts() {
		if p.InReplyTo == q.Item.RemoteID {
			replies++
		}
	}
	if replies != 1 {
		t.Errorf("the server holds %d replies to the question, want 1", replies)
	}
}
