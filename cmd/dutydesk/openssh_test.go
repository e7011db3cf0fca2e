package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"
	gossh "golang.org/x/crypto/ssh"

	"github.com/dutydesk/dutydesk/internal/screentest"
)

// TestOpenSSHClientEndToEnd drives the real binary with the OpenSSH client
// (skipped with a message where ssh is not installed; CI installs it): a
// key on the roster gets its console with a terminal (-tt) and quits with
// q; a key not on the roster is refused with the one-line banner naming its
// fingerprint; without a terminal (-T) the client is told to use ssh -t.
func TestOpenSSHClientEndToEnd(t *testing.T) {
	sshBin, err := exec.LookPath("ssh")
	if err != nil {
		t.Skip("the OpenSSH client (ssh) is not installed: apt-get install openssh-client to run this test")
	}
	bin := buildBinary(t)
	s := startServe(t, bin, "")
	dir := t.TempDir()
	writeKey := func(name string, priv ed25519.PrivateKey) string {
		block, err := gossh.MarshalPrivateKey(priv, "")
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// morris's key in the harness is a signer; give him a key OpenSSH can read.
	_, morrisPriv, _ := ed25519.GenerateKey(rand.Reader)
	morrisSigner, _ := gossh.NewSignerFromKey(morrisPriv)
	s.keys["morris"] = morrisSigner
	s.writeConfig(nil, nil)
	if err := s.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	s.waitLog("roster reloaded")
	host, port, _ := net.SplitHostPort(s.addr)
	ssh := func(key string, args ...string) *exec.Cmd {
		base := []string{"-F", "/dev/null", "-p", port, "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
			"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-l", "anyone"}
		return exec.Command(sshBin, append(append(base, args...), host)...)
	}

	// A console, in a 100×30 terminal as a person's would be.
	cmd := ssh(writeKey("morris", morrisPriv), "-tt")
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 30, Cols: 100})
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	in := tty
	// Answer the primary device attributes query as a real terminal does.
	out := &screentest.Screen{OnWrite: func(p []byte) {
		if strings.Contains(string(p), "\x1b[c") {
			go in.Write([]byte("\x1b[?62;22c"))
		}
	}}
	go io.Copy(out, tty)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.Now().Add(wait)
	for !strings.Contains(ansi.Strip(out.String()), "Sgt Morris (you)") {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("ssh -tt never showed the console; it showed:\n%q\nthe server:\n%s", tail(out.String(), 1500), s.stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	in.Write([]byte("q"))
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("ssh after q: %v", err)
		}
	case <-time.After(wait):
		cmd.Process.Kill()
		t.Fatal("ssh did not end after q")
	}

	// A stranger's key.
	_, strangerPriv, _ := ed25519.GenerateKey(rand.Reader)
	strangerSigner, _ := gossh.NewSignerFromKey(strangerPriv)
	got, err := ssh(writeKey("stranger", strangerPriv), "-T").CombinedOutput()
	fp := gossh.FingerprintSHA256(strangerSigner.PublicKey())
	if err == nil || !strings.Contains(string(got), "key "+fp+" is not on Team 3's roster") || !strings.Contains(string(got), "Permission denied (publickey)") {
		t.Errorf("a stranger's key: %v\n%s", err, got)
	}

	// No terminal.
	got, _ = ssh(filepath.Join(dir, "morris"), "-T").CombinedOutput()
	if !strings.Contains(string(got), "needs a terminal; connect with ssh -t") {
		t.Errorf("without a terminal ssh showed:\n%s", got)
	}

	// The plain console, for a screen reader: `ssh HOST plain` without a
	// terminal, lines typed in the client's own line mode.
	plain := ssh(filepath.Join(dir, "morris"), "-T")
	plain.Args = append(plain.Args, "plain")
	plain.Stdin = strings.NewReader("help quit\nquit\n")
	got, err = plain.CombinedOutput()
	if err != nil || !strings.Contains(string(got), "You are Sgt Morris, supervisor.") ||
		!strings.Contains(string(got), "quit: leave the console; the desk carries on.") || strings.Contains(string(got), "\x1b") {
		t.Errorf("ssh HOST plain: %v\n%q", err, got)
	}
}
