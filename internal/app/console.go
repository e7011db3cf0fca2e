package app

import (
	"context"
	"fmt"
	"io"
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/tui"
)

// RunConsole runs one console in this terminal until the person quits.
func RunConsole(ctx context.Context, d *desk.Desk, me string, stdin io.Reader, stdout io.Writer) error {
	renderer := lipgloss.NewRenderer(stdout)
	if _, noColor := os.LookupEnv("NO_COLOR"); noColor {
		renderer.SetColorProfile(termenv.Ascii)
	}
	m, err := tui.New(tui.Options{Desk: d, Me: me, Renderer: renderer, Context: ctx})
	if err != nil {
		return err
	}
	defer m.Close()
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithInput(stdin), tea.WithOutput(stdout), tea.WithContext(ctx))
	if _, err := p.Run(); err != nil && ctx.Err() == nil {
		return fmt.Errorf("console: %w", err)
	}
	return nil
}
