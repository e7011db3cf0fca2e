package sshd

import (
	"crypto/rsa"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/dutydesk/dutydesk/feeds"
	gossh "golang.org/x/crypto/ssh"
)

// Limits on logging in, per connection and per source address.
const (
	// maxAuthTries is how many keys (or other methods) one connection may
	// try before it is dropped, as OpenSSH's MaxAuthTries.
	maxAuthTries = 6
	// The defaults of Options.Lockout*: an address that fails this many
	// times within failWindow has keys not on the roster refused for
	// failCooldown (roster keys still log in); a login that reaches a
	// console clears its count.
	maxFailsPerAddr = 20
	failWindow      = 10 * time.Minute
	failCooldown    = 15 * time.Minute
	// minRSABits: shorter RSA keys are refused (NIST SP 800-131A); DSA
	// keys are refused whatever their size.
	minRSABits = 2048
)

// authGuard counts failed logins per source address and turns an address
// away for a while once it has failed too often.
type authGuard struct {
	max              int
	window, cooldown time.Duration
	now              func() time.Time

	mu    sync.Mutex
	addrs map[string]*failures
}

type failures struct {
	n            int
	first        time.Time
	blockedUntil time.Time
}

func newAuthGuard(max int, window, cooldown time.Duration) *authGuard {
	return &authGuard{max: max, window: window, cooldown: cooldown, now: time.Now, addrs: map[string]*failures{}}
}

// host is the address without its port: a client's next connection comes
// from another port.
func host(addr net.Addr) string {
	if addr == nil {
		return ""
	}
	h, _, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	return h
}

// blocked reports whether addr is turned away, and for how much longer.
func (g *authGuard) blocked(addr string) (time.Duration, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	f, ok := g.addrs[addr]
	if !ok {
		return 0, false
	}
	if left := f.blockedUntil.Sub(g.now()); left > 0 {
		return left, true
	}
	return 0, false
}

// fail counts a failed attempt from addr and reports whether that turned
// the address away.
func (g *authGuard) fail(addr string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	f, ok := g.addrs[addr]
	if !ok || now.Sub(f.first) > g.window && f.blockedUntil.Before(now) {
		if len(g.addrs) > 10000 {
			g.prune(now)
		}
		f = &failures{first: now}
		g.addrs[addr] = f
	}
	f.n++
	if f.n >= g.max && f.blockedUntil.Before(now) {
		f.blockedUntil = now.Add(g.cooldown)
		return true
	}
	return false
}

// succeed clears addr's count: someone there holds a key on the roster.
func (g *authGuard) succeed(addr string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.addrs, addr)
}

// prune forgets addresses that are neither counting nor turned away; g.mu
// is held.
func (g *authGuard) prune(now time.Time) {
	for a, f := range g.addrs {
		if now.Sub(f.first) > g.window && f.blockedUntil.Before(now) {
			delete(g.addrs, a)
		}
	}
}

// weakKey says why key is too weak to log in with, or "".
func weakKey(key gossh.PublicKey) string {
	switch key.Type() {
	case gossh.KeyAlgoDSA:
		return "DSA keys are no longer accepted"
	case gossh.KeyAlgoRSA:
		ck, ok := key.(gossh.CryptoPublicKey)
		if !ok {
			return ""
		}
		if rk, ok := ck.CryptoPublicKey().(*rsa.PublicKey); ok && rk.N.BitLen() < minRSABits {
			return fmt.Sprintf("this RSA key has %d bits; at least %d are needed", rk.N.BitLen(), minRSABits)
		}
	}
	return ""
}

// loginName is the user name a client sent, fit for a log line or an event:
// it is chosen by whoever connects.
func loginName(ctx ssh.Context) string {
	name := feeds.SafeLine(ctx.User())
	if r := []rune(name); len(r) > 64 {
		name = string(r[:64]) + "…"
	}
	return name
}

// wrapConn admits a new connection through the gate before the SSH
// handshake, or drops it (logged with why).
func (s *Server) wrapConn(ctx ssh.Context, conn net.Conn) net.Conn {
	addr := host(conn.RemoteAddr())
	p, why := s.gate.admit(addr, conn)
	if p == nil {
		s.log.Warn("dropped connection before login", "remote", addr, "reason", why)
		conn.Close()
		return nil
	}
	ctx.SetValue(gateKey, p)
	return gatedConn{Conn: conn, p: p}
}

// addrString is a remote address kept as text, as a net.Addr for host.
type addrString string

func (a addrString) Network() string { return "tcp" }
func (a addrString) String() string  { return string(a) }

// safeField is a client-chosen string fit for one log field or event.
func safeField(s string) string {
	s = feeds.SafeLine(s)
	if r := []rune(s); len(r) > 64 {
		s = string(r[:64]) + "…"
	}
	return s
}
