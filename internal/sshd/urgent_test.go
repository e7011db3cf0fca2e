package sshd

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/internal/desktest"
	"github.com/dutydesk/dutydesk/risk"
)

// An urgent arrival rings in every SSH console at once: the terminal bell
// goes down each session, and each header flashes "‼ URGENT ‼".
func TestUrgentArrivalRingsInTwoSSHConsolesAtOnce(t *testing.T) {
	h := startHarnessWith(t, func(h *harness) {
		st, err := desk.OpenSQLite(filepath.Join(h.dir, "urgent.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		var roster []desk.Person
		for _, p := range testTeam {
			roster = append(roster, desk.Person{ID: p.id, Name: p.name, Role: desk.Role(p.role), OnShift: true})
		}
		// The test says which message is urgent: no dependence on the classifier's rules.
		urgency := func(text string) risk.Urgency {
			if strings.Contains(text, "[urgent]") {
				return risk.Urgency{Level: risk.Urgent, Reason: "test says urgent"}
			}
			return risk.Urgency{}
		}
		if h.desk, err = desk.Open(context.Background(), st, desk.Options{Team: "Team 3", People: roster, Urgency: urgency}); err != nil {
			t.Fatal(err)
		}
	})
	desktest.Question(t, h.desk, "q1", "@bob", "When is the next surgery?")
	a := h.console("morris", 120, 40)
	b := h.console("khan", 100, 30)
	a.waitFor(0, "When is the next surgery?")
	b.waitFor(0, "When is the next surgery?")
	ma, mb := a.mark(), b.mark()
	for _, s := range []*screen{a, b} {
		if rang(s.out.From(0)) {
			t.Fatalf("a console rang before anything urgent arrived:\n%q", tail(s.out.From(0), 500))
		}
	}

	desktest.Question(t, h.desk, "q2", "@sam", "[urgent] he's kicking the door in")
	for _, s := range []struct {
		who  string
		s    *screen
		mark int
	}{{"morris", a, ma}, {"khan", b, mb}} {
		s.s.waitFor(s.mark, "‼ URGENT ‼") // the header flash
		s.s.waitFor(s.mark, "URGENT question arrived")
		desktest.Eventually(t, s.who+"'s terminal gets the bell", func() bool { return rang(s.s.out.Raw(s.mark)) })
	}
}

// osc is an operating-system command (such as the renderer's query of the
// background colour), which BEL may end without ringing anything.
var osc = regexp.MustCompile("\x1b\\][^\x07\x1b]*(?:\x07|\x1b\\\\)")

// rang reports whether the output rings the terminal bell.
func rang(out string) bool { return strings.Contains(osc.ReplaceAllString(out, ""), "\a") }
