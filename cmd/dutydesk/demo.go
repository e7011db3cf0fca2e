package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/internal/app"
	"github.com/dutydesk/dutydesk/internal/config"
)

// demoOpts are the demo command's flags.
type demoOpts struct {
	db, as, configPath *string
	at                 *string
	plain              *bool
	speed              *float64
	surge              surgeRate
	surgeFor           *time.Duration
}

func demoFlags(fs *flag.FlagSet) *demoOpts {
	o := &demoOpts{}
	o.db = fs.String("db", config.DefaultDBPath("demo.db"), "store `PATH` (kept between runs: restart to see the same desk), or a postgres:// URL")
	o.speed = fs.Float64("speed", 1, "replay speed: 1 = something every few seconds, 10 = ten times faster, 0 = all at once")
	o.as = fs.String("as", "morris", "who you are on the demo team (`ID`: morris and ellis supervise, khan is an officer)")
	o.configPath = fs.String("config", "", "optional config `FILE` (risk words, duty templates); the demo needs none")
	fs.Var(&o.surge, "surge", "also generate `RATE[/s]` inbound items per second of riot-night traffic, e.g. 2000/s")
	o.surgeFor = fs.Duration("for", 0, "stop the surge after this `DURATION` (0 = until you quit)")
	o.at = atFlag(fs)
	o.plain = fs.Bool("plain", false, "the plain console for screen readers: a line per thing as it happens, every state in words, commands typed at a prompt (help lists them)")
	return o
}

func runDemo(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("demo", stderr)
	o := demoFlags(fs)
	if code, ok := parseFlags("demo", fs, args, stdout, stderr); !ok {
		return code
	}
	fail := failTo(stderr)
	db, speed, as, configPath, surge, surgeFor := o.db, o.speed, o.as, o.configPath, o.surge, o.surgeFor
	cfg := config.Default()
	if *configPath != "" {
		var err error
		if cfg, err = config.Load(*configPath); err != nil {
			return fail(err)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var (
		d         *desk.Desk
		closeDesk func()
		err       error
	)
	if *o.at != "" {
		m, ok := parseMomentFlag("demo", "at", *o.at, stderr)
		if !ok {
			return 2
		}
		// The desk as it was: the script does not play, nothing is stored.
		d, closeDesk, err = app.DemoAt(ctx, cfg, *db, m)
	} else {
		d, closeDesk, err = app.StartDemo(ctx, cfg, *db, *as, *speed, float64(surge), *surgeFor)
	}
	if err != nil {
		return fail(err)
	}
	defer closeDesk()

	run := app.RunConsole
	if *o.plain || cfg.Plain(*as) {
		run = app.RunPlainConsole
	}
	if err := run(ctx, d, *as, stdin, stdout); err != nil {
		return fail(err)
	}
	return 0
}

// surgeRate is the --surge flag: items per second, written "2000" or "2000/s".
type surgeRate float64

func (r *surgeRate) String() string { return strconv.FormatFloat(float64(*r), 'f', -1, 64) }

func (r *surgeRate) Set(s string) error {
	v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "/s"), 64)
	if err != nil || v < 0 {
		return fmt.Errorf("--surge wants items per second, e.g. 2000 or 2000/s, not %q", s)
	}
	*r = surgeRate(v)
	return nil
}
