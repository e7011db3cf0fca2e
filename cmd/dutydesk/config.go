package main

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds/mastodon"
	"github.com/dutydesk/dutydesk/risk"
	gossh "golang.org/x/crypto/ssh"
)

// Config is the whole config file; config.example.toml documents every key.
type Config struct {
	Team   string         `toml:"team"`
	DB     string         `toml:"db"`
	People []PersonConfig `toml:"people"`
	SLA    SLAConfig      `toml:"sla"`
	Duty   DutyConfig     `toml:"duty"`
	Demo   DemoConfig     `toml:"demo"`
	Risk   risk.Config    `toml:"risk"`
	// Mastodon is the team's server and accounts; `dutydesk run` needs it,
	// the demo ignores it. See feeds/mastodon/README.md.
	Mastodon mastodon.Config `toml:"mastodon"`
	Serve    ServeConfig     `toml:"serve"`

	path        string
	src         string
	hasMastodon bool // the file has a [mastodon] table
}

// PersonConfig is one person on the team.
type PersonConfig struct {
	ID             string   `toml:"id"`
	Name           string   `toml:"name"`
	Role           string   `toml:"role"`
	OnShift        bool     `toml:"on_shift"`
	Keys           []string `toml:"keys"`
	AuthorizedKeys string   `toml:"authorized_keys"`
	// Account names the person's own [[mastodon.accounts]] entry: their
	// replies and posts leave from it instead of the team account.
	Account string `toml:"account"`
}

// SLAConfig sets the response targets.
type SLAConfig struct {
	AcknowledgeMinutes int `toml:"acknowledge_minutes"`
	AnswerHours        int `toml:"answer_hours"`
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
}

// ServeConfig sets up `dutydesk serve`, the desk over SSH.
type ServeConfig struct {
	Listen               string `toml:"listen"`                  // host:port
	HostKey              string `toml:"host_key"`                // ed25519 host key, made on first start
	IdleTimeout          string `toml:"idle_timeout"`            // "30m"; "0" never logs out
	MaxSessions          int    `toml:"max_sessions"`            // consoles open at once, everyone together
	MaxSessionsPerPerson int    `toml:"max_sessions_per_person"` // consoles open at once for one person

	idle time.Duration
}

// DemoConfig tunes the embedded demo shift.
type DemoConfig struct {
	Speed float64 `toml:"speed"`
}

func defaultConfig() Config {
	return Config{
		Team: "Team 3",
		SLA:  SLAConfig{AcknowledgeMinutes: 60, AnswerHours: 24},
		Duty: DutyConfig{
			OnTemplate:  "{team} on duty until {until}. Ask us here — emergencies 999, non-emergency 101.",
			OffTemplate: "{team} is now off duty and this account is not monitored. Emergencies 999, non-emergency 101, or report online. Back on {next_on}.",
			NextOn:      "the next shift",
			AutoReply: "Thanks for your message. {team} is off duty and this account is not monitored until {next_on}. " +
				"In an emergency call 999; otherwise call 101 or report online.",
			AutoReplyPerMinute: 30,
		},
		Demo: DemoConfig{Speed: 1},
		Serve: ServeConfig{
			Listen:               "127.0.0.1:2222",
			HostKey:              defaultDBPath("ssh_host_ed25519"),
			IdleTimeout:          "30m",
			MaxSessions:          64,
			MaxSessionsPerPerson: 3,
			idle:                 30 * time.Minute,
		},
	}
}

// configError names the file and line and says what to fix.
type configError struct {
	path string
	line int
	msg  string
}

func (e *configError) Error() string {
	if e.line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.path, e.line, e.msg)
	}
	return fmt.Sprintf("%s: %s", e.path, e.msg)
}

// loadTeamConfig loads the config a command on the team's accounts needs,
// saying how to give one when the file is missing (hint adds a way out).
func loadTeamConfig(path, hint string) (Config, error) {
	cfg, err := loadConfig(path)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, fmt.Errorf("%w\n(give --config FILE; config.example.toml shows every key%s)", err, hint)
	}
	return cfg, err
}

// loadConfig reads and validates a config file.
func loadConfig(path string) (Config, error) {
	cfg := defaultConfig()
	raw, err := os.ReadFile(path)
	if err != nil {
		return cfg, fmt.Errorf("load config %s: %w", path, err)
	}
	cfg.path, cfg.src = path, string(raw)
	md, err := toml.Decode(cfg.src, &cfg)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return cfg, &configError{path: path, line: perr.Position.Line, msg: perr.Message}
		}
		return cfg, &configError{path: path, msg: err.Error()}
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		k := undecoded[0]
		return cfg, cfg.errorAt(k.String(), fmt.Sprintf("unknown key %q: check its spelling against config.example.toml", k.String()))
	}
	cfg.hasMastodon = md.IsDefined("mastodon")
	// A relative token_file is next to the config, not wherever dutydesk
	// happens to be started from.
	for i, a := range cfg.Mastodon.Accounts {
		if a.TokenFile != "" && !filepath.IsAbs(a.TokenFile) {
			cfg.Mastodon.Accounts[i].TokenFile = filepath.Join(filepath.Dir(path), a.TokenFile)
		}
	}
	if err := cfg.validate(); err != nil {
		return cfg, err
	}
	cfg.Serve.idle, _ = time.ParseDuration(cfg.Serve.IdleTimeout)
	if cfg.Serve.IdleTimeout == "0" {
		cfg.Serve.idle = 0
	}
	return cfg, nil
}

var personID = regexp.MustCompile(`^[a-z][a-z0-9_.-]{0,31}$`)

func (c Config) validate() error {
	if strings.TrimSpace(c.Team) == "" {
		return c.errorAt("team", "team must name the team, e.g. team = \"Team 3 · Carlisle North\"")
	}
	seen := map[string]bool{}
	supervisors := 0
	for i, p := range c.People {
		at := fmt.Sprintf("people[%d]", i)
		switch {
		case !personID.MatchString(p.ID):
			return c.errorAt(at+".id", fmt.Sprintf("people[%d].id %q must be a short login name: lower-case letters, digits, . _ -", i, p.ID))
		case seen[p.ID]:
			return c.errorAt(at+".id", fmt.Sprintf("people[%d].id %q is used twice", i, p.ID))
		case p.Role != string(desk.RoleSupervisor) && p.Role != string(desk.RoleOfficer):
			return c.errorAt(at+".role", fmt.Sprintf("people[%d].role must be \"supervisor\" or \"officer\", not %q", i, p.Role))
		}
		seen[p.ID] = true
		if p.Role == string(desk.RoleSupervisor) {
			supervisors++
		}
	}
	if len(c.People) > 0 && supervisors == 0 {
		return c.errorAt("people", "at least one person needs role = \"supervisor\" to assign questions and change duty")
	}
	if c.SLA.AcknowledgeMinutes <= 0 {
		return c.errorAt("sla.acknowledge_minutes", "sla.acknowledge_minutes must be > 0")
	}
	if c.SLA.AnswerHours <= 0 {
		return c.errorAt("sla.answer_hours", "sla.answer_hours must be > 0")
	}
	if err := c.validateDuty(); err != nil {
		return err
	}
	if err := c.Risk.Validate(); err != nil {
		return c.errorAt("risk."+riskKey(err), err.Error())
	}
	if c.Demo.Speed < 0 {
		return c.errorAt("demo.speed", "demo.speed must be ≥ 0 (0 = as fast as possible)")
	}
	if c.hasMastodon {
		if err := c.mastodonError(c.Mastodon.Validate()); err != nil {
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
			return c.errorAt(fmt.Sprintf("people[%d].account", i), fmt.Sprintf("people[%d].account %q is not one of the [[mastodon.accounts]] names", i, p.Account))
		}
	}
	return c.validateServe()
}

func (c Config) validateServe() error {
	s := c.Serve
	if _, _, err := net.SplitHostPort(s.Listen); err != nil {
		return c.errorAt("serve.listen", fmt.Sprintf("serve.listen %q must be host:port, e.g. \"0.0.0.0:2222\"", s.Listen))
	}
	if strings.TrimSpace(s.HostKey) == "" {
		return c.errorAt("serve.host_key", "serve.host_key must name a file for the SSH host key (it is made on first start)")
	}
	if s.IdleTimeout != "0" {
		if d, err := time.ParseDuration(s.IdleTimeout); err != nil || d < time.Second {
			return c.errorAt("serve.idle_timeout", fmt.Sprintf("serve.idle_timeout %q must be a duration of at least 1s, e.g. \"30m\", or \"0\" for never", s.IdleTimeout))
		}
	}
	if s.MaxSessions < 1 {
		return c.errorAt("serve.max_sessions", "serve.max_sessions must be ≥ 1")
	}
	if s.MaxSessionsPerPerson < 1 {
		return c.errorAt("serve.max_sessions_per_person", "serve.max_sessions_per_person must be ≥ 1")
	}
	for i, p := range c.People {
		for j, k := range p.Keys {
			if _, _, _, _, err := gossh.ParseAuthorizedKey([]byte(k)); err != nil {
				return c.errorAt(fmt.Sprintf("people[%d].keys", i), fmt.Sprintf("people[%d].keys[%d] is not an authorized_keys line (\"ssh-ed25519 AAAA… name\"): %v", i, j, err))
			}
		}
	}
	return nil
}

// mastodonKey is the "mastodon.…" key at the start of a message from the
// mastodon package ("mastodon.accounts[1]: name is not set").
var mastodonKey = regexp.MustCompile(`^(mastodon(?:\.[a-z_]+)?(?:\[\d+\])?): (.*)$`)

// mastodonError points each of the mastodon package's config errors (one,
// or several joined) at its line in the file. Other errors pass unchanged;
// none of them holds a token.
func (c Config) mastodonError(err error) error {
	if err == nil {
		return nil
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var errs []error
		for _, e := range joined.Unwrap() {
			errs = append(errs, c.mastodonError(e))
		}
		return errors.Join(errs...)
	}
	m := mastodonKey.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	key, msg := m[1], m[2]
	line := 0
	if strings.HasSuffix(key, "]") {
		// an account: the key the message is about, else its [[header]]
		leaf := ""
		switch {
		case strings.HasPrefix(msg, "remove token"):
			leaf = "token"
		case strings.HasPrefix(msg, "name "):
			leaf = "name"
		case strings.Contains(msg, "not both"):
			leaf = "token_env"
		case strings.HasPrefix(msg, "token_file"):
			leaf = "token_file"
		case strings.Contains(msg, "(token_env)"):
			leaf = "token_env"
		}
		if leaf != "" {
			line = keyLine(c.src, key+"."+leaf)
		}
	}
	if line == 0 {
		line = keyLine(c.src, key)
	}
	if line == 0 {
		line = keyLine(c.src, "mastodon.accounts[0]")
	}
	if line == 0 {
		line = tableLine(c.src, "mastodon")
	}
	return &configError{path: c.path, line: line, msg: err.Error()}
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

// errorAt finds the line of a dotted key ("people[2].role", "sla.answer_hours")
// in the source, so that the message points at what to fix.
func (c Config) errorAt(key, msg string) error {
	return &configError{path: c.path, line: keyLine(c.src, key), msg: msg}
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

// templateField is a {field} in a duty template.
var templateField = regexp.MustCompile(`\{([^{}]*)\}`)

// dutyFields are the fields the duty templates may use.
var dutyFields = []string{"team", "until", "next_on", "officers", "link"}

func (c Config) validateDuty() error {
	templates := []struct{ key, text string }{
		{"on_template", c.Duty.OnTemplate}, {"off_template", c.Duty.OffTemplate}, {"auto_reply", c.Duty.AutoReply},
	}
	for _, t := range templates {
		key := "duty." + t.key
		for _, m := range templateField.FindAllStringSubmatch(t.text, -1) {
			if !slices.Contains(dutyFields, m[1]) {
				return c.errorAt(key, fmt.Sprintf("%s uses unknown field {%s}; the fields are {%s}", key, m[1], strings.Join(dutyFields, "}, {")))
			}
			if m[1] == "link" && strings.TrimSpace(c.Duty.ReportLink) == "" {
				return c.errorAt(key, fmt.Sprintf("%s uses {link} but duty.report_link is not set: give the online-reporting address", key))
			}
		}
		if t.key == "on_template" {
			continue
		}
		if !strings.Contains(t.text, "999") || !strings.Contains(t.text, "101") {
			return c.errorAt(key, key+" must tell the public to call 999 in an emergency and 101 otherwise")
		}
	}
	if c.Duty.AutoReplyPerMinute < 1 {
		return c.errorAt("duty.auto_reply_per_minute", "duty.auto_reply_per_minute must be ≥ 1")
	}
	return nil
}

// deskPeople turns the configured roster into the desk's.
func (c Config) deskPeople() []desk.Person {
	out := make([]desk.Person, 0, len(c.People))
	for _, p := range c.People {
		out = append(out, desk.Person{ID: p.ID, Name: p.Name, Role: desk.Role(p.Role), OnShift: p.OnShift, Account: p.Account})
	}
	return out
}

// render fills a broadcast template.
func (c Config) render(a desk.Announcement) string {
	t := c.Duty.OffTemplate
	if a.On {
		t = c.Duty.OnTemplate
	}
	return c.fill(t, a)
}

// renderAutoReply fills the off-duty auto-reply.
func (c Config) renderAutoReply(a desk.Announcement) string { return c.fill(c.Duty.AutoReply, a) }

func (c Config) fill(t string, a desk.Announcement) string {
	until := a.Until
	if until == "" {
		until = "the end of the shift"
	}
	officers := strings.Join(a.Officers, ", ")
	if officers == "" {
		officers = "the team"
	}
	return strings.NewReplacer("{team}", c.Team, "{until}", until, "{next_on}", c.Duty.NextOn,
		"{officers}", officers, "{link}", c.Duty.ReportLink).Replace(t)
}

// deskPath is where the desk is stored: --db, else db in the config, else
// the default under the XDG data directory.
func (c Config) deskPath(flag string) string {
	return pick(flag, c.DB, defaultDBPath("desk.db"))
}

// defaultDBPath is the store under the XDG data directory.
func defaultDBPath(name string) string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = "."
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "dutydesk", name)
}

// defaultConfigPath is the config under the XDG config directory.
func defaultConfigPath() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "dutydesk.toml"
	}
	return filepath.Join(dir, "dutydesk", "config.toml")
}

// riskKey guesses which [risk] key an error from risk.Config.Validate names,
// so that the line can be found.
func riskKey(err error) string {
	for _, k := range []string{"allow_numbers", "allow", "extra_words", "severity", "reference_pattern"} {
		if strings.Contains(err.Error(), k) {
			return k
		}
	}
	return ""
}
