package tui

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"
)

// Colours chosen once at start must draw exactly what lipgloss's adaptive
// colours would have drawn on every frame.
func TestResolvedColoursDrawLikeAdaptiveOnes(t *testing.T) {
	for _, profile := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI, termenv.Ascii} {
		for _, dark := range []bool{true, false} {
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(profile)
			r.SetHasDarkBackground(dark)
			adaptive := lipgloss.AdaptiveColor{Light: "#B00020", Dark: "#FF6B6B"}
			hex := adaptive.Light
			if dark {
				hex = adaptive.Dark
			}
			want := r.NewStyle().Foreground(adaptive).Render("URGENT")
			got := r.NewStyle().Foreground(resolveColor(profile, hex)).Render("URGENT")
			if got != want {
				t.Errorf("profile %v dark %v: %q, want %q", profile, dark, got, want)
			}
		}
	}
}

// NO_COLOR or a monochrome terminal (the Ascii profile) removed every style,
// the reverse video of the selected row included (issue 15, finding 2): x, a,
// c, D then acted on a row nobody could see. Emphasis stays, and the
// selected row carries a ▶ that needs no attribute at all.
func TestWithoutColourTheSelectionStillShows(t *testing.T) {
	tm := newTestModel(t, testDesk(t), "morris", 80, 24) // the Ascii profile
	waitFor(t, tm, "Inbound")
	view := finalView(t, tm)
	if strings.Contains(view, "\x1b[3") || strings.Contains(view, "\x1b[38;") {
		t.Errorf("a colour reached a terminal without colour: %q", view)
	}
	var selected string
	for _, line := range strings.Split(view, "\n") {
		if strings.Contains(line, "▶") {
			selected = line
		}
	}
	if !strings.Contains(selected, "help there's a man") {
		t.Fatalf("no row carries the ▶ cursor, or the wrong one: %q", selected)
	}
	if !strings.Contains(selected, "\x1b[7m") {
		t.Errorf("the selected row is not in reverse video: %q", selected)
	}
	if !strings.Contains(view, "\x1b[1m") {
		t.Errorf("nothing is bold: %q", view)
	}
}

// The whole screen in colour, on each profile and background, is exactly
// what it was before colours were resolved once per console instead of on
// every Render (the goldens were made by the code that resolved them each
// time).
func TestGoldenColourScreens(t *testing.T) {
	for _, tc := range []struct {
		name    string
		profile termenv.Profile
		dark    bool
	}{{"ansi256-dark", termenv.ANSI256, true}, {"truecolor-light", termenv.TrueColor, false}, {"ansi-dark", termenv.ANSI, true}} {
		t.Run(tc.name, func(t *testing.T) {
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(tc.profile)
			r.SetHasDarkBackground(tc.dark)
			m, err := New(Options{Desk: testDesk(t), Me: "morris", Renderer: r, Tick: -1})
			if err != nil {
				t.Fatal(err)
			}
			tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(160, 48))
			waitFor(t, tm, "Inbound")
			golden.RequireEqual(t, []byte(finalView(t, tm)))
		})
	}
}
