package app

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/charmbracelet/x/term"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/tui"
)

// RunPlainConsole runs the plain console (screen readers) until the person
// quits: on a terminal it edits the line itself (raw mode, echo, tab
// completion) and puts the terminal back as it was; from a pipe or a file
// it reads whole lines, so it needs no terminal at all.
func RunPlainConsole(ctx context.Context, d *desk.Desk, me string, stdin io.Reader, stdout io.Writer) error {
	opts := tui.PlainOptions{Desk: d, Me: me, Context: ctx}
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(f.Fd()) {
		state, err := term.MakeRaw(f.Fd())
		if err != nil {
			return fmt.Errorf("plain console: set the terminal up: %w", err)
		}
		defer func() { _ = term.Restore(f.Fd(), state) }()
		opts.Terminal = true
		if out, ok := stdout.(*os.File); ok {
			opts.Width, opts.Height, _ = term.GetSize(out.Fd())
		}
	}
	p, err := tui.NewPlain(opts)
	if err != nil {
		return err
	}
	if err := p.Run(stdin, stdout); err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}
