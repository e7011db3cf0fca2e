package tui

import (
	"fmt"
	"io"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// forgetDrawn empties every memo, as if nothing had been drawn yet.
func forgetDrawn() {
	for _, c := range []interface{ forget() }{fitted, painted, framed, joined, widths, drawnRows, helpLines, headers} {
		c.forget()
	}
}

// What a console draws from the memos is what it draws afresh: sixteen
// consoles of every colour profile, background, size and role take the same keys
// (moving, filtering, opening a question, other panes, help), and after each
// key every console's frame — drawn with the memos the others filled — is
// compared with the same frame drawn with the memos emptied first.
func TestRememberedFramesAreTheFramesDrawnAfresh(t *testing.T) {
	d := testDesk(t)
	key := func(s string) tea.Msg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }
	steps := []tea.Msg{nil, key("j"), key("j"), key("/"), key("a"), tea.KeyMsg{Type: tea.KeyEnter}, key("k"), tea.KeyMsg{Type: tea.KeyEnter}, tea.KeyMsg{Type: tea.KeyEsc}, key("3"), key("4"), key("?"), key("x")}
	type console struct {
		name string
		m    *Model
	}
	var consoles []console
	for _, profile := range []termenv.Profile{termenv.Ascii, termenv.ANSI, termenv.ANSI256, termenv.TrueColor} {
		for _, size := range [][3]int{{80, 24, 1}, {160, 48, 1}, {121, 40, 1}, {120, 40, 0}} {
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(profile)
			r.SetHasDarkBackground(size[2] == 1)
			me := "morris" // a supervisor: more keys, so a help line cut at 80
			if size[2] == 0 {
				me = "ellis"
			}
			m, err := New(Options{Desk: d, Me: me, Renderer: r, Tick: -1})
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			consoles = append(consoles, console{fmt.Sprintf("%v %dx%d", profile, size[0], size[1]), m})
		}
	}
	for i, msg := range steps {
		remembered := make([]string, len(consoles))
		for j, c := range consoles {
			if msg != nil {
				c.m.Update(msg)
			}
			remembered[j] = c.m.View()
		}
		for j, c := range consoles {
			forgetDrawn()
			if afresh := c.m.View(); remembered[j] != afresh {
				t.Fatalf("%s, step %d (%v): the remembered frame differs from the frame drawn afresh:\n%q\n%q", c.name, i, msg, remembered[j], afresh)
			}
		}
	}
}

// A memo holds at most two generations: what is still asked for stays,
// what is not goes.
func TestMemoKeepsWhatIsStillDrawnAndForgetsTheRest(t *testing.T) {
	c := newMemo[int, string](4)
	made := 0
	get := func(k int) string { return c.get(k, func() string { made++; return fmt.Sprint(k) }) }
	for k := 0; k < 100; k++ {
		get(k)
		if got := get(0); got != "0" { // 0 is drawn on every frame
			t.Fatalf("get(0) = %q", got)
		}
	}
	if made != 100 {
		t.Errorf("made %d results, want 100 (0 once, and each other key once)", made)
	}
	if n := len(c.new) + len(c.old); n > 8 {
		t.Errorf("the memo holds %d results, more than two generations of 4", n)
	}
}
