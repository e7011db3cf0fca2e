package app

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/log"
	gossh "golang.org/x/crypto/ssh"

	"github.com/dutydesk/dutydesk/internal/config"
	"github.com/dutydesk/dutydesk/internal/sshd"
)

// lockedBuffer is a log that tests read while the server writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// serveConfig serves an empty desk over SSH with the [serve] table body,
// as `dutydesk serve` does, and returns its address and log.
func serveConfig(t *testing.T, serve string) (string, *lockedBuffer) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	body := "[[people]]\nid = \"morris\"\nname = \"Sgt Morris\"\nrole = \"supervisor\"\n\n[serve]\nhost_key = \"host_key\"\n" + serve
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Serve.HostKey = filepath.Join(dir, "host_key")
	ctx, cancel := context.WithCancel(context.Background())
	d, closeDesk, err := Open(ctx, filepath.Join(dir, "desk.db"), cfg, cfg.DeskPeople(), nil)
	if err != nil {
		t.Fatal(err)
	}
	kr, err := Keyring(cfg)
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	srv, err := sshd.New(d, kr, SSHOptions(cfg.Serve, log.New(logs)))
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, l) }()
	t.Cleanup(func() {
		cancel()
		<-done
		closeDesk()
	})
	return l.Addr().String(), logs
}

// greeted dials addr and reports whether the server said its SSH hello
// (the connection is kept open until the test ends).
func greeted(t *testing.T, addr string) bool {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	line, _ := bufio.NewReader(c).ReadString('\n')
	return strings.HasPrefix(line, "SSH-2.0-")
}

// TestServeLimitsComeFromTheConfig: each pre-login limit set in [serve]
// is the one the server holds connections to.
func TestServeLimitsComeFromTheConfig(t *testing.T) {
	t.Run("max_startups", func(t *testing.T) {
		addr, logs := serveConfig(t, "max_startups = \"2\"\n")
		if !greeted(t, addr) || !greeted(t, addr) {
			t.Fatal("the first two connections were not greeted")
		}
		if greeted(t, addr) {
			t.Fatal("a third connection not logged in was taken with max_startups = \"2\"")
		}
		if !strings.Contains(logs.String(), "(max_startups 2:100:2)") {
			t.Errorf("the log does not name the configured limit:\n%s", logs.String())
		}
	})
	t.Run("login_grace_time", func(t *testing.T) {
		addr, _ := serveConfig(t, "login_grace_time = \"1s\"\n")
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		start := time.Now()
		c.SetReadDeadline(start.Add(20 * time.Second))
		io.Copy(io.Discard, c) // until the server hangs up
		if took := time.Since(start); took > 15*time.Second {
			t.Fatalf("a silent connection was held %s with login_grace_time = \"1s\"", took)
		}
	})
	t.Run("connection_rate_per_address", func(t *testing.T) {
		addr, logs := serveConfig(t, "connection_rate_per_address = 0.1\n")
		if !greeted(t, addr) {
			t.Fatal("the first connection was not greeted")
		}
		if greeted(t, addr) {
			t.Fatal("a second connection at once was taken with connection_rate_per_address = 0.1 (a burst of 1)")
		}
		if !strings.Contains(logs.String(), "too many new connections from this address") {
			t.Errorf("the log does not say why:\n%s", logs.String())
		}
	})
	t.Run("lockout", func(t *testing.T) {
		addr, _ := serveConfig(t, "lockout_failures = 2\nlockout_duration = \"7m\"\n")
		var banner string
		for i := 0; i < 3; i++ {
			_, key, _ := ed25519.GenerateKey(rand.Reader)
			signer, err := gossh.NewSignerFromKey(key)
			if err != nil {
				t.Fatal(err)
			}
			banner = ""
			cc := &gossh.ClientConfig{User: "morris", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
				HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second,
				BannerCallback: func(msg string) error { banner += msg; return nil }}
			if c, err := gossh.Dial("tcp", addr, cc); err == nil {
				c.Close()
				t.Fatal("a stranger's key logged in")
			}
		}
		if !strings.Contains(banner, "too many failed logins") || !strings.Contains(banner, "for 7m0s more") {
			t.Errorf("after 2 failures with lockout_failures = 2 a stranger was told %q, want turned away for 7m", banner)
		}
	})
}

// TestDefaultServeLimitsAreOpenSSHs: with no limits in [serve] the server
// gets the defaults config.example.toml documents.
func TestDefaultServeLimitsAreOpenSSHs(t *testing.T) {
	o := SSHOptions(config.Default().Serve, nil)
	if o.LoginGrace != 30*time.Second || o.MaxStartups != sshd.DefaultStartups || o.ConnRatePerAddr != 2 || o.ConnRate != 50 ||
		o.SessionRate != 1 || o.LockoutFailures != 20 || o.LockoutWindow != 10*time.Minute || o.LockoutDuration != 15*time.Minute {
		t.Errorf("default limits %+v", o)
	}
	if o := SSHOptions(config.ServeConfig{LoginGraceTime: "0", MaxStartups: "10:30:60"}, nil); o.LoginGrace >= 0 {
		t.Errorf("login_grace_time = \"0\" gave LoginGrace %s, want no limit (negative)", o.LoginGrace)
	}
}
