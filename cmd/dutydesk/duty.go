package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/dutydesk/dutydesk/desk"
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

// dutyFlags defines the duty command's flags.
func dutyFlags(fs *flag.FlagSet) (until *string, dryRun *bool, configPath, dbPath, as, team *string) {
	until = fs.String("until", "", "on duty until `TIME` of day, as announced: HH:MM on the 24-hour clock (e.g. 22:00)")
	dryRun = fs.Bool("dry-run", false, "print what would be posted and to which account; post nothing, change nothing")
	configPath = fs.String("config", config.DefaultPath(), "config `FILE` (see config.example.toml)")
	dbPath = fs.String("db", "", "store `PATH` or postgres:// URL (default: db in the config, else "+config.DefaultDBPath("desk.db")+")")
	as = fs.String("as", "", "who changes duty: a supervisor's `ID` from [[people]] (default: the team's first supervisor)")
	team = fs.String("team", "", "the team whose duty changes: its `ID` from [[teams]] (default: the first team)")
	return until, dryRun, configPath, dbPath, as, team
}

// dutyWith is `dutydesk duty on|off`: the `d` key from a shell or cron. It
// posts the broadcast through the same desk command and the same accounts
// as the console, prints the text, the account and the status URL, and
// returns the exit code.
func dutyWith(ctx context.Context, args []string, env dutyEnv) int {
	stdout, stderr := env.stdout, env.stderr
	flags := newFlags("duty", stderr)
	until, dryRun, configPath, dbPath, as, teamID := dutyFlags(flags)
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
	on := word == "on"
	if !on && *until != "" {
		fmt.Fprintln(stderr, "dutydesk duty: --until is for going on duty; the off-duty text says when the team is back ([duty] next_on)")
		return 2
	}
	var err error
	if *until, err = desk.ParseUntil(*until); err != nil {
		fmt.Fprintf(stderr, "dutydesk duty: --until %v\n", err)
		return 2
	}
	fail := failTo(stderr)
	cfg, err := config.LoadTeam(*configPath, "")
	if err != nil {
		return fail(err)
	}
	team, err := cfg.TeamByID(*teamID)
	if err != nil {
		return fail(err)
	}
	me, err := cfg.TeamSupervisor(team.ID, *as)
	if err != nil {
		return fail(err)
	}

	var d *desk.Desk
	var closeDesk func()
	if *dryRun {
		d, closeDesk, err = app.OpenToLook(ctx, cfg, cfg.DeskPath(*dbPath), env.mastodon)
	} else {
		_, d, closeDesk, err = app.OpenTeam(ctx, cfg, cfg.DeskPath(*dbPath), env.mastodon)
	}
	if err != nil {
		return fail(err)
	}
	defer closeDesk()

	if *teamID != "" {
		fmt.Fprintf(stdout, "team: %s (%s)\n", team.Name, team.ID)
	}
	pv := d.PreviewTeamDuty(deskTeam(cfg, team), on, *until)
	word = "OFF"
	if on {
		word = "ON"
	}
	fmt.Fprintf(stdout, "team %s duty", word)
	if *until != "" {
		fmt.Fprintf(stdout, " until %s", *until)
	}
	fmt.Fprintln(stdout)
	fmt.Fprintf(stdout, "account: %s\nvisibility: %s\ntext: %s\n", pv.Account, pv.Visibility, pv.Text)
	for _, f := range pv.Findings {
		fmt.Fprintf(stdout, "risk %s %s: %s\n", f.Severity, f.Kind, f.Reason)
	}
	if *dryRun {
		if pv.Blocked() {
			fmt.Fprintln(stdout, "dry run: the risk check would refuse this broadcast; nothing posted, duty unchanged")
			return 1
		}
		fmt.Fprintln(stdout, "dry run: nothing posted, duty unchanged")
		return 0
	}
	id, err := d.SetTeamDuty(ctx, me, deskTeam(cfg, team), on, *until)
	if err != nil {
		return fail(err)
	}
	dr, _ := d.Draft(id)
	fmt.Fprintf(stdout, "posted: %s\n", dr.URL)
	return 0
}

// deskTeam is the desk's ID for a config team: "" (the desk's one team) when
// the config has no [[teams]].
func deskTeam(cfg config.Config, t config.Team) string {
	if len(cfg.TeamList) == 0 {
		return ""
	}
	return t.ID
}
