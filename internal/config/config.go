// Package config owns dutydesk's config file: the Config it decodes to, its
// defaults, loading and validation, and errors that name the file, the line
// and what to fix ("team.toml:14: sla.acknowledge_minutes must be > 0").
// The packages that validate their own tables (risk, feeds/mastodon) report
// a fielderr.FieldError, which Locate points at its line.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds/mastodon"
	"github.com/dutydesk/dutydesk/risk"
)

// Config is the whole config file; config.example.toml documents every key.
type Config struct {
	// Team is the team's name; with [[teams]], the desk's (shown when a
	// console shows every team).
	Team string `toml:"team"`
	// TeamList are the [[teams]] sharing the desk (teams.go); none: the
	// desk is the one team the top-level keys describe.
	TeamList []TeamConfig `toml:"teams"`
	DB       string       `toml:"db"`
	// Accessible starts every console plain (screen readers): lines as
	// things happen and commands typed at a prompt, as --plain does.
	Accessible bool           `toml:"accessible"`
	People     []PersonConfig `toml:"people"`
	SLA        SLAConfig      `toml:"sla"`
	Duty       DutyConfig     `toml:"duty"`
	Demo       DemoConfig     `toml:"demo"`
	Risk       risk.Config    `toml:"risk"`
	// Mastodon is the team's server and accounts; `dutydesk run` needs it,
	// the demo ignores it. See feeds/mastodon/README.md.
	Mastodon mastodon.Config `toml:"mastodon"`
	Serve    ServeConfig     `toml:"serve"`
	// Replies are the team's saved replies (replies.go).
	Replies []ReplyConfig `toml:"replies"`
	// Archive bounds what the desk holds in memory.
	Archive ArchiveConfig `toml:"archive"`

	path        string
	src         string
	hasMastodon bool // the file has a [mastodon] table
}

// PersonConfig is one person on the team.
type PersonConfig struct {
	ID   string `toml:"id"`
	Name string `toml:"name"`
	// Role is the person's role on the desk; with Teams it may be left
	// out (supervisor if they supervise any team).
	Role string `toml:"role"`
	// Teams are the person's team memberships, team id → role there
	// (teams = { north = "supervisor", roads = "officer" }); none: the
	// default team, with Role.
	Teams          map[string]string `toml:"teams"`
	OnShift        bool              `toml:"on_shift"`
	Keys           []string          `toml:"keys"`
	AuthorizedKeys string            `toml:"authorized_keys"`
	// Account names the person's own [[mastodon.accounts]] entry: their
	// replies and posts leave from it instead of the team account.
	Account string `toml:"account"`
	// Accessible starts this person's consoles plain (screen readers),
	// locally and over SSH.
	Accessible bool `toml:"accessible"`
}

// SLAConfig sets the response targets.
type SLAConfig struct {
	AcknowledgeMinutes int `toml:"acknowledge_minutes"`
	AnswerHours        int `toml:"answer_hours"`
	// ReopenHours is how long after a direct-message question was answered
	// or closed another direct message from its author reopens it.
	ReopenHours int `toml:"reopen_hours"`
}

// ArchiveConfig sets when finished questions leave memory for the store.
type ArchiveConfig struct {
	// AfterDays is how long a closed or dismissed question stays on the
	// desk; 0 keeps every question in memory.
	AfterDays int `toml:"after_days"`
}

// ArchiveAfter is the desk's archive window: desk.Options.ArchiveAfter.
func (c Config) ArchiveAfter() time.Duration {
	if c.Archive.AfterDays == 0 {
		return -1
	}
	return time.Duration(c.Archive.AfterDays) * 24 * time.Hour
}

// DutyConfig holds the broadcast templates and the off-duty auto-reply.
type DutyConfig struct {
	OnTemplate  string `toml:"on_template"`
	OffTemplate string `toml:"off_template"`
	// NextOn is {next_on}: when the team is back, e.g. "tomorrow at 08:00".
	NextOn string `toml:"next_on"`
	// ReportLink is {link}: the force's online-reporting page.
	ReportLink string `toml:"report_link"`
	// AutoReply answers each new question once per person while off duty.
	AutoReply string `toml:"auto_reply"`
	// AutoReplyPerMinute caps the auto-replies sent in any minute.
	AutoReplyPerMinute int `toml:"auto_reply_per_minute"`
	// UrgentReply is the emergency advice sent at once, off duty, to each
	// urgent or possible message (desk/advice.go); it must name 999.
	UrgentReply string `toml:"urgent_reply"`
}

// ServeConfig sets up `dutydesk serve`, the desk over SSH.
type ServeConfig struct {
	Listen               string `toml:"listen"`                  // host:port
	HostKey              string `toml:"host_key"`                // ed25519 host key, made on first start
	IdleTimeout          string `toml:"idle_timeout"`            // "30m"; "0" never logs out
	MaxSessions          int    `toml:"max_sessions"`            // consoles open at once, everyone together
	MaxSessionsPerPerson int    `toml:"max_sessions_per_person"` // consoles open at once for one person

	// The limits on connections before they log in, as OpenSSH's.
	LoginGraceTime           string  `toml:"login_grace_time"`            // "30s"; "0" no limit
	MaxStartups              string  `toml:"max_startups"`                // "start:rate:full", e.g. "10:30:60"
	ConnectionRatePerAddress float64 `toml:"connection_rate_per_address"` // new connections a second from one address
	ConnectionRate           float64 `toml:"connection_rate"`             // new connections a second from everywhere
	SessionRatePerAddress    float64 `toml:"session_rate_per_address"`    // consoles opened a second from one address
	LockoutFailures          int     `toml:"lockout_failures"`            // failed logins from one address …
	LockoutWindow            string  `toml:"lockout_window"`              // … within this long …
	LockoutDuration          string  `toml:"lockout_duration"`            // … turn away its strangers' keys this long
}

// LoginGrace is LoginGraceTime as a duration, 0 for no limit.
func (s ServeConfig) LoginGrace() time.Duration { return duration(s.LoginGraceTime) }

// Lockout is LockoutWindow and LockoutDuration as durations.
func (s ServeConfig) Lockout() (window, lockout time.Duration) {
	return duration(s.LockoutWindow), duration(s.LockoutDuration)
}

// duration is a validated duration key's value; "0" (or anything Validate
// refused) is 0.
func duration(v string) time.Duration {
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0
	}
	return d
}

// Idle is IdleTimeout as a duration: how long a console may go without a key
// pressed before it is logged out, 0 for never.
func (s ServeConfig) Idle() time.Duration {
	d, err := time.ParseDuration(s.IdleTimeout)
	if err != nil || s.IdleTimeout == "0" {
		return 0 // Validate refused anything else
	}
	return d
}

// DemoConfig tunes the embedded demo shift.
type DemoConfig struct {
	Speed float64 `toml:"speed"`
}

// Default is the config with nothing set: what a file's keys override, and
// what the demo runs on without a file.
func Default() Config {
	return Config{
		Team:    "Team 3",
		SLA:     SLAConfig{AcknowledgeMinutes: 60, AnswerHours: 24, ReopenHours: 72},
		Archive: ArchiveConfig{AfterDays: 7},
		Duty: DutyConfig{
			OnTemplate:  "{team} on duty until {until}. Ask us here — emergencies 999, non-emergency 101.",
			OffTemplate: "{team} is now off duty and this account is not monitored. Emergencies 999, non-emergency 101, or report online. Back on {next_on}.",
			NextOn:      "the next shift",
			AutoReply: "Thanks for your message. {team} is off duty and this account is not monitored until {next_on}. " +
				"In an emergency call 999; otherwise call 101 or report online.",
			AutoReplyPerMinute: 30,
			UrgentReply:        desk.DefaultUrgentReply,
		},
		Demo: DemoConfig{Speed: 1},
		Serve: ServeConfig{
			Listen:                   "127.0.0.1:2222",
			HostKey:                  DefaultDBPath("ssh_host_ed25519"),
			IdleTimeout:              "30m",
			MaxSessions:              64,
			MaxSessionsPerPerson:     3,
			LoginGraceTime:           "30s",
			MaxStartups:              "10:30:60",
			ConnectionRatePerAddress: 2,
			ConnectionRate:           50,
			SessionRatePerAddress:    1,
			LockoutFailures:          20,
			LockoutWindow:            "10m",
			LockoutDuration:          "15m",
		},
	}
}

// Error is a config problem: the file, the line (0 if none applies) and
// what to fix.
type Error struct {
	Path string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// LoadTeam loads the config a command on the team's accounts needs, saying
// how to give one when the file is missing (hint adds a way out).
func LoadTeam(path, hint string) (Config, error) {
	cfg, err := Load(path)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, fmt.Errorf("%w\n(give --config FILE; config.example.toml shows every key%s)", err, hint)
	}
	return cfg, err
}

// LoadOptional loads the config a command that reads the desk needs: the
// file at path, or with path "" the one at DefaultPath if it exists, else
// Default. A file named by path must exist.
func LoadOptional(path string) (Config, error) {
	explicit := path != ""
	if !explicit {
		path = DefaultPath()
	}
	cfg, err := Load(path)
	if err != nil && !explicit && errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	return cfg, err
}

// Load reads and validates a config file.
func Load(path string) (Config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return Default(), fmt.Errorf("load config %s: %w", path, err)
	}
	return Parse(path, string(raw))
}

// Parse decodes and validates src as the config file at path: Default with
// the file's keys set. Relative paths in it are taken from path's directory.
func Parse(path, src string) (Config, error) {
	cfg := Default()
	cfg.path, cfg.src = path, src
	md, err := toml.Decode(cfg.src, &cfg)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return cfg, &Error{Path: path, Line: perr.Position.Line, Msg: perr.Message}
		}
		return cfg, &Error{Path: path, Msg: err.Error()}
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		k := undecoded[0]
		return cfg, cfg.ErrorAt(k.String(), fmt.Sprintf("unknown key %q: check its spelling against config.example.toml", k.String()))
	}
	cfg.hasMastodon = md.IsDefined("mastodon")
	for i, p := range cfg.People {
		cfg.People[i].Role = p.personRole()
	}
	// A relative token_file is next to the config, not wherever dutydesk
	// happens to be started from.
	for i, a := range cfg.Mastodon.Accounts {
		if a.TokenFile != "" && !filepath.IsAbs(a.TokenFile) {
			cfg.Mastodon.Accounts[i].TokenFile = filepath.Join(filepath.Dir(path), a.TokenFile)
		}
	}
	if err := cfg.Validate(); err != nil {
		return cfg, err
	}
	return cfg, nil
}

// Path is the file the config was loaded from ("" for Default).
func (c Config) Path() string { return c.path }

// HasMastodon says whether the file has a [mastodon] table.
func (c Config) HasMastodon() bool { return c.hasMastodon }

// DeskPeople turns the configured roster into the desk's.
func (c Config) DeskPeople() []desk.Person {
	out := make([]desk.Person, 0, len(c.People))
	def := c.Teams()[0].ID
	for _, p := range c.People {
		teams := map[string]desk.Role{}
		for t, r := range p.Memberships(def) {
			teams[t] = desk.Role(r)
		}
		out = append(out, desk.Person{ID: p.ID, Name: p.Name, Role: desk.Role(p.Role), OnShift: p.OnShift, Account: p.Account, Teams: teams})
	}
	return out
}

// Plain reports whether person's console starts plain: the whole file, or
// their [[people]] entry, says accessible = true.
func (c Config) Plain(person string) bool {
	if c.Accessible {
		return true
	}
	for _, p := range c.People {
		if p.ID == person {
			return p.Accessible
		}
	}
	return false
}

// ConsolePerson is the person a console runs as: as, or the first
// supervisor.
func (c Config) ConsolePerson(as string) (string, error) {
	if len(c.People) == 0 {
		return "", &Error{Path: c.path, Msg: "no [[people]]: list the team (at least one supervisor) so the desk knows who may assign and approve"}
	}
	if as == "" {
		for _, p := range c.People {
			if p.Role == string(desk.RoleSupervisor) {
				return p.ID, nil
			}
		}
	}
	var ids []string
	for _, p := range c.People {
		if p.ID == as {
			return as, nil
		}
		ids = append(ids, p.ID)
	}
	return "", fmt.Errorf("--as %q is not in [[people]] of %s (there: %s)", as, c.path, strings.Join(ids, ", "))
}

// LoadRisk reads only the [risk] table of a config file, for `dutydesk
// check`: the rest of the file is neither decoded nor checked, and a problem
// in [risk] is reported at its line.
func LoadRisk(path string) (risk.Config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return risk.Config{}, fmt.Errorf("reading config: %w", err)
	}
	c := Config{path: path, src: string(raw)}
	var file struct {
		Risk risk.Config `toml:"risk"`
	}
	if _, err := toml.Decode(c.src, &file); err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return risk.Config{}, &Error{Path: path, Line: perr.Position.Line, Msg: perr.Message}
		}
		return risk.Config{}, &Error{Path: path, Msg: err.Error()}
	}
	if err := file.Risk.Validate(); err != nil {
		return risk.Config{}, c.Locate(err)
	}
	return file.Risk, nil
}
