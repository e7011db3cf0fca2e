package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"
	"github.com/muesli/termenv"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/internal/config"
	"github.com/dutydesk/dutydesk/tui"
)

// ConsoleLog is where the desk's log lines go while a console runs in this
// terminal (the store's own words when it fails, a damaged snapshot passed
// over): written to the terminal, they would be drawn over the console.
func ConsoleLog() string { return config.DefaultDBPath("console.log") }

// logAside sends the standard logger to ConsoleLog (or nowhere, if it cannot
// be opened) until restore is called.
func logAside() (restore func()) {
	prev := log.Writer()
	var out io.Writer = io.Discard
	path := ConsoleLog()
	var f *os.File
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err == nil {
		if f, err = os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600); err == nil {
			out = f
		}
	}
	log.SetOutput(out)
	return func() {
		log.SetOutput(prev)
		if f != nil {
			f.Close()
		}
	}
}

// RunConsole runs one console in this terminal until the person quits.
func RunConsole(ctx context.Context, d *desk.Desk, me string, stdin io.Reader, stdout io.Writer) error {
	if f, ok := stdin.(*os.File); ok && !term.IsTerminal(f.Fd()) {
		// A pipe is fine (tests and scripts drive the console through one);
		// a file or /dev/null cannot be read as keys.
		if st, err := f.Stat(); err == nil && st.Mode()&(os.ModeNamedPipe|os.ModeSocket) == 0 {
			return errors.New("the console needs a terminal: run dutydesk in one, not with its input from a file or /dev/null (report and check work without one)")
		}
	}
	defer logAside()()
	renderer := lipgloss.NewRenderer(stdout)
	if _, noColor := os.LookupEnv("NO_COLOR"); noColor {
		renderer.SetColorProfile(termenv.Ascii)
	}
	m, err := tui.New(tui.Options{Desk: d, Me: me, Renderer: renderer, Context: ctx})
	if err != nil {
		return err
	}
	defer m.Close()
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithInput(stdin), tea.WithOutput(stdout), tea.WithContext(ctx))
	if _, err := p.Run(); err != nil && ctx.Err() == nil {
		return fmt.Errorf("console: %w", err)
	}
	return nil
}
