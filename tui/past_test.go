package tui

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
	"github.com/muesli/termenv"
)

// The times the console shows are local; the goldens are drawn in UTC
// wherever the tests run.
func init() { time.Local = time.UTC }

// historyDesk is a short shift whose events each happen at their own
// minute, so that a moment falls between them. It returns the desk and
// its options (for a second desk on another store).
func historyDesk(t *testing.T) (*desk.Desk, desk.Options) {
	t.Helper()
	st, err := desk.OpenSQLite(filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := time.Date(2026, 12, 3, 21, 0, 0, 0, time.UTC)
	opts := desk.Options{Team: "Team 3 · Carlisle North", People: roster, Now: func() time.Time { return now }, SnapshotEvery: -1}
	d, err := desk.Open(context.Background(), st, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Shutdown)
	ctx := context.Background()
	tick := func() { now = now.Add(time.Minute + 7*time.Second) }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err = d.SetDuty(ctx, "morris", true, "22:00")
	must(err)
	for _, it := range []feeds.Item{
		{ID: "q1", Kind: feeds.KindMention, Author: "@amy", Text: "Is the A595 still closed near Bothel?"},
		{ID: "q2", Kind: feeds.KindMention, Author: "@bob", Text: "When is the next surgery?"},
		{ID: "q3", Kind: feeds.KindDirect, Author: "@jdoe", Text: "someone keeps trying car doors on London Rd"},
	} {
		tick()
		it.Created, it.RemoteID, it.Visibility = now, it.ID, feeds.VisibilityPublic
		must(d.Ingest(ctx, []feeds.Event{{Type: feeds.EventUpsert, Item: it}}))
	}
	tick()
	must(d.Acknowledge(ctx, "morris", "q1"))
	tick()
	must(d.Assign(ctx, "morris", "q2", "ellis")) // 21:05:35
	tick()
	_, err = d.CreateDraft(ctx, "ellis", desk.DraftInput{Kind: desk.DraftReply, ReplyTo: "q2", Text: "Next Tuesday at 10, in the library"})
	must(err)
	tick()
	must(d.Close(ctx, "morris", "q1"))
	now = now.Add(20 * time.Minute)
	return d, opts
}

// asciiModel is a console drawn without colour, for comparing screens.
func asciiModel(t *testing.T, d *desk.Desk, now func() time.Time) *Model {
	t.Helper()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	m, err := New(Options{Desk: d, Me: "morris", Renderer: r, Tick: -1, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	return m
}

// seqOf finds the event of a type.
func seqOf(t *testing.T, d *desk.Desk, typ desk.EventType) int64 {
	t.Helper()
	evs, err := d.Events(0)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		if ev.Type == typ {
			return ev.Seq
		}
	}
	t.Fatalf("no %s event", typ)
	return 0
}

// A console on the desk at an event (as --at opens it) shows the rows a
// desk replayed to that event shows — the same panes, line for line — with
// the moment in the header and the event in words above the panes.
func TestGoldenTheDeskAtAMomentShowsTheRowsOfADeskReplayedToIt(t *testing.T) {
	d, opts := historyDesk(t)
	n := seqOf(t, d, desk.EvAssigned)
	ctx := context.Background()
	past, err := d.At(ctx, desk.Moment{Seq: n})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(past.Shutdown)
	view := asciiModel(t, past, nil).View()
	plain := ansi.Strip(view)
	for _, want := range []string{
		"◷ VIEWING Thu 3 Dec 2026 21:05:35 · read-only",
		fmt.Sprintf("◷ #%d 21:05:35 Sgt Morris assigned @bob's question to PC Ellis", n),
		"→ PC Ellis", "@jdoe", // assigned by then; the DM had arrived
	} {
		if !strings.Contains(plain, want) {
			t.Errorf("the console at #%d lacks %q:\n%s", n, want, plain)
		}
	}
	if strings.Contains(plain, "Next Tuesday") {
		t.Errorf("the console at #%d shows the draft written after it:\n%s", n, plain)
	}

	// A desk on its own store holding only the events up to n.
	evs, err := d.Events(0)
	if err != nil {
		t.Fatal(err)
	}
	st, err := desk.OpenSQLite(filepath.Join(t.TempDir(), "replayed.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, ev := range evs[:n] {
		ev := desk.Event{Type: ev.Type, Actor: ev.Actor, At: ev.At, Payload: ev.Payload}
		if _, err := st.Append(ctx, ev.Seq, []desk.Event{ev}); err != nil {
			if _, err = st.Append(ctx, mustLast(t, st), []desk.Event{ev}); err != nil {
				t.Fatal(err)
			}
		}
	}
	opts.Now = past.Now
	replayed, err := desk.Open(ctx, st, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer replayed.Shutdown()
	want := ansi.Strip(asciiModel(t, replayed, past.Now).View())
	gotLines, wantLines := strings.Split(plain, "\n"), strings.Split(want, "\n")
	// The past console has the event line under its header: the panes
	// are one line shorter, the rest the same.
	body := func(lines []string, from int) []string { return lines[from : len(lines)-3] }
	g, w := body(gotLines, 2), body(wantLines, 1)
	for i := range g {
		if i >= len(w) || g[i] != w[i] {
			t.Fatalf("line %d of the panes differs at #%d:\n at: %q\nreplayed: %q\n\n%s\n---\n%s", i, n, g[i], w[i], plain, want)
		}
	}
	if gotLines[len(gotLines)-2] != wantLines[len(wantLines)-2] {
		t.Errorf("the status bars differ:\n at: %q\nreplayed: %q", gotLines[len(gotLines)-2], wantLines[len(wantLines)-2])
	}
	golden.RequireEqual(t, []byte(view))
}

func mustLast(t *testing.T, st *desk.SQLiteStore) int64 {
	n, err := st.LastSeq(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// [ and ] step through the events from a live console, each named above
// the panes; a command in the past is refused by the desk; ] past the last
// event is live again, and t picks a moment.
func TestSteppingThroughEventsNamesEachAndRefusesCommands(t *testing.T) {
	d, _ := historyDesk(t)
	tm := newTestModel(t, d, "morris", 160, 48)
	waitFor(t, tm, "Inbound")
	last := d.LastSeq()
	tm.Send(runes("["))
	waitFor(t, tm, "Sgt Morris closed @amy's question")
	tm.Send(runes("["))
	waitFor(t, tm, `PC Ellis drafted a reply to @bob's question: “@bob Next Tuesday`)
	tm.Send(runes("["))
	waitFor(t, tm, "Sgt Morris assigned @bob's question to PC Ellis")
	// A command on the past: the desk refuses it, nothing is stored.
	tm.Send(runes("x"))
	waitFor(t, tm, "read-only: viewing 21:05:35")
	tm.Send(runes(":"))
	tm.Type("close")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(t, tm, "(y/N)") // the command line asks first; the desk refuses
	tm.Send(runes("y"))
	waitFor(t, tm, "read-only: viewing 21:05:35")
	if got := d.LastSeq(); got != last {
		t.Errorf("the store went from %d to %d events while the console viewed the past", last, got)
	}
	tm.Send(runes("]"))
	waitFor(t, tm, "PC Ellis drafted a reply")
	tm.Send(runes("]]"))
	waitFor(t, tm, "back to the live desk")
	// Live again: commands go through.
	tm.Send(runes("t"))
	waitFor(t, tm, "view the desk at:")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlU})
	tm.Type("#5")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(t, tm, "#5 21:02:14 @bob wrote: “When is the next surgery?”")
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	waitFor(t, tm, "back to the live desk")
	view := ansi.Strip(finalView(t, tm))
	if strings.Contains(view, "VIEWING") {
		t.Errorf("back to live, the header still says the past:\n%s", view)
	}
}
