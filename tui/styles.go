package tui

import (
	"io"
	"strconv"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Styles are the console's looks, made from one session's renderer so that
// every SSH session gets the colours its own terminal can show.
type Styles struct {
	Header, HeaderTeam, OnDuty, OffDuty lipgloss.Style
	PaneBorder, PaneBorderFocused       lipgloss.Style
	PaneTitle, PaneTitleFocused         lipgloss.Style
	Selected, Faint, Bold, Error, Info  lipgloss.Style
	Urgent, Possible                    lipgloss.Style
	New, Acknowledged, Assigned         lipgloss.Style
	Answered, Closed, Breach            lipgloss.Style
	Block, Warn, OK, Highlight          lipgloss.Style
	StatusBar, HelpBar                  lipgloss.Style
	Dialog                              lipgloss.Style
	// Mono is set without colour (the Ascii profile): marks that colour
	// would set apart are then spelled out in a word as well.
	Mono bool
}

// NewStyles builds the styles for a renderer. Adaptive colours pick the
// light or dark variant from the terminal's background.
//
// A terminal without colour (NO_COLOR, a monochrome one: the Ascii profile)
// still gets bold, reverse and underline: NO_COLOR asks for no colour, not
// no emphasis, and reverse video is what marks the selected row and the
// active pane. The styles are then built on a renderer that writes those
// attributes, with no colour at all.
func NewStyles(r *lipgloss.Renderer) Styles {
	mono := r.ColorProfile() == termenv.Ascii
	if mono {
		r = lipgloss.NewRenderer(io.Discard)
		r.SetColorProfile(termenv.ANSI)
	}
	c := func(light, dark string) lipgloss.TerminalColor {
		if mono {
			return lipgloss.NoColor{}
		}
		return lipgloss.AdaptiveColor{Light: light, Dark: dark}
	}
	red, yellow, blue, green, grey, accent := c("#B00020", "#FF6B6B"), c("#8A6D00", "#F4D35E"), c("#1F5FBF", "#7AB8FF"), c("#1E7A3A", "#7EE081"), c("#6B6B6B", "#8A8A8A"), c("#5A3FC0", "#B19CFF")
	amber := c("#B35C00", "#FFA94D")
	s := r.NewStyle
	return Styles{
		Header:            s().Bold(true),
		HeaderTeam:        s().Bold(true).Foreground(accent),
		OnDuty:            s().Bold(true).Foreground(green),
		OffDuty:           s().Bold(true).Foreground(yellow),
		PaneBorder:        s().Border(lipgloss.NormalBorder()).BorderForeground(grey),
		PaneBorderFocused: s().Border(lipgloss.NormalBorder()).BorderForeground(accent),
		PaneTitle:         s().Foreground(grey),
		PaneTitleFocused:  s().Bold(true).Foreground(accent),
		Selected:          s().Reverse(true),
		Faint:             s().Foreground(grey),
		Bold:              s().Bold(true),
		Error:             s().Bold(true).Foreground(red),
		Info:              s().Foreground(green),
		Urgent:            s().Bold(true).Foreground(red),
		Possible:          s().Bold(true).Foreground(amber),
		New:               s().Bold(true),
		Acknowledged:      s().Foreground(yellow),
		Assigned:          s().Foreground(blue),
		Answered:          s().Foreground(green),
		Closed:            s().Foreground(grey),
		Breach:            s().Bold(true).Foreground(red),
		Block:             s().Bold(true).Foreground(red),
		Warn:              s().Foreground(yellow),
		OK:                s().Foreground(green),
		Highlight:         s().Underline(true).Bold(true).Foreground(red),
		StatusBar:         s(),
		HelpBar:           s().Foreground(grey),
		Dialog:            s().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
		Mono:              mono,
	}
}

// resolveColor converts a hex colour to the nearest one a profile shows.
func resolveColor(p termenv.Profile, hex string) lipgloss.TerminalColor {
	switch col := p.Color(hex).(type) {
	case termenv.ANSI256Color:
		return lipgloss.Color(strconv.Itoa(int(col)))
	case termenv.ANSIColor:
		return lipgloss.Color(strconv.Itoa(int(col)))
	case termenv.RGBColor:
		return lipgloss.Color(string(col))
	}
	return lipgloss.NoColor{}
}
