package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeConfig(t *testing.T, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "team.toml")
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

const peopleTOML = `team = "Team 3"

[[people]]
id = "morris"
name = "Sgt Morris"
role = "supervisor"
`

func TestConfigMastodonTable(t *testing.T) {
	path := writeConfig(t, peopleTOML+`
[mastodon]
instance = "https://mastodon.example"
poll_interval = "45s"

[[mastodon.accounts]]
name = "team"
token_file = "secrets/team.token"
team = true

[[mastodon.accounts]]
name = "pc-khan"
token_env = "DUTYDESK_PC_KHAN_TOKEN"
`)
	cfg, err := loadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	m := cfg.Mastodon
	if !cfg.hasMastodon || m.Instance != "https://mastodon.example" || m.PollInterval != 45*time.Second || len(m.Accounts) != 2 {
		t.Fatalf("decoded %+v", m)
	}
	if want := filepath.Join(filepath.Dir(path), "secrets", "team.token"); m.Accounts[0].TokenFile != want {
		t.Errorf("relative token_file = %q, want %q (next to the config)", m.Accounts[0].TokenFile, want)
	}
}

func TestConfigMastodonErrorsPointAtTheLine(t *testing.T) {
	cases := map[string]struct {
		src, want string
	}{
		"bad instance": {`
[mastodon]
instance = "mastodon.example"

[[mastodon.accounts]]
name = "team"
token_file = "t"
team = true
`, ":9: mastodon.instance:"},
		"inline token in the second account": {`
[mastodon]
instance = "https://mastodon.example"

[[mastodon.accounts]]
name = "team"
token_file = "t"
team = true

[[mastodon.accounts]]
name = "khan"
token = "s3cret-inline"
`, ":18: mastodon.accounts[1]: remove token"},
		"account without a name": {`
[mastodon]
instance = "https://mastodon.example"

[[mastodon.accounts]]
name = "team"
token_file = "t"
team = true

[[mastodon.accounts]]
token_env = "X"
`, ":16: mastodon.accounts[1]: name is not set"},
		"no accounts": {`
[mastodon]
instance = "https://mastodon.example"
`, ":8: mastodon.accounts: none configured"},
		"misspelt key": {`
[mastodon]
instance = "https://mastodon.example"

[[mastodon.accounts]]
name = "team"
token_fil = "t"
team = true
`, `:13: unknown key "mastodon.accounts.token_fil"`},
	}
	for name, c := range cases {
		path := writeConfig(t, peopleTOML+c.src)
		_, err := loadConfig(path)
		if err == nil || !strings.Contains(err.Error(), path+c.want) {
			t.Errorf("%s: err = %v, want %q", name, err, path+c.want)
		}
		if err != nil && strings.Contains(err.Error(), "s3cret-inline") {
			t.Errorf("%s: the inline token is in the error", name)
		}
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
	_, err := loadConfig(path)
	for _, want := range []string{path + ":9: mastodon.instance", path + ":10: mastodon.visibility", path + ":12: mastodon.accounts: 0 accounts have team = true"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want it to say %q", err, want)
		}
	}
}

func TestConfigWithoutMastodonStillServesTheDemo(t *testing.T) {
	path := writeConfig(t, peopleTOML)
	if _, err := loadConfig(path); err != nil {
		t.Fatalf("a config without [mastodon] is refused: %v", err)
	}
	var out, errb bytes.Buffer
	if code := runRun([]string{"--config", path}, strings.NewReader(""), &out, &errb); code != 1 || !strings.Contains(errb.String(), "no [mastodon] table") || !strings.Contains(errb.String(), "dutydesk login") {
		t.Errorf("run without [mastodon]: exit %d, %q", code, errb.String())
	}
}

func TestRunAsMustBeOnTheRoster(t *testing.T) {
	path := writeConfig(t, peopleTOML+`
[mastodon]
instance = "https://mastodon.example"

[[mastodon.accounts]]
name = "team"
token_file = "t"
team = true
`)
	var out, errb bytes.Buffer
	if code := runRun([]string{"--config", path, "--as", "nobody"}, strings.NewReader(""), &out, &errb); code != 1 || !strings.Contains(errb.String(), `--as "nobody" is not in [[people]]`) {
		t.Errorf("exit %d, %q", code, errb.String())
	}
	errb.Reset()
	if code := runRun([]string{"--config", filepath.Join(t.TempDir(), "missing.toml")}, strings.NewReader(""), &out, &errb); code != 1 || !strings.Contains(errb.String(), "--config") {
		t.Errorf("missing config: exit %d, %q", code, errb.String())
	}
}

// TestMastodonREADMEConfigLoads keeps the [mastodon] snippet in
// feeds/mastodon/README.md in step with what loadConfig accepts.
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
	cfg, err := loadConfig(path)
	if err != nil {
		t.Fatalf("the README's config does not load: %v", err)
	}
	if m := cfg.Mastodon; len(m.Accounts) != 2 || !m.Accounts[0].Team || m.PollInterval != 30*time.Second || m.Timeline != "home" {
		t.Errorf("decoded %+v", m)
	}
}
