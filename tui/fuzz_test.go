package tui

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
	"github.com/muesli/termenv"
)

// memStore keeps events in memory: the fuzzer makes a desk per input.
type memStore struct {
	mu  sync.Mutex
	evs []desk.Event
}

func (s *memStore) Append(_ context.Context, after int64, evs []desk.Event) ([]desk.Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if int64(len(s.evs)) != after {
		return nil, desk.ErrConflict
	}
	out := make([]desk.Event, len(evs))
	for i, ev := range evs {
		ev.Seq = int64(len(s.evs)) + 1
		s.evs = append(s.evs, ev)
		out[i] = ev
	}
	return out, nil
}

func (s *memStore) Replay(_ context.Context, after int64, fn func(desk.Event) error) error {
	s.mu.Lock()
	evs := append([]desk.Event(nil), s.evs[after:]...)
	s.mu.Unlock()
	for _, ev := range evs {
		if err := fn(ev); err != nil {
			return err
		}
	}
	return nil
}

func (s *memStore) Close() error { return nil }

// attributeSGR is every escape sequence the renderer writes with the Ascii
// profile: bold, faint, italic, underline, reverse and reset, no colour.
var attributeSGR = regexp.MustCompile(`\x1b\[(?:[0-47](?:;[0-47])*)?m`)

// screenFaults lists what is wrong with a rendered w×h screen: an escape
// sequence or control character the renderer did not write (with the Ascii
// profile it writes only attributeSGR, so any other ESC, C0 other than
// newline, or C1 is one),
// invalid UTF-8, a line wider than the terminal, the wrong number of lines,
// or a pane border moved from where it stands on ref, the same screen
// rendered with harmless text ("" to skip).
func screenFaults(view, ref string, w, h int) []string {
	var faults []string
	view = attributeSGR.ReplaceAllString(view, "")
	if ref != "" {
		ref = attributeSGR.ReplaceAllString(ref, "")
	}
	if !utf8.ValidString(view) {
		faults = append(faults, "invalid UTF-8")
	}
	for i, r := range view {
		if r != '\n' && (r < 0x20 || r >= 0x7f && r <= 0x9f) {
			faults = append(faults, fmt.Sprintf("control character %U at byte %d: %q", r, i, view[max(0, i-20):min(len(view), i+20)]))
			break
		}
	}
	lines := strings.Split(view, "\n")
	if ref != "" {
		// The panes' borders stand where they stand with harmless text.
		refLines := strings.Split(ref, "\n")
		for i := 0; i < min(len(lines), len(refLines)); i++ {
			got := cells(lines[i])
			for col, glyph := range borderColumns(refLines[i]) {
				if col >= len(got) || got[col] != glyph {
					faults = append(faults, fmt.Sprintf("line %d: border %q at column %d is gone: the pane is broken:\n%s", i, glyph, col, lines[i]))
					break
				}
			}
		}
	}
	if len(lines) != h {
		faults = append(faults, fmt.Sprintf("screen has %d lines, want %d", len(lines), h))
	}
	for i, line := range lines {
		if lw := ansi.StringWidth(line); lw > w {
			faults = append(faults, fmt.Sprintf("line %d is %d cells wide: %q", i, lw, line))
		}
	}
	return faults
}

// cells splits a line without escape sequences into its terminal cells:
// cells[col] is the grapheme starting at col, "" for the second cell of a
// wide one.
func cells(line string) []string {
	var out []string
	for line != "" {
		g, _ := ansi.FirstGraphemeCluster(line, ansi.GraphemeWidth)
		if g == "" {
			break
		}
		// ansi.StringWidth's width, not the cluster's: they differ for
		// spacing marks ("@ៈ" is 2 to the one, 1 to the other) and the
		// property is stated in StringWidth, as terminals draw wcwidth.
		w := ansi.StringWidth(g)
		out = append(out, g)
		for i := 1; i < w; i++ {
			out = append(out, "")
		}
		line = line[len(g):]
	}
	return out
}

// borderColumns maps the columns of line that hold a pane's side border to
// that glyph.
func borderColumns(line string) map[int]string {
	cols := map[int]string{}
	for col, g := range cells(line) {
		switch g {
		case "│", "┌", "┐", "└", "┘":
			cols[col] = g
		}
	}
	return cols
}

// renderHostile puts text in every place outside text reaches — a question
// (author, display name, text, address), a team post, a draft answering the
// question, and a feed's health — passing the one gate the feeds use,
// feeds.SafeText, and returns the screens at w×h: the panes, and the
// question opened with its thread.
func renderHostile(t *testing.T, text string, w, h int) []string {
	t.Helper()
	now := shiftStart.Add(30 * time.Minute)
	d, err := desk.Open(context.Background(), &memStore{}, desk.Options{
		Team: "Team 3 · Carlisle North", People: roster, Now: func() time.Time { return now },
	})
	if err != nil {
		t.Fatal(err)
	}
	safe := feeds.SafeText(text)
	ctx := context.Background()
	if err := d.Ingest(ctx, []feeds.Event{
		{Type: feeds.EventUpsert, Item: feeds.Item{ID: "q1", Kind: feeds.KindMention, Author: "@" + safe, AuthorName: safe,
			Text: safe + " " + safe, URL: safe, Visibility: feeds.VisibilityPublic, Created: shiftStart, RemoteID: "1"}},
		{Type: feeds.EventUpsert, Item: feeds.Item{ID: "p1", Kind: feeds.KindTeamPost, Author: safe, AuthorName: safe,
			Text: safe, Visibility: feeds.VisibilityPublic, Created: shiftStart, RemoteID: "2"}},
	}); err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(safe) != "" {
		if _, err := d.CreateDraft(ctx, "morris", desk.DraftInput{Kind: desk.DraftReply, ReplyTo: "q1", Text: safe}); err != nil {
			t.Fatal(err)
		}
	}
	d.SetHealth("team", "retrying in 2s: "+text)
	m := modelAt(t, d, termenv.Ascii, w, h)
	screens := []string{m.View()}
	for _, k := range []tea.KeyMsg{{Type: tea.KeyTab}, {Type: tea.KeyTab}, {Type: tea.KeyTab}} {
		m.Update(k) // each pane focused in turn (at 80×24 each is shown)
		screens = append(screens, m.View())
	}
	m.Update(tea.KeyMsg{Type: tea.KeyTab})
	m.Update(tea.KeyMsg{Type: tea.KeyEnter}) // open the question and its thread
	screens = append(screens, m.View())
	return screens
}

// FuzzRenderedScreen: whatever text arrives from outside, the rendered screen
// contains no escape sequence the renderer did not write, and every line fits
// the terminal.
func FuzzRenderedScreen(f *testing.F) {
	for _, s := range []string{
		"", "Is the A595 still closed near Bothel?",
		"\x1b[2J\x1b]52;c;ZXZpbA==\x07pwned \u202egnp.exe\u202c " + strings.Repeat("界", 200),
		"\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\", "\x1bPq#0;2;0;0;0\x1b\\", "a\u009b2Jb\u009d0;t\u009c",
		"multi\nline\nname\r\n\x0b\x0c", "\u2764\ufe0f\U0001F468\u200d\U0001F469\u200d\U0001F467\U0001F44D\U0001F3FD\U0001F1EC\U0001F1E7",
		"a" + strings.Repeat("\u0301", 100) + strings.Repeat("\u0e49", 50), strings.Repeat("W", 3000), strings.Repeat("\U0001F600", 400),
		"\u3164\u115f\u1100\u1161\u11a8 \ue000 \xff\xfe", "x\ty\u00a0z\u3000w", "🇺🇦🇬🇧🏳️‍🌈 #️⃣ 1️⃣", "\u0301leading mark",
		"\t\t\t", "界界界界界界界界界界界界界界界界界界界界界界界界界界界界界界界界界界界界界界界界a",
	} {
		f.Add(s)
	}
	sizes := []struct{ w, h int }{{80, 24}, {160, 48}}
	refs := map[int][]string{}
	for _, size := range sizes {
		refs[size.w] = renderHostile(&testing.T{}, "ok", size.w, size.h)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, size := range sizes {
			for i, view := range renderHostile(t, text, size.w, size.h) {
				ref := refs[size.w][i]
				if i == len(refs[size.w])-1 {
					ref = "" // the thread view flows the text: no borders to hold
				}
				if faults := screenFaults(view, ref, size.w, size.h); len(faults) > 0 {
					t.Fatalf("screen %d at %d×%d for %q:\n%s\n%s", i, size.w, size.h, text, strings.Join(faults, "\n"), view)
				}
			}
		}
	})
}
