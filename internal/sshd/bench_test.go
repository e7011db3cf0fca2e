package sshd

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/dutydesk/dutydesk/internal/desktest"
)

// BenchmarkSSHFanout opens 50, then 200 consoles over SSH on loopback; one
// acknowledges a question per iteration, and the benchmark measures the time
// from the key press until every other console has received the re-rendered
// frame (p50, p99), the part of it from the desk's publishing the stored
// change (fanout-p50, fanout-p99), the CPU a change costs, and the heap each
// idle console costs.
func BenchmarkSSHFanout(b *testing.B) {
	// 50 and 200 in one run, so that their ratio is measured on one machine
	// under one load.
	for _, n := range []int{50, 200} {
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) { benchFanout(b, n) })
	}
}

func benchFanout(b *testing.B, sessions int) {
	h := startHarness(b, func(o *Options) {
		o.MaxSessions = sessions + 4
		o.MaxSessionsPerPerson = sessions
		// Every console here comes from 127.0.0.1 within a second or two; the
		// pre-auth rate limits (2 connections a second per address after a
		// burst of 20) would spread 200 logins over 90 s and time one out.
		// They are measured by their own tests; this measures the fan-out.
		o.ConnRatePerAddr, o.ConnRate, o.SessionRate = 1000, 1000, 1000
		o.MaxStartups = Startups{Start: sessions, Rate: 100, Full: sessions + 1}
	})
	for i := 0; i < b.N; i++ {
		desktest.Question(b, h.desk, fmt.Sprintf("q%d", i), "@resident", fmt.Sprintf("Question %d about the road closure", i))
	}
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)

	actor := h.console("morris", 120, 40)
	observers := make([]*watcher, 0, sessions-1)
	for i := 0; i < sessions-1; i++ {
		who := []string{"ellis", "khan"}[i%2]
		observers = append(observers, newWatcher(h.console(who, 120, 40)))
	}
	actor.waitFor(0, "Sgt Morris (you)")
	for _, o := range observers {
		o.s.waitFor(0, "(you)")
		o.s.waitFor(0, fmt.Sprintf("new · %d ack ·", 0))
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	perSession := float64(after.HeapInuse-before.HeapInuse) / float64(sessions)

	// The desk publishes the change once it is stored; a subscriber of our
	// own notes when, so that the fan-out (publish → last console) is told
	// apart from the store's commit (key → publish: a disk sync, which on a
	// busy disk is most of the wait).
	published, unsubscribe := h.desk.Subscribe()
	defer unsubscribe()
	all := make([]time.Duration, 0, b.N)
	fanout := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		want := fmt.Sprintf("new · %d ack ·", i+1)
		var wg sync.WaitGroup
		arrived := make([]time.Time, len(observers))
		for j, o := range observers {
			wg.Add(1)
			o.expect(want, func(at time.Time) { arrived[j] = at; wg.Done() })
		}
		// Acknowledge the selected question; after the first, move down to
		// the next one first. (Runes written together arrive as one key, so
		// the move is an escape sequence, which is parsed apart.)
		keys := "x\r" // x asks how; enter acknowledges silently
		if i > 0 {
			keys = "\x1b[Bx\r"
		}
	drain:
		for {
			select {
			case <-published:
			default:
				break drain
			}
		}
		start := time.Now()
		actor.press(keys)
		var publishedAt time.Time
		select {
		case <-published:
			publishedAt = time.Now()
		case <-time.After(wait):
			b.Fatalf("iteration %d: the desk never published the acknowledgement", i)
		}
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(wait):
			b.Fatalf("iteration %d: not every console showed %q; actor:\n%s\nobserver:\n%s", i, want, tail(actor.text(0), 1500), tail(observers[0].s.text(0), 1500))
		}
		last := start
		for _, at := range arrived {
			if at.After(last) {
				last = at
			}
		}
		all = append(all, last.Sub(start))
		fanout = append(fanout, last.Sub(publishedAt))
	}
	b.StopTimer()
	// The CPU time a change costs (server and clients: they share this
	// process) holds still on a machine shared with other work; the
	// latencies do not.
	cpu := cpuTime() - cpu0
	pct := func(d []time.Duration, p float64) float64 {
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		return float64(d[min(len(d)-1, int(p*float64(len(d))))].Microseconds()) / 1000
	}
	// Key press → every console: the store's commit and the fan-out.
	b.ReportMetric(pct(all, 0.50), "p50-ms")
	b.ReportMetric(pct(all, 0.99), "p99-ms")
	// The desk's publish → every console: the fan-out alone.
	b.ReportMetric(pct(fanout, 0.50), "fanout-p50-ms")
	b.ReportMetric(pct(fanout, 0.99), "fanout-p99-ms")
	b.ReportMetric(perSession, "heap-B/session")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/change")
	b.ReportMetric(0, "ns/op")
}

// watcher tells when a console's output since a mark shows an expected text.
type watcher struct {
	s *screen

	mu   sync.Mutex
	from int
	want string
	hit  func(time.Time)
}

func newWatcher(s *screen) *watcher {
	w := &watcher{s: s}
	s.out.Watch(func([]byte) { w.check() })
	return w
}

func (w *watcher) expect(want string, hit func(time.Time)) {
	w.mu.Lock()
	w.from, w.want, w.hit = w.s.mark(), want, hit
	w.mu.Unlock()
	w.check()
}

func (w *watcher) check() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.hit == nil || !strings.Contains(ansi.Strip(w.s.out.From(w.from)), w.want) {
		return
	}
	w.hit(time.Now())
	w.hit = nil
}

// cpuTime is the CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
