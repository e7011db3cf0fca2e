package config

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/desk"
)

func TestExampleConfigLoads(t *testing.T) {
	cfg, err := Load(filepath.Join("..", "..", "config.example.toml"))
	if err != nil {
		t.Fatalf("config.example.toml does not load: %v", err)
	}
	if cfg.Team == "" || len(cfg.People) == 0 || cfg.SLA.AcknowledgeMinutes != 60 {
		t.Fatalf("example config decoded as %+v", cfg)
	}
}

func TestConfigErrorsNameFileLineAndFix(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"syntax", "team = \"x\"\nbroken = = 2\n", ":2:"},
		{"bad role", "team = \"x\"\n[[people]]\nid = \"a\"\nrole = \"supervisor\"\n[[people]]\nid = \"b\"\nname = \"B\"\nrole = \"sergeant\"\n", `:8: people[1].role must be "supervisor" or "officer", not "sergeant"`},
		{"sla", "team = \"x\"\n\n[sla]\nacknowledge_minutes = 0\n", ":4: sla.acknowledge_minutes must be > 0"},
		{"reopen window", "team = \"x\"\n[sla]\nreopen_hours = -1\n", ":3: sla.reopen_hours must be > 0"},
		{"archive window", "team = \"x\"\n[archive]\nafter_days = -2\n", ":3: archive.after_days must be ≥ 0"},
		{"off template", "[duty]\noff_template = \"Off duty, see you tomorrow\"\n", ":2: duty.off_template must tell the public to call 999"},
		{"typo", "team = \"x\"\n[sla]\nacknowlege_minutes = 5\n", `unknown key "sla.acknowlege_minutes"`},
		{"unknown account", "[[people]]\nid = \"a\"\nrole = \"supervisor\"\naccount = \"pc-a\"\n", `:4: people[0].account "pc-a" is not one of the [[mastodon.accounts]] names`},
		{"risk table", "team = \"x\"\n\n[risk.severity]\nsarcasm = \"block\"\nplate = \"stop\"\n", `:5: risk.severity.plate: "stop" is not a severity`},
		{"risk key", "[risk]\nallow = [\"x\"]\nallow_numbers = [\"station\"]\n", `:3: risk.allow_numbers[0]: "station" is not a phone number`},
		{"duplicate person", "[[people]]\nid = \"a\"\nrole = \"supervisor\"\n[[people]]\nid = \"a\"\nrole = \"officer\"\n", `:5: people[1].id "a" is used twice`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "team.toml")
			if err := os.WriteFile(path, []byte(c.src), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want it to name %s and contain %q", err, path, c.want)
			}
		})
	}
}

// Every option the config file can hold is documented in config.example.toml,
// set or commented out.
func TestExampleDocumentsEveryOption(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "config.example.toml"))
	if err != nil {
		t.Fatal(err)
	}
	example := string(raw)
	var walk func(prefix string, typ reflect.Type)
	walk = func(prefix string, typ reflect.Type) {
		for typ.Kind() == reflect.Slice || typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || typ.PkgPath() == "time" {
			return
		}
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			name := strings.Split(f.Tag.Get("toml"), ",")[0]
			if name == "" || name == "-" || !f.IsExported() || name == "token" {
				continue // "token" exists only so that an inline token is refused
			}
			documented := regexp.MustCompile(`(?m)^\s*#?\s*`+regexp.QuoteMeta(name)+`\s*=`).MatchString(example) ||
				strings.Contains(example, "["+prefix+name+"]") || strings.Contains(example, "[["+prefix+name+"]]")
			if !documented {
				t.Errorf("config key %s%s is not in config.example.toml", prefix, name)
			}
			walk(prefix+name+".", f.Type)
		}
	}
	walk("", reflect.TypeOf(Config{}))
}

func writeConfig(t *testing.T, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "team.toml")
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// loadRefused loads src as a config file and fails the test unless Load
// refuses it with want right after the file's path (":line: key: what to
// fix"). It returns Load's error for further checks.
func loadRefused(t *testing.T, src, want string) error {
	t.Helper()
	path := writeConfig(t, src)
	_, err := Load(path)
	if err == nil || !strings.Contains(err.Error(), path+want) {
		t.Errorf("error %v, want %q", err, path+want)
	}
	return err
}

const peopleTOML = `team = "Team 3"

[[people]]
id = "morris"
name = "Sgt Morris"
role = "supervisor"
`

// TestConfigMastodonTable reads the [mastodon] table into mastodon.Config:
// every key by its TOML name, a relative token_file next to the config.
func TestConfigMastodonTable(t *testing.T) {
	path := writeConfig(t, peopleTOML+`
[mastodon]
instance = "https://mastodon.example"
timeline = "list:42"
visibility = "unlisted"
poll_interval = "45s"

[[mastodon.accounts]]
name = "team"
token_file = "secrets/team.token"
team = true

[[mastodon.accounts]]
name = "pc-khan"
token_env = "DUTYDESK_PC_KHAN_TOKEN"
`)
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	m := cfg.Mastodon
	if !cfg.HasMastodon() || m.Instance != "https://mastodon.example" || m.PollInterval != 45*time.Second || m.Timeline != "list:42" ||
		m.Visibility != "unlisted" || len(m.Accounts) != 2 || !m.Accounts[0].Team || m.Accounts[1].TokenEnv != "DUTYDESK_PC_KHAN_TOKEN" {
		t.Fatalf("decoded %+v", m)
	}
	if want := filepath.Join(filepath.Dir(path), "secrets", "team.token"); m.Accounts[0].TokenFile != want {
		t.Errorf("relative token_file = %q, want %q (next to the config)", m.Accounts[0].TokenFile, want)
	}
}

// mastodonTable opens a [mastodon] table on a good instance, and
// teamAccount is the team's own account in it: the start of the broken
// tables below, so that each case shows only its mistake.
const (
	mastodonTable = "\n[mastodon]\ninstance = \"https://mastodon.example\"\n"
	teamAccount   = "\n[[mastodon.accounts]]\nname = \"team\"\ntoken_file = \"t\"\nteam = true\n"
)

func TestConfigMastodonErrorsPointAtTheLine(t *testing.T) {
	cases := map[string]struct {
		src, want string
	}{
		"bad instance": {"\n[mastodon]\ninstance = \"mastodon.example\"\n" + teamAccount, ":9: mastodon.instance:"},
		"inline token in the second account": {mastodonTable + teamAccount + `
[[mastodon.accounts]]
name = "khan"
token = "s3cret-inline"
`, ":18: mastodon.accounts[1].token: remove it"},
		"account without a name": {mastodonTable + teamAccount + `
[[mastodon.accounts]]
token_env = "X"
`, ":16: mastodon.accounts[1].name: not set"},
		"no accounts": {mastodonTable, ":8: mastodon.accounts: none configured"},
		"misspelt key": {mastodonTable + `
[[mastodon.accounts]]
name = "team"
token_fil = "t"
team = true
`, `:13: unknown key "mastodon.accounts.token_fil"`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if err := loadRefused(t, peopleTOML+c.src, c.want); err != nil && strings.Contains(err.Error(), "s3cret-inline") {
				t.Error("the inline token is in the error")
			}
		})
	}
}

func TestConfigReportsEveryMastodonError(t *testing.T) {
	path := writeConfig(t, peopleTOML+`
[mastodon]
instance = "ftp://mastodon.example"
visibility = "everyone"

[[mastodon.accounts]]
name = "team"
token_file = "t"
`)
	_, err := Load(path)
	for _, want := range []string{path + ":9: mastodon.instance", path + ":10: mastodon.visibility", path + ":12: mastodon.accounts: 0 accounts have team = true"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want it to say %q", err, want)
		}
	}
}

// TestMastodonREADMEConfigLoads keeps the [mastodon] snippet in
// feeds/mastodon/README.md in step with what Load accepts.
func TestMastodonREADMEConfigLoads(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "feeds", "mastodon", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "```toml\n")
	snippet, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 || !strings.Contains(snippet, "[mastodon]") {
		t.Fatal("no ```toml block with [mastodon] in the README")
	}
	path := writeConfig(t, peopleTOML+"\n"+snippet)
	cfg, err := Load(path)
	if err != nil {
		t.Fatalf("the README's config does not load: %v", err)
	}
	if m := cfg.Mastodon; len(m.Accounts) != 2 || !m.Accounts[0].Team || m.PollInterval != 30*time.Second || m.Timeline != "home" {
		t.Errorf("decoded %+v", m)
	}
}

func TestDutyTemplatesAreValidated(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"unknown field", "team = \"x\"\n[duty]\non_template = \"{team} on until {untill}, 999/101\"\n", `:3: duty.on_template uses unknown field {untill}`},
		{"off without 101", "[duty]\n\noff_template = \"Off duty. Emergencies 999.\"\n", ":3: duty.off_template must tell the public to call 999"},
		{"auto reply without 999", "[duty]\nauto_reply = \"We are off duty, call 101.\"\n", ":2: duty.auto_reply must tell the public to call 999"},
		{"link not set", "[duty]\noff_template = \"Off. 999 or 101, or {link}\"\n", ":2: duty.off_template uses {link} but duty.report_link is not set"},
		{"rate", "[duty]\nauto_reply_per_minute = 0\n", ":2: duty.auto_reply_per_minute must be ≥ 1"},
		{"urgent reply without 999", "[duty]\nurgent_reply = \"Call 101 or report online.\"\n", ":2: duty.urgent_reply must tell someone in danger to call 999"},
		{"urgent reply field", "[duty]\nurgent_reply = \"999 now, {nobody}\"\n", ":2: duty.urgent_reply uses unknown field {nobody}"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { loadRefused(t, c.src, c.want) })
	}
	// The fields render, {link} included.
	cfg := Default()
	cfg.Duty.OffTemplate = "{team} off; back {next_on}. 999 / 101 / {link} · {officers}"
	cfg.Duty.NextOn, cfg.Duty.ReportLink = "at 08:00", "https://police.example/report"
	got := cfg.Render(desk.Announcement{Officers: []string{"Sgt Morris", "PC Khan"}})
	if want := "Team 3 off; back at 08:00. 999 / 101 / https://police.example/report · Sgt Morris, PC Khan"; got != want {
		t.Fatalf("rendered %q, want %q", got, want)
	}
}

func TestServeConfigIsValidatedWithLines(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ body, want string }{
		{"[serve]\nidle_timeout = \"soon\"\n", "config.toml:2: serve.idle_timeout"},
		{"[serve]\nlisten = \"2222\"\n", "config.toml:2: serve.listen"},
		{"[serve]\nmax_sessions = 0\n", "config.toml:2: serve.max_sessions must be ≥ 1"},
		{"[serve]\nlisten = \"127.0.0.1:2222\"\nlogin_grace_time = \"soon\"\n", "config.toml:3: serve.login_grace_time \"soon\" must be a duration of at least 1s"},
		{"[serve]\nmax_startups = \"10:30\"\n", "config.toml:2: serve.max_startups \"10:30\" is not start:rate:full"},
		{"[serve]\nmax_startups = \"10:130:60\"\n", "config.toml:2: serve.max_startups \"10:130:60\": rate is a percentage"},
		{"[serve]\nmax_startups = \"60:30:10\"\n", "config.toml:2: serve.max_startups \"60:30:10\": full must be ≥ start"},
		{"[serve]\nconnection_rate_per_address = 0\n", "config.toml:2: serve.connection_rate_per_address must be > 0"},
		{"[serve]\nconnection_rate = -1.5\n", "config.toml:2: serve.connection_rate must be > 0"},
		{"[serve]\nsession_rate_per_address = 0\n", "config.toml:2: serve.session_rate_per_address must be > 0"},
		{"[serve]\nlockout_failures = 0\n", "config.toml:2: serve.lockout_failures must be ≥ 1"},
		{"[serve]\nlockout_window = \"10\"\n", "config.toml:2: serve.lockout_window \"10\" must be a duration"},
		{"[serve]\n\nlockout_duration = \"0\"\n", "config.toml:3: serve.lockout_duration \"0\" must be a duration"},
		{"[[people]]\nid = \"morris\"\nrole = \"supervisor\"\nkeys = [\"ssh-rsa nonsense\"]\n", "config.toml:4: people[0].keys[0] is not an authorized_keys line"},
	} {
		path := filepath.Join(dir, "config.toml")
		if err := os.WriteFile(path, []byte(tc.body), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := Load(path)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("config %q: error %v, want %q", tc.body, err, tc.want)
		}
	}
	path := filepath.Join(dir, "config.toml")
	os.WriteFile(path, []byte("[serve]\nidle_timeout = \"90s\"\nmax_sessions_per_person = 2\nlogin_grace_time = \"0\"\nlockout_window = \"1h\"\n"), 0o600)
	cfg, err := Load(path)
	if err != nil || cfg.Serve.Idle() != 90*time.Second || cfg.Serve.MaxSessionsPerPerson != 2 || cfg.Serve.Listen != "127.0.0.1:2222" {
		t.Fatalf("Load = %+v, %v", cfg.Serve, err)
	}
	if window, lockout := cfg.Serve.Lockout(); cfg.Serve.LoginGrace() != 0 || window != time.Hour || lockout != 15*time.Minute {
		t.Fatalf("login_grace_time \"0\", lockout_window \"1h\" read as %s, %s, %s", cfg.Serve.LoginGrace(), window, lockout)
	}
}

// A reading command runs on the defaults when no config is given and none is
// at the default place, but a config named on the command line must exist.
func TestLoadOptionalNeedsOnlyANamedFile(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	if _, err := LoadOptional(""); err != nil {
		t.Errorf("no config anywhere: %v, want the defaults", err)
	}
	missing := filepath.Join(t.TempDir(), "nope.toml")
	if _, err := LoadOptional(missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("named config missing: %v, want an error naming it", err)
	}
}

// The pre-login limits config.example.toml shows are the defaults a config
// without them gets, so the example documents what a server really does.
func TestExampleShowsTheServeLimitDefaults(t *testing.T) {
	cfg, err := Load(filepath.Join("..", "..", "config.example.toml"))
	if err != nil {
		t.Fatal(err)
	}
	got, want := cfg.Serve, Default().Serve
	got.Listen, got.HostKey, got.IdleTimeout, got.MaxSessions, got.MaxSessionsPerPerson = want.Listen, want.HostKey, want.IdleTimeout, want.MaxSessions, want.MaxSessionsPerPerson
	if got != want {
		t.Errorf("config.example.toml's [serve] limits %+v, the defaults %+v", got, want)
	}
}

// accessible = true on a person makes their console plain, and at the top
// of the file everyone's.
func TestAccessibleMakesConsolesPlain(t *testing.T) {
	people := "[[people]]\nid = \"morris\"\nname = \"Sgt Morris\"\nrole = \"supervisor\"\n\n" +
		"[[people]]\nid = \"khan\"\nname = \"PC Khan\"\nrole = \"officer\"\naccessible = true\n"
	cfg, err := Load(writeConfig(t, people))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Plain("morris") || !cfg.Plain("khan") {
		t.Fatalf("per person: morris plain %v, khan plain %v; want false, true", cfg.Plain("morris"), cfg.Plain("khan"))
	}
	cfg, err = Load(writeConfig(t, "accessible = true\n"+people))
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Plain("morris") {
		t.Fatal("accessible = true at the top left morris's console full")
	}
}
