package desk

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// Claims are leases: a claim belongs to a live console (or, once saved, to
// the draft — answerer.go). A claim records the desk process whose console
// made it (host, process ID and this desk's random ID); a console that ends
// releases its claim, and a start releases every claim whose process is
// gone — killed, crashed, or the machine restarted — as an event, so a
// question never stays "being answered" by nobody at a keyboard.

// console names this desk process in the claims its consoles make.
func (d *Desk) console() string {
	return d.opts.Host + "/" + strconv.Itoa(os.Getpid()) + "/" + d.claimID
}

// consoleGone reports whether the process that made a claim has ended, as
// far as this host can tell. With a shared store a claim from another host
// is left to that host (its own start releases it), or to a supervisor's T.
func (d *Desk) consoleGone(console string) bool {
	if console == "" {
		// Made before claims named their console: nobody can still hold it
		// unless another host shares the store.
		return !d.shared()
	}
	parts := strings.SplitN(console, "/", 3)
	if len(parts) != 3 {
		return !d.shared()
	}
	host, pidText, process := parts[0], parts[1], parts[2]
	if process == d.claimID {
		return false // this very process
	}
	if host != d.opts.Host {
		return !d.shared()
	}
	pid, err := strconv.Atoi(pidText)
	if err != nil || pid <= 0 || pid == os.Getpid() {
		return true // not a process that can be running, or ours under another desk
	}
	return !processAlive(pid)
}

// processAlive reports whether a process with that ID runs on this host.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// ReleaseAbandonedClaims releases, as system events, the claims whose
// console is gone (see consoleGone), saying so in each event. Call it at
// start, before consoles open.
func (d *Desk) ReleaseAbandonedClaims(ctx context.Context) (released int, err error) {
	if err := d.lock(ctx); err != nil {
		return 0, err
	}
	defer d.unlock()
	var evs []Event
	for _, q := range d.questions {
		if q.ClaimedBy == "" || !d.consoleGone(q.ClaimConsole) {
			continue
		}
		ev, err := d.event(EvReleased, SystemActor, questionPayload{Question: q.ID, Previous: q.ClaimedBy,
			Reason: "the console that held it is gone"})
		if err != nil {
			return 0, err
		}
		evs = append(evs, ev)
	}
	if len(evs) == 0 {
		return 0, nil
	}
	if err := d.commit(ctx, evs...); err != nil {
		return 0, fmt.Errorf("release %d claims of consoles that are gone: %w", len(evs), err)
	}
	return len(evs), nil
}
