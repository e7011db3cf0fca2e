package sshd

import (
	"fmt"
	"math/rand/v2"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Startups is OpenSSH's MaxStartups start:rate:full for connections that
// have not yet logged in: from Start such connections on, a new one is
// dropped with probability Rate percent, rising linearly to 100 % at Full.
type Startups struct{ Start, Rate, Full int }

// String is the start:rate:full form sshd_config uses.
func (s Startups) String() string { return fmt.Sprintf("%d:%d:%d", s.Start, s.Rate, s.Full) }

// ParseStartups reads MaxStartups as sshd_config writes it: "start:rate:full",
// or one number n for n:100:n (every connection beyond n dropped).
func ParseStartups(s string) (Startups, error) {
	var st Startups
	parts := strings.Split(strings.TrimSpace(s), ":")
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return st, fmt.Errorf("%q is not start:rate:full (e.g. \"10:30:60\") or one number", s)
		}
		nums[i] = n
	}
	switch len(nums) {
	case 1:
		st = Startups{Start: nums[0], Rate: 100, Full: nums[0]}
	case 3:
		st = Startups{Start: nums[0], Rate: nums[1], Full: nums[2]}
	default:
		return st, fmt.Errorf("%q is not start:rate:full (e.g. \"10:30:60\") or one number", s)
	}
	switch {
	case st.Start < 1:
		return st, fmt.Errorf("%q: start must be ≥ 1", s)
	case st.Rate < 1 || st.Rate > 100:
		return st, fmt.Errorf("%q: rate is a percentage, 1 to 100", s)
	case st.Full < st.Start:
		return st, fmt.Errorf("%q: full must be ≥ start", s)
	}
	return st, nil
}

// DefaultStartups is OpenSSH's default, 10:30:60.
var DefaultStartups = Startups{Start: 10, Rate: 30, Full: 60}

// gate admits new connections before the SSH handshake: it caps those not
// yet logged in (with random early drop), limits the rate of new
// connections per address and in all, and gives each a login grace time.
type gate struct {
	startups Startups
	grace    time.Duration
	perAddr  rate.Limit
	global   *rate.Limiter
	random   func() int // 0..99

	mu      sync.Mutex
	pending int // connections not yet logged in
	addrs   map[string]*addrRate
}

type addrRate struct {
	lim  *rate.Limiter
	seen time.Time
}

func newGate(startups Startups, grace time.Duration, perAddr, global float64) *gate {
	return &gate{
		startups: startups, grace: grace,
		perAddr: rate.Limit(perAddr),
		global:  rate.NewLimiter(rate.Limit(global), max(1, int(global*10))),
		random:  func() int { return rand.IntN(100) },
		addrs:   map[string]*addrRate{},
	}
}

// preAuth is one connection between arrival and login.
type preAuth struct {
	g     *gate
	once  sync.Once
	timer *time.Timer
}

// admit decides on a new connection from addr: nil and why if it is
// dropped, else its pre-authentication handle, which closes conn when the
// grace time passes before loggedIn is called.
func (g *gate) admit(addr string, conn net.Conn) (*preAuth, string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := time.Now()
	a, ok := g.addrs[addr]
	if !ok {
		if len(g.addrs) >= 10000 {
			for k, v := range g.addrs {
				if now.Sub(v.seen) > time.Minute {
					delete(g.addrs, k)
				}
			}
		}
		a = &addrRate{lim: rate.NewLimiter(g.perAddr, max(1, int(g.perAddr*10)))}
		g.addrs[addr] = a
	}
	a.seen = now
	switch {
	case !a.lim.AllowN(now, 1):
		return nil, "too many new connections from this address"
	case !g.global.AllowN(now, 1):
		return nil, "too many new connections in all"
	case g.drop():
		return nil, fmt.Sprintf("%d connections are not yet logged in (max_startups %s)", g.pending, g.startups)
	}
	g.pending++
	p := &preAuth{g: g}
	if g.grace > 0 {
		p.timer = time.AfterFunc(g.grace, func() { conn.Close() })
	}
	return p, ""
}

// drop is OpenSSH's random early drop; g.mu is held.
func (g *gate) drop() bool {
	s := g.startups
	switch {
	case s.Full <= 0:
		return false
	case g.pending >= s.Full:
		return true
	case g.pending < s.Start:
		return false
	}
	p := s.Rate + (100-s.Rate)*(g.pending-s.Start)/max(1, s.Full-s.Start)
	return g.random() < p
}

// loggedIn ends the connection's grace time and frees its place among those
// not yet logged in.
func (p *preAuth) loggedIn() { p.done() }

// closed frees the connection's place if it never logged in.
func (p *preAuth) closed() { p.done() }

func (p *preAuth) done() {
	p.once.Do(func() {
		if p.timer != nil {
			p.timer.Stop()
		}
		p.g.mu.Lock()
		p.g.pending--
		p.g.mu.Unlock()
	})
}

// count is how many connections are not yet logged in.
func (g *gate) count() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.pending
}

// gatedConn frees its place in the gate when it closes.
type gatedConn struct {
	net.Conn
	p *preAuth
}

func (c gatedConn) Close() error {
	c.p.closed()
	return c.Conn.Close()
}
