package app

import (
	"context"
	"maps"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/charmbracelet/log"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/internal/config"
	"github.com/dutydesk/dutydesk/internal/sshd"
)

// RosterReloader reloads the people and their keys from the config on
// SIGHUP (systemctl reload) and when the config or an authorized_keys file
// changes. A config that does not load keeps the old roster, and the log
// says why. Only the roster is reloaded: [serve] and the rest take a restart.
type RosterReloader struct {
	path  string
	demo  bool // the demo's people are its own: only keys are reloaded
	desk  *desk.Desk
	srv   *sshd.Server
	log   *log.Logger
	every time.Duration
	hup   chan os.Signal
}

// fileStamp tells whether a file changed: its modification time and size.
type fileStamp struct {
	mod  time.Time
	size int64
}

// NewRosterReloader reloads the roster at path into d and srv (with demo,
// only the keys: the demo's people are its own). It starts catching SIGHUP
// at once, so that a reload sent early does not end the process.
func NewRosterReloader(path string, demo bool, d *desk.Desk, srv *sshd.Server, logger *log.Logger) *RosterReloader {
	r := &RosterReloader{path: path, demo: demo, desk: d, srv: srv, log: logger, every: 2 * time.Second, hup: make(chan os.Signal, 1)}
	signal.Notify(r.hup, syscall.SIGHUP)
	return r
}

// Run reloads until ctx ends; cfg is the config in force.
func (r *RosterReloader) Run(ctx context.Context, cfg config.Config) {
	defer signal.Stop(r.hup)
	seen := r.stamps(cfg)
	t := time.NewTicker(r.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.hup:
			cfg = r.reload(cfg, "SIGHUP")
		case <-t.C:
			if now := r.stamps(cfg); !maps.Equal(now, seen) {
				cfg = r.reload(cfg, "a roster file changed")
			}
		}
		seen = r.stamps(cfg)
	}
}

// stamps are the config's and every authorized_keys file's stamps.
func (r *RosterReloader) stamps(cfg config.Config) map[string]fileStamp {
	out := map[string]fileStamp{}
	paths := []string{r.path}
	for _, p := range cfg.People {
		if p.AuthorizedKeys != "" {
			paths = append(paths, cfg.Resolve(p.AuthorizedKeys))
		}
	}
	for _, p := range paths {
		if info, err := os.Stat(p); err == nil {
			out[p] = fileStamp{info.ModTime(), info.Size()}
		} else {
			out[p] = fileStamp{}
		}
	}
	return out
}

// reload puts the config's roster in force and returns the config now in
// force: the new one, or old if the new one is refused.
func (r *RosterReloader) reload(old config.Config, why string) config.Config {
	keep := func(err error) config.Config {
		r.log.Error("roster reload failed; keeping the old roster", "trigger", why, "err", err)
		return old
	}
	cfg, err := config.Load(r.path)
	if err != nil {
		return keep(err)
	}
	kr, err := Keyring(cfg)
	if err != nil {
		return keep(err)
	}
	if r.demo {
		if err := CheckDemoRoster(cfg); err != nil {
			return keep(err)
		}
	} else if err := r.desk.SetRoster(cfg.DeskPeople()); err != nil {
		return keep(err)
	} else if err := r.desk.RecordRoster(context.Background(), cfg.DeskPeople()); err != nil {
		// In force, but readers of the store name people as before.
		r.log.Error("roster reloaded but not stored", "err", err)
	}
	r.srv.SetKeyring(kr)
	r.log.Info("roster reloaded", "trigger", why, "people", len(cfg.People), "keys", kr.Len())
	return cfg
}
