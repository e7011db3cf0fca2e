package config

import (
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/internal/fielderr"
	"github.com/dutydesk/dutydesk/internal/sshd"
)

var personID = regexp.MustCompile(`^[a-z][a-z0-9_.-]{0,31}$`)

// Validate reports the first problem with the config (every problem of the
// [mastodon] table), each at its line of the file.
func (c Config) Validate() error {
	if strings.TrimSpace(c.Team) == "" {
		return c.ErrorAt("team", "team must name the team, e.g. team = \"Team 3 · Carlisle North\"")
	}
	seen := map[string]bool{}
	supervisors := 0
	for i, p := range c.People {
		at := fmt.Sprintf("people[%d]", i)
		p.Role = p.personRole()
		switch {
		case !personID.MatchString(p.ID):
			return c.ErrorAt(at+".id", fmt.Sprintf("people[%d].id %q must be a short login name: lower-case letters, digits, . _ -", i, p.ID))
		case seen[p.ID]:
			return c.ErrorAt(at+".id", fmt.Sprintf("people[%d].id %q is used twice", i, p.ID))
		case p.Role != string(desk.RoleSupervisor) && p.Role != string(desk.RoleOfficer):
			return c.ErrorAt(at+".role", fmt.Sprintf("people[%d].role must be \"supervisor\" or \"officer\", not %q", i, p.Role))
		}
		seen[p.ID] = true
		if p.Role == string(desk.RoleSupervisor) {
			supervisors++
		}
	}
	if len(c.People) > 0 && supervisors == 0 {
		return c.ErrorAt("people", "at least one person needs role = \"supervisor\" to assign questions and change duty")
	}
	if c.SLA.AcknowledgeMinutes <= 0 {
		return c.ErrorAt("sla.acknowledge_minutes", "sla.acknowledge_minutes must be > 0")
	}
	if c.SLA.AnswerHours <= 0 {
		return c.ErrorAt("sla.answer_hours", "sla.answer_hours must be > 0")
	}
	if c.SLA.ReopenHours <= 0 {
		return c.ErrorAt("sla.reopen_hours", "sla.reopen_hours must be > 0 (how long a direct message may reopen an answered one)")
	}
	if c.Archive.AfterDays < 0 {
		return c.ErrorAt("archive.after_days", "archive.after_days must be ≥ 0 (days a closed question stays in memory; 0 keeps every one)")
	}
	if err := c.validateDuty(); err != nil {
		return err
	}
	if err := c.validateTeams(); err != nil {
		return err
	}
	if err := c.validateReplies(); err != nil {
		return err
	}
	if err := c.Risk.Validate(); err != nil {
		return c.Locate(err)
	}
	if c.Demo.Speed < 0 {
		return c.ErrorAt("demo.speed", "demo.speed must be ≥ 0 (0 = as fast as possible)")
	}
	if c.hasMastodon {
		if err := c.Locate(c.Mastodon.Validate()); err != nil {
			return err
		}
	}
	for i, p := range c.People {
		if p.Account == "" {
			continue
		}
		known := false
		for _, a := range c.Mastodon.Accounts {
			known = known || a.Name == p.Account
		}
		if !known {
			return c.ErrorAt(fmt.Sprintf("people[%d].account", i), fmt.Sprintf("people[%d].account %q is not one of the [[mastodon.accounts]] names", i, p.Account))
		}
	}
	return c.validateServe()
}

func (c Config) validateServe() error {
	s := c.Serve
	if _, _, err := net.SplitHostPort(s.Listen); err != nil {
		return c.ErrorAt("serve.listen", fmt.Sprintf("serve.listen %q must be host:port, e.g. \"0.0.0.0:2222\"", s.Listen))
	}
	if strings.TrimSpace(s.HostKey) == "" {
		return c.ErrorAt("serve.host_key", "serve.host_key must name a file for the SSH host key (it is made on first start)")
	}
	if s.IdleTimeout != "0" {
		if d, err := time.ParseDuration(s.IdleTimeout); err != nil || d < time.Second {
			return c.ErrorAt("serve.idle_timeout", fmt.Sprintf("serve.idle_timeout %q must be a duration of at least 1s, e.g. \"30m\", or \"0\" for never", s.IdleTimeout))
		}
	}
	if s.MaxSessions < 1 {
		return c.ErrorAt("serve.max_sessions", "serve.max_sessions must be ≥ 1")
	}
	if s.MaxSessionsPerPerson < 1 {
		return c.ErrorAt("serve.max_sessions_per_person", "serve.max_sessions_per_person must be ≥ 1")
	}
	if s.LoginGraceTime != "0" {
		if d, err := time.ParseDuration(s.LoginGraceTime); err != nil || d < time.Second {
			return c.ErrorAt("serve.login_grace_time", fmt.Sprintf("serve.login_grace_time %q must be a duration of at least 1s, e.g. \"30s\", or \"0\" for no limit", s.LoginGraceTime))
		}
	}
	if _, err := sshd.ParseStartups(s.MaxStartups); err != nil {
		return c.ErrorAt("serve.max_startups", fmt.Sprintf("serve.max_startups %v (OpenSSH's MaxStartups; default \"10:30:60\")", err))
	}
	for _, r := range []struct {
		key string
		v   float64
	}{{"connection_rate_per_address", s.ConnectionRatePerAddress}, {"connection_rate", s.ConnectionRate}, {"session_rate_per_address", s.SessionRatePerAddress}} {
		if r.v <= 0 {
			return c.ErrorAt("serve."+r.key, fmt.Sprintf("serve.%s must be > 0 (a number a second, e.g. 2 or 0.5)", r.key))
		}
	}
	if s.LockoutFailures < 1 {
		return c.ErrorAt("serve.lockout_failures", "serve.lockout_failures must be ≥ 1")
	}
	for _, k := range []struct{ key, v string }{{"lockout_window", s.LockoutWindow}, {"lockout_duration", s.LockoutDuration}} {
		if d, err := time.ParseDuration(k.v); err != nil || d < time.Second {
			return c.ErrorAt("serve."+k.key, fmt.Sprintf("serve.%s %q must be a duration of at least 1s, e.g. \"15m\"", k.key, k.v))
		}
	}
	for i, p := range c.People {
		for j, k := range p.Keys {
			if _, _, _, _, err := gossh.ParseAuthorizedKey([]byte(k)); err != nil {
				return c.ErrorAt(fmt.Sprintf("people[%d].keys", i), fmt.Sprintf("people[%d].keys[%d] is not an authorized_keys line (\"ssh-ed25519 AAAA… name\"): %v", i, j, err))
			}
		}
	}
	return nil
}

// Locate points each *fielderr.FieldError in err (one, or several joined) at
// the line of its key in the file: the key itself, else the nearest enclosing
// entry or table that is written there. Other errors pass unchanged.
func (c Config) Locate(err error) error {
	if err == nil {
		return nil
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var errs []error
		for _, e := range joined.Unwrap() {
			errs = append(errs, c.Locate(e))
		}
		return errors.Join(errs...)
	}
	var fe *fielderr.FieldError
	if !errors.As(err, &fe) {
		return err
	}
	line := 0
	for key := fe.Key; line == 0 && key != ""; key = parentKey(key) {
		line = keyLine(c.src, key)
		if line == 0 && !strings.HasSuffix(key, "]") {
			line = keyLine(c.src, key+"[0]") // an array of tables: its first entry
		}
		if line == 0 && !strings.ContainsAny(key, ".[") {
			line = tableLine(c.src, key)
		}
	}
	return &Error{Path: c.path, Line: line, Msg: err.Error()}
}

// parentKey is the key one level up: "a.b[1].c" → "a.b[1]" → "a.b" → "a" → "".
func parentKey(key string) string {
	if strings.HasSuffix(key, "]") {
		return key[:strings.LastIndexByte(key, '[')]
	}
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		return key[:i]
	}
	return ""
}

// tableLine is the line of the [name] header, or 0.
func tableLine(src, name string) int {
	for i, line := range strings.Split(src, "\n") {
		if strings.TrimSpace(line) == "["+name+"]" {
			return i + 1
		}
	}
	return 0
}

// ErrorAt is msg at the line of a dotted key ("people[2].role",
// "sla.answer_hours") in the file, so that the message points at what to fix.
func (c Config) ErrorAt(key, msg string) error {
	return &Error{Path: c.path, Line: keyLine(c.src, key), Msg: msg}
}

var indexed = regexp.MustCompile(`^(.*)\[(\d+)\]$`)

func keyLine(src, key string) int {
	lines := strings.Split(src, "\n")
	parts := strings.Split(key, ".")
	table, index, leaf := "", -1, parts[len(parts)-1]
	if len(parts) > 1 {
		table = strings.Join(parts[:len(parts)-1], ".")
	}
	if m := indexed.FindStringSubmatch(table); m != nil {
		table = m[1]
		fmt.Sscan(m[2], &index)
	}
	if m := indexed.FindStringSubmatch(leaf); m != nil && index < 0 {
		// "people[2]", "mastodon.accounts[1]": the entry's own [[header]]
		if table != "" {
			table += "."
		}
		table, leaf = table+m[1], ""
		fmt.Sscan(m[2], &index)
	}
	start, count, current := 0, -1, ""
	for i, line := range lines {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "[["):
			current = strings.Trim(t, "[] ")
			if current == table {
				count++
				if count == index {
					start = i
					if leaf == "" {
						return i + 1
					}
				}
			}
			continue
		case strings.HasPrefix(t, "["):
			current = strings.Trim(t, "[] ")
			if current == table && index < 0 {
				start = i
			}
			continue
		}
		if i < start || current != table || (index >= 0 && count != index) {
			continue
		}
		if leaf != "" && (strings.HasPrefix(t, leaf+" ") || strings.HasPrefix(t, leaf+"=")) {
			return i + 1
		}
	}
	return 0
}
