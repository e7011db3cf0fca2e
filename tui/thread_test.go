package tui

import (
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// longPost is a question far longer than a terminal is high.
func longPost() string {
	var b strings.Builder
	b.WriteString("@team3 FIRST LINE of a long account of the night.")
	for i := 0; i < 40; i++ {
		b.WriteString(" Then the van came back round the corner and parked by the school gates again, lights off.\n")
	}
	b.WriteString("LAST LINE: please can someone call me back.")
	return b.String()
}

// The thread view lets you read a whole long post (issue 13, item 6): j/k
// and pgdn/pgup scroll it, g and G go to either end, and the title says
// where you are.
func TestTheThreadScrollsThroughALongPost(t *testing.T) {
	d := teamDesk(t, [4]string{"q1", "mention", "@amy@mastodon.social", longPost()})
	m := modelAt(t, d, termenv.Ascii, 80, 24)
	press(m, tea.KeyMsg{Type: tea.KeyEnter})
	screen := func() string { return ansi.Strip(m.View()) }
	if s := screen(); !strings.Contains(s, "FIRST LINE") || strings.Contains(s, "LAST LINE") {
		t.Fatalf("the thread does not open at the top of the post:\n%s", s)
	}
	where := regexp.MustCompile(`lines 1–\d+ of (\d+)`)
	if !where.MatchString(screen()) {
		t.Fatalf("the thread does not say where you are in it:\n%s", screen())
	}
	press(m, tea.KeyMsg{Type: tea.KeyPgDown})
	if s := screen(); strings.Contains(s, "FIRST LINE") || where.MatchString(s) {
		t.Fatalf("pgdn did not move a page on:\n%s", s)
	}
	press(m, runes("G"))
	if s := screen(); !strings.Contains(s, "LAST LINE: please can someone call me back.") || !strings.Contains(s, "(end)") {
		t.Fatalf("G does not show the end of the post, and say so:\n%s", s)
	}
	press(m, runes("g"), runes("j"), runes("j")) // past the line that names the author
	if s := screen(); strings.Contains(s, "FIRST LINE") || !regexp.MustCompile(`lines 3–`).MatchString(s) {
		t.Fatalf("j j after g did not move two lines down:\n%s", s)
	}
	press(m, runes("k"))
	if s := screen(); !strings.Contains(s, "FIRST LINE") {
		t.Fatalf("k did not move back up:\n%s", s)
	}
}
