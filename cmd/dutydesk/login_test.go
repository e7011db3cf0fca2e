package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/dutydesk/dutydesk/feeds/mastodon"
	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
	"github.com/dutydesk/dutydesk/internal/app"
	"github.com/dutydesk/dutydesk/internal/config"
	"github.com/dutydesk/dutydesk/internal/desktest"
)

func TestLoginWritesPrivateTokenAndPrintsConfig(t *testing.T) {
	srv := mastotest.New(t)
	path := filepath.Join(t.TempDir(), "sub", "team.token")
	var out, errb bytes.Buffer
	code := runLogin([]string{"--instance", srv.URL(), "--token-file", path}, strings.NewReader(srv.AuthCode("team")+"\n"), &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("token file mode %#o, want 0600", st.Mode().Perm())
	}
	tok, _ := os.ReadFile(path)
	if strings.Contains(out.String(), strings.TrimSpace(string(tok))) || strings.Contains(errb.String(), strings.TrimSpace(string(tok))) {
		t.Error("login printed the token")
	}
	// the printed lines, pasted under the instance, make a working config
	printed := out.String()[strings.Index(out.String(), "[[mastodon.accounts]]"):]
	var file struct{ Mastodon mastodon.Config }
	if _, err := toml.Decode("[mastodon]\ninstance = \""+srv.URL()+"\"\n"+printed, &file); err != nil {
		t.Fatalf("printed config does not parse: %v\n%s", err, printed)
	}
	if a := file.Mastodon.Accounts; len(a) != 1 || a[0].Name != "team" || !a[0].Team || a[0].TokenFile != path {
		t.Errorf("printed account %+v", a)
	}
	if err := file.Mastodon.Validate(); err != nil {
		t.Error(err)
	}
}

func TestLoginFlags(t *testing.T) {
	var out, errb bytes.Buffer
	if code := runLogin([]string{"--help"}, strings.NewReader(""), &out, &errb); code != 0 || !strings.Contains(out.String(), "--instance") {
		t.Errorf("--help: exit %d, %q", code, out.String())
	}
	errb.Reset()
	if code := runLogin(nil, strings.NewReader(""), &out, &errb); code != 2 || !strings.Contains(errb.String(), "--instance is required") {
		t.Errorf("no flags: exit %d, %q", code, errb.String())
	}
	errb.Reset()
	if code := runLogin([]string{"--instance", "https://x.example", "--account", "../etc"}, strings.NewReader(""), &out, &errb); code != 2 {
		t.Errorf("bad account name: exit %d", code)
	}
}

// TestSecretFilesArePrivateWhateverTheUmask: the store (and its write-ahead
// log and shared-memory index) and the token file are created 0600 even
// under umask 000. (internal/sshd tests the host key.)
func TestSecretFilesArePrivateWhateverTheUmask(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	dir := t.TempDir()

	cfg := config.Default()
	cfg.People = []config.PersonConfig{{ID: "morris", Name: "Sgt Morris", Role: "supervisor"}}
	d, closeDesk, err := app.Open(context.Background(), filepath.Join(dir, "desk.db"), cfg, cfg.DeskPeople(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDesk()
	desktest.Question(t, d, "q1", "@amy", "is the road open?")
	token := filepath.Join(dir, "tokens", "team.token")
	if err := mastodon.WriteToken(token, "tok-secret"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"desk.db", "desk.db-wal", "desk.db-shm", "tokens/team.token"} {
		info, err := os.Stat(filepath.Join(dir, p))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if perm := info.Mode().Perm(); perm&0o077 != 0 {
			t.Errorf("%s is mode %#o under umask 000, want 0600", p, perm)
		}
	}
}
