package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/internal/screentest"
)

// servedDesk is the real binary running `dutydesk serve` on loopback, with a
// key for each of morris, ellis and khan.
type servedDesk struct {
	t       *testing.T
	dir     string
	cfgPath string
	extra   string
	addr    string
	keys    map[string]gossh.Signer
	cmd     *exec.Cmd
	stderr  *screentest.Screen
	done    chan struct{}
}

var servedTeam = []struct{ id, name, role string }{
	{"morris", "Sgt Morris", "supervisor"},
	{"ellis", "Sgt Ellis", "supervisor"},
	{"khan", "PC Khan", "officer"},
}

// startServe writes a config (extra is appended to it) and starts `dutydesk
// serve` on it, waiting until it says where it listens.
func startServe(t *testing.T, bin, extra string) *servedDesk {
	t.Helper()
	return startServeIn(t, bin, t.TempDir(), extra)
}

// startServeIn is startServe with the config and store in dir, and more
// flags for serve.
func startServeIn(t *testing.T, bin, dir, extra string, flags ...string) *servedDesk {
	t.Helper()
	s := &servedDesk{t: t, dir: dir, keys: map[string]gossh.Signer{}, stderr: &screentest.Screen{}, done: make(chan struct{})}
	for _, p := range servedTeam {
		s.keys[p.id] = newTestSigner(t)
	}
	s.cfgPath = filepath.Join(dir, "config.toml")
	s.extra = extra
	s.writeConfig(nil, nil)
	path := s.cfgPath
	s.cmd = exec.Command(bin, append([]string{"serve", "--config", path, "--db", filepath.Join(dir, "desk.db")}, flags...)...)
	s.cmd.Stderr = s.stderr
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.cmd.Wait(); close(s.done) }()
	t.Cleanup(func() {
		if !s.exited() {
			s.cmd.Process.Kill()
			<-s.done
		}
	})
	listening := regexp.MustCompile(`addr=(127\.0\.0\.1:\d+)`)
	deadline := time.Now().Add(wait)
	for s.addr == "" {
		if m := listening.FindStringSubmatch(s.stderr.String()); m != nil {
			s.addr = m[1]
		} else if s.exited() || time.Now().After(deadline) {
			t.Fatalf("dutydesk serve did not start listening:\n%s", s.stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	return s
}

func newTestSigner(t *testing.T) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer
}

// writeConfig writes the config: roles overrides a person's role, and a
// person in keys has those keys instead of their own (none if nil).
func (s *servedDesk) writeConfig(roles map[string]string, keys map[string][]gossh.Signer) {
	s.t.Helper()
	var cfg strings.Builder
	fmt.Fprintf(&cfg, "team = \"Team 3\"\n\n[serve]\nlisten = \"127.0.0.1:0\"\nhost_key = %q\n\n", filepath.Join(s.dir, "host_ed25519"))
	for _, p := range servedTeam {
		role := p.role
		if r, ok := roles[p.id]; ok {
			role = r
		}
		signers := []gossh.Signer{s.keys[p.id]}
		if k, ok := keys[p.id]; ok {
			signers = k
		}
		var lines []string
		for _, k := range signers {
			lines = append(lines, fmt.Sprintf("%q", strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k.PublicKey())))))
		}
		fmt.Fprintf(&cfg, "[[people]]\nid = %q\nname = %q\nrole = %q\non_shift = true\nkeys = [%s]\n\n", p.id, p.name, role, strings.Join(lines, ", "))
	}
	cfg.WriteString(s.extra)
	if err := os.WriteFile(s.cfgPath, []byte(cfg.String()), 0o600); err != nil {
		s.t.Fatal(err)
	}
}

func (s *servedDesk) exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// sshConsole is one console over SSH as its terminal sees it.
type sshConsole struct {
	client *gossh.Client
	in     io.Writer
	out    *screentest.Screen
}

// console logs person in with an 100×30 PTY and waits for their console.
func (s *servedDesk) console(person string) *sshConsole {
	s.t.Helper()
	client, err := gossh.Dial("tcp", s.addr, &gossh.ClientConfig{
		User: person, Auth: []gossh.AuthMethod{gossh.PublicKeys(s.keys[person])},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: wait,
	})
	if err != nil {
		s.t.Fatalf("%s logs in: %v", person, err)
	}
	s.t.Cleanup(func() { client.Close() })
	sess, err := client.NewSession()
	if err != nil {
		s.t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{}); err != nil {
		s.t.Fatal(err)
	}
	in, err := sess.StdinPipe()
	if err != nil {
		s.t.Fatal(err)
	}
	// Answer the primary device attributes query as a real terminal does.
	c := &sshConsole{client: client, in: in, out: &screentest.Screen{OnWrite: func(p []byte) {
		if bytes.Contains(p, []byte("\x1b[c")) {
			go in.Write([]byte("\x1b[?62;22c"))
		}
	}}}
	sess.Stdout, sess.Stderr = c.out, c.out
	if err := sess.Shell(); err != nil {
		s.t.Fatal(err)
	}
	c.waitFor(s.t, "(you)")
	return c
}

func (c *sshConsole) waitFor(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !strings.Contains(ansi.Strip(c.out.String()), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the console never showed %q; it showed:\n%s", want, ansi.Strip(c.out.String()))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// envRuns is how many times a looped test runs: the variable's value, else
// def (kept small for CI).
func envRuns(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a number of runs ≥ 1", name, v)
	}
	return n
}

// TestSIGTERMWithFiveConsolesSaysGoodbyeAndExitsZero: the real binary
// serving five consoles is sent SIGTERM; every console is told the desk is
// shutting down, every logout is stored, and the process exits 0 within
// 5 s. DUTYDESK_SIGTERM_RUNS sets how many times (default 5).
func TestSIGTERMWithFiveConsolesSaysGoodbyeAndExitsZero(t *testing.T) {
	runs := envRuns(t, "DUTYDESK_SIGTERM_RUNS", 5)
	bin := buildBinary(t)
	failures := 0
	for i := 0; i < runs; i++ {
		if !t.Run(fmt.Sprintf("run %d", i+1), func(t *testing.T) { sigtermFiveConsoles(t, bin) }) {
			failures++
		}
	}
	t.Logf("%d runs, %d failures", runs, failures)
}

func sigtermFiveConsoles(t *testing.T, bin string) {
	s := startServe(t, bin, "")
	var consoles []*sshConsole
	for _, who := range []string{"morris", "ellis", "khan", "morris", "ellis"} {
		consoles = append(consoles, s.console(who))
	}
	sent := time.Now()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		t.Fatalf("dutydesk serve had not exited 5 s after SIGTERM:\n%s", s.stderr.String())
	}
	took := time.Since(sent)
	if code := s.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("dutydesk serve exited %d after SIGTERM (in %s):\n%s", code, took, s.stderr.String())
	}
	t.Logf("exited 0 %s after SIGTERM", took.Round(time.Millisecond))
	for i, c := range consoles {
		if !strings.Contains(ansi.Strip(c.out.String()), "the desk is shutting down") {
			t.Errorf("console %d was not told the desk is shutting down; it showed:\n%s", i+1, tail(ansi.Strip(c.out.String()), 500))
		}
	}
	d := openStoreForCheck(t, filepath.Join(s.dir, "desk.db"))
	evs, err := d.Events(0)
	if err != nil {
		t.Fatal(err)
	}
	opened, closed := 0, 0
	for _, ev := range evs {
		switch ev.Type {
		case desk.EvSessionOpened:
			opened++
		case desk.EvSessionClosed:
			a, err := ev.Access()
			if err != nil {
				t.Fatal(err)
			}
			if a.Reason != "shutdown" {
				t.Errorf("a logout was stored with reason %q, want shutdown", a.Reason)
			}
			closed++
		}
	}
	if opened != 5 || closed != 5 {
		t.Errorf("stored %d logins and %d logouts, want 5 of each", opened, closed)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// press types keys into the console.
func (c *sshConsole) press(t *testing.T, keys string) {
	t.Helper()
	if _, err := c.in.Write([]byte(keys)); err != nil {
		t.Fatalf("press %q: %v", keys, err)
	}
}

// waitLog waits until the server's log shows want.
func (s *servedDesk) waitLog(want string) {
	s.t.Helper()
	deadline := time.Now().Add(wait)
	for !strings.Contains(s.stderr.String(), want) {
		if time.Now().After(deadline) {
			s.t.Fatalf("the server never logged %q:\n%s", want, s.stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestRosterReloadsOnSIGHUPAndFileChange: the real binary serving consoles
// reloads its roster on SIGHUP: a revoked key's console ends with a line
// saying so, a demoted supervisor is refused duty at once. A config that
// does not load (written, no signal: the file change is seen) keeps the old
// roster and the log says why; a new key added to the file logs in without
// a signal or restart.
func TestRosterReloadsOnSIGHUPAndFileChange(t *testing.T) {
	bin := buildBinary(t)
	s := startServe(t, bin, "")
	khan, ellis := s.console("khan"), s.console("ellis")

	s.writeConfig(map[string]string{"ellis": "officer"}, map[string][]gossh.Signer{"khan": nil})
	if err := s.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	s.waitLog("roster reloaded")
	khan.waitFor(t, "is no longer on the roster")
	ellis.press(t, "d")
	ellis.waitFor(t, "only a supervisor can put the team on or off duty")

	if err := os.WriteFile(s.cfgPath, []byte("team = \"Team 3\"\n[[people]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.waitLog("roster reload failed; keeping the old roster")
	s.console("morris") // the old roster still lets morris in

	fresh := newTestSigner(t)
	s.writeConfig(map[string]string{"ellis": "officer"}, map[string][]gossh.Signer{"khan": {fresh}})
	s.waitLog(`roster reloaded trigger="a roster file changed"`)
	s.keys["khan"] = fresh
	s.console("khan")
	if s.exited() {
		t.Fatalf("the server stopped:\n%s", s.stderr.String())
	}
}
