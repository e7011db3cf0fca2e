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
	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/feeds/demo"
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

	d, closeDesk, err := startDemo(ctx, cfg, *db, *speed, float64(surge), *surgeFor)
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

// startDemo opens the desk in dbPath on the embedded demo team and starts
// replaying the scripted shift into it (plus surge traffic at surge items a
// second, for surgeFor), until ctx ends. Call the returned func to close the
// store once ctx has ended.
func startDemo(ctx context.Context, cfg config.Config, dbPath string, speed, surge float64, surgeFor time.Duration) (*desk.Desk, func(), error) {
	teamName, people := demo.Team()
	cfg.Team = teamName
	events := make(chan feeds.Event, 1024)
	d, closeDesk, err := openDesk(ctx, dbPath, cfg, demoPeople(people), demo.NewPoster(func(ev feeds.Event) {
		select {
		case events <- ev:
		case <-ctx.Done():
		}
	}))
	if err != nil {
		return nil, nil, err
	}
	steps := remainingSteps(d, demo.Shift(time.Now()))
	sources := []feeds.Source{demo.NewSource(steps, speed, func(st demo.Step) { actOut(ctx, d, st) })}
	if surge > 0 {
		sources = append(sources, demo.NewSurge(surge, surgeFor, time.Now().UnixNano()))
	}
	go func() {
		for ev := range feeds.Merge(ctx, sources...) {
			select {
			case events <- ev:
			case <-ctx.Done():
				return
			}
		}
	}()
	go pump(ctx, d, events)
	return d, closeDesk, nil
}

func usageExit(err error) int {
	if err == flag.ErrHelp {
		return 0
	}
	return 2
}

func demoPeople(people []demo.Person) []desk.Person {
	out := make([]desk.Person, 0, len(people))
	for _, p := range people {
		out = append(out, desk.Person{ID: p.ID, Name: p.Name, Role: desk.Role(p.Role), OnShift: p.OnShift})
	}
	return out
}

// remainingSteps drops the part of the script a previous run with the same
// store already played, so that a restart carries on rather than repeating
// drafts and duty changes. The rest is moved forward to start now.
func remainingSteps(d *desk.Desk, steps []demo.Step) []demo.Step {
	last := -1
	for i, st := range steps {
		if st.Event != nil && st.Event.Type == feeds.EventUpsert && d.Known(st.Event.Item.ID) {
			last = i
		}
	}
	if last < 0 {
		return steps
	}
	offset := steps[last].At
	var rest []demo.Step
	for _, st := range steps[last+1:] {
		st.At -= offset
		rest = append(rest, st)
	}
	return rest
}

// actOut makes the scripted team's own moves (drafts, duty changes) through
// the desk, as those people would from their consoles.
func actOut(ctx context.Context, d *desk.Desk, st demo.Step) {
	switch {
	case st.Duty != nil:
		// A run stopped before its first arrival has made this change already.
		if now := d.Duty(); !now.At.IsZero() && now.On == st.Duty.On && now.Until == st.Duty.Until {
			return
		}
		if _, err := d.SetDuty(ctx, st.Duty.Actor, st.Duty.On, st.Duty.Until); err != nil {
			d.SetHealth("demo", "duty change failed: "+err.Error())
		}
	case st.Draft != nil:
		in := desk.DraftInput{Kind: desk.DraftUpdate, Text: st.Draft.Text}
		if st.Draft.ReplyTo != "" {
			in = desk.DraftInput{Kind: desk.DraftReply, ReplyTo: st.Draft.ReplyTo, Text: st.Draft.Text}
			// The item may still be on its way through the pump.
			for i := 0; i < 50 && !d.Known(st.Draft.ReplyTo); i++ {
				time.Sleep(20 * time.Millisecond)
			}
			if q, ok := d.Question(st.Draft.ReplyTo); ok && q.Assignee != st.Draft.Author {
				if p, _ := d.Person(st.Draft.Author); p.Role == desk.RoleOfficer {
					_ = d.Assign(ctx, supervisorOf(d), q.ID, st.Draft.Author)
				}
			}
		}
		if _, err := d.CreateDraft(ctx, st.Draft.Author, in); err != nil {
			d.SetHealth("demo", "scripted draft failed: "+err.Error())
		}
	}
}

func supervisorOf(d *desk.Desk) string {
	for _, p := range d.People() {
		if p.Role == desk.RoleSupervisor && p.OnShift {
			return p.ID
		}
	}
	return ""
}

// openDesk opens the store and the desk with the checks, templates and SLA
// targets of cfg; poster sends what the desk posts (nil: nothing is posted).
func openDesk(ctx context.Context, dbPath string, cfg config.Config, people []desk.Person, poster feeds.Poster) (*desk.Desk, func(), error) {
	opts := deskOptions(cfg, people, poster)
	if err := checkedOptions(&opts, cfg); err != nil {
		return nil, nil, err
	}
	d, closeStore, err := openDeskWith(ctx, dbPath, opts)
	if err != nil {
		return nil, nil, err
	}
	// With a shared store, changes other hosts make reach this desk's consoles.
	go d.Follow(ctx)
	// ...and a post abandoned by a host that died mid-post is taken over.
	go d.KeepPosting(ctx)
	if err := d.ResumePosting(ctx); err != nil {
		d.SetHealth("posting", err.Error())
	}
	return d, closeStore, nil
}

// checkedOptions adds the risk checks to opts and refuses templates the
// checks would block, as every start that may post does.
func checkedOptions(opts *desk.Options, cfg config.Config) error {
	if err := addChecks(opts, cfg); err != nil {
		return err
	}
	return cfg.CheckTemplates(opts.Check)
}

// openDeskWith opens the store at db and the desk on it.
func openDeskWith(ctx context.Context, db string, opts desk.Options) (*desk.Desk, func(), error) {
	st, err := openStore(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	d, err := desk.Open(ctx, st, opts)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return d, func() { st.Close() }, nil
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

// deskOptions are the desk's options for cfg, without the checks.
func deskOptions(cfg config.Config, people []desk.Person, poster feeds.Poster) desk.Options {
	opts := desk.Options{
		Team:                cfg.Team,
		People:              people,
		Poster:              poster,
		Broadcast:           cfg.Render,
		AutoReply:           cfg.RenderAutoReply,
		AutoReplyPerMinute:  cfg.Duty.AutoReplyPerMinute,
		AcknowledgeWithin:   cfg.AckWithin(),
		AnswerWithin:        cfg.AnswerWithin(),
		BroadcastVisibility: feeds.VisibilityPublic,
	}
	if cfg.HasMastodon() && cfg.Mastodon.Visibility != "" {
		opts.BroadcastVisibility = feeds.Visibility(cfg.Mastodon.Visibility)
	}
	if a, ok := poster.(interface{ TeamAccount() string }); ok {
		opts.BroadcastAccount = a.TeamAccount()
	}
	return opts
}
