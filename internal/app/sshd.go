package app

import (
	"github.com/charmbracelet/log"

	"github.com/dutydesk/dutydesk/internal/config"
	"github.com/dutydesk/dutydesk/internal/sshd"
)

// Keyring reads the keys of everyone in the config; a problem is
// reported at its line in the config file.
func Keyring(cfg config.Config) (*sshd.Keyring, error) {
	people := make([]sshd.Person, 0, len(cfg.People))
	for _, p := range cfg.People {
		people = append(people, sshd.Person{ID: p.ID, Keys: p.Keys, AuthorizedKeys: cfg.Resolve(p.AuthorizedKeys), Plain: p.Accessible})
	}
	kr, err := sshd.LoadKeyring(people)
	return kr, cfg.Locate(err)
}

// SSHOptions are the SSH server's options from the [serve] table.
// The config was validated, so its values parse.
func SSHOptions(s config.ServeConfig, logger *log.Logger) sshd.Options {
	grace := s.LoginGrace()
	if grace == 0 {
		grace = -1 // no limit; 0 is the Options' default
	}
	startups, _ := sshd.ParseStartups(s.MaxStartups)
	window, lockout := s.Lockout()
	return sshd.Options{
		Listen:               s.Listen,
		HostKey:              s.HostKey,
		Idle:                 s.Idle(),
		MaxSessions:          s.MaxSessions,
		MaxSessionsPerPerson: s.MaxSessionsPerPerson,
		LoginGrace:           grace,
		MaxStartups:          startups,
		ConnRatePerAddr:      s.ConnectionRatePerAddress,
		ConnRate:             s.ConnectionRate,
		SessionRate:          s.SessionRatePerAddress,
		LockoutFailures:      s.LockoutFailures,
		LockoutWindow:        window,
		LockoutDuration:      lockout,
		Logger:               logger,
	}
}
