// Package sshd serves the desk over SSH: the server, each person's console
// session, the keyring that says whose key is whose, the guard on logging
// in, and the host key. A caller builds a Server with New and runs it with
// ListenAndServe; nothing else of SSH leaves this package.
package sshd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/charmbracelet/wish/activeterm"
	"github.com/charmbracelet/wish/bubbletea"
	"github.com/charmbracelet/wish/ratelimiter"
	wishrecover "github.com/charmbracelet/wish/recover"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/tui"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"
)

// Options set up a Server; the zero value of each field means its default.
type Options struct {
	// Listen is the host:port ListenAndServe listens on; "": 127.0.0.1:2222.
	Listen string
	// Plain gives every session the plain console (screen readers), as
	// `serve --plain` or `accessible = true` at the top of the config asks.
	Plain bool
	// HostKey is the ed25519 host key's file, made (mode 0600) on first start.
	HostKey string
	// Idle logs a console out after this long without a key pressed; 0: never.
	Idle time.Duration
	// MaxSessions caps the consoles open at once, everyone together; 0: 64.
	MaxSessions int
	// MaxSessionsPerPerson caps one person's open consoles; 0: 3.
	MaxSessionsPerPerson int
	// LoginGrace is how long a connection may take to log in before it is
	// dropped, as OpenSSH's LoginGraceTime; 0: 30s, negative: no limit.
	LoginGrace time.Duration
	// MaxStartups caps the connections not yet logged in, as OpenSSH's
	// MaxStartups; zero: DefaultStartups (10:30:60).
	MaxStartups Startups
	// ConnRatePerAddr is how many new connections a second one address may
	// make, after a burst of ten times that; 0: 2.
	ConnRatePerAddr float64
	// ConnRate is how many new connections a second are taken from all
	// addresses together, after a burst of ten times that; 0: 50.
	ConnRate float64
	// SessionRate is how many consoles a second one address may open,
	// after a burst of MaxSessions (at least 10); 0: 1.
	SessionRate float64
	// LockoutFailures failed logins from one address within LockoutWindow
	// have keys not on the roster refused from there for LockoutDuration
	// (roster keys still log in); 0: 20 in 10m, for 15m.
	LockoutFailures int
	LockoutWindow   time.Duration
	LockoutDuration time.Duration
	// ShutdownGrace is how long a shutdown waits for consoles to close; 0: 10s.
	ShutdownGrace time.Duration
	// Logger gets the server's log lines; nil: log.Default().
	Logger *log.Logger
}

func (o Options) withDefaults() Options {
	if o.Listen == "" {
		o.Listen = "127.0.0.1:2222"
	}
	if o.MaxSessions <= 0 {
		o.MaxSessions = 64
	}
	if o.MaxSessionsPerPerson <= 0 {
		o.MaxSessionsPerPerson = 3
	}
	if o.LoginGrace == 0 {
		o.LoginGrace = 30 * time.Second
	}
	if o.MaxStartups == (Startups{}) {
		o.MaxStartups = DefaultStartups
	}
	if o.ConnRatePerAddr <= 0 {
		o.ConnRatePerAddr = 2
	}
	if o.ConnRate <= 0 {
		o.ConnRate = 50
	}
	if o.SessionRate <= 0 {
		o.SessionRate = 1
	}
	if o.LockoutFailures <= 0 {
		o.LockoutFailures = maxFailsPerAddr
	}
	if o.LockoutWindow <= 0 {
		o.LockoutWindow = failWindow
	}
	if o.LockoutDuration <= 0 {
		o.LockoutDuration = failCooldown
	}
	if o.ShutdownGrace <= 0 {
		o.ShutdownGrace = 10 * time.Second
	}
	if o.Logger == nil {
		o.Logger = log.Default()
	}
	return o
}

// Server is the desk served over SSH: one wish server, one shared desk,
// one console per session.
type Server struct {
	desk        *desk.Desk
	keys        atomic.Pointer[Keyring]
	opts        Options
	log         *log.Logger
	srv         *ssh.Server
	sessions    *sessions
	guard       *authGuard // failed logins per source address
	gate        *gate      // connections not yet logged in
	fingerprint string     // of the host key, for the log and for people checking it

	shutdownOnce sync.Once
	shutdownErr  error
}

// Values kept on an SSH connection's context.
type ctxKey int

const (
	personKey ctxKey = iota
	fingerprintKey
	consoleKey
	preAuthKey
	gateKey
	noneKey
	publicKeyKey
)

// New makes the server for d, letting in the holders of the keys in kr;
// the host key in opts.HostKey is made on first start and reused after.
func New(d *desk.Desk, kr *Keyring, opts Options) (*Server, error) {
	opts = opts.withDefaults()
	signer, err := LoadHostKey(opts.HostKey)
	if err != nil {
		return nil, err
	}
	logger := opts.Logger
	s := &Server{
		desk: d, opts: opts, log: logger,
		sessions:    newSessions(opts.MaxSessions, opts.MaxSessionsPerPerson),
		guard:       newAuthGuard(opts.LockoutFailures, opts.LockoutWindow, opts.LockoutDuration),
		gate:        newGate(opts.MaxStartups, max(opts.LoginGrace, 0), opts.ConnRatePerAddr, opts.ConnRate),
		fingerprint: gossh.FingerprintSHA256(signer.PublicKey()),
	}
	s.keys.Store(kr)
	s.srv, err = wish.NewServer(
		wish.WithAddress(opts.Listen),
		func(srv *ssh.Server) error { srv.AddHostKey(signer); return nil },
		wish.WithPublicKeyAuth(s.publicKey),
		ssh.WrapConn(s.wrapConn),
		func(srv *ssh.Server) error { srv.ServerConfigCallback = s.serverConfig; return nil },
		wish.WithMiddleware(
			// The last runs first: log, limit the rate, then (recovering from
			// panics) check for a terminal, admit the console and run it.
			wishrecover.MiddlewareWithLogger(logger,
				bubbletea.MiddlewareWithProgramHandler(s.program, termenv.Ascii),
				s.plainConsole, // or the plain one, which needs no terminal
				s.admit,
				s.unlessPlain(activeterm.Middleware()), // the backstop of needTerminal
				s.needTerminal,
			),
			ratelimiter.Middleware(ratelimiter.NewRateLimiter(rate.Limit(opts.SessionRate), max(opts.MaxSessions, 10), 1024)),
			s.logSessions,
		),
	)
	if err != nil {
		return nil, fmt.Errorf("ssh server: %w", err)
	}
	for _, w := range kr.Warnings() {
		s.log.Warn("a key on the roster cannot log in", "why", w)
	}
	return s, nil
}

// SetKeyring puts a reloaded roster's keys in force: new logins are checked
// against kr, and every open console whose key kr no longer lets in for
// the same person (taken off, given to someone else, or refused by its
// options now) is ended with a line saying so.
func (s *Server) SetKeyring(kr *Keyring) {
	s.keys.Store(kr)
	now := time.Now()
	for _, c := range s.sessions.list() {
		held, ok := kr.byKey[c.key]
		allowed, _ := held.policy.allows(host(addrString(c.remote)), now)
		if !ok || held.person != c.person || !allowed {
			s.log.Warn("ending a console: its key is no longer on the roster", "person", c.person, "key", c.fingerprint, "remote", c.remote)
			c.end(endRevoked)
		}
	}
}

// Fingerprint is the SHA256 fingerprint of the server's host key, for people
// checking it on their first login.
func (s *Server) Fingerprint() string { return s.fingerprint }

// ListenAndServe listens on opts.Listen and serves until ctx ends, then
// shuts down gracefully (see Shutdown).
func (s *Server) ListenAndServe(ctx context.Context) error {
	l, err := net.Listen("tcp", s.opts.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (another dutydesk serve running? try --listen)", s.opts.Listen, err)
	}
	return s.Serve(ctx, l)
}

// Serve serves on l until ctx ends or Shutdown is called, then shuts down
// gracefully: every console is told and closed, and its logout stored,
// before Serve returns.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	s.log.Info("serving the desk over SSH", "team", s.desk.Team(), "addr", l.Addr().String(), "host_key", s.fingerprint)
	served := make(chan error, 1)
	go func() { served <- s.srv.Serve(l) }()
	select {
	case err := <-served:
		if errors.Is(err, ssh.ErrServerClosed) {
			// Shutdown was called elsewhere; wait for it to finish.
			return s.Shutdown(context.Background())
		}
		return fmt.Errorf("ssh server: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), s.opts.ShutdownGrace)
	defer cancel()
	return s.Shutdown(sctx)
}

// Shutdown stops accepting, ends every console and waits for them (until
// ctx ends), then drops what connections remain. Calling it again returns
// the first call's result.
func (s *Server) Shutdown(ctx context.Context) error {
	s.shutdownOnce.Do(func() { s.shutdownErr = s.shutdown(ctx) })
	return s.shutdownErr
}

func (s *Server) shutdown(ctx context.Context) error {
	n := s.sessions.count()
	err := s.sessions.shutdown(ctx)
	// Clients hold their connections open after the console ends; give them a
	// moment to hang up, then hang up on them.
	sctx, scancel := context.WithTimeout(context.Background(), time.Second)
	defer scancel()
	if serr := s.srv.Shutdown(sctx); serr != nil && !errors.Is(serr, context.DeadlineExceeded) && !errors.Is(serr, ssh.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	_ = s.srv.Close()
	s.log.Info("shut down", "consoles_closed", n)
	return err
}

// serverConfig keeps each connection's pre-authentication handle, so that a
// refusal can tell the client why in one line; it ends the login grace time
// once the client has logged in, and audits and counts every refused
// attempt that is not a key (keys are handled in publicKey).
func (s *Server) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	return &gossh.ServerConfig{
		MaxAuthTries:        maxAuthTries,
		PreAuthConnCallback: func(c gossh.ServerPreAuthConn) { ctx.SetValue(preAuthKey, c) },
		AuthLogCallback: func(_ gossh.ConnMetadata, method string, err error) {
			if err == nil {
				if p, ok := ctx.Value(gateKey).(*preAuth); ok {
					p.loggedIn()
				}
				return
			}
			switch method {
			case "publickey":
				return
			case "none":
				// Every client asks with "none" first to learn the methods,
				// as OpenSSH counts only the ones after that.
				if ctx.Value(noneKey) == nil {
					ctx.SetValue(noneKey, true)
					return
				}
			case "password", "keyboard-interactive":
				s.banner(ctx, "dutydesk: passwords are not accepted; log in with the SSH key your supervisor added to the roster.")
			}
			s.refused(ctx, "", "", fmt.Sprintf("method %s refused: only keys on the roster log in", safeField(method)))
		},
	}
}

// banner sends one line to the client before it is refused (once per connection).
func (s *Server) banner(ctx ssh.Context, line string) {
	c, ok := ctx.Value(preAuthKey).(gossh.ServerPreAuthConn)
	if !ok {
		return
	}
	ctx.SetValue(preAuthKey, nil)
	_ = c.SendAuthBanner(line + "\r\n")
}

// publicKey admits the keys of the people in the keyring; any other key is
// refused with one line and an access.refused event carrying its fingerprint.
//
// Only the key's fingerprint is logged or stored, never the key itself. A
// key too weak for current standards is refused even if it is on the roster,
// and an address that keeps failing is turned away for a while.
func (s *Server) publicKey(ctx ssh.Context, key ssh.PublicKey) bool {
	fp := gossh.FingerprintSHA256(key)
	addr := host(ctx.RemoteAddr())
	held, onRoster := s.keys.Load().holder(key)
	id := held.person
	if weak := weakKey(key); weak != "" {
		s.refused(ctx, id, fp, "key too weak: "+weak)
		s.banner(ctx, fmt.Sprintf("dutydesk: key %s is refused: %s. Make an ed25519 key (ssh-keygen -t ed25519) and ask a supervisor to put it on the roster.", fp, weak))
		return false
	}
	if ok, why := held.policy.allows(addr, time.Now()); onRoster && !ok {
		s.refused(ctx, id, fp, "key refused: "+why)
		s.banner(ctx, fmt.Sprintf("dutydesk: key %s is refused: %s. Ask a supervisor to change the key's line on the roster.", fp, why))
		return false
	}
	if onRoster {
		// A key on the roster is let in even from an address turned away:
		// colleagues behind one station's NAT are not locked out by a
		// stranger there. (The key must still be signed for.)
		ctx.SetValue(personKey, id)
		ctx.SetValue(fingerprintKey, fp)
		ctx.SetValue(publicKeyKey, string(key.Marshal()))
		return true
	}
	if left, ok := s.guard.blocked(addr); ok {
		s.banner(ctx, fmt.Sprintf("dutydesk: too many failed logins from %s; keys not on the roster are refused from there for %s more. Ask a supervisor to add your key.", addr, roundUp(left)))
		return false
	}
	s.refused(ctx, "", fp, "key not on the roster")
	s.banner(ctx, fmt.Sprintf("dutydesk: key %s is not on %s's roster; ask a supervisor to add it to the config.", fp, s.desk.Team()))
	return false
}

// refused logs, audits and counts a refused login attempt: person is whose
// key it was if the key is on the roster (never the user name the client
// typed), fingerprint the key's if it was a key.
func (s *Server) refused(ctx ssh.Context, person, fingerprint, reason string) {
	remote := ctx.RemoteAddr().String()
	addr := host(ctx.RemoteAddr())
	s.log.Warn("refused login", "remote", remote, "key", fingerprint, "person", person, "user", loginName(ctx), "reason", reason)
	if err := s.desk.RecordAccess(context.Background(), desk.EvAccessRefused, desk.SystemActor, person, fingerprint, remote, reason); err != nil {
		s.log.Error("store refused access", "err", err)
	}
	if s.guard.fail(addr) {
		s.log.Warn("refusing keys not on the roster from this address after repeated failed logins", "remote", addr, "for", s.guard.cooldown.String())
	}
}

// roundUp is d in whole minutes, rounded up ("1m0s" at the least).
func roundUp(d time.Duration) time.Duration {
	return max(time.Minute, (d + time.Minute - 1).Truncate(time.Minute))
}

// admit opens a console for the person the key belongs to, within the caps,
// and records their login, presence and logout around it.
func (s *Server) admit(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		ctx := sess.Context()
		id, _ := ctx.Value(personKey).(string)
		p, ok := s.desk.Person(id)
		if !ok {
			wish.Fatalln(sess, "dutydesk: this key's person is not on the desk's roster")
			return
		}
		// The key was proved (signed for) to get here: the address's
		// failures were someone there trying their other keys.
		s.guard.succeed(host(sess.RemoteAddr()))
		c := &console{person: p.ID, name: p.Name, remote: sess.RemoteAddr().String()}
		c.fingerprint, _ = ctx.Value(fingerprintKey).(string)
		c.key, _ = ctx.Value(publicKeyKey).(string)
		c.touch()
		if err := s.sessions.add(c); err != nil {
			s.record(desk.EvAccessRefused, c, err.Error())
			wish.Fatalln(sess, "dutydesk: "+err.Error())
			return
		}
		defer s.sessions.remove(c)
		leave := s.desk.Join(p.ID)
		s.record(desk.EvSessionOpened, c, "")
		go c.watchIdle(ctx, s.opts.Idle)
		ctx.SetValue(consoleKey, c)

		next(sess)

		if ctx.Err() != nil {
			// The connection went while the console ran: not a quit.
			c.end(endDropped)
		}
		leave()
		if msg := c.farewell(s.opts.Idle); msg != "" {
			fmt.Fprint(sess, msg+"\r\n")
		}
		s.record(desk.EvSessionClosed, c, c.ended())
	}
}

// logSessions logs each session's start and end, naming the person and
// the key; every string the client chose (user name, terminal, client
// version, command) goes through safeField, so none can carry an escape
// code or start a log line of its own.
func (s *Server) logSessions(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		ctx := sess.Context()
		start := time.Now()
		id, _ := ctx.Value(personKey).(string)
		fp, _ := ctx.Value(fingerprintKey).(string)
		pty, _, hasPty := sess.Pty()
		s.log.Info("session started", "person", id, "key", fp, "remote", sess.RemoteAddr().String(),
			"user", safeField(sess.User()), "term", safeField(pty.Term), "pty", hasPty,
			"client", safeField(ctx.ClientVersion()), "command", safeField(strings.Join(sess.Command(), " ")))
		next(sess)
		reason := ""
		if c, ok := ctx.Value(consoleKey).(*console); ok {
			reason = c.ended()
		}
		s.log.Info("session ended", "person", id, "key", fp, "remote", sess.RemoteAddr().String(),
			"reason", reason, "duration", time.Since(start).Round(time.Millisecond).String())
	}
}

// needTerminal tells a session without a PTY (ssh host command, or
// stdin not a terminal) what to do instead of starting a console that hangs;
// the plain console needs none.
func (s *Server) needTerminal(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if _, _, ok := sess.Pty(); !ok && !s.wantsPlain(sess) {
			wish.Fatalln(sess, "dutydesk: the desk is an interactive console and needs a terminal; connect with ssh -t and no command, or with `ssh HOST plain` for the plain console (screen readers)")
			return
		}
		next(sess)
	}
}

// record stores a session event; a store failure is logged, never fatal to the console.
func (s *Server) record(t desk.EventType, c *console, reason string) {
	actor := c.person
	if t == desk.EvAccessRefused {
		actor = desk.SystemActor
	}
	if err := s.desk.RecordAccess(context.Background(), t, actor, c.person, c.fingerprint, c.remote, reason); errors.Is(err, desk.ErrReadOnly) {
		// serve --at: the desk shows the past and stores nothing.
		s.log.Info("session event not stored: the desk is read-only (--at)", "type", t, "person", c.person)
	} else if err != nil {
		s.log.Error("store session event", "type", t, "person", c.person, "err", err)
	}
}

// program makes the console of an admitted session: the person's own TUI
// model on the shared desk, drawn by a renderer for their terminal.
func (s *Server) program(sess ssh.Session) *tea.Program {
	c, ok := sess.Context().Value(consoleKey).(*console)
	if !ok {
		return nil
	}
	m, err := tui.New(tui.Options{
		Desk:     s.desk,
		Me:       c.person,
		Renderer: bubbletea.MakeRenderer(sess),
		Context:  sess.Context(),
		AlsoHere: s.alsoHere(c.person),
	})
	if err != nil {
		wish.Fatalln(sess, "dutydesk: "+err.Error())
		return nil
	}
	context.AfterFunc(sess.Context(), m.Close)
	// The process's signals are the server's to handle (Serve's context):
	// a program of its own would catch SIGTERM too, and its handler blocks
	// once the program has quit, hanging the shutdown.
	p := tea.NewProgram(m, tea.WithInput(activityReader{r: sess, c: c}), tea.WithOutput(sess), tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithoutSignalHandler())
	c.attach(p.Quit)
	return p
}

// alsoHere lists the others with a console open, for the header.
func (s *Server) alsoHere(me string) func() []string {
	return func() []string {
		var names []string
		for _, p := range s.desk.Present() {
			if p.ID != me {
				names = append(names, p.Name)
			}
		}
		return names
	}
}
