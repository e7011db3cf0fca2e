package main

import (
	"context"
	"flag"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds/mastodon"
	"github.com/dutydesk/dutydesk/internal/app"
	"github.com/dutydesk/dutydesk/internal/config"
)

// runEnv is what `dutydesk run` talks to: the terminal, and for tests the
// Mastodon client's waits and a look at the desk once it is running.
type runEnv struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// mastodon tunes the client (tests shorten backoffs); zero for real use.
	mastodon mastodon.Options
	// ready, if set, is called once the desk is open and the feed running,
	// before the console starts.
	ready func(*desk.Desk)
}

// runRun implements `dutydesk run [--config FILE] [--db PATH] [--as ID]`.
func runRun(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runWith(ctx, args, runEnv{stdin: stdin, stdout: stdout, stderr: stderr})
}

// runFlags defines the run command's flags.
func runFlags(fs *flag.FlagSet) (configPath, dbPath, as *string, plain *bool, at *string) {
	configPath = fs.String("config", config.DefaultPath(), "config `FILE` (see config.example.toml)")
	dbPath = fs.String("db", "", dbUsage)
	as = fs.String("as", "", "who you are: a person `ID` from [[people]] (default: the first supervisor)")
	plain = fs.Bool("plain", false, "the plain console for screen readers: a line per thing as it happens, every state in words, commands typed at a prompt (help lists them)"+"; accessible = true in the config does the same")
	at = atFlag(fs)
	return configPath, dbPath, as, plain, at
}

// runWith is `dutydesk run`: it loads the config, checks every account's
// token with the server, opens the desk with the accounts as its poster,
// feeds it from their streams and runs the console until the person quits.
// It returns the exit code.
func runWith(ctx context.Context, args []string, env runEnv) int {
	stderr := env.stderr
	flags := newFlags("run", stderr)
	configPath, dbPath, as, plain, at := runFlags(flags)
	if code, ok := parseFlagsOnly("run", flags, args, env.stdout, stderr); !ok {
		return code
	}
	fail := failTo(stderr)

	cfg, err := config.LoadTeam(*configPath, ", or try `dutydesk demo`")
	if err != nil {
		return fail(err)
	}
	me, err := cfg.ConsolePerson(*as)
	if err != nil {
		return fail(err)
	}
	var (
		d         *desk.Desk
		closeDesk func()
	)
	if *at != "" {
		m, ok := parseMomentFlag("run", "at", *at, stderr)
		if !ok {
			return 2
		}
		// The desk as it was: no account is checked, no feed runs.
		d, closeDesk, err = app.OpenAt(ctx, cfg, cfg.DeskPath(*dbPath), m)
	} else {
		d, closeDesk, err = app.RunTeam(ctx, cfg, cfg.DeskPath(*dbPath), env.mastodon)
	}
	if err != nil {
		return fail(err)
	}
	defer closeDesk()

	if env.ready != nil {
		env.ready(d)
	}
	run := app.RunConsole
	if *plain || cfg.Plain(me) {
		run = app.RunPlainConsole
	}
	if err := run(ctx, d, me, env.stdin, env.stdout); err != nil {
		return fail(err)
	}
	return 0
}
