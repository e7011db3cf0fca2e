package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dutydesk/dutydesk/internal/config"
)

// TestKeyringProblemsPointAtTheirLine: a key given to two people, or an
// authorized_keys file that is missing, is reported at its line in the
// config, and a relative authorized_keys path is next to the config.
func TestKeyringProblemsPointAtTheirLine(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	key := "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDOLu4T3SfiVqQqXVB8kbIF6W8M6uIcnFn7IhEmsexn2 a@b"
	body := "[[people]]\nid = \"morris\"\nrole = \"supervisor\"\nkeys = [\"" + key + "\"]\n\n[[people]]\nid = \"ellis\"\nrole = \"supervisor\"\nauthorized_keys = \"ellis.keys\"\n"
	os.WriteFile(path, []byte(body), 0o600)
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Keyring(cfg); err == nil || !strings.Contains(err.Error(), "config.toml:9: people[1].authorized_keys") {
		t.Fatalf("a missing authorized_keys file: %v, want it named at line 9", err)
	}
	os.WriteFile(filepath.Join(dir, "ellis.keys"), []byte(key+"\n"), 0o600)
	if _, err := Keyring(cfg); err == nil || !strings.Contains(err.Error(), "config.toml:9:") || !strings.Contains(err.Error(), "already morris's") {
		t.Fatalf("a key given to two people: %v, want it named at line 9", err)
	}
}
