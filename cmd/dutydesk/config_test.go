package main

import (
	"context"
	"github.com/dutydesk/dutydesk/feeds/demo"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestExampleConfigLoads(t *testing.T) {
	cfg, err := loadConfig(filepath.Join("..", "..", "config.example.toml"))
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
		{"off template", "[duty]\noff_template = \"Off duty, see you tomorrow\"\n", ":2: duty.off_template must tell the public to call 999"},
		{"typo", "team = \"x\"\n[sla]\nacknowlege_minutes = 5\n", `unknown key "sla.acknowlege_minutes"`},
		{"unknown account", "[[people]]\nid = \"a\"\nrole = \"supervisor\"\naccount = \"pc-a\"\n", `:4: people[0].account "pc-a" is not one of the [[mastodon.accounts]] names`},
		{"duplicate person", "[[people]]\nid = \"a\"\nrole = \"supervisor\"\n[[people]]\nid = \"a\"\nrole = \"officer\"\n", `:5: people[1].id "a" is used twice`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "team.toml")
			if err := os.WriteFile(path, []byte(c.src), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := loadConfig(path)
			if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want it to name %s and contain %q", err, path, c.want)
			}
		})
	}
}

func TestSurgeRateAcceptsPerSecond(t *testing.T) {
	for in, want := range map[string]float64{"2000": 2000, "2000/s": 2000, " 50/s ": 50, "0.5/s": 0.5} {
		var r surgeRate
		if err := r.Set(in); err != nil || float64(r) != want {
			t.Errorf("--surge %q = %v, %v; want %v", in, float64(r), err, want)
		}
	}
	for _, bad := range []string{"fast", "-3/s", "10/m"} {
		var r surgeRate
		if err := r.Set(bad); err == nil {
			t.Errorf("--surge %q accepted", bad)
		}
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

// A demo stopped straight after it began (before any arrival) has already put
// the team on duty; starting it again must not fail on the same change.
func TestDemoRestartedAtOnceRepeatsNoDutyChange(t *testing.T) {
	ctx := context.Background()
	_, people := demo.Team()
	d, closeDesk, err := openDesk(ctx, filepath.Join(t.TempDir(), "demo.db"), defaultConfig(), demoPeople(people), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDesk()
	steps := demo.Shift(time.Now())
	for _, st := range steps {
		if st.Duty != nil {
			actOut(ctx, d, st) // the first run
			before := d.LastSeq()
			actOut(ctx, d, st) // the restart replays it
			if d.LastSeq() != before || d.Health()["demo"] != "" {
				t.Fatalf("the repeated duty step changed the desk or reported %q", d.Health()["demo"])
			}
			return
		}
	}
	t.Fatal("the demo shift has no duty step")
}

func TestServeConfigIsValidatedWithLines(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ body, want string }{
		{"[serve]\nidle_timeout = \"soon\"\n", "config.toml:2: serve.idle_timeout"},
		{"[serve]\nlisten = \"2222\"\n", "config.toml:2: serve.listen"},
		{"[serve]\nmax_sessions = 0\n", "config.toml:2: serve.max_sessions must be ≥ 1"},
		{"[[people]]\nid = \"morris\"\nrole = \"supervisor\"\nkeys = [\"ssh-rsa nonsense\"]\n", "config.toml:4: people[0].keys[0] is not an authorized_keys line"},
	} {
		path := filepath.Join(dir, "config.toml")
		if err := os.WriteFile(path, []byte(tc.body), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := loadConfig(path)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("config %q: error %v, want %q", tc.body, err, tc.want)
		}
	}
	path := filepath.Join(dir, "config.toml")
	os.WriteFile(path, []byte("[serve]\nidle_timeout = \"90s\"\nmax_sessions_per_person = 2\n"), 0o600)
	cfg, err := loadConfig(path)
	if err != nil || cfg.Serve.idle != 90*time.Second || cfg.Serve.MaxSessionsPerPerson != 2 || cfg.Serve.Listen != "127.0.0.1:2222" {
		t.Fatalf("loadConfig = %+v, %v", cfg.Serve, err)
	}
}

// TestKeyringProblemsPointAtTheirLine: a key given to two people, or an
// authorized_keys file that is missing, is reported at its line in the
// config, and a relative authorized_keys path is next to the config.
func TestKeyringProblemsPointAtTheirLine(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	key := "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDOLu4T3SfiVqQqXVB8kbIF6W8M6uIcnFn7IhEmsexn2 a@b"
	body := "[[people]]\nid = \"morris\"\nrole = \"supervisor\"\nkeys = [\"" + key + "\"]\n\n[[people]]\nid = \"ellis\"\nrole = \"supervisor\"\nauthorized_keys = \"ellis.keys\"\n"
	os.WriteFile(path, []byte(body), 0o600)
	cfg, err := loadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := loadKeyring(cfg); err == nil || !strings.Contains(err.Error(), "config.toml:9: people[1].authorized_keys") {
		t.Fatalf("a missing authorized_keys file: %v, want it named at line 9", err)
	}
	os.WriteFile(filepath.Join(dir, "ellis.keys"), []byte(key+"\n"), 0o600)
	if _, err := loadKeyring(cfg); err == nil || !strings.Contains(err.Error(), "config.toml:9:") || !strings.Contains(err.Error(), "already morris's") {
		t.Fatalf("a key given to two people: %v, want it named at line 9", err)
	}
}
