package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dutydesk/dutydesk/internal/config"
)

// writeConfig writes a config of the team's roster followed by more.
func writeConfig(t *testing.T, more string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "team.toml")
	src := "team = \"Team 3\"\n\n[[people]]\nid = \"morris\"\nname = \"Sgt Morris\"\nrole = \"supervisor\"\n" + more
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestConfigWithoutMastodonStillServesTheDemo(t *testing.T) {
	path := writeConfig(t, "")
	if _, err := config.Load(path); err != nil {
		t.Fatalf("a config without [mastodon] is refused: %v", err)
	}
	var out, errb bytes.Buffer
	if code := runRun([]string{"--config", path}, strings.NewReader(""), &out, &errb); code != 1 || !strings.Contains(errb.String(), "no [mastodon] table") || !strings.Contains(errb.String(), "dutydesk login") {
		t.Errorf("run without [mastodon]: exit %d, %q", code, errb.String())
	}
}

func TestRunAsMustBeOnTheRoster(t *testing.T) {
	path := writeConfig(t, `
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
