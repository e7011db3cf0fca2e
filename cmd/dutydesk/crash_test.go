package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds/mastodon/mastotest"
	"github.com/dutydesk/dutydesk/internal/desktest"
	"github.com/dutydesk/dutydesk/internal/screentest"
)

// buildBinary builds the real dutydesk into a directory the test removes
// (with -race when the tests run with it, so the build cache is shared and
// only the link is new).
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "dutydesk")
	args := []string{"build", "-o", bin}
	if raceEnabled {
		args = append(args, "-race")
	}
	cmd := exec.Command("go", append(args, ".")...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out.String())
	}
	return bin
}

// proc is the real binary running `dutydesk run` with a pipe for a keyboard
// and a buffer for a screen.
type proc struct {
	t      *testing.T
	cmd    *exec.Cmd
	keys   *os.File
	screen *screentest.Screen
	stderr *screentest.Screen
	done   chan struct{}
}

func startProc(t *testing.T, bin string, args ...string) *proc {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &proc{t: t, keys: w, screen: &screentest.Screen{}, stderr: &screentest.Screen{}, done: make(chan struct{})}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Stdin, p.cmd.Stdout, p.cmd.Stderr = r, p.screen, p.stderr
	p.cmd.Env = append(os.Environ(), "NO_COLOR=1", "TERM=dumb")
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r.Close()
	go func() { p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { p.kill(); w.Close() })
	return p
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *proc) kill() {
	if p.exited() {
		return
	}
	p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

func (p *proc) press(keys string) bool {
	_, err := p.keys.WriteString(keys)
	return err == nil
}

// await polls until the screen shows re (or the process ends or the
// deadline passes) and reports whether it did.
func (p *proc) await(re *regexp.Regexp, within time.Duration) bool {
	return p.awaitFrom(0, re, within)
}

// awaitFrom is await for what was drawn after the first mark bytes.
func (p *proc) awaitFrom(mark int, re *regexp.Regexp, within time.Duration) bool {
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if re.MatchString(p.screen.From(mark)) {
			return true
		}
		if p.exited() {
			return re.MatchString(p.screen.From(mark))
		}
		time.Sleep(10 * time.Millisecond)
	}
	return false
}

// A status-bar message: at the start of a line as the renderer draws it.
func statusRE(msg string) *regexp.Regexp {
	return regexp.MustCompile(`(^|[\r\n]|\x1b\[[0-9;?]*[A-Za-z]) ` + regexp.QuoteMeta(msg))
}

var (
	shownAck      = statusRE("acknowledged")
	shownAssigned = statusRE("assigned to Sgt Morris")
	shownSaved    = statusRE("draft saved")
	shownPosted   = statusRE("posted")
)

// openStoreForCheck opens the store as the next start would: refusing a
// damaged file, and passing SQLite's full integrity check.
func openStoreForCheck(t *testing.T, path string) *desk.Desk {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	var res string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check after the kill: %q, %v", res, err)
	}
	db.Close()
	st, err := desk.OpenSQLite(path)
	if err != nil {
		t.Fatalf("the store does not open after the kill: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	d, err := desk.Open(context.Background(), st, desk.Options{People: []desk.Person{
		{ID: "morris", Name: "Sgt Morris", Role: desk.RoleSupervisor}, {ID: "khan", Name: "PC Khan", Role: desk.RoleOfficer}}})
	if err != nil {
		t.Fatalf("the desk does not rebuild after the kill: %v", err)
	}
	return d
}

// crashSeed is the harness's random seed: DUTYDESK_CRASH_SEED replays a run.
func crashSeed(t *testing.T) uint64 {
	if s := os.Getenv("DUTYDESK_CRASH_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	return uint64(time.Now().UnixNano())
}

// TestKilledMidActionLosesNothing runs the real binary against the test
// server and SIGKILLs it at a random moment while mentions arrive and the
// supervisor acknowledges, assigns, replies and posts; then checks the
// store: every action the screen showed as done is stored, the store passes
// PRAGMA integrity_check, the server never holds two statuses for one
// idempotency key, and — after a last clean start — every post in flight
// was confirmed or sent again with the same key, and every mention is a
// question exactly once.
func TestKilledMidActionLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the real binary")
	}
	bin := buildBinary(t)
	seed := crashSeed(t)
	rng := rand.New(rand.NewPCG(seed, 0))
	t.Logf("seed %d (DUTYDESK_CRASH_SEED=%d replays the kill points)", seed, seed)

	srv := mastotest.New(t)
	token := srv.AddAccount("team")
	configPath := desktest.WriteTeamConfig(t, srv.URL(), token, 0o600)
	dbPath := filepath.Join(filepath.Dir(configPath), "desk.db")
	srv.SlowPosts(150 * time.Millisecond) // a post is in flight for a while after the server made it
	args := []string{"run", "--config", configPath}

	iterations := 6
	if n, err := strconv.Atoi(os.Getenv("DUTYDESK_CRASH_RUNS")); err == nil && n > 0 {
		iterations = n // longer campaigns: see RELIABILITY.md
	}
	var mentions []string
	var crowdMu sync.Mutex // mentions is appended to by the crowd
	var killedAt []string
	inFlightMade, inFlightUnsent := 0, 0
	for it := 0; it < iterations; it++ {
		p := startProc(t, bin, args...)
		if !p.await(regexp.MustCompile(`team live|Inbound`), wait) {
			t.Fatalf("run %d never drew the console: %s", it, p.stderr.String())
		}
		// The crowd: mentions keep arriving while the supervisor works.
		stopCrowd := make(chan struct{})
		crowdDone := make(chan struct{})
		go func() {
			defer close(crowdDone)
			for i := 0; ; i++ {
				select {
				case <-stopCrowd:
					return
				case <-time.After(40 * time.Millisecond):
				}
				if i < 4 {
					text := fmt.Sprintf("@team crowd %d-%d", it, i)
					srv.Mention(fmt.Sprintf("crowd%d", i), text, "public")
					crowdMu.Lock()
					mentions = append(mentions, text)
					crowdMu.Unlock()
				}
			}
		}()
		question := fmt.Sprintf("@team question %d: is the A595 open?", it)
		srv.Mention("amy", question, "public")
		crowdMu.Lock()
		mentions = append(mentions, question)
		crowdMu.Unlock()

		// The supervisor's keys, each once the last was shown done; the
		// kill comes at a random moment among them.
		// The script takes about 400ms (the post 150ms of it): kill
		// anywhere in it, now and then after it.
		killAfter := time.Duration(rng.Int64N(int64(500 * time.Millisecond)))

		script := make(chan struct{})
		go func() {
			defer close(script)
			steps := []struct {
				keys string
				done *regexp.Regexp // drawn after the keys: they were handled
			}{
				{"", regexp.MustCompile(regexp.QuoteMeta(fmt.Sprintf("question %d", it)))},
				// the crowd's mentions sort above it: narrow the pane to it
				{"/", regexp.MustCompile(`enter keeps`)},
				{fmt.Sprintf("question %d:\r", it), regexp.MustCompile(regexp.QuoteMeta(fmt.Sprintf("/question %d: (1)", it)))},
				{"x\r", shownAck}, // x asks how; enter: silently
				{"a", regexp.MustCompile(`assign to`)},
				{"morris\r", shownAssigned},
				{"r", regexp.MustCompile(`Reply to @amy`)},
				{fmt.Sprintf("Yes, reopened (%d).", it), regexp.MustCompile(regexp.QuoteMeta(fmt.Sprintf("reopened (%d).", it)))},
				{"\x13", shownSaved},
				{"3", regexp.MustCompile(`┌ 3 Drafts`)},
				// earlier runs' unsent drafts are there too: narrow to this one
				{"/", regexp.MustCompile(`enter keeps`)},
				{fmt.Sprintf("reopened (%d)\r", it), regexp.MustCompile(regexp.QuoteMeta(fmt.Sprintf("/reopened (%d) (1)", it)))},
				{"py", shownPosted},
			}
			for _, st := range steps {
				mark := p.screen.Len()
				if st.keys != "" && !p.press(st.keys) {
					return
				}
				if !p.awaitFrom(mark, st.done, wait) {
					if !p.exited() {
						scr := p.screen.String()
						t.Errorf("run %d: %q never showed %s; screen ends %q", it, st.keys, st.done, scr[max(0, len(scr)-600):])
					}
					return
				}
			}
		}()
		select {
		case <-time.After(killAfter):
		case <-script:
			killAfter = -1
		}
		p.kill()
		<-script
		close(stopCrowd)
		<-crowdDone
		screen := p.screen.String()
		shown := map[string]bool{"acknowledged": shownAck.MatchString(screen), "assigned": shownAssigned.MatchString(screen),
			"draft saved": shownSaved.MatchString(screen), "posted": shownPosted.MatchString(screen)}
		where := "after the script"
		if killAfter >= 0 {
			where = killAfter.Round(time.Millisecond).String()
		}
		var last string
		for _, k := range []string{"acknowledged", "assigned", "draft saved", "posted"} {
			if shown[k] {
				last = k
			}
		}
		killedAt = append(killedAt, fmt.Sprintf("run %d killed at %s (last shown done: %q)", it, where, last))

		// What the next start will find.
		d := openStoreForCheck(t, dbPath)
		var q desk.Question
		for _, x := range d.Questions() {
			if strings.Contains(x.Item.Text, fmt.Sprintf("question %d:", it)) {
				q = x
			}
		}
		if shown["acknowledged"] && (q.ID == "" || q.State == desk.StateNew) {
			t.Errorf("run %d: acknowledged on screen, but the store has %+v", it, q)
		}
		if shown["assigned"] && q.Assignee != "morris" {
			t.Errorf("run %d: assigned on screen, but the store has assignee %q", it, q.Assignee)
		}
		var draft desk.Draft
		for _, dr := range d.Drafts() {
			if q.ID != "" && dr.ReplyTo == q.ID {
				draft = dr
			}
		}
		if shown["draft saved"] && draft.ID == "" {
			t.Errorf("run %d: draft saved on screen, but the store has no draft for %s", it, q.ID)
		}
		if shown["posted"] && (draft.State != desk.DraftPosted || q.State != desk.StateAnswered) {
			t.Errorf("run %d: posted on screen, but the store has draft %s %s, question %s", it, draft.ID, draft.State, q.State)
		}
		byKey := srv.PostsByKey()
		for key, n := range byKey {
			if n > 1 {
				t.Errorf("after run %d the server holds %d statuses for key %s", it, n, key)
			}
		}
		for _, dr := range d.Drafts() {
			if dr.State == desk.DraftPosting {
				if byKey[dr.ID] == 1 {
					inFlightMade++ // the server made it; the desk never heard
				} else {
					inFlightUnsent++
				}
			}
		}
	}

	// A last start without a kill: in-flight posts are resumed with their
	// keys and the feed catches up with what arrived while the desk was down.
	p := startProc(t, bin, args...)
	// At 80 columns "store live · team live" may end the bar cut to "team li…".
	if !p.await(regexp.MustCompile(`team live|team l…`), wait) {
		scr := p.screen.String()
		t.Fatalf("the last run never went live: %s\n%q", p.stderr.String(), scr[max(0, len(scr)-3000):])
	}
	// The console is up: ResumePosting ran before it. Wait until every
	// mention is stored, then quit cleanly.
	deadline := time.Now().Add(wait)
	for {
		if countStoredMentions(t, dbPath, mentions) == len(mentions) || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.press("q")
	select {
	case <-p.done:
	case <-time.After(wait):
		t.Fatal("the last run did not quit")
	}

	final := openStoreForCheck(t, dbPath)
	byKey := srv.PostsByKey()
	posts := map[string]mastotest.Status{}
	for _, s := range srv.Posts() {
		posts[s.IdempotencyKey] = s
	}
	posted, inFlight := 0, 0
	for _, dr := range final.Drafts() {
		switch dr.State {
		case desk.DraftPosting:
			inFlight++
			t.Errorf("draft %s is still posting after a clean start", dr.ID)
		case desk.DraftPosted:
			posted++
			if byKey[dr.ID] != 1 || posts[dr.ID].ID != dr.RemoteID {
				t.Errorf("draft %s posted as %s, but the server has %d statuses for its key (%+v)", dr.ID, dr.RemoteID, byKey[dr.ID], posts[dr.ID])
			}
		}
	}
	for key, n := range byKey {
		if n != 1 {
			t.Errorf("the server holds %d statuses for key %q", n, key)
		}
		if dr, ok := final.Draft(key); !ok || dr.State != desk.DraftPosted {
			t.Errorf("the server has a status for key %s, but the desk's draft is %+v", key, dr)
		}
	}
	questions := map[string]int{}
	for _, q := range final.Questions() {
		questions[q.Item.Text]++
	}
	for _, m := range mentions {
		if n := questions[m]; n != 1 {
			t.Errorf("mention %q is %d questions on the desk, want 1", m, n)
		}
	}
	// The token was never shown, logged or stored.
	for _, f := range []string{dbPath, dbPath + "-wal"} {
		if raw, err := os.ReadFile(f); err == nil && bytes.Contains(raw, []byte(token)) {
			t.Errorf("%s holds the access token", f)
		}
	}
	if strings.Contains(p.screen.String(), token) || strings.Contains(p.stderr.String(), token) {
		t.Error("the access token was shown")
	}
	t.Logf("%s", strings.Join(killedAt, "\n"))
	t.Logf("%d mentions, all stored once; %d drafts posted, each once on the server; killed with a post in flight %d times (%d already made by the server, confirmed on restart with the same key)",
		len(mentions), posted, inFlightMade+inFlightUnsent, inFlightMade)
}

// countStoredMentions counts the mentions stored as questions, reading the
// store the running process writes (WAL lets a reader in).
func countStoredMentions(t *testing.T, dbPath string, mentions []string) int {
	db, err := sql.Open("sqlite", "file:"+dbPath+"?mode=ro")
	if err != nil {
		return 0
	}
	defer db.Close()
	n := 0
	for _, m := range mentions {
		var c int
		if db.QueryRow("SELECT count(*) FROM events WHERE type = 'item.arrived' AND instr(payload, ?) > 0", m).Scan(&c) == nil && c > 0 {
			n++
		}
	}
	return n
}

// TestStartRefusesAStoreNotItsOwn runs the real binary on a file of garbage,
// somebody else's SQLite database and a damaged store: each start fails with
// a message naming the file and what to do, and the file is byte for byte
// what it was.
func TestStartRefusesAStoreNotItsOwn(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the real binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()

	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, bytes.Repeat([]byte("not a database \x00\x1b[2J"), 4000), 0o600); err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(dir, "custody.db")
	db, err := sql.Open("sqlite", "file:"+foreign)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"CREATE TABLE custody(id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO custody(name) VALUES ('J Bloggs')"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	damaged := filepath.Join(dir, "damaged.db")
	{
		st, err := desk.OpenSQLite(damaged)
		if err != nil {
			t.Fatal(err)
		}
		d, err := desk.Open(context.Background(), st, desk.Options{People: []desk.Person{{ID: "morris", Name: "Sgt Morris", Role: desk.RoleSupervisor}}})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 300; i++ {
			desktest.Question(t, d, fmt.Sprintf("q%d", i), "@amy", fmt.Sprintf("question %d %s", i, strings.Repeat("x", 200)))
		}
		st.Close()
		raw, _ := os.ReadFile(damaged)
		for i := 4096 + 8; i < 3*4096; i++ { // a failing disk scribbles over pages 2 and 3
			raw[i] = 0xa5
		}
		os.WriteFile(damaged, raw, 0o600)
	}
	for _, c := range []struct{ path, want string }{
		{garbage, "not a dutydesk store"},
		{foreign, "not made by dutydesk"},
		{damaged, "damaged"},
	} {
		t.Run(filepath.Base(c.path), func(t *testing.T) {
			before, _ := os.ReadFile(c.path)
			cmd := exec.Command(bin, "demo", "--speed", "0", "--db", c.path)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			cmd.Stdin = strings.NewReader("q")
			err := cmd.Run()
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
				t.Errorf("exit: %v, want status 1; output %q", err, out.String())
			}
			if !strings.Contains(out.String(), c.path) || !strings.Contains(out.String(), c.want) {
				t.Errorf("message %q: want it to name %s and say %q", out.String(), c.path, c.want)
			}
			after, _ := os.ReadFile(c.path)
			if !bytes.Equal(before, after) {
				t.Errorf("%s was changed by the refused start", c.path)
			}
			for _, suffix := range []string{"-wal", "-shm", "-journal"} {
				if _, err := os.Stat(c.path + suffix); err == nil {
					t.Errorf("the refused start left %s%s", c.path, suffix)
				}
			}
		})
	}
}
