package desk

import (
	"context"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/internal/pgtest"
)

// silentProxy forwards TCP to PostgreSQL until cut, then forwards nothing and
// closes nothing, as when a host loses power or the network between it and
// the database fails: the server sees a connection that just goes quiet.
type silentProxy struct {
	ln    net.Listener
	cut   atomic.Bool
	mu    sync.Mutex
	conns []net.Conn
}

func newSilentProxy(t *testing.T, target string) *silentProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &silentProxy{ln: ln}
	t.Cleanup(func() {
		ln.Close()
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, c := range p.conns {
			c.Close()
		}
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go p.pipe(c, s)
			go p.pipe(s, c)
		}
	}()
	return p
}

// pipe copies until the proxy is cut, then drops everything it reads.
func (p *silentProxy) pipe(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if p.cut.Load() {
			if err != nil {
				return
			}
			continue
		}
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// A leader whose host goes silent without closing its connection loses the
// leadership within seconds: the server ends its session when its health
// checks stop, and the standby takes over.
func TestPostgresSilentLeaderIsReplaced(t *testing.T) {
	u := pgtest.DB(t)
	pu, err := url.Parse(u)
	if err != nil || !strings.HasPrefix(u, "postgres") {
		t.Skip("DUTYDESK_PG is not a postgres:// URL; the partition test needs one")
	}
	proxy := newSilentProxy(t, pu.Host)
	pu.Host = proxy.ln.Addr().String()
	proxied := pu.String()
	const name = "feed:team"

	s1 := openPG(t, proxied)
	s1.every = 200 * time.Millisecond
	s2 := openPG(t, u)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	lost1, err := s1.Lead(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan error, 1)
	go func() {
		_, err := s2.Lead(ctx, name)
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("two leaders: %v", err)
	case <-time.After(500 * time.Millisecond):
	}

	start := time.Now()
	proxy.cut.Store(true)
	select {
	case err := <-got:
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("standby leads %v after the leader went silent", time.Since(start))
	case <-time.After(15 * time.Second):
		t.Fatal("the standby did not take over from a silent leader within 15s")
	}
	select {
	case <-lost1:
	case <-time.After(5 * time.Second):
		t.Fatal("the silent leader never noticed it lost")
	}
}
