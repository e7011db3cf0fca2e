package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/dutydesk/dutydesk/desk"
)

// historyPerHour is how many questions an hour the made-up history brings:
// one a minute, six events each, so 10⁷ events are about three years of a
// busy force and the last week, the working set, is about 10 000 questions
// at every size.
const historyPerHour = 60

// historyIngest is how many new questions are ingested onto each history.
const historyIngest = 20000

// histories builds a store of each size with desk.BulkHistory and measures
// it: the snapshot, verify, and in a fresh process start-up, memory and
// ingest with the history already stored; then prints the sizes side by
// side.
func histories(sizes string) error {
	var cols []map[string]string
	var names []string
	for _, f := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return fmt.Errorf("-events %q: want positive event counts, comma-separated", sizes)
		}
		col, err := measureHistory(n)
		if err != nil {
			return fmt.Errorf("history of %d events: %w", n, err)
		}
		cols, names = append(cols, col), append(names, fmt.Sprintf("%d events", n))
	}
	fmt.Printf("\n| history (one question a minute, 6 events each; working set: the last 7 days) | %s |\n|---|%s\n",
		strings.Join(names, " | "), strings.Repeat("---:|", len(names)))
	for _, row := range []struct{ key, label string }{
		{"generate", "bulk-write the history (desk.BulkHistory, batches of 8 192)"},
		{"stored", "events stored"},
		{"snapshot", "first snapshot: fold the whole log + encode + store"},
		{"snapsize", "snapshot size"},
		{"verify", "verify: walk the hash chain"},
		{"startup", "start-up: open + newest snapshot + tail + first frame at 160×48"},
		{"live", "questions in memory after start-up"},
		{"rss", "RSS after start-up"},
		{"heap", "Go heap after start-up"},
		{"ingest", fmt.Sprintf("ingest %d new questions onto the history (batches ≤ 1024)", historyIngest)},
	} {
		line := "| " + row.label + " |"
		for _, c := range cols {
			line += " " + c[row.key] + " |"
		}
		fmt.Println(line)
	}
	return nil
}

// measureHistory builds and measures one store of n events.
func measureHistory(n int) (map[string]string, error) {
	ctx := context.Background()
	col := map[string]string{}
	dir, err := os.MkdirTemp("", "dutydesk-history")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "desk.db")
	st, err := desk.OpenSQLite(path)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	// The history ends about now, so that the desk started on it is the
	// desk a team with that many events behind it starts.
	questions := n / 6
	begin := time.Now().Add(-time.Duration(questions) * time.Hour / historyPerHour)
	start, cpu := time.Now(), cpuTime()
	if _, err := desk.BulkHistory(ctx, st, n, begin, historyPerHour, "khan"); err != nil {
		return nil, err
	}
	last, err := st.LastSeq(ctx)
	if err != nil {
		return nil, err
	}
	took := time.Since(start)
	col["generate"] = fmt.Sprintf("%.0f s (CPU %.0f s), %.0f events/s", took.Seconds(), (cpuTime() - cpu).Seconds(), float64(last)/took.Seconds())
	col["stored"] = fmt.Sprint(last)
	start, cpu = time.Now(), cpuTime()
	if _, err := desk.WriteSnapshot(ctx, st, log.Printf); err != nil {
		return nil, err
	}
	col["snapshot"] = fmt.Sprintf("%d ms (CPU %d ms)", time.Since(start).Milliseconds(), (cpuTime() - cpu).Milliseconds())
	if err := st.Snapshots(ctx, func(sn desk.Snapshot) bool {
		col["snapsize"] = fmt.Sprintf("%.1f MB", float64(len(sn.Body))/1e6)
		return false
	}); err != nil {
		return nil, err
	}
	start, cpu = time.Now(), cpuTime()
	res, err := desk.Verify(ctx, st)
	if err != nil {
		return nil, err
	}
	col["verify"] = fmt.Sprintf("%.0f events/s (%.0f per CPU second)", float64(res.Events)/time.Since(start).Seconds(), float64(res.Events)/(cpuTime()-cpu).Seconds())
	st.Close()
	out, err := exec.Command(os.Args[0], "-startup-history", path).Output()
	if err != nil {
		return nil, fmt.Errorf("start-up process: %w", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			col[k] = v
		}
	}
	// Each size as it is measured: a long run cut short keeps its figures.
	fmt.Fprintf(os.Stderr, "bench: %d events measured: %v\n", n, col)
	return col, nil
}

// startupHistory runs in a fresh process on a history store: start-up to
// the first frame, memory, then ingest on top of the history. It prints
// key=value lines for the parent.
func startupHistory(path string) error {
	opts, err := deskOptions()
	if err != nil {
		return err
	}
	start, cpu := time.Now(), cpuTime()
	d, m, done, err := firstFrame(path, opts)
	if err != nil {
		return err
	}
	defer done()
	took, cpuTook := time.Since(start), cpuTime()-cpu
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("startup=%d ms (CPU %d ms)\nlive=%d\nrss=%s\nheap=%.0f MB\n", took.Milliseconds(), cpuTook.Milliseconds(), len(d.Questions()), rss(), float64(ms.HeapAlloc)/1e6)
	items, _ := questions(historyIngest)
	start, cpu = time.Now(), cpuTime()
	for i := 0; i < len(items); i += 1024 {
		if err := d.Ingest(context.Background(), items[i:min(i+1024, len(items))]); err != nil {
			return err
		}
	}
	fmt.Printf("ingest=%.0f questions/s (%.0f per CPU second)\n", float64(len(items))/time.Since(start).Seconds(), float64(len(items))/(cpuTime()-cpu).Seconds())
	runtime.KeepAlive(m)
	return nil
}

// cpuTime is the CPU time this process has used, user and system: on a
// machine shared with other work it says what a measure cost, where the
// wall clock also counts the waits for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
