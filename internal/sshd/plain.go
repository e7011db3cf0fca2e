package sshd

import (
	"context"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/dutydesk/dutydesk/tui"
)

// The plain console over SSH (tui.Plain): lines appended as things happen
// and commands typed at a prompt, for a screen reader. A session gets it
// when the server was started with --plain, when the person's roster entry
// says accessible = true, when the client runs the command `plain`, or when
// its terminal is TERM=dumb.
//
// The command is what any SSH user can do from any client without
// configuring it: `ssh -t HOST plain` gives the line editor (echo, tab
// completion) on a PTY, and `ssh HOST plain` without -t leaves the local
// terminal in its own line mode — the terminal (and so the screen reader)
// edits and echoes the line, and the desk reads whole lines. TERM=dumb is
// the convention of terminals that cannot move the cursor (Emacs shell
// buffers, some braille and speech setups): the full console's redrawn
// screen means nothing there.

// wantsPlain reports whether a session gets the plain console.
func (s *Server) wantsPlain(sess ssh.Session) bool {
	if s.opts.Plain {
		return true
	}
	if cmd := sess.Command(); len(cmd) == 1 && cmd[0] == "plain" {
		return true
	}
	if pty, _, ok := sess.Pty(); ok && pty.Term == "dumb" {
		return true
	}
	id, _ := sess.Context().Value(personKey).(string)
	return s.keys.Load().Plain(id)
}

// unlessPlain skips mw for sessions that get the plain console.
func (s *Server) unlessPlain(mw wish.Middleware) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		wrapped := mw(next)
		return func(sess ssh.Session) {
			if s.wantsPlain(sess) {
				next(sess)
				return
			}
			wrapped(sess)
		}
	}
}

// plainConsole runs the plain console for an admitted session that wants
// it, and passes the others on to the full console.
func (s *Server) plainConsole(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if !s.wantsPlain(sess) {
			next(sess)
			return
		}
		c, ok := sess.Context().Value(consoleKey).(*console)
		if !ok {
			return
		}
		pty, windows, hasPty := sess.Pty()
		ctx, cancel := context.WithCancel(sess.Context())
		defer cancel()
		p, err := tui.NewPlain(tui.PlainOptions{
			Desk: s.desk, Me: c.person, Context: ctx,
			Terminal: hasPty, Width: pty.Window.Width, Height: pty.Window.Height,
			AlsoHere: s.alsoHere(c.person),
		})
		if err != nil {
			wish.Fatalln(sess, "dutydesk: "+err.Error())
			return
		}
		c.attach(cancel)
		if hasPty {
			go func() {
				for {
					select {
					case <-ctx.Done():
						return
					case w, ok := <-windows:
						if !ok {
							return
						}
						p.Resize(w.Width, w.Height)
					}
				}
			}()
		}
		if err := p.Run(activityReader{r: sess, c: c}, sess); err != nil {
			s.log.Warn("plain console", "person", c.person, "err", err)
		}
	}
}
