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

	// set is what the styles were made for: styles of equal sets draw
	// alike, so what one console draws another may reuse (memo.go).
	set styleSet
}

// styleSet is what NewStyles makes the styles from; they depend on nothing else.
type styleSet struct {
	profile termenv.Profile
	dark    bool
}

// A look names a style a list row is drawn in, so that a drawn row can be
// remembered by what it was drawn from.
type look uint8

const (
	lookPlain look = iota
	lookSelected
	lookFaint
	lookError
	lookUrgent
	lookPossible
	lookNew
	lookAcknowledged
	lookAssigned
	lookAnswered
	lookClosed
	lookBreach
	lookBlock
	lookWarn
	lookOK
)

// of is the style a look names.
func (s Styles) of(l look) lipgloss.Style {
	switch l {
	case lookSelected:
		return s.Selected
	case lookFaint:
		return s.Faint
	case lookError:
		return s.Error
	case lookUrgent:
		return s.Urgent
	case lookPossible:
		return s.Possible
	case lookNew:
		return s.New
	case lookAcknowledged:
		return s.Acknowledged
	case lookAssigned:
		return s.Assigned
	case lookAnswered:
		return s.Answered
	case lookClosed:
		return s.Closed
	case lookBreach:
		return s.Breach
	case lookBlock:
		return s.Block
	case lookWarn:
		return s.Warn
	case lookOK:
		return s.OK
	}
	return lipgloss.Style{}
}

// NewStyles builds the styles for a renderer. Each colour has a light and a
// dark variant, picked from the terminal's background.
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
	// Each colour is resolved once, here, for the terminal's profile and
	// background, as lipgloss would resolve an AdaptiveColor on every
	// Render: turning a hex colour into the nearest of 256 costs a search
	// in HSLuv space, which was most of the time 200 consoles spent drawing
	// a desk change.
	var profile termenv.Profile
	dark := true
	if !mono {
		profile, dark = r.ColorProfile(), r.HasDarkBackground()
	}
	c := func(light, darkHex string) lipgloss.TerminalColor {
		if mono {
			return lipgloss.NoColor{}
		}
		if dark {
			return resolveColor(profile, darkHex)
		}
		return resolveColor(profile, light)
	}
	red, yellow, blue, green, grey, accent := c("#B00020", "#FF6B6B"), c("#8A6D00", "#F4D35E"), c("#1F5FBF", "#7AB8FF"), c("#1E7A3A", "#7EE081"), c("#6B6B6B", "#8A8A8A"), c("#5A3FC0", "#B19CFF")
	amber := c("#B35C00", "#FFA94D")
	s := r.NewStyle
	set := styleSet{profile: termenv.Ascii}
	if !mono {
		set = styleSet{profile: profile, dark: dark}
	}
	return Styles{
		set:               set,
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
