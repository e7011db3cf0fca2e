package desk

import (
	"context"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestAClaimOutlivesNoConsole is the claim that survived a crash: a console
// claims a question and its process is killed. The next start releases the
// claim, as an event saying why; a claim whose console process still runs
// is left alone.
func TestAClaimOutlivesNoConsole(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	d := openDesk(t, path, Options{Host: "laptop"})
	ingest(t, d, mention("q1", "@amy", "Is the A595 open?"), mention("q2", "@bob", "Is the A66 open?"))
	q1, q2 := questionByText(t, d, "A595"), questionByText(t, d, "A66")

	// A console in another process on this host, still running, holds q2;
	// one whose process was killed held q1.
	alive := exec.Command("sleep", "30")
	if err := alive.Start(); err != nil {
		t.Skipf("cannot start a process to hold a claim: %v", err)
	}
	t.Cleanup(func() { alive.Process.Kill(); alive.Wait() })
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Skipf("cannot run a process: %v", err)
	}
	d.mu.Lock()
	err := d.commitClaims(ctx,
		claimBy("morris", q1.ID, "laptop/"+strconv.Itoa(dead.Process.Pid)+"/gone"),
		claimBy("ellis", q2.ID, "laptop/"+strconv.Itoa(alive.Process.Pid)+"/running"))
	d.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}

	again := openDesk(t, path, Options{Host: "laptop"})
	before := again.LastSeq()
	n, err := again.ReleaseAbandonedClaims(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if q, _ := again.Question(q1.ID); q.ClaimedBy != "" || n != 1 {
		t.Errorf("the killed console's claim: held by %q after %d releases, want released", q.ClaimedBy, n)
	}
	if q, _ := again.Question(q2.ID); q.ClaimedBy != "ellis" {
		t.Errorf("the running console's claim was released (held by %q)", q.ClaimedBy)
	}
	evs, err := again.Events(before)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].Type != EvReleased || evs[0].Actor != SystemActor {
		t.Fatalf("release events: %+v", evs)
	}
	p, _ := decode[questionPayload](evs[0])
	if p.Previous != "morris" || p.Reason == "" {
		t.Errorf("the release does not say whose claim it was and why: %+v", p)
	}
	// Nothing more to release.
	if n, err := again.ReleaseAbandonedClaims(ctx); n != 0 || err != nil {
		t.Errorf("second start released %d more (%v)", n, err)
	}
}

type claimEvent struct{ actor, question, console string }

func claimBy(actor, question, console string) claimEvent {
	return claimEvent{actor, question, console}
}

// commitClaims stores claims as consoles elsewhere made them. The caller
// holds d.mu.
func (d *Desk) commitClaims(ctx context.Context, cs ...claimEvent) error {
	var evs []Event
	for _, c := range cs {
		ev, err := d.event(EvClaimed, c.actor, questionPayload{Question: c.question, Console: c.console})
		if err != nil {
			return err
		}
		evs = append(evs, ev)
	}
	return d.commit(ctx, evs...)
}

func questionByText(t *testing.T, d *Desk, text string) Question {
	t.Helper()
	for _, q := range d.Questions() {
		if strings.Contains(q.Item.Text, text) {
			return q
		}
	}
	t.Fatalf("no question with %q", text)
	return Question{}
}
