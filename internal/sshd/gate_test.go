package sshd

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/internal/desktest"
)

// rawConn connects without speaking SSH, as a stranger holding a slot does.
func rawConn(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// hungUp reports whether the server closes c within d, and what it sent.
func hungUp(c net.Conn, d time.Duration) (bool, string) {
	c.SetReadDeadline(time.Now().Add(d))
	b, err := io.ReadAll(c)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return false, string(b)
	}
	return true, string(b)
}

// TestLoginGraceTimeDropsASilentConnection: a connection that does not log
// in within the grace time is dropped, as OpenSSH's LoginGraceTime; one that
// logs in stays.
func TestLoginGraceTimeDropsASilentConnection(t *testing.T) {
	h := startHarness(t, func(o *Options) { o.LoginGrace = time.Second })
	c := rawConn(t, h.addr)
	r := bufio.NewReader(c)
	if line, err := r.ReadString('\n'); err != nil || !strings.HasPrefix(line, "SSH-2.0-") {
		t.Fatalf("the server did not greet: %q, %v", line, err)
	}
	start := time.Now()
	if closed, _ := hungUp(c, wait); !closed {
		t.Fatal("a connection that never logged in is still open")
	}
	if took := time.Since(start); took < 800*time.Millisecond {
		t.Errorf("dropped after %s, before the 1s grace time", took)
	}
	desktest.Eventually(t, "its place is freed", func() bool { return h.srv.gate.count() == 0 })
	client := h.dial("khan", h.keys["khan"])
	time.Sleep(1500 * time.Millisecond)
	if _, _, err := client.SendRequest("keepalive@openssh.com", true, nil); err != nil {
		t.Fatalf("a connection that logged in was dropped at the grace time: %v", err)
	}
}

// TestMaxStartupsCapsConnectionsNotLoggedIn: with full connections not yet
// logged in, the next one is dropped before the handshake; when one of
// them goes, a key on the roster logs in again.
func TestMaxStartupsCapsConnectionsNotLoggedIn(t *testing.T) {
	h := startHarness(t, func(o *Options) { o.MaxStartups = Startups{Start: 3, Rate: 100, Full: 3} })
	var idle []net.Conn
	for i := 0; i < 3; i++ {
		idle = append(idle, rawConn(t, h.addr))
	}
	desktest.Eventually(t, "three connections wait to log in", func() bool { return h.srv.gate.count() == 3 })
	if closed, got := hungUp(rawConn(t, h.addr), wait); !closed || strings.HasPrefix(got, "SSH-") {
		t.Fatalf("a fourth connection was taken (closed %v, sent %q)", closed, got)
	}
	if !strings.Contains(h.logs.String(), "3 connections are not yet logged in (max_startups 3:100:3)") {
		t.Errorf("the log does not say why the connection was dropped:\n%s", h.logs.String())
	}
	idle[0].Close()
	desktest.Eventually(t, "a place is freed", func() bool { return h.srv.gate.count() == 2 })
	h.dial("morris", h.keys["morris"]).Close()
}

// TestRandomEarlyDrop: between start and full, a new connection is dropped
// with a probability rising from rate % to 100 %, as OpenSSH's MaxStartups.
func TestRandomEarlyDrop(t *testing.T) {
	g := newGate(DefaultStartups, 0, 1, 1)
	for _, tc := range []struct {
		pending, dropPercent int
	}{{0, 0}, {9, 0}, {10, 30}, {35, 65}, {59, 98}, {60, 100}, {200, 100}} {
		g.pending = tc.pending
		dropped := 0
		for r := 0; r < 100; r++ {
			g.random = func() int { return r }
			if g.drop() {
				dropped++
			}
		}
		if dropped != tc.dropPercent {
			t.Errorf("with %d not logged in, %d%% of new connections dropped; want %d%%", tc.pending, dropped, tc.dropPercent)
		}
	}
}

// TestConnectionRatePerAddress: an address making new connections faster
// than its rate has the extra ones dropped before the handshake.
func TestConnectionRatePerAddress(t *testing.T) {
	h := startHarness(t, func(o *Options) { o.ConnRatePerAddr = 0.1 }) // a burst of 1
	h.dial("morris", h.keys["morris"]).Close()
	if closed, got := hungUp(rawConn(t, h.addr), wait); !closed || strings.HasPrefix(got, "SSH-") {
		t.Fatalf("a second connection at once was taken (closed %v, sent %q)", closed, got)
	}
	if !strings.Contains(h.logs.String(), "too many new connections from this address") {
		t.Errorf("the log does not say why:\n%s", h.logs.String())
	}
}

// TestOnlyKeysLogInAndEveryOtherMethodIsAudited: a client's first "none"
// (every client asks with it to learn the methods) passes unrecorded; a
// further "none", a password or keyboard-interactive attempt is stored as
// refused with the address and the method, never a person, and counts
// towards turning the address away.
func TestOnlyKeysLogInAndEveryOtherMethodIsAudited(t *testing.T) {
	h := startHarness(t, nil)
	// x/crypto's client tries only the methods the server offers (keys), so
	// the attempts a hostile client would make are fed to the server's
	// callback for one connection as x/crypto would call it.
	ctx := newFakeContext("sergeant\x1b[2J", "203.0.113.7:40000")
	cfg := h.srv.serverConfig(ctx)
	refusal := errors.New("refused")
	for _, m := range []string{"none", "none", "password", "keyboard-interactive"} {
		cfg.AuthLogCallback(nil, m, refusal)
	}
	refused := accessEvents(t, h.desk, desk.EvAccessRefused)
	if len(refused) != 3 {
		t.Fatalf("%d refusals stored, want 3 (the second none, password, keyboard-interactive): %+v", len(refused), refused)
	}
	for i, m := range []string{"none", "password", "keyboard-interactive"} {
		r := refused[i]
		if r.Person != "" || r.Remote != "203.0.113.7:40000" || !strings.Contains(r.Reason, "method "+m+" refused") {
			t.Errorf("refusal %d = %+v, want method %s from 203.0.113.7 and no person", i, r, m)
		}
	}
	h.srv.guard.mu.Lock()
	n := h.srv.guard.addrs["203.0.113.7"].n
	h.srv.guard.mu.Unlock()
	if n != 3 {
		t.Errorf("the address has %d failures counted, want 3", n)
	}
}

// fakeContext is one connection's ssh.Context, for feeding the server's
// callbacks what x/crypto's client cannot be made to send.
type fakeContext struct {
	context.Context
	sync.Mutex
	user   string
	remote net.Addr
	values map[any]any
}

func newFakeContext(user, remote string) *fakeContext {
	addr, _ := net.ResolveTCPAddr("tcp", remote)
	return &fakeContext{Context: context.Background(), user: user, remote: addr, values: map[any]any{}}
}

func (c *fakeContext) User() string                  { return c.user }
func (c *fakeContext) SessionID() string             { return "fake" }
func (c *fakeContext) ClientVersion() string         { return "SSH-2.0-fake" }
func (c *fakeContext) ServerVersion() string         { return "SSH-2.0-dutydesk" }
func (c *fakeContext) RemoteAddr() net.Addr          { return c.remote }
func (c *fakeContext) LocalAddr() net.Addr           { return c.remote }
func (c *fakeContext) Permissions() *ssh.Permissions { return &ssh.Permissions{} }
func (c *fakeContext) SetValue(k, v any)             { c.values[k] = v }
func (c *fakeContext) Value(k any) any {
	if v, ok := c.values[k]; ok {
		return v
	}
	return c.Context.Value(k)
}

// TestParseStartups reads MaxStartups as sshd_config writes it.
func TestParseStartups(t *testing.T) {
	for in, want := range map[string]Startups{"10:30:60": DefaultStartups, "5": {5, 100, 5}, " 1:100:1 ": {1, 100, 1}} {
		if got, err := ParseStartups(in); err != nil || got != want {
			t.Errorf("ParseStartups(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "10:30", "a:b:c", "0:30:60", "10:0:60", "10:101:60", "60:30:10", "1:2:3:4"} {
		if got, err := ParseStartups(in); err == nil {
			t.Errorf("ParseStartups(%q) = %v, want an error", in, got)
		}
	}
}
