package sshd

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// soakLogins is how many logins TestLoginLogoutSoak makes:
// DUTYDESK_SOAK_LOGINS, else a CI-sized default (300, or 150 under -race,
// which is four times slower).
func soakLogins(t *testing.T) int {
	v := os.Getenv("DUTYDESK_SOAK_LOGINS")
	if v == "" && raceEnabled {
		return 150
	}
	if v == "" {
		return 300
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("DUTYDESK_SOAK_LOGINS=%q: want a number of logins ≥ 1", v)
	}
	return n
}

// settled is the goroutine count and live heap once the process has come to
// rest: it collects garbage and waits (up to a deadline) for the goroutine
// count to fall to at most want, or, with want < 0, to hold still for a
// moment.
func settled(want int) (goroutines int, heap uint64) {
	deadline := time.Now().Add(wait)
	last, still := -1, 0
	for {
		runtime.GC()
		goroutines = runtime.NumGoroutine()
		if goroutines == last {
			still++
		} else {
			last, still = goroutines, 0
		}
		if (want >= 0 && goroutines <= want) || (want < 0 && still >= 10) || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return goroutines, ms.HeapAlloc
}

// loginLogout logs person in, waits for their console, quits it and hangs up.
func (h *harness) loginLogout(person string) {
	h.t.Helper()
	// Not h.dial: its cleanup would keep every client alive to the end.
	cc, _ := h.clientConfig(person, gossh.PublicKeys(h.keys[person]))
	c, err := gossh.Dial("tcp", h.addr, cc)
	if err != nil {
		h.t.Fatalf("%s logs in: %v", person, err)
	}
	defer c.Close()
	s := openScreen(h.t, c, 100, 30)
	s.waitFor(0, "(you)")
	s.press("q")
	s.waitExit()
}

// TestLoginLogoutSoak logs in and out many times (DUTYDESK_SOAK_LOGINS,
// default 300) and checks that, with no console open, the goroutines and
// the live heap come back to where they were: closing a console releases
// its goroutines, its desk subscription and its buffers. The desk keeps two
// audit events per login, so the heap may grow by a small allowance per
// login on top of a fixed tolerance.
func TestLoginLogoutSoak(t *testing.T) {
	n := soakLogins(t)
	h := startHarness(t, func(o *Options) { o.SessionRate = 1000 })
	people := []string{"morris", "ellis", "khan"}
	for i := 0; i < 5; i++ { // warm up: pools, caches, the first of each kind
		h.loginLogout(people[i%3])
	}
	g0, heap0 := settled(-1)
	start := time.Now()
	for i := 0; i < n; i++ {
		h.loginLogout(people[i%3])
	}
	took := time.Since(start)
	const goroutineSlack = 8
	const heapSlack, perLogin = 4 << 20, 512
	g1, heap1 := settled(g0 + goroutineSlack)
	t.Logf("%d logins in %s: goroutines %d → %d, live heap %.1f → %.1f MB (%+d B/login)",
		n, took.Round(time.Millisecond), g0, g1, float64(heap0)/(1<<20), float64(heap1)/(1<<20), (int64(heap1)-int64(heap0))/int64(n))
	if path := os.Getenv("DUTYDESK_SOAK_HEAPPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		pprof.WriteHeapProfile(f)
		f.Close()
	}
	if g1 > g0+goroutineSlack {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		t.Errorf("%d goroutines after %d logins with none open, %d before (slack %d); a sample:\n%s",
			g1, n, g0, goroutineSlack, buf[:min(len(buf), 6000)])
	}
	if limit := heap0 + heapSlack + uint64(n*perLogin); heap1 > limit {
		t.Errorf("live heap %s after %d logins with none open, %s before (limit %s)", mb(heap1), n, mb(heap0), mb(limit))
	}
}

func mb(b uint64) string { return fmt.Sprintf("%.1f MB", float64(b)/(1<<20)) }
