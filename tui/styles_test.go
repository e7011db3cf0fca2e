package tui

import (
	"io"
	"testing"

	"github.com/charmbracelet/lipgloss"
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
