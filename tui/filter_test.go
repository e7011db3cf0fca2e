package tui

import (
	"context"
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/feeds"
)

// plainScan is the filter without any of its shortcuts.
func plainScan(p *inboundPane, needle string) []int {
	needle = strings.ToLower(needle)
	out := []int{}
	for i, q := range p.all {
		if needle == "" || strings.Contains(strings.ToLower(q.Item.Author+"\x00"+q.Item.AuthorName+"\x00"+q.Item.Text), needle) ||
			strings.Contains(string(q.State), needle) || (q.Assignee != "" && strings.Contains(strings.ToLower(p.c.name(q.Assignee)), needle)) {
			out = append(out, i)
		}
	}
	return out
}

// runCmd plays a command's message back into the model, as Bubble Tea would.
func runCmd(m *Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg := cmd()
	// tea.Batch and tea.Sequence (a desk command marked "saving…") are
	// lists of commands: run in order, as Sequence would.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		for i := 0; i < v.Len(); i++ {
			runCmd(m, v.Index(i).Interface().(tea.Cmd))
		}
		return
	}
	if msg != nil {
		m.Update(msg)
	}
}

func TestFilterMatchesAPlainScanAsYouType(t *testing.T) {
	d := testDesk(t)
	words := []string{"road", "A595", "bike", "closed", "Bothel", "surgery", "thanks", "car", "Warwick"}
	rnd := rand.New(rand.NewSource(3))
	var evs []feeds.Event
	for i := 0; i < 3000; i++ {
		text := fmt.Sprintf("%s %s %s?", words[rnd.Intn(len(words))], words[rnd.Intn(len(words))], words[rnd.Intn(len(words))])
		evs = append(evs, feeds.Event{Type: feeds.EventUpsert, Item: feeds.Item{ID: fmt.Sprintf("s%d", i), Kind: feeds.KindMention, Author: fmt.Sprintf("@p%d", rnd.Intn(500)), Text: text, Created: shiftStart}})
	}
	if err := d.Ingest(context.Background(), evs); err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int{syncScanLimit, 100} { // in the keystroke, and in the background
		t.Run(fmt.Sprintf("limit-%d", limit), func(t *testing.T) {
			m, err := New(Options{Desk: d, Me: "morris", Tick: -1})
			if err != nil {
				t.Fatal(err)
			}
			m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
			m.inbound.search.limit = limit
			m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
			typed := ""
			for _, k := range []string{"b", "o", "t", "⌫", "a", "d", "⌫", "⌫", "⌫", "c", "l", "o", "s", "e", "d", "⌫", "⌫", "⌫", "⌫", "⌫", "⌫", "5", "9"} {
				var msg tea.KeyMsg
				if k == "⌫" {
					msg = tea.KeyMsg{Type: tea.KeyBackspace}
					typed = typed[:len(typed)-1]
				} else {
					msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
					typed += k
				}
				_, cmd := m.Update(msg)
				runCmd(m, cmd)
				if got, want := m.inbound.rows, plainScan(m.inbound, typed); !reflect.DeepEqual(append([]int{}, got...), want) {
					t.Fatalf("filter %q: %d rows, a plain scan finds %d", typed, len(got), len(want))
				}
			}
		})
	}
}

// A background scan that a newer keystroke has overtaken never lands.
func TestStaleFilterResultIsDropped(t *testing.T) {
	d := testDesk(t)
	m, err := New(Options{Desk: d, Me: "morris", Tick: -1})
	if err != nil {
		t.Fatal(err)
	}
	m.inbound.search.limit = 1
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
	_, first := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("z")})
	_, second := m.Update(tea.KeyMsg{Type: tea.KeyBackspace})
	runCmd(m, first)
	runCmd(m, second)
	if len(m.inbound.rows) != len(m.inbound.all) {
		t.Fatalf("a stale scan for %q replaced the rows: %d of %d", "z", len(m.inbound.rows), len(m.inbound.all))
	}
}

// The pane draws only the rows in view; the screen must be what drawing
// every row and cutting the window out would give.
func TestVirtualisedRowsEqualFullRendering(t *testing.T) {
	d := testDesk(t)
	var evs []feeds.Event
	for i := 0; i < 500; i++ {
		evs = append(evs, feeds.Event{Type: feeds.EventUpsert, Item: feeds.Item{ID: fmt.Sprintf("v%d", i), Kind: feeds.KindMention, Author: fmt.Sprintf("@v%d", i), Text: fmt.Sprintf("question number %d", i), Created: shiftStart}})
	}
	if err := d.Ingest(context.Background(), evs); err != nil {
		t.Fatal(err)
	}
	m, err := New(Options{Desk: d, Me: "morris", Tick: -1})
	if err != nil {
		t.Fatal(err)
	}
	p := m.inbound
	p.setSize(100, 30)
	for _, moves := range []int{0, 7, 40, 333, 1000} {
		p.list.moveTo(moves)
		got := p.view(true)
		start, end := p.list.visible()
		var all []string
		for i := range p.rows {
			all = append(all, p.row(p.shown[p.rows[i]], 98, p.handleWidth(start, end), i == p.list.cursor))
		}
		want := frame(p.c, p.title(), all[start:end], 100, 30, true)
		if got != want {
			t.Fatalf("cursor %d: virtualised screen differs from the full one", moves)
		}
	}
}

// Many desk changes inside one frame are taken in together, and the last
// one is never lost.
func TestCoalescedRefreshMissesNoChange(t *testing.T) {
	d := testDesk(t)
	tm := newTestModel(t, d, "morris", 160, 48)
	waitFor(t, tm, "Inbound")
	for i := 0; i < 300; i++ {
		if err := d.Ingest(context.Background(), []feeds.Event{{Type: feeds.EventUpsert, Item: feeds.Item{ID: fmt.Sprintf("c%d", i), Kind: feeds.KindMention, Author: "@c", Text: fmt.Sprintf("burst %d", i), Created: shiftStart}}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Acknowledge(context.Background(), "morris", "c299"); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("%d new · 1 ack", 3+299)
	waitFor(t, tm, want)
	view := finalView(t, tm)
	if !strings.Contains(view, want) || !strings.Contains(view, "burst 299") {
		t.Fatalf("the last changes are missing from the screen:\n%s", view)
	}
}

// While a background scan runs, the desk changes under the pane (questions
// removed, new ones on top). The pane must keep showing rows of the list they
// were made from — never another question, never an index past the end —
// and end up with the filter applied to the newest list.
func TestFilterSurvivesDeskChangesDuringAScan(t *testing.T) {
	d := testDesk(t)
	var evs []feeds.Event
	for i := 0; i < 50; i++ {
		evs = append(evs, feeds.Event{Type: feeds.EventUpsert, Item: feeds.Item{ID: fmt.Sprintf("f%d", i), Kind: feeds.KindMention, Author: "@f", Text: fmt.Sprintf("road %d", i), Created: shiftStart}})
	}
	if err := d.Ingest(context.Background(), evs); err != nil {
		t.Fatal(err)
	}
	m, err := New(Options{Desk: d, Me: "morris", Tick: -1})
	if err != nil {
		t.Fatal(err)
	}
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m.inbound.search.limit = 10
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
	_, scanCmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("road")})
	runCmd(m, scanCmd) // the first scan lands
	var removals []feeds.Event
	for i := 0; i < 20; i++ {
		removals = append(removals, feeds.Event{Type: feeds.EventDelete, Item: feeds.Item{ID: fmt.Sprintf("f%d", i)}})
	}
	if err := d.Ingest(context.Background(), removals); err != nil {
		t.Fatal(err)
	}
	_, refreshCmd := m.Update(refreshMsg{}) // the desk changed: a new scan starts in the background
	m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("G")})
	_ = m.View() // must not panic on rows of the old list
	for _, r := range m.inbound.rows {
		if !strings.Contains(m.inbound.shown[r].Item.Text, "road") {
			t.Fatalf("row shows %q, which does not match the filter", m.inbound.shown[r].Item.Text)
		}
	}
	runCmd(m, refreshCmd)
	if got, want := len(m.inbound.rows), 30; got != want {
		t.Fatalf("after the scan of the new list: %d rows, want the %d remaining matches", got, want)
	}
	for _, r := range m.inbound.rows {
		if m.inbound.shown[r] != m.inbound.all[r] {
			t.Fatal("rows still index an old list after the scan landed")
		}
	}
}
