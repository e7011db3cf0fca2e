package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/dutydesk/dutydesk/feeds/mastodon"
	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
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
	if code := runLogin([]string{"--help"}, strings.NewReader(""), &out, &errb); code != 0 || !strings.Contains(errb.String(), "--instance") {
		t.Errorf("--help: exit %d, %q", code, errb.String())
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
