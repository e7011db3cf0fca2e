package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/charmbracelet/wish/activeterm"
	"github.com/charmbracelet/wish/bubbletea"
	"github.com/charmbracelet/wish/logging"
	"github.com/charmbracelet/wish/ratelimiter"
	wishrecover "github.com/charmbracelet/wish/recover"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds/demo"
	"github.com/dutydesk/dutydesk/feeds/mastodon"
	"github.com/dutydesk/dutydesk/internal/config"
	"github.com/dutydesk/dutydesk/tui"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"
)

func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", config.DefaultPath(), "config `FILE`: the people, their SSH keys and the [serve] table")
	listen := fs.String("listen", "", "`HOST:PORT` to listen on (default serve.listen, 127.0.0.1:2222)")
	db := fs.String("db", "", "store `PATH` or postgres:// URL (default db in the config, or desk.db — demo.db with --demo — under the XDG data dir)")
	demoMode := fs.Bool("demo", false, "serve the embedded demo team and shift (no account); keys still come from the config")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: dutydesk serve [--listen 127.0.0.1:2222] [--config FILE] [--db PATH] [--demo]")
		fmt.Fprintln(stderr, "\nServes the desk over SSH: everyone in the config logs in with their key\n(ssh -p 2222 desk.example) and gets their own console on the one live desk.")
		fmt.Fprintln(stderr)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageExit(err)
	}
	cfg, err := config.Load(*configPath)
	if err != nil {
		fmt.Fprintln(stderr, "dutydesk:", err)
		return 1
	}
	if *listen != "" {
		cfg.Serve.Listen = *listen
	}
	logger := log.NewWithOptions(stderr, log.Options{ReportTimestamp: true, Prefix: "dutydesk"})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	kr, err := loadKeyring(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "dutydesk:", err)
		return 1
	}
	if len(kr.byKey) == 0 {
		fmt.Fprintf(stderr, "dutydesk: %s: nobody could log in: give each [[people]] entry keys = [\"ssh-ed25519 AAAA…\"] or authorized_keys = \"FILE\"\n", cfg.Path())
		return 1
	}
	var (
		d         *desk.Desk
		closeDesk func()
	)
	if *demoMode {
		if err := demoRosterHasConfiguredPeople(cfg); err != nil {
			fmt.Fprintln(stderr, "dutydesk:", err)
			return 1
		}
		d, closeDesk, err = startDemo(ctx, cfg, config.Pick(*db, config.DefaultDBPath("demo.db")), cfg.Demo.Speed, 0, 0)
	} else if cfg.HasMastodon() {
		// The team's accounts post and stream; with a shared store each
		// account's stream runs on one elected host.
		d, closeDesk, err = runTeamDesk(ctx, cfg, cfg.DeskPath(*db), mastodon.Options{})
	} else {
		d, closeDesk, err = openDesk(ctx, cfg.DeskPath(*db), cfg, cfg.DeskPeople(), nil)
		if err == nil {
			logger.Warn("no [mastodon] in the config: serving the stored desk without feeds (try --demo for the embedded shift)")
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "dutydesk:", err)
		return 1
	}
	defer closeDesk()

	srv, err := newSSHServer(d, kr, cfg.Serve, logger)
	if err != nil {
		fmt.Fprintln(stderr, "dutydesk:", err)
		return 1
	}
	l, err := net.Listen("tcp", cfg.Serve.Listen)
	if err != nil {
		fmt.Fprintf(stderr, "dutydesk: listen on %s: %v (another dutydesk serve running? try --listen)\n", cfg.Serve.Listen, err)
		return 1
	}
	logger.Info("serving the desk over SSH", "team", d.Team(), "addr", l.Addr().String(), "host_key", srv.fingerprint)
	if err := srv.run(ctx, l); err != nil {
		fmt.Fprintln(stderr, "dutydesk:", err)
		return 1
	}
	logger.Info("stopped; every console closed and its logout stored")
	return 0
}

// demoRosterHasConfiguredPeople checks, for --demo, that everyone given keys
// in the config is on the embedded demo team.
func demoRosterHasConfiguredPeople(cfg config.Config) error {
	_, team := demo.Team()
	ids := make([]string, 0, len(team))
	on := map[string]bool{}
	for _, p := range team {
		ids = append(ids, p.ID)
		on[p.ID] = true
	}
	for i, p := range cfg.People {
		if !on[p.ID] {
			return cfg.ErrorAt(fmt.Sprintf("people[%d].id", i), fmt.Sprintf("people[%d].id %q is not on the demo team; with --demo use one of %s", i, p.ID, strings.Join(ids, ", ")))
		}
	}
	return nil
}

// sshServer is the desk served over SSH: one wish server, one shared desk,
// one console per session.
type sshServer struct {
	desk        *desk.Desk
	keys        *keyring
	cfg         config.ServeConfig
	log         *log.Logger
	srv         *ssh.Server
	sessions    *sessions
	guard       *authGuard // failed logins per source address
	fingerprint string     // of the host key, for the log and for people checking it
}

// Values kept on an SSH connection's context.
type ctxKey int

const (
	personKey ctxKey = iota
	fingerprintKey
	consoleKey
	preAuthKey
)

// newSSHServer makes the server; the host key in cfg.HostKey is made on first
// start and reused after.
func newSSHServer(d *desk.Desk, kr *keyring, cfg config.ServeConfig, logger *log.Logger) (*sshServer, error) {
	signer, err := loadHostKey(cfg.HostKey)
	if err != nil {
		return nil, err
	}
	s := &sshServer{
		desk: d, keys: kr, cfg: cfg, log: logger,
		sessions:    newSessions(cfg.MaxSessions, cfg.MaxSessionsPerPerson),
		guard:       newAuthGuard(maxFailsPerAddr, failWindow, failCooldown),
		fingerprint: gossh.FingerprintSHA256(signer.PublicKey()),
	}
	s.srv, err = wish.NewServer(
		wish.WithAddress(cfg.Listen),
		func(srv *ssh.Server) error { srv.AddHostKey(signer); return nil },
		wish.WithPublicKeyAuth(s.publicKey),
		ssh.WrapConn(s.wrapConn),
		func(srv *ssh.Server) error { srv.ServerConfigCallback = s.serverConfig; return nil },
		wish.WithMiddleware(
			// The last runs first: log, limit the rate, then (recovering from
			// panics) check for a terminal, admit the console and run it.
			wishrecover.MiddlewareWithLogger(logger,
				bubbletea.MiddlewareWithProgramHandler(s.program, termenv.Ascii),
				s.admit,
				activeterm.Middleware(), // the backstop of needTerminal
				needTerminal,
			),
			ratelimiter.Middleware(ratelimiter.NewRateLimiter(rate.Limit(1), max(cfg.MaxSessions, 10), 1024)),
			logging.MiddlewareWithLogger(logger),
		),
	)
	if err != nil {
		return nil, fmt.Errorf("ssh server: %w", err)
	}
	return s, nil
}

// run serves on l until ctx ends, then shuts down gracefully: every console
// is told and closed, and its logout stored, before run returns.
func (s *sshServer) run(ctx context.Context, l net.Listener) error {
	served := make(chan error, 1)
	go func() { served <- s.srv.Serve(l) }()
	select {
	case err := <-served:
		return fmt.Errorf("ssh server: %w", err)
	case <-ctx.Done():
	}
	return s.shutdown(10 * time.Second)
}

// shutdown stops accepting, ends every console and waits for them (up to
// grace), then drops what connections remain.
func (s *sshServer) shutdown(grace time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
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
// refusal can tell the client why in one line, and explains a password or
// keyboard-interactive attempt.
func (s *sshServer) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	return &gossh.ServerConfig{
		MaxAuthTries:        maxAuthTries,
		PreAuthConnCallback: func(c gossh.ServerPreAuthConn) { ctx.SetValue(preAuthKey, c) },
		AuthLogCallback: func(_ gossh.ConnMetadata, method string, err error) {
			if err != nil && (method == "password" || method == "keyboard-interactive") {
				s.banner(ctx, "dutydesk: passwords are not accepted; log in with the SSH key your supervisor added to the roster.")
			}
		},
	}
}

// banner sends one line to the client before it is refused (once per connection).
func (s *sshServer) banner(ctx ssh.Context, line string) {
	c, ok := ctx.Value(preAuthKey).(gossh.ServerPreAuthConn)
	if !ok {
		return
	}
	ctx.SetValue(preAuthKey, nil)
	_ = c.SendAuthBanner(line + "\r\n")
}

// publicKey admits the keys of the people in the config; any other key is
// refused with one line and an access.refused event carrying its fingerprint.
//
// Only the key's fingerprint is logged or stored, never the key itself. A
// key too weak for current standards is refused even if it is on the roster,
// and an address that keeps failing is turned away for a while.
func (s *sshServer) publicKey(ctx ssh.Context, key ssh.PublicKey) bool {
	fp := gossh.FingerprintSHA256(key)
	remote := ctx.RemoteAddr().String()
	addr := host(ctx.RemoteAddr())
	if left, ok := s.guard.blocked(addr); ok {
		s.banner(ctx, fmt.Sprintf("dutydesk: too many failed logins from %s; try again in %s.", addr, left.Round(time.Minute)))
		return false
	}
	refuse := func(reason, banner string) bool {
		s.log.Warn("refused key", "user", loginName(ctx), "remote", remote, "key", fp, "reason", reason)
		if err := s.desk.RecordAccess(context.Background(), desk.EvAccessRefused, desk.SystemActor, loginName(ctx), fp, remote, reason); err != nil {
			s.log.Error("store refused access", "err", err)
		}
		if s.guard.fail(addr) {
			s.log.Warn("turning address away after repeated failed logins", "remote", addr, "for", failCooldown.String())
		}
		s.banner(ctx, banner)
		return false
	}
	if weak := weakKey(key); weak != "" {
		return refuse("key too weak: "+weak, fmt.Sprintf("dutydesk: key %s is refused: %s. Make an ed25519 key (ssh-keygen -t ed25519) and ask a supervisor to put it on the roster.", fp, weak))
	}
	id, ok := s.keys.person(key)
	if ok {
		ctx.SetValue(personKey, id)
		ctx.SetValue(fingerprintKey, fp)
		return true
	}
	return refuse("key not on the roster", fmt.Sprintf("dutydesk: key %s is not on %s's roster; ask a supervisor to add it to the config.", fp, s.desk.Team()))
}

// admit opens a console for the person the key belongs to, within the caps,
// and records their login, presence and logout around it.
func (s *sshServer) admit(next ssh.Handler) ssh.Handler {
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
		c.touch()
		if err := s.sessions.add(c); err != nil {
			s.record(desk.EvAccessRefused, c, err.Error())
			wish.Fatalln(sess, "dutydesk: "+err.Error())
			return
		}
		defer s.sessions.remove(c)
		leave := s.desk.Join(p.ID)
		s.record(desk.EvSessionOpened, c, "")
		go c.watchIdle(ctx, s.cfg.Idle())
		ctx.SetValue(consoleKey, c)

		next(sess)

		leave()
		if msg := c.farewell(s.cfg.Idle()); msg != "" {
			fmt.Fprint(sess, msg+"\r\n")
		}
		s.record(desk.EvSessionClosed, c, c.ended())
	}
}

// needTerminal tells a session without a PTY (ssh host command, or
// stdin not a terminal) what to do instead of starting a console that hangs.
func needTerminal(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if _, _, ok := sess.Pty(); !ok {
			wish.Fatalln(sess, "dutydesk: the desk is an interactive console and needs a terminal; connect with ssh -t and no command")
			return
		}
		next(sess)
	}
}

// record stores a session event; a store failure is logged, never fatal to the console.
func (s *sshServer) record(t desk.EventType, c *console, reason string) {
	actor := c.person
	if t == desk.EvAccessRefused {
		actor = desk.SystemActor
	}
	if err := s.desk.RecordAccess(context.Background(), t, actor, c.person, c.fingerprint, c.remote, reason); err != nil {
		s.log.Error("store session event", "type", t, "person", c.person, "err", err)
	}
}

// program makes the console of an admitted session: the person's own TUI
// model on the shared desk, drawn by a renderer for their terminal.
func (s *sshServer) program(sess ssh.Session) *tea.Program {
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
	p := tea.NewProgram(m, tea.WithInput(activityReader{r: sess, c: c}), tea.WithOutput(sess), tea.WithAltScreen())
	c.attach(p)
	return p
}

// alsoHere lists the others with a console open, for the header.
func (s *sshServer) alsoHere(me string) func() []string {
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
