package tui

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"syscall"
	"testing"
	"time"

	bubbleslist "github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds/demo"
	"github.com/muesli/termenv"
)

// benchDesk is a desk holding n surge items.
func benchDesk(b *testing.B, n int) *desk.Desk {
	b.Helper()
	st, err := desk.OpenSQLite(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	d, err := desk.Open(context.Background(), st, desk.Options{Team: "Team 3", People: roster})
	if err != nil {
		b.Fatal(err)
	}
	evs := demo.GenerateSurge(n, 1, shiftStart)
	for i := 0; i < len(evs); i += 5000 {
		if err := d.Ingest(context.Background(), evs[i:min(i+5000, len(evs))]); err != nil {
			b.Fatal(err)
		}
	}
	return d
}

func benchModel(b *testing.B, d *desk.Desk, w, h int) *Model {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	m, err := New(Options{Desk: d, Me: "morris", Renderer: r, Tick: -1, Now: func() time.Time { return shiftStart.Add(time.Hour) }})
	if err != nil {
		b.Fatal(err)
	}
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// BenchmarkInboundView is the time to draw the whole console at 160×48:
// it must stay flat from 1k to 100k items because only visible rows render.
func BenchmarkInboundView(b *testing.B) {
	for _, n := range []int{2400, 24000, 240000} { // surge traffic: about 42% of it is new questions
		d := benchDesk(b, n)
		m := benchModel(b, d, 160, 48)
		b.Run(fmt.Sprintf("dutydesk/%d", len(m.inbound.all)), func(b *testing.B) {
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				_ = m.View()
			}
		})
		b.Run(fmt.Sprintf("bubbles-list/%d", len(m.inbound.all)), func(b *testing.B) {
			items := make([]bubbleslist.Item, len(m.inbound.all))
			for i, q := range m.inbound.all {
				items[i] = listItem{*q}
			}
			l := bubbleslist.New(items, bubbleslist.NewDefaultDelegate(), 96, 44)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				_ = l.View()
			}
		})
	}
}

type listItem struct{ q desk.Question }

func (i listItem) Title() string       { return i.q.Item.Author }
func (i listItem) Description() string { return i.q.Item.Text }
func (i listItem) FilterValue() string { return i.q.Item.Text }

// BenchmarkKeyToFrame is one keystroke's Update plus the frame it causes,
// at 100k questions: moving, opening a thread, a filter keystroke, an
// assignment made through the picker, and the refresh after a desk change
// (what any console pays when someone else acts). p50 and p99 are reported
// beside the mean because a frame budget is about the slow ones.
func BenchmarkKeyToFrame(b *testing.B) {
	d := benchDesk(b, 240000) // about 100 000 questions
	m := benchModel(b, d, 160, 48)
	key := func(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }
	measure := func(b *testing.B, op func()) {
		times := make([]time.Duration, 0, b.N)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			start := time.Now()
			op()
			_ = m.View()
			times = append(times, time.Since(start))
		}
		b.StopTimer()
		reportPercentiles(b, times)
	}
	b.Logf("questions on the desk: %d", len(m.inbound.all))
	b.Run("move", func(b *testing.B) { measure(b, func() { m.Update(key("j")) }) })
	b.Run("open", func(b *testing.B) {
		measure(b, func() { m.Update(tea.KeyMsg{Type: tea.KeyEnter}); _ = m.View(); m.Update(tea.KeyMsg{Type: tea.KeyEsc}) })
	})
	b.Run("filter-keystroke", func(b *testing.B) {
		m.Update(key("/"))
		measure(b, func() {
			m.Update(key("a"))
			_ = m.View()
			m.Update(key("n"))
			_ = m.View()
			m.Update(tea.KeyMsg{Type: tea.KeyBackspace})
			m.Update(tea.KeyMsg{Type: tea.KeyBackspace})
		})
		m.Update(tea.KeyMsg{Type: tea.KeyEsc})
	})
	b.Run("assign", func(b *testing.B) {
		measure(b, func() {
			m.Update(key("a"))
			_ = m.View()
			m.Update(key("k"))
			_ = m.View()
			_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
			if cmd != nil {
				m.Update(cmd())
			}
			m.Update(key("j"))
		})
	})
	b.Run("desk-change", func(b *testing.B) {
		measure(b, func() { m.Update(refreshMsg{}) })
	})
}

// reportPercentiles adds p50 and p99 of the measured times to the benchmark.
func reportPercentiles(b *testing.B, times []time.Duration) {
	if len(times) == 0 {
		return
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	at := func(p float64) float64 { return float64(times[int(p*float64(len(times)-1))].Microseconds()) / 1000 }
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// BenchmarkConsoleView is one console drawing its whole screen at 120×40 on
// a 256-colour terminal, as each SSH console does for every desk change: the
// cost 200 consoles pay 200 times over.
func BenchmarkConsoleView(b *testing.B) {
	d := benchDesk(b, 60)
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	m, err := New(Options{Desk: d, Me: "ellis", Renderer: r, Tick: -1, Now: func() time.Time { return shiftStart.Add(time.Hour) }})
	if err != nil {
		b.Fatal(err)
	}
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		_ = m.View()
	}
	// The CPU time, unlike the wall time, holds still on a machine shared
	// with other work.
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// cpuTime is the CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
