package desktest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// WriteTeamConfig writes a team's config for the Mastodon server at instance
// — two people, the team account's token in a file of the given mode next to
// it, the desk's store in the same directory — and returns the config's path.
func WriteTeamConfig(t testing.TB, instance, token string, mode os.FileMode) string {
	t.Helper()
	dir := t.TempDir()
	tokenPath := filepath.Join(dir, "team.token")
	if err := os.WriteFile(tokenPath, []byte(token+"\n"), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(tokenPath, mode); err != nil { // umask may have narrowed it
		t.Fatal(err)
	}
	cfg := fmt.Sprintf(`team = "Team 3 · Carlisle North"
db = %q

[[people]]
id = "khan"
name = "PC Khan"
role = "officer"
on_shift = true

[[people]]
id = "morris"
name = "Sgt Morris"
role = "supervisor"
on_shift = true

[mastodon]
instance = %q
timeline = "home"
visibility = "public"
poll_interval = "5s"

[[mastodon.accounts]]
name = "team"
token_file = "team.token"
team = true
`, filepath.Join(dir, "desk.db"), instance)
	path := filepath.Join(dir, "team.toml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Eventually polls cond until it holds, failing the test after 15 seconds:
// long enough for a loaded machine, short enough to name what never came.
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
