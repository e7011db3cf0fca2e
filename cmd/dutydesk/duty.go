package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/dutydesk/dutydesk/feeds/mastodon"
	"github.com/dutydesk/dutydesk/internal/app"
	"github.com/dutydesk/dutydesk/internal/config"
)

// dutyEnv is what `dutydesk duty` talks to; tests shorten the client's waits.
type dutyEnv struct {
	stdout, stderr io.Writer
	mastodon       mastodon.Options
}

func runDuty(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return dutyWith(ctx, args, dutyEnv{stdout: stdout, stderr: stderr})
}

// dutyFlags defines the duty command's flags into r.
func dutyFlags(fs *flag.FlagSet) *app.DutyRequest {
	r := &app.DutyRequest{}
	fs.StringVar(&r.Until, "until", "", "on duty until `TIME` of day, as announced: HH:MM on the 24-hour clock (e.g. 22:00)")
	fs.BoolVar(&r.DryRun, "dry-run", false, "print what would be posted and to which account; post nothing, change nothing")
	fs.StringVar(&r.Config, "config", config.DefaultPath(), "config `FILE` (see config.example.toml)")
	fs.StringVar(&r.DB, "db", "", dbUsage)
	fs.StringVar(&r.As, "as", "", "who changes duty: a supervisor's `ID` from [[people]] (default: the team's first supervisor)")
	fs.StringVar(&r.Team, "team", "", "the team whose duty changes: its `ID` from [[teams]] (default: the first team)")
	return r
}

// dutyWith is `dutydesk duty on|off`: it prints the broadcast's text, the
// account and the status URL, and returns the exit code.
func dutyWith(ctx context.Context, args []string, env dutyEnv) int {
	stdout, stderr := env.stdout, env.stderr
	flags := newFlags("duty", stderr)
	r := dutyFlags(flags)
	// on|off may come before or after the flags.
	if code, ok := parseFlags("duty", flags, args, stdout, stderr); !ok {
		return code
	}
	rest := flags.Args()
	if len(rest) == 0 {
		commands().WriteHelp(stderr, "duty", flags)
		return 2
	}
	word := rest[0]
	if code, ok := parseFlags("duty", flags, rest[1:], stdout, stderr); !ok {
		return code
	}
	if flags.NArg() > 0 || (word != "on" && word != "off") {
		fmt.Fprintf(stderr, "dutydesk duty: say on or off (got %q); see dutydesk duty --help\n", word)
		return 2
	}
	r.On = word == "on"
	return exitCode("duty", app.ChangeDuty(ctx, *r, env.mastodon, stdout), stderr)
}

// exitCode is the exit status for what a command returned: 0, 2 for a usage
// error (printed with the command's name), 1 for a dry run the risk check
// would refuse (said on stdout already) or any other failure (printed).
func exitCode(cmd string, err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return 0
	case errors.As(err, new(app.UsageError)):
		fmt.Fprintf(stderr, "dutydesk %s: %v\n", cmd, err)
		return 2
	case errors.Is(err, app.ErrDryRunRefused):
		return 1
	}
	return failTo(stderr)(err)
}
