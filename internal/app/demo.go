package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/feeds/demo"
	"github.com/dutydesk/dutydesk/internal/config"
)

// StartDemo opens the desk in dbPath on the embedded demo team and starts
// replaying the scripted shift into it (plus surge traffic at surge items a
// second, for surgeFor), until ctx ends. Call the returned func to close the
// store once ctx has ended.
//
// viewer is the person at the console ("" when many are, over SSH): the
// script's own moves are made by the team's other people, never in the
// viewer's name.
func StartDemo(ctx context.Context, cfg config.Config, dbPath, viewer string, speed, surge float64, surgeFor time.Duration) (*desk.Desk, func(), error) {
	teamName, people := demo.Team()
	cfg.Team = teamName
	events := make(chan feeds.Event, 1024)
	d, closeDesk, err := Open(ctx, dbPath, cfg, demoPeople(people), demo.NewPoster(func(ev feeds.Event) {
		select {
		case events <- ev:
		case <-ctx.Done():
		}
	}))
	if err != nil {
		return nil, nil, err
	}
	steps := remainingSteps(d, demo.Shift(time.Now()))
	sources := []feeds.Source{demo.NewSource(steps, speed, func(st demo.Step) { actOut(ctx, d, st, viewer) })}
	if surge > 0 {
		sources = append(sources, demo.NewSurge(surge, surgeFor, time.Now().UnixNano()))
	}
	if speed > 0 {
		// After the script, a gentle trickle, so that whoever is still
		// trying the console always has something to triage.
		sources = append(sources, afterScript(ScriptLength(steps, speed), demo.NewSurge(TrickleRate, 0, time.Now().UnixNano())))
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
	go d.Pump(ctx, events)
	return d, closeDesk, nil
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
// the desk, as those people would from their consoles; a move the script
// gives the viewer is made by another supervisor, so that the console never
// shows the viewer doing what they did not do.
func actOut(ctx context.Context, d *desk.Desk, st demo.Step, viewer string) {
	switch {
	case st.Duty != nil:
		actor := st.Duty.Actor
		if actor == viewer {
			actor = supervisorOf(d, viewer)
		}
		// A run stopped before its first arrival has made this change already.
		if now := d.Duty(); !now.At.IsZero() && now.On == st.Duty.On && now.Until == st.Duty.Until {
			return
		}
		if _, err := d.SetDuty(ctx, actor, st.Duty.On, st.Duty.Until); err != nil {
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
					_ = d.Assign(ctx, supervisorOf(d, viewer), q.ID, st.Draft.Author)
				}
			}
		}
		author := st.Draft.Author
		if author == viewer {
			author = supervisorOf(d, viewer)
		}
		if _, err := d.CreateDraft(ctx, author, in); err != nil {
			d.SetHealth("demo", "scripted draft failed: "+err.Error())
		}
	}
}

// supervisorOf is a supervisor on shift other than the viewer.
func supervisorOf(d *desk.Desk, viewer string) string {
	for _, p := range d.People() {
		if p.Role == desk.RoleSupervisor && p.OnShift && p.ID != viewer {
			return p.ID
		}
	}
	return ""
}

// CheckDemoRoster checks, for --demo, that everyone given keys
// in the config is on the embedded demo team.
func CheckDemoRoster(cfg config.Config) error {
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

// TrickleRate is the demo's traffic after its script: one item every 30
// seconds on average.
const TrickleRate = 1.0 / 30

// ScriptLength is how long the scripted shift takes to play at speed.
func ScriptLength(steps []demo.Step, speed float64) time.Duration {
	if len(steps) == 0 || speed <= 0 {
		return 0
	}
	return time.Duration(float64(steps[len(steps)-1].At) / speed)
}

// afterScript runs src once wait has passed.
func afterScript(wait time.Duration, src feeds.Source) feeds.Source {
	return &delayed{wait: wait, src: src}
}

type delayed struct {
	wait time.Duration
	src  feeds.Source
}

func (s *delayed) Name() string { return s.src.Name() }

func (s *delayed) Run(ctx context.Context, out chan<- feeds.Event) error {
	t := time.NewTimer(s.wait)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
	}
	return s.src.Run(ctx, out)
}
