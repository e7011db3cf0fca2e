package sshd

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/internal/desktest"
)

// twoTeamPeople are on a desk of two teams: Ellis supervises north, Ryder
// roads, Price is a roads officer.
var twoTeamPeople = []testPerson{
	{"ellis", "Sgt Ellis", "supervisor"},
	{"ryder", "Sgt Ryder", "supervisor"},
	{"price", "PC Price", "officer"},
}

// openTwoTeamDesk opens a desk of a neighbourhood team and a roads team.
func openTwoTeamDesk(t *testing.T, dir string) *desk.Desk {
	t.Helper()
	st, err := desk.OpenSQLite(filepath.Join(dir, "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	roster := []desk.Person{
		{ID: "ellis", Name: "Sgt Ellis", Role: desk.RoleSupervisor, OnShift: true, Teams: map[string]desk.Role{"north": desk.RoleSupervisor}},
		{ID: "ryder", Name: "Sgt Ryder", Role: desk.RoleSupervisor, OnShift: true, Teams: map[string]desk.Role{"roads": desk.RoleSupervisor}},
		{ID: "price", Name: "PC Price", Role: desk.RoleOfficer, OnShift: true, Teams: map[string]desk.Role{"roads": desk.RoleOfficer}},
	}
	d, err := desk.Open(context.Background(), st, desk.Options{Team: "Carlisle desk", People: roster, Teams: []desk.Team{
		{ID: "north", Name: "Team 3 · Carlisle North", Accounts: []string{"team"}},
		{ID: "roads", Name: "Cumbria Roads Policing", Accounts: []string{"roads"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Shutdown)
	return d
}

// transferBound is how soon a transferred question must show on the
// receiving team's consoles: a second, as issue 17 asks; under -race on a
// loaded 2-core machine everything is 10-20 times slower (BENCH.md: Teams),
// so the bound there only catches a console that never refreshes.
var transferBound = map[bool]time.Duration{false: time.Second, true: 10 * time.Second}[raceEnabled]

// Two teams in one serve: the north sergeant transfers a question to roads
// with the command line; within a second it shows on both roads consoles,
// which ring the bell and flash the header, and it leaves north's.
func TestATransferredQuestionShowsAndRingsOnTheOtherTeamsConsoles(t *testing.T) {
	h := startHarnessWith(t, func(h *harness) {
		h.people, h.keys = testRoster(t, twoTeamPeople)
		h.desk = openTwoTeamDesk(t, h.dir)
	})
	ev := feeds.Event{Type: feeds.EventUpsert, Item: feeds.Item{ID: "q1", Source: "team", Kind: feeds.KindMention, Author: "@bob",
		Text: "Lorry has shed its load across the A7 at Westlinton", RemoteID: "remote-q1", Visibility: feeds.VisibilityPublic, Created: time.Now()}}
	if err := h.desk.Ingest(context.Background(), []feeds.Event{ev}); err != nil {
		t.Fatal(err)
	}
	north := h.console("ellis", 140, 40)
	north.waitFor(0, "Team 3 · Carlisle North")
	north.waitFor(0, "Lorry has shed its load")
	roads := []*screen{h.console("price", 140, 40), h.console("ryder", 140, 40)}
	marks := make([]int, len(roads))
	for i, s := range roads {
		s.waitFor(0, "Cumbria Roads Policing")
		s.waitFor(0, "0 new")
		if strings.Contains(s.text(0), "Lorry has shed") {
			t.Fatalf("a roads console shows north's question before the transfer:\n%s", tail(s.text(0), 2000))
		}
		marks[i] = s.mark()
	}

	north.press(":transfer roads\r")
	var stored time.Time
	desktest.Eventually(t, "the desk has q1 on roads", func() bool {
		q, _ := h.desk.Question("q1")
		stored = time.Now()
		return q.Team == "roads"
	})
	for i, s := range roads {
		s.waitFor(marks[i], "Lorry has shed its load")
		if took := time.Since(stored); i == 0 {
			t.Logf("stored → shown on the roads console: %v", took)
			if took > transferBound {
				t.Errorf("the roads console showed the transferred question %v after it was stored, want within %v", took, transferBound)
			}
		}
		s.waitFor(marks[i], "TRANSFERRED IN")
		if raw := s.out.Raw(marks[i]); !strings.Contains(raw, "\a") {
			t.Errorf("the roads console did not ring the bell for the transfer")
		}
		s.waitFor(marks[i], "from Team 3 · Carlisle North")
	}
	north.waitFor(0, "transferred to Cumbria Roads Policing")
	evs, err := h.desk.Events(0)
	if err != nil {
		t.Fatal(err)
	}
	if last := evs[len(evs)-1]; last.Type != desk.EvTransferred || last.Actor != "ellis" {
		t.Fatalf("the last event is %s by %s, want the transfer by ellis", last.Type, last.Actor)
	}
}
