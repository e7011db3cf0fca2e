// Command bench measures dutydesk as a whole process on a surge: ingest
// rate, start-up from a 100 000-question store, heap and RSS per question,
// and the bytes a console writes to its terminal per incoming question —
// the figures in BENCH.md that a `go test -bench` cannot take.
//
//	go run ./bench -n 100000
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/feeds/demo"
	"github.com/dutydesk/dutydesk/internal/app"
	"github.com/dutydesk/dutydesk/risk"
	"github.com/dutydesk/dutydesk/tui"
	"github.com/muesli/termenv"
)

var people = []desk.Person{
	{ID: "morris", Name: "Sgt Morris", Role: desk.RoleSupervisor, OnShift: true},
	{ID: "khan", Name: "PC Khan", Role: desk.RoleOfficer, OnShift: true},
}

func main() {
	n := flag.Int("n", 100000, "questions on the desk")
	live := flag.Int("live", 200, "questions to deliver one by one to a console at 80×24")
	events := flag.String("events", "", "history sizes in events, side by side (\"100000,1000000\"); \"\": n; \"0\": none")
	surge := flag.Bool("surge", true, "measure the surge of n questions")
	child := flag.String("startup", "", "internal: measure start-up from this store in a fresh process")
	childHistory := flag.String("startup-history", "", "internal: measure start-up and ingest on this history store in a fresh process")
	flag.Parse()
	var err error
	switch {
	case *child != "":
		err = startup(*child, *n, *live)
	case *childHistory != "":
		err = startupHistory(*childHistory)
	default:
		if *surge {
			err = run(*n, *live)
		}
		if err == nil && *events != "0" {
			sizes := *events
			if sizes == "" {
				sizes = strconv.Itoa(*n)
			}
			err = histories(sizes)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// deskOptions are the bench team's options with the checks dutydesk runs,
// urgency included, from the composition root.
func deskOptions() (desk.Options, error) {
	opts := desk.Options{Team: "Team 3", People: people}
	err := app.AddChecks(&opts, risk.Config{})
	return opts, err
}

// run builds a store of n questions, timing the ingest, then measures
// start-up, memory and terminal bytes in a fresh process, so that none of
// the generator's garbage is counted.
func run(n, live int) error {
	dir, err := os.MkdirTemp("", "dutydesk-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "desk.db")
	opts, err := deskOptions()
	if err != nil {
		return err
	}
	items, _ := questions(n)
	st, err := desk.OpenSQLite(path)
	if err != nil {
		return err
	}
	d, err := desk.Open(context.Background(), st, opts)
	if err != nil {
		return err
	}
	start := time.Now()
	for i := 0; i < len(items); i += 1024 {
		if err := d.Ingest(context.Background(), items[i:min(i+1024, len(items))]); err != nil {
			return err
		}
	}
	ingest := time.Since(start)
	d.WaitSnapshot()
	fmt.Printf("| measure | figure |\n|---|---:|\n")
	fmt.Printf("| ingest (dedupe + urgency + store, batches ≤ 1024) | %.0f questions/s |\n", float64(n)/ingest.Seconds())
	if err := history(st); err != nil {
		return err
	}
	st.Close()
	cmd := exec.Command(os.Args[0], "-startup", path, "-n", strconv.Itoa(n), "-live", strconv.Itoa(live))
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}

// history measures the history features on the store just filled: a
// snapshot of the whole desk (time and size) and verify's walk of the chain.
func history(st *desk.SQLiteStore) error {
	ctx := context.Background()
	start := time.Now()
	seq, err := desk.WriteSnapshot(ctx, st, log.Printf)
	if err != nil {
		return err
	}
	took := time.Since(start)
	var size int
	if err := st.Snapshots(ctx, func(sn desk.Snapshot) bool { size = len(sn.Body); return false }); err != nil {
		return err
	}
	fmt.Printf("| snapshot of %d events: fold from the last one + encode + store (in the background) | %d ms, %.1f MB |\n", seq, took.Milliseconds(), float64(size)/1e6)
	start = time.Now()
	res, err := desk.Verify(ctx, st)
	if err != nil {
		return err
	}
	fmt.Printf("| verify: walk the hash chain | %.0f events/s |\n", float64(res.Events)/time.Since(start).Seconds())
	return nil
}

// startup runs in a fresh process: open the store, replay it, build a
// console and draw its first frame; then weigh the heap and the RSS, and
// count what a console at 80×24 writes per incoming question.
func startup(path string, n, live int) error {
	opts, err := deskOptions()
	if err != nil {
		return err
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	d, m, done, err := firstFrame(path, opts)
	if err != nil {
		return err
	}
	defer done()
	took := time.Since(start)
	events := d.LastSeq()
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	var text int
	for _, q := range d.Questions() {
		text += len(q.Item.Text) + len(q.Item.Author) + len(q.Item.AuthorName)
	}
	heapPer := float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
	textPer := float64(text) / float64(n)
	fmt.Printf("| start-up: open + replay %d events + first frame at 160×48 | %d ms |\n", events, took.Milliseconds())
	fmt.Printf("| heap per question | %.0f B: %.0f B of text and author, %.0f B beyond |\n", heapPer, textPer, heapPer-textPer)
	fmt.Printf("| RSS with %d questions | %s |\n", n, rss())
	later, _ := questions(n + live)
	bytesPer, err := bytesPerArrival(d, later[n:])
	if err != nil {
		return err
	}
	fmt.Printf("| bytes written per incoming question at 80×24 (%d, one a frame apart) | %.0f B |\n", live, bytesPer)
	runtime.KeepAlive(m)
	return nil
}

// firstFrame opens the store at path and a desk on it, and draws a
// console's first frame at 160×48: what a person waits for at start-up.
// done shuts the desk and closes the store.
func firstFrame(path string, opts desk.Options) (d *desk.Desk, m *tui.Model, done func(), err error) {
	st, err := desk.OpenSQLite(path)
	if err != nil {
		return nil, nil, nil, err
	}
	d, err = desk.Open(context.Background(), st, opts)
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	done = func() { d.Shutdown(); st.Close() }
	if m, err = console(d); err != nil {
		done()
		return nil, nil, nil, err
	}
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	_ = m.View()
	return d, m, done, nil
}

// console is a console on d as the bench measures it: Sgt Morris's, drawn
// without colour, its clock not ticking.
func console(d *desk.Desk) (*tui.Model, error) {
	return tui.New(tui.Options{Desk: d, Me: "morris", Renderer: asciiRenderer(), Tick: -1})
}

// questions makes n distinct inbound items from surge traffic.
func questions(n int) ([]feeds.Event, int) {
	var out []feeds.Event
	text := 0
	for seed := int64(1); len(out) < n; seed++ {
		for _, ev := range demo.GenerateSurge(2*n, seed, time.Now()) {
			if ev.Type != feeds.EventUpsert || !ev.Item.Kind.Inbound() {
				continue
			}
			ev.Item.ID = fmt.Sprintf("q%d", len(out))
			ev.Item.Text = fmt.Sprintf("%s (%d)", ev.Item.Text, len(out)) // no duplicates: every one a question
			out = append(out, ev)
			text += len(ev.Item.Text) + len(ev.Item.Author) + len(ev.Item.AuthorName)
			if len(out) == n {
				break
			}
		}
	}
	return out, text
}

func asciiRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return r
}

// countingWriter counts what a console sends to its terminal.
type countingWriter struct{ n atomic.Int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n.Add(int64(len(p))); return len(p), nil }

// bytesPerArrival runs a real console program at 80×24 and delivers
// questions one at a time, a frame apart, counting the bytes it writes.
func bytesPerArrival(d *desk.Desk, arrivals []feeds.Event) (float64, error) {
	out := &countingWriter{}
	m, err := console(d)
	if err != nil {
		return 0, err
	}
	p := tea.NewProgram(m, tea.WithInput(strings.NewReader("")), tea.WithOutput(out), tea.WithoutSignalHandler())
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	p.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	time.Sleep(300 * time.Millisecond)
	base := out.n.Load()
	for _, ev := range arrivals {
		if err := d.Ingest(context.Background(), []feeds.Event{ev}); err != nil {
			return 0, err
		}
		time.Sleep(40 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	written := out.n.Load() - base
	p.Quit()
	if err := <-done; err != nil {
		return 0, err
	}
	return float64(written) / float64(len(arrivals)), nil
}

func rss() string {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmRSS:"))
		}
	}
	return "unknown"
}
