package sshd

import (
	"crypto/dsa"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/internal/desktest"
	gossh "golang.org/x/crypto/ssh"
)

func rsaSigner(t *testing.T, bits int) gossh.Signer {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dsaAuthorizedKey is an authorized_keys line for a new DSA key, written
// out by hand: x/crypto no longer marshals DSA keys.
func dsaAuthorizedKey(t *testing.T) string {
	t.Helper()
	var k dsa.PrivateKey
	if err := dsa.GenerateParameters(&k.Parameters, rand.Reader, dsa.L1024N160); err != nil {
		t.Fatal(err)
	}
	if err := dsa.GenerateKey(&k, rand.Reader); err != nil {
		t.Fatal(err)
	}
	wire := gossh.Marshal(struct {
		Name       string
		P, Q, G, Y *big.Int
	}{"ssh-dss", k.P, k.Q, k.G, k.Y})
	return "ssh-dss " + base64.StdEncoding.EncodeToString(wire) + " old@laptop"
}

// TestWeakKeysAreRefusedEvenOnTheRoster: an RSA key under 2048 bits is
// refused with a line saying why and what to do, though the roster lists
// it; a 2048-bit RSA key logs in. A DSA key is refused already in the
// config (x/crypto no longer parses ssh-dss at all).
func TestWeakKeysAreRefusedEvenOnTheRoster(t *testing.T) {
	weak := rsaSigner(t, 1024)
	strong := rsaSigner(t, 2048)
	h := startHarnessWith(t, func(h *harness) {
		h.people[0].Keys = append(h.people[0].Keys,
			string(gossh.MarshalAuthorizedKey(weak.PublicKey())), string(gossh.MarshalAuthorizedKey(strong.PublicKey())))
	})
	cc, banner := h.clientConfig("morris", gossh.PublicKeys(weak))
	if c, err := gossh.Dial("tcp", h.addr, cc); err == nil {
		c.Close()
		t.Fatal("a 1024-bit RSA key logged in")
	}
	if got := banner.String(); !strings.Contains(got, "has 1024 bits; at least 2048") || !strings.Contains(got, "ssh-keygen -t ed25519") {
		t.Errorf("refusal %q: want it to say the key is too short and what to do", got)
	}
	h.dial("morris", strong).Close()
	refused := accessEvents(t, h.desk, desk.EvAccessRefused)
	if len(refused) != 1 || !strings.Contains(refused[0].Reason, "too weak") {
		t.Errorf("access.refused events %+v: want one saying the key is too weak", refused)
	}
	// A DSA key cannot even be put on the roster: the config is refused.
	people, _ := testRoster(t, testTeam)
	people[0].Keys = append(people[0].Keys, dsaAuthorizedKey(t))
	if _, err := LoadKeyring(people); err == nil || !strings.Contains(err.Error(), "people[0].keys") {
		t.Errorf("a roster with a DSA key was accepted: %v", err)
	}
	if why := weakKey(strong.PublicKey()); why != "" {
		t.Errorf("a 2048-bit RSA key is refused: %q", why)
	}
}

// TestOneConnectionMayTryOnlySoManyKeys: a client offering many keys is cut
// off after maxAuthTries, even if a key it has not tried yet is on the
// roster.
func TestOneConnectionMayTryOnlySoManyKeys(t *testing.T) {
	h := startHarnessWith(t, nil)
	// x/crypto lets a client ask about maxAuthTries keys without counting
	// them (an agent offers each key it holds), then counts each failure.
	limit := 2 * maxAuthTries
	var signers []gossh.Signer
	for i := 0; i < limit; i++ {
		signers = append(signers, newSigner(t))
	}
	cc, _ := h.clientConfig("morris", gossh.PublicKeys(append(signers, h.keys["morris"])...))
	if c, err := gossh.Dial("tcp", h.addr, cc); err == nil {
		c.Close()
		t.Fatalf("logged in with key number %d on one connection", limit+1)
	}
	if n := len(accessEvents(t, h.desk, desk.EvAccessRefused)); n > limit {
		t.Errorf("%d keys were tried on one connection, want at most %d", n, limit)
	}
	// With its own key first the same person gets in.
	h.dial("morris", h.keys["morris"]).Close()
}

// TestAddressThatKeepsFailingIsTurnedAway: after maxFails failures from one
// address, keys not on the roster are refused from there with a line saying
// why and for how long, until the cooldown has passed — but a colleague's
// key on the roster still logs in from the same address (one station NAT).
func TestAddressThatKeepsFailingIsTurnedAway(t *testing.T) {
	h := startHarnessWith(t, nil)
	var mu sync.Mutex
	now := time.Now()
	h.srv.guard.mu.Lock()
	h.srv.guard.max = 3
	h.srv.guard.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	h.srv.guard.mu.Unlock()
	for i := 0; i < 3; i++ {
		cc, _ := h.clientConfig("morris", gossh.PublicKeys(newSigner(t)))
		if c, err := gossh.Dial("tcp", h.addr, cc); err == nil {
			c.Close()
			t.Fatal("an unknown key logged in")
		}
	}
	cc, banner := h.clientConfig("morris", gossh.PublicKeys(newSigner(t)))
	if c, err := gossh.Dial("tcp", h.addr, cc); err == nil {
		c.Close()
		t.Fatal("an unknown key logged in")
	}
	if got := banner.String(); !strings.Contains(got, "too many failed logins from 127.0.0.1") || !strings.Contains(got, "for 15m0s more") {
		t.Errorf("a turned-away client was told %q, want why and for how long", got)
	}
	if !strings.Contains(h.logs.String(), "after repeated failed logins") {
		t.Errorf("the log does not say why the address was turned away:\n%s", h.logs.String())
	}
	h.dial("khan", h.keys["khan"]).Close() // a colleague at the same address
	mu.Lock()
	now = now.Add(failCooldown + time.Second)
	mu.Unlock()
	cc, banner = h.clientConfig("morris", gossh.PublicKeys(newSigner(t)))
	if c, err := gossh.Dial("tcp", h.addr, cc); err == nil {
		c.Close()
	}
	if got := banner.String(); !strings.Contains(got, "not on Team 3's roster") {
		t.Errorf("after the cooldown an unknown key was told %q, want the usual refusal", got)
	}
}

// TestNoKeyMaterialInLogsOrStore: the server's log and the stored events
// name keys by fingerprint only — never the public key itself — after
// good, unknown and weak logins and a console session.
func TestNoKeyMaterialInLogsOrStore(t *testing.T) {
	weak := rsaSigner(t, 1024)
	h := startHarnessWith(t, func(h *harness) {
		h.people[1].Keys = append(h.people[1].Keys, string(gossh.MarshalAuthorizedKey(weak.PublicKey())))
	})
	stranger := newSigner(t)
	for _, s := range []gossh.Signer{stranger, weak} {
		cc, _ := h.clientConfig("ellis\x1b[2J", gossh.PublicKeys(s))
		if c, err := gossh.Dial("tcp", h.addr, cc); err == nil {
			c.Close()
		}
	}
	scr := h.console("morris", 80, 24)
	scr.waitFor(0, "Inbound")
	scr.press("q")
	scr.waitExit()
	h.shutdown()

	var stored strings.Builder
	evs, err := h.desk.Events(0)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		stored.Write(ev.Payload)
		stored.WriteString(ev.Actor + "\n")
	}
	for _, suffix := range []string{"", "-wal"} {
		raw, _ := os.ReadFile(filepath.Join(h.dir, "desk.db"+suffix))
		stored.Write(raw)
	}
	logs := h.logs.String()
	for _, s := range append([]gossh.Signer{stranger, weak}, h.keys["morris"], h.keys["ellis"]) {
		b64 := base64.StdEncoding.EncodeToString(s.PublicKey().Marshal())
		for _, piece := range []string{b64, b64[len(b64)-32:]} {
			if strings.Contains(logs, piece) {
				t.Errorf("the server log holds key material %s…", piece[:12])
			}
			if strings.Contains(stored.String(), piece) {
				t.Errorf("the store holds key material %s…", piece[:12])
			}
		}
	}
	if strings.Contains(logs, "\x1b") || strings.Contains(stored.String(), "ellis\x1b") {
		t.Error("a user name's escape sequence reached the log or the store")
	}
	if !strings.Contains(logs, gossh.FingerprintSHA256(stranger.PublicKey())) {
		t.Error("the log does not name the refused key by its fingerprint")
	}
}

// TestHostKeyIsPrivateWhateverTheUmask: the host key is created 0600 even
// under umask 000.
func TestHostKeyIsPrivateWhateverTheUmask(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "keys", "host_ed25519")
	if _, err := LoadHostKey(path); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		t.Errorf("the host key is mode %#o under umask 000, want 0600", perm)
	}
}

// TestLogLinesNameThePersonAndCannotBeForged: a roster key holder who types
// a user name with escape codes and a forged log line gets a console, and
// the log names them by person and key fingerprint; no client text puts an
// escape code in the log or starts a line of its own.
func TestLogLinesNameThePersonAndCannotBeForged(t *testing.T) {
	h := startHarness(t, nil)
	forged := "khan\x1b[2J\x1b[31m\r\n2026/12/03 10:00:00 INFO dutydesk: admin logged in"
	cc, _ := h.clientConfig(forged, gossh.PublicKeys(h.keys["khan"]))
	c, err := gossh.Dial("tcp", h.addr, cc)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s := openScreen(t, c, 100, 30)
	s.waitFor(0, "PC Khan (you)")
	s.press("q")
	s.waitExit()
	cc, _ = h.clientConfig(forged, gossh.PublicKeys(newSigner(t))) // a stranger too
	if c, err := gossh.Dial("tcp", h.addr, cc); err == nil {
		c.Close()
	}
	desktest.Eventually(t, "the console's end is logged", func() bool { return strings.Contains(h.logs.String(), "session ended") })
	logs := h.logs.String()
	if strings.ContainsAny(logs, "\x1b\r") {
		t.Errorf("a control character from the client reached the log:\n%q", logs)
	}
	fp := gossh.FingerprintSHA256(h.keys["khan"].PublicKey())
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, "admin logged in") && !strings.Contains(line, "user=") {
			t.Errorf("client text started a log line of its own: %q", line)
		}
		if strings.Contains(line, "session started") && (!strings.Contains(line, "person=khan") || !strings.Contains(line, "key="+fp)) {
			t.Errorf("the login line does not name the person and key: %q", line)
		}
	}
	if !strings.Contains(logs, "session started") {
		t.Errorf("no login line in the log:\n%s", logs)
	}
	if testing.Verbose() {
		t.Logf("the log:\n%s", logs)
	}
}
