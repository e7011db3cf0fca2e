package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/charmbracelet/log"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds/mastodon"
	"github.com/dutydesk/dutydesk/internal/app"
	"github.com/dutydesk/dutydesk/internal/config"
	"github.com/dutydesk/dutydesk/internal/sshd"
)

// serveFlags defines the serve command's flags.
func serveFlags(fs *flag.FlagSet) (configPath, listen, db *string, demoMode, plain *bool, at *string) {
	configPath = fs.String("config", config.DefaultPath(), "config `FILE`: the people, their SSH keys and the [serve] table")
	listen = fs.String("listen", "", "`HOST:PORT` to listen on (default serve.listen, 127.0.0.1:2222)")
	db = fs.String("db", "", "store `PATH` or postgres:// URL (default db in the config, or desk.db — demo.db with --demo — under the XDG data dir)")
	demoMode = fs.Bool("demo", false, "serve the embedded demo team and shift (no account); keys still come from the config")
	plain = fs.Bool("plain", false, "give every session the plain console for screen readers (one person: accessible = true on their [[people]] entry; anyone: ssh HOST plain, or TERM=dumb)")
	at = atFlag(fs)
	return configPath, listen, db, demoMode, plain, at
}

func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("serve", stderr)
	configPath, listen, db, demoMode, plain, at := serveFlags(fs)
	if code, ok := parseFlags("serve", fs, args, stdout, stderr); !ok {
		return code
	}
	fail := failTo(stderr)
	var moment desk.Moment
	if *at != "" {
		var ok bool
		if moment, ok = parseMomentFlag("serve", "at", *at, stderr); !ok {
			return 2
		}
	}
	cfg, err := config.Load(*configPath)
	if err != nil {
		return fail(err)
	}
	if *listen != "" {
		cfg.Serve.Listen = *listen
	}
	logger := log.NewWithOptions(stderr, log.Options{ReportTimestamp: true, Prefix: "dutydesk"})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	kr, err := app.Keyring(cfg)
	if err != nil {
		return fail(err)
	}
	if kr.Len() == 0 {
		fmt.Fprintf(stderr, "dutydesk: %s: nobody could log in: give each [[people]] entry keys = [\"ssh-ed25519 AAAA…\"] or authorized_keys = \"FILE\"\n", cfg.Path())
		return 1
	}
	var (
		d         *desk.Desk
		closeDesk func()
	)
	if *demoMode {
		if err := app.CheckDemoRoster(cfg); err != nil {
			return fail(err)
		}
	}
	switch {
	case *at != "" && *demoMode:
		d, closeDesk, err = app.DemoAt(ctx, cfg, config.Pick(*db, config.DefaultDBPath("demo.db")), moment)
	case *at != "":
		// Every console shows the desk as it was, read-only; no feed runs.
		d, closeDesk, err = app.OpenAt(ctx, cfg, cfg.DeskPath(*db), moment)
	case *demoMode:
		d, closeDesk, err = app.StartDemo(ctx, cfg, config.Pick(*db, config.DefaultDBPath("demo.db")), "", cfg.Demo.Speed, 0, 0)
	case cfg.HasMastodon():
		// The team's accounts post and stream; with a shared store each
		// account's stream runs on one elected host.
		d, closeDesk, err = app.RunTeam(ctx, cfg, cfg.DeskPath(*db), mastodon.Options{})
	default:
		d, closeDesk, err = app.Open(ctx, cfg.DeskPath(*db), cfg, cfg.DeskPeople(), nil)
		if err == nil {
			logger.Warn("no [mastodon] in the config: serving the stored desk without feeds (try --demo for the embedded shift)")
		}
	}
	if err != nil {
		return fail(err)
	}
	defer closeDesk()

	opts := app.SSHOptions(cfg.Serve, logger)
	opts.Plain = *plain || cfg.Accessible
	srv, err := sshd.New(d, kr, opts)
	if err != nil {
		return fail(err)
	}
	go app.NewRosterReloader(*configPath, *demoMode, d, srv, logger).Run(ctx, cfg)
	if err := srv.ListenAndServe(ctx); err != nil {
		return fail(err)
	}
	logger.Info("stopped; every console closed and its logout stored")
	return 0
}
