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

	"github.com/dutydesk/dutydesk/internal/app"
	"github.com/dutydesk/dutydesk/internal/config"
)

func runDemo(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", config.DefaultDBPath("demo.db"), "store `PATH` (kept between runs: restart to see the same desk), or a postgres:// URL")
	speed := fs.Float64("speed", 1, "replay speed: 1 = something every few seconds, 10 = ten times faster, 0 = all at once")
	as := fs.String("as", "morris", "who you are on the demo team (`ID`: morris and ellis supervise, khan is an officer)")
	configPath := fs.String("config", "", "optional config `FILE` (risk words, duty templates); the demo needs none")
	var surge surgeRate
	fs.Var(&surge, "surge", "also generate `RATE[/s]` inbound items per second of riot-night traffic, e.g. 2000/s")
	surgeFor := fs.Duration("for", 0, "stop the surge after this `DURATION` (0 = until you quit)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: dutydesk demo [--db PATH] [--speed N] [--as ID] [--surge RATE[/s] [--for 60s]]")
		fmt.Fprintln(stderr, "\nRuns the console on an embedded, scripted shift of a community response team:\nno account, no network. Quit with q; run again with the same --db to carry on.")
		fmt.Fprintln(stderr)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageExit(err)
	}
	cfg := config.Default()
	if *configPath != "" {
		var err error
		if cfg, err = config.Load(*configPath); err != nil {
			fmt.Fprintln(stderr, "dutydesk:", err)
			return 1
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	d, closeDesk, err := app.StartDemo(ctx, cfg, *db, *speed, float64(surge), *surgeFor)
	if err != nil {
		fmt.Fprintln(stderr, "dutydesk:", err)
		return 1
	}
	defer closeDesk()

	if err := runConsole(ctx, d, *as, stdin, stdout); err != nil {
		fmt.Fprintln(stderr, "dutydesk:", err)
		return 1
	}
	return 0
}

func usageExit(err error) int {
	if err == flag.ErrHelp {
		return 0
	}
	return 2
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
