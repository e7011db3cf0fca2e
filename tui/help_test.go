package tui

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/dutydesk/dutydesk/feeds"
)

// At 80×24 ? cut off its fourth column (issue 15, finding 7): every key a
// supervisor may use must show, key and description.
func TestGoldenAllKeysAt80x24(t *testing.T) {
	d := testDesk(t)
	tm := newTestModel(t, d, "morris", 80, 24)
	waitFor(t, tm, "Inbound")
	tm.Send(runes("?"))
	waitFor(t, tm, "All keys")
	view := finalView(t, tm)
	plain := ansi.Strip(view)
	for _, group := range DefaultKeyMap().FullHelp() {
		for _, b := range group {
			if !regexp.MustCompile(`(^| )` + regexp.QuoteMeta(b.Help().Key) + ` +` + regexp.QuoteMeta(b.Help().Desc)).MatchString(plain) {
				t.Errorf("? at 80×24 does not show %q %q:\n%s", b.Help().Key, b.Help().Desc, plain)
			}
		}
	}
	golden.RequireEqual(t, []byte(view))
}

// The README's key table is the ? view's: the same keys, in the same order,
// each described first in the same words.
func TestTheReadmeKeyTableIsTheHelp(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	start := strings.Index(text, "## Keys\n")
	if start < 0 {
		t.Fatal("README has no ## Keys section")
	}
	section := text[start+len("## Keys\n"):]
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	row := regexp.MustCompile("^\\| `([^`]+)` \\| ([^|]*?)(?: — [^|]*)? \\|$")
	var got []string
	for _, line := range strings.Split(section, "\n") {
		if m := row.FindStringSubmatch(line); m != nil {
			got = append(got, m[1]+" = "+m[2])
		}
	}
	var want []string
	for _, group := range DefaultKeyMap().FullHelp() {
		for _, b := range group {
			want = append(want, b.Help().Key+" = "+b.Help().Desc)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("README key table:\n%s\n\n? view:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A kept filter shows in every pane's title, Duty's too, and esc in the
// list clears it (finding 7).
func TestAKeptFilterShowsAndEscClearsIt(t *testing.T) {
	tm := newTestModel(t, testDesk(t), "morris", 160, 48)
	waitFor(t, tm, "Inbound")
	tm.Send(runes("4/"))
	tm.Send(runes("khan"))
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(t, tm, "on shift · /khan (1)")
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	waitFor(t, tm, "PCSO Dobson") // its row is back
	view := ansi.Strip(finalView(t, tm))
	if strings.Contains(view, "/khan") || !strings.Contains(view, "PCSO Dobson") {
		t.Fatalf("esc did not clear the kept filter:\n%s", view)
	}
}

// Filter matches were not marked, o gave no sign of the order, and a
// question that had just arrived "arrived now ago" (finding 7).
func TestMatchesOrderAndAgesShow(t *testing.T) {
	d := testDesk(t)
	if err := d.Ingest(context.Background(), []feeds.Event{{Type: feeds.EventUpsert, Item: feeds.Item{
		ID: "q9", Kind: feeds.KindMention, Author: "@new", Text: "Is the surgery on today?", Created: shiftStart,
	}}}); err != nil {
		t.Fatal(err)
	}
	tm := newTestModel(t, d, "morris", 120, 40)
	waitFor(t, tm, "Inbound")
	tm.Send(runes("/Surgery"))
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(t, tm, "/Surgery (2)")
	tm.Send(runes("o"))
	waitFor(t, tm, "oldest first")
	tm.Send(runes("j")) // q9 arrived last: second, oldest first
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(t, tm, "arrived just now")
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	waitFor(t, tm, "/Surgery (2)")
	view := finalView(t, tm)
	underlined := regexp.MustCompile(`(?:\x1b\[[0-9;]*4[0-9;]*m[A-Za-z]\x1b\[0m){7}`) // lipgloss underlines letter by letter
	if n := len(underlined.FindAllString(view, -1)); n != 2 {
		t.Fatalf("%d underlined matches of the filter, want 2:\n%q", n, view)
	}
}
