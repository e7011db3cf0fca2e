package sshd

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/log"
	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/internal/desktest"
	"github.com/dutydesk/dutydesk/internal/fielderr"
	"github.com/dutydesk/dutydesk/internal/screentest"
)

// wait is how long a test waits for something to show: generous, because a
// loaded 2-core machine running -race is slow, and nothing sleeps for it.
const wait = 15 * time.Second

// testPerson is one of the test team: on the desk's roster, with a key.
type testPerson struct{ id, name, role string }

var testTeam = []testPerson{
	{"morris", "Sgt Morris", "supervisor"},
	{"ellis", "Sgt Ellis", "supervisor"},
	{"khan", "PC Khan", "officer"},
}

// harness is a desk served over SSH on loopback, with a key for each person.
type harness struct {
	t      testing.TB
	desk   *desk.Desk
	people []Person // the keyring's roster
	opts   Options
	srv    *Server
	addr   string
	keys   map[string]gossh.Signer
	stop   context.CancelFunc
	done   chan error
	logs   *screentest.Screen
	hostFP string
	dir    string
}

func newSigner(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// testRoster gives each of team a fresh key.
func testRoster(t testing.TB, team []testPerson) ([]Person, map[string]gossh.Signer) {
	var people []Person
	keys := map[string]gossh.Signer{}
	for _, p := range team {
		s := newSigner(t)
		keys[p.id] = s
		people = append(people, Person{ID: p.id, Keys: []string{string(gossh.MarshalAuthorizedKey(s.PublicKey()))}})
	}
	return people, keys
}

// openTestDesk opens a desk for team on a fresh store at dir/desk.db.
func openTestDesk(t testing.TB, dir string, team []testPerson) *desk.Desk {
	t.Helper()
	st, err := desk.OpenSQLite(filepath.Join(dir, "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	var roster []desk.Person
	for _, p := range team {
		roster = append(roster, desk.Person{ID: p.id, Name: p.name, Role: desk.Role(p.role), OnShift: true})
	}
	d, err := desk.Open(context.Background(), st, desk.Options{Team: "Team 3", People: roster})
	if err != nil {
		st.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return d
}

// startHarness starts serving a desk; tune may change the options first.
func startHarness(t testing.TB, tune func(*Options)) *harness {
	t.Helper()
	return startHarnessWith(t, func(h *harness) {
		if tune != nil {
			tune(&h.opts)
		}
	})
}

// startHarnessWith serves a desk after edit may change the harness's
// roster and options; the store is h.dir/desk.db.
func startHarnessWith(t testing.TB, edit func(h *harness)) *harness {
	t.Helper()
	dir := t.TempDir()
	people, keys := testRoster(t, testTeam)
	h := &harness{t: t, people: people, keys: keys, desk: openTestDesk(t, dir, testTeam), dir: dir,
		// Tests connect often and fast from one address: the connection
		// rates are the tests' own to set.
		opts: Options{HostKey: filepath.Join(dir, "keys", "host_ed25519"), Listen: "127.0.0.1:0", ConnRatePerAddr: 1000, ConnRate: 1000}}
	if edit != nil {
		edit(h)
	}
	h.serve()
	return h
}

// serve starts (or restarts) the server on the harness's desk.
func (h *harness) serve() {
	t := h.t
	t.Helper()
	kr, err := LoadKeyring(h.people)
	if err != nil {
		t.Fatal(err)
	}
	h.logs = &screentest.Screen{}
	opts := h.opts
	opts.Logger = log.New(h.logs)
	srv, err := New(h.desk, kr, opts)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	h.srv, h.addr, h.stop, h.done, h.hostFP = srv, l.Addr().String(), stop, make(chan error, 1), srv.Fingerprint()
	go func() { h.done <- srv.Serve(ctx, l) }()
	t.Cleanup(h.shutdown)
}

// shutdown stops the server as SIGTERM would and returns run's error.
func (h *harness) shutdown() {
	h.stop()
	select {
	case err := <-h.done:
		if err != nil {
			h.t.Errorf("shutdown: %v", err)
		}
		h.done <- nil // a second shutdown returns at once
	case <-time.After(wait + 10*time.Second):
		h.t.Errorf("server did not shut down")
	}
}

func (h *harness) clientConfig(user string, auth ...gossh.AuthMethod) (*gossh.ClientConfig, *screentest.Screen) {
	banner := &screentest.Screen{}
	return &gossh.ClientConfig{
		User:            user,
		Auth:            auth,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		BannerCallback:  func(msg string) error { banner.Write([]byte(msg)); return nil },
		Timeout:         wait,
	}, banner
}

func (h *harness) dial(user string, signer gossh.Signer) *gossh.Client {
	h.t.Helper()
	cc, _ := h.clientConfig(user, gossh.PublicKeys(signer))
	c, err := gossh.Dial("tcp", h.addr, cc)
	if err != nil {
		h.t.Fatalf("%s logs in: %v", user, err)
	}
	h.t.Cleanup(func() { c.Close() })
	return c
}

// screen is one SSH console as its terminal sees it.
type screen struct {
	t    testing.TB
	sess *gossh.Session
	in   io.WriteCloser
	out  *screentest.Screen
	exit chan error
}

// console logs person in with a w×h PTY and starts their console.
func (h *harness) console(person string, w, hgt int) *screen {
	h.t.Helper()
	return openScreen(h.t, h.dial(person, h.keys[person]), w, hgt)
}

// loggedIn opens person's console at w×hgt and waits until it shows them
// logged in ("Sgt Morris (you)").
func (h *harness) loggedIn(person string, w, hgt int) *screen {
	h.t.Helper()
	s := h.console(person, w, hgt)
	for _, p := range testTeam {
		if p.id == person {
			s.waitFor(0, p.name+" (you)")
		}
	}
	return s
}

func openScreen(t testing.TB, c *gossh.Client, w, hgt int) *screen {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", hgt, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	in, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &screen{t: t, sess: sess, in: in, exit: make(chan error, 1)}
	// Answer the terminal queries a real terminal answers (primary device
	// attributes), as the console's renderer asks for them.
	s.out = &screentest.Screen{OnWrite: func(p []byte) {
		if bytes.Contains(p, []byte("\x1b[c")) {
			go in.Write([]byte("\x1b[?62;22c"))
		}
	}}
	sess.Stdout, sess.Stderr = s.out, s.out
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() { s.exit <- sess.Wait() }()
	return s
}

// mark is a place in the output: waitFor(mark, …) looks only after it.
func (s *screen) mark() int { return s.out.Len() }

// text is the output since mark without escape sequences.
func (s *screen) text(mark int) string { return ansi.Strip(s.out.From(mark)) }

// waitFor polls until the output since mark shows want.
func (s *screen) waitFor(mark int, want string) {
	s.t.Helper()
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		if strings.Contains(s.text(mark), want) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.t.Fatalf("screen never showed %q; it showed:\n%s", want, tail(s.text(mark), 3000))
}

func (s *screen) press(keys string) {
	s.t.Helper()
	if _, err := s.in.Write([]byte(keys)); err != nil {
		s.t.Fatalf("press %q: %v", keys, err)
	}
}

// waitExit waits until the server ends the session.
func (s *screen) waitExit() error {
	s.t.Helper()
	select {
	case err := <-s.exit:
		return err
	case <-time.After(wait):
		s.t.Fatalf("session did not end; it showed:\n%s", tail(s.text(0), 2000))
		return nil
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// accessEvents returns the stored events of type t.
func accessEvents(t testing.TB, d *desk.Desk, typ desk.EventType) []desk.AccessRecord {
	t.Helper()
	evs, err := d.Events(0)
	if err != nil {
		t.Fatal(err)
	}
	var out []desk.AccessRecord
	for _, ev := range evs {
		if ev.Type == typ {
			a, err := ev.Access()
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, a)
		}
	}
	return out
}

func TestKnownKeyGetsAConsoleWithTheirName(t *testing.T) {
	h := startHarness(t, nil)
	desktest.Question(t, h.desk, "q1", "@amy", "Is the A595 still closed near Bothel?")
	s := h.loggedIn("morris", 120, 40)
	s.waitFor(0, "Is the A595 still closed")

	opened := accessEvents(t, h.desk, desk.EvSessionOpened)
	if len(opened) != 1 || opened[0].Person != "morris" || opened[0].Fingerprint != gossh.FingerprintSHA256(h.keys["morris"].PublicKey()) {
		t.Fatalf("session.opened events = %+v, want one for morris with his key's fingerprint", opened)
	}
	s.press("q")
	if err := s.waitExit(); err != nil {
		t.Fatalf("quitting the console: %v", err)
	}
	desktest.Eventually(t, "the logout is stored", func() bool {
		closed := accessEvents(t, h.desk, desk.EvSessionClosed)
		return len(closed) == 1 && closed[0].Person == "morris" && closed[0].Reason == endQuit
	})
}

func TestUnknownKeyIsRefusedAndRecorded(t *testing.T) {
	h := startHarness(t, nil)
	stranger := newSigner(t)
	cc, banner := h.clientConfig("morris", gossh.PublicKeys(stranger))
	if c, err := gossh.Dial("tcp", h.addr, cc); err == nil {
		c.Close()
		t.Fatal("an unknown key logged in")
	}
	fp := gossh.FingerprintSHA256(stranger.PublicKey())
	if got := banner.String(); !strings.Contains(got, fp) || !strings.Contains(got, "not on") || strings.Count(strings.TrimSpace(got), "\n") > 0 {
		t.Errorf("refusal = %q, want one line naming the key %s", got, fp)
	}
	refused := accessEvents(t, h.desk, desk.EvAccessRefused)
	// The client typed "morris", but the key is nobody's: the audit names
	// no person, only the key and the address.
	if len(refused) != 1 || refused[0].Fingerprint != fp || refused[0].Person != "" || refused[0].Remote == "" {
		t.Fatalf("access.refused events = %+v, want one with fingerprint %s, the address and no person", refused, fp)
	}
}

func TestPasswordAndKeyboardInteractiveAreRefused(t *testing.T) {
	h := startHarness(t, nil)
	for name, auth := range map[string]gossh.AuthMethod{
		"password": gossh.Password("hunter2"),
		"keyboard-interactive": gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
			return []string{"hunter2"}, nil
		}),
	} {
		cc, _ := h.clientConfig("morris", auth)
		c, err := gossh.Dial("tcp", h.addr, cc)
		if err == nil {
			c.Close()
			t.Fatalf("%s login succeeded", name)
		}
		// The server offers public keys only, so the client has nothing to
		// try ("Permission denied (publickey)" in OpenSSH).
		if !strings.Contains(err.Error(), "no supported methods remain") {
			t.Errorf("%s: refused with %v, want no supported methods", name, err)
		}
	}
}

func TestSessionWithoutPTYIsToldNotHung(t *testing.T) {
	h := startHarness(t, nil)
	sess, err := h.dial("morris", h.keys["morris"]).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out := make(chan []byte, 1)
	go func() { b, _ := sess.CombinedOutput(""); out <- b }()
	select {
	case b := <-out:
		if !strings.Contains(string(b), "needs a terminal; connect with ssh -t") {
			t.Fatalf("without a PTY the session said %q", b)
		}
	case <-time.After(wait):
		t.Fatal("a session without a PTY hung")
	}
}

func TestTwoPeopleSeeEachOthersAssignmentAndPresence(t *testing.T) {
	h := startHarness(t, nil)
	desktest.Question(t, h.desk, "q1", "@bob", "When is the next surgery?")
	a := h.console("morris", 120, 40)
	a.waitFor(0, "When is the next surgery?")
	b := h.console("khan", 120, 40)
	b.waitFor(0, "also here: Sgt Morris")
	a.waitFor(0, "also here: PC Khan")

	from := b.mark()
	a.press("a") // assign the selected question…
	a.waitFor(0, "assign to:")
	a.press("khan\r") // …to PC Khan
	desktest.Eventually(t, "the desk has q1 assigned to khan", func() bool {
		q, _ := h.desk.Question("q1")
		return q.Assignee == "khan" && q.State == desk.StateAssigned
	})
	b.waitFor(from, "→ PC Khan")
	a.waitFor(0, "assigned to PC Khan")
}

func TestOfficerCannotChangeDuty(t *testing.T) {
	h := startHarness(t, nil)
	s := h.loggedIn("khan", 120, 40)
	before := h.desk.Duty()
	from := s.mark()
	s.press("d")
	s.waitFor(from, "only a supervisor can put the team on or off duty")
	s.press("\r")
	if after := h.desk.Duty(); after != before {
		t.Fatalf("an officer changed duty: %+v → %+v", before, after)
	}
}

func TestClaimHasOneWinnerAcrossSessions(t *testing.T) {
	h := startHarness(t, nil)
	desktest.Question(t, h.desk, "q1", "@amy", "Is the A595 still closed near Bothel?")
	a := h.console("morris", 120, 40)
	b := h.console("ellis", 120, 40)
	a.waitFor(0, "also here: Sgt Ellis")
	b.waitFor(0, "also here: Sgt Morris")
	ma, mb := a.mark(), b.mark()
	var wg sync.WaitGroup
	for _, s := range []*screen{a, b} {
		wg.Add(1)
		go func() { defer wg.Done(); s.in.Write([]byte("r")) }()
	}
	wg.Wait()
	desktest.Eventually(t, "one of them is told the other is answering", func() bool {
		return strings.Contains(a.text(ma), "is answering this question") || strings.Contains(b.text(mb), "is answering this question")
	})
	q, _ := h.desk.Question("q1")
	loser, loserMark, winnerName := b, mb, "Sgt Morris"
	if q.ClaimedBy == "ellis" {
		loser, loserMark, winnerName = a, ma, "Sgt Ellis"
	}
	loser.waitFor(loserMark, winnerName+" is answering this question")
	evs, err := h.desk.Events(0)
	if err != nil {
		t.Fatal(err)
	}
	claims := 0
	for _, ev := range evs {
		if ev.Type == desk.EvClaimed {
			claims++
		}
	}
	if claims != 1 {
		t.Fatalf("%d claim events, want exactly 1", claims)
	}
}

func TestClaimHasOneWinnerUnderManyConcurrentAttempts(t *testing.T) {
	h := startHarness(t, nil)
	desktest.Question(t, h.desk, "q1", "@amy", "Is the A595 still closed near Bothel?")
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for i := 0; i < 20; i++ {
		who := []string{"morris", "ellis"}[i%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := h.desk.Claim(context.Background(), who, "q1", false)
			var claimed *desk.ClaimedError
			switch {
			case err == nil:
				mu.Lock()
				wins++
				mu.Unlock()
			case errors.As(err, &claimed), errors.Is(err, desk.ErrConflict):
			default:
				t.Errorf("claim: %v", err)
			}
		}()
	}
	wg.Wait()
	q, _ := h.desk.Question("q1")
	if q.ClaimedBy == "" {
		t.Fatal("nobody holds the claim")
	}
	// Claiming again what one already holds succeeds quietly, so "wins" counts
	// attempts by the holder; what matters is one claim event.
	evs, _ := h.desk.Events(0)
	n := 0
	for _, ev := range evs {
		if ev.Type == desk.EvClaimed {
			n++
		}
	}
	if n != 1 || wins == 0 {
		t.Fatalf("%d claim events and %d successful claims; want 1 event", n, wins)
	}
}

func TestSessionCapsRefuseWithAMessage(t *testing.T) {
	h := startHarness(t, func(o *Options) { o.MaxSessionsPerPerson = 1; o.MaxSessions = 2 })
	h.loggedIn("morris", 100, 30)
	second := h.console("morris", 100, 30)
	second.waitFor(0, "Sgt Morris already has 1 consoles open")
	second.waitExit()
	h.loggedIn("ellis", 100, 30)
	third := h.console("khan", 100, 30)
	third.waitFor(0, "the desk already has 2 consoles open")
	third.waitExit()
	desktest.Eventually(t, "both refusals are stored", func() bool {
		return len(accessEvents(t, h.desk, desk.EvAccessRefused)) == 2
	})
}

func TestIdleConsoleIsLoggedOut(t *testing.T) {
	h := startHarness(t, func(o *Options) { o.Idle = time.Second })
	idleLoggedOut(t, h, h.console("khan", 100, 30), "PC Khan (you)")
}

// idleLoggedOut checks that s, khan's console on h (logging out after a
// second), greets him with hello, then says he is logged out and ends, and
// that the logout is stored as idle.
func idleLoggedOut(t *testing.T, h *harness, s *screen, hello string) {
	t.Helper()
	s.waitFor(0, hello)
	s.waitFor(0, "logged out after 1s")
	s.waitExit()
	desktest.Eventually(t, "the idle logout is stored", func() bool {
		closed := accessEvents(t, h.desk, desk.EvSessionClosed)
		return len(closed) == 1 && closed[0].Reason == endIdle
	})
}

func TestShutdownTellsSessionsAndStoresLogouts(t *testing.T) {
	h := startHarness(t, nil)
	a := h.loggedIn("morris", 100, 30)
	b := h.loggedIn("khan", 100, 30)
	h.shutdown()
	for _, s := range []*screen{a, b} {
		s.waitFor(0, "the desk is shutting down")
	}
	closed := accessEvents(t, h.desk, desk.EvSessionClosed)
	if len(closed) != 2 || closed[0].Reason != endShutdown || closed[1].Reason != endShutdown {
		t.Fatalf("session.closed events after shutdown = %+v, want two with reason shutdown", closed)
	}
}

func TestHostKeyIsMadeOnceAndReused(t *testing.T) {
	h := startHarness(t, nil)
	info, err := os.Stat(h.opts.HostKey)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("host key mode = %o, want 600", info.Mode().Perm())
	}
	seen := func() string {
		var got string
		cc, _ := h.clientConfig("morris", gossh.PublicKeys(h.keys["morris"]))
		cc.HostKeyCallback = func(_ string, _ net.Addr, k gossh.PublicKey) error { got = gossh.FingerprintSHA256(k); return nil }
		c, err := gossh.Dial("tcp", h.addr, cc)
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
		return got
	}
	first := seen()
	if first != h.hostFP {
		t.Fatalf("client saw host key %s, server says %s", first, h.hostFP)
	}
	h.shutdown()
	h.serve()
	if again := seen(); again != first {
		t.Fatalf("host key changed across restart: %s then %s", first, again)
	}
	if err := os.Chmod(h.opts.HostKey, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadHostKey(h.opts.HostKey); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("a world-readable host key was accepted: %v", err)
	}
}

func TestAuthorizedKeysFileAndDuplicateKeys(t *testing.T) {
	dir := t.TempDir()
	people, keys := testRoster(t, testTeam[:2])
	extra := newSigner(t)
	file := filepath.Join(dir, "ellis.keys")
	os.WriteFile(file, append([]byte("# Sgt Ellis, station PC\n\n"), gossh.MarshalAuthorizedKey(extra.PublicKey())...), 0o600)
	people[1].AuthorizedKeys = file
	kr, err := LoadKeyring(people)
	if err != nil {
		t.Fatal(err)
	}
	for signer, want := range map[gossh.Signer]string{keys["morris"]: "morris", keys["ellis"]: "ellis", extra: "ellis"} {
		if got, _ := kr.person(signer.PublicKey()); got != want {
			t.Errorf("key of %s maps to %q", want, got)
		}
	}
	people[1].Keys = people[0].Keys
	_, err = LoadKeyring(people)
	var fe *fielderr.FieldError
	if err == nil || !strings.Contains(err.Error(), "already morris's") || !errors.As(err, &fe) || fe.Key != "people[1].keys" {
		t.Fatalf("a key given to two people was accepted, or the error does not name the field: %v", err)
	}
}

// TestDroppedConnectionIsRecordedAsDropped: a console whose connection is
// cut (no q pressed) is stored as logged out with reason dropped, not quit.
func TestDroppedConnectionIsRecordedAsDropped(t *testing.T) {
	h := startHarness(t, nil)
	c := h.dial("khan", h.keys["khan"])
	s := openScreen(t, c, 100, 30)
	s.waitFor(0, "PC Khan (you)")
	c.Close()
	desktest.Eventually(t, "the dropped console's logout is stored", func() bool {
		return len(accessEvents(t, h.desk, desk.EvSessionClosed)) == 1
	})
	if closed := accessEvents(t, h.desk, desk.EvSessionClosed); closed[0].Reason != endDropped {
		t.Fatalf("a dropped connection was stored with reason %q, want %q", closed[0].Reason, endDropped)
	}
}

// TestReloadedKeyringEndsRevokedConsoles: a roster reload that takes
// khan's key away ends khan's open console with a line saying so, stored
// as revoked; morris's console stays; khan's key no longer logs in.
func TestReloadedKeyringEndsRevokedConsoles(t *testing.T) {
	h := startHarness(t, nil)
	khan := h.loggedIn("khan", 100, 30)
	morris := h.loggedIn("morris", 100, 30)
	kr, err := LoadKeyring(h.people[:2]) // morris and ellis only
	if err != nil {
		t.Fatal(err)
	}
	h.srv.SetKeyring(kr)
	khan.waitFor(0, "is no longer on the roster")
	khan.waitExit()
	desktest.Eventually(t, "the revoked logout is stored", func() bool {
		closed := accessEvents(t, h.desk, desk.EvSessionClosed)
		return len(closed) == 1 && closed[0].Person == "khan" && closed[0].Reason == endRevoked
	})
	from := morris.mark()
	morris.press("2")
	morris.waitFor(from, "Team feed")
	cc, _ := h.clientConfig("khan", gossh.PublicKeys(h.keys["khan"]))
	if c, err := gossh.Dial("tcp", h.addr, cc); err == nil {
		c.Close()
		t.Fatal("a revoked key logged in")
	}
}

// The console over SSH asks the terminal for mouse reports (issue 15); what
// a click does is tui's TestAClickSelectsTheRowUnderIt.
func TestTheConsoleOverSSHTakesTheMouse(t *testing.T) {
	h := startHarness(t, nil)
	s := h.loggedIn("morris", 120, 40)
	if raw := s.out.Raw(0); !strings.Contains(raw, "\x1b[?1002h") {
		t.Fatalf("the console never enabled mouse reports (ESC[?1002h); it sent %q", tail(raw, 400))
	}
}
