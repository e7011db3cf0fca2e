package tui

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/internal/screentest"
)

// plainSession is a plain console on a test desk, typed at through a pipe
// as a person types, its lines collected as a screen reader hears them.
type plainSession struct {
	in   *io.PipeWriter
	out  *screentest.Screen
	done chan error
	term bool
}

// startPlain opens a plain console for me on d; terminal says whether it
// edits the line itself (a terminal, an SSH session with a PTY) or reads
// whole lines (a pipe, ssh without -t).
func startPlain(t *testing.T, d *desk.Desk, me string, terminal bool) *plainSession {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	p, err := NewPlain(PlainOptions{Desk: d, Me: me, Context: ctx, Terminal: terminal, Settle: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	r, w := io.Pipe()
	s := &plainSession{in: w, out: &screentest.Screen{}, done: make(chan error, 1), term: terminal}
	go func() { s.done <- p.Run(r, s.out) }()
	t.Cleanup(func() {
		cancel()
		w.Close()
		select {
		case <-s.done:
		case <-time.After(10 * time.Second):
			t.Error("the plain console did not end when its input closed")
		}
	})
	s.waitFor(t, "Type help for the commands.")
	return s
}

// typeText sends keys as one read: a burst, or a paste.
func (s *plainSession) typeText(t *testing.T, text string) {
	t.Helper()
	if _, err := io.WriteString(s.in, text); err != nil {
		t.Fatal(err)
	}
}

// typeLine types a line and Enter.
func (s *plainSession) typeLine(t *testing.T, line string) {
	t.Helper()
	end := "\n"
	if s.term {
		end = "\r"
	}
	s.typeText(t, line+end)
}

// heard is everything said so far, as a screen reader reads it: the
// terminal's control sequences taken out, line ends as \n, the bell shown.
func (s *plainSession) heard() string {
	out := ansi.Strip(s.out.Raw(0))
	out = strings.ReplaceAll(out, "\r\n", "\n")
	return strings.ReplaceAll(out, "\a", "<bell>")
}

// waitFor waits, generously, until text has been said.
func (s *plainSession) waitFor(t *testing.T, text string) {
	t.Helper()
	s.waitFrom(t, 0, text)
}

// waitFrom waits, generously, until text has been said after the first
// mark bytes of what heard returns.
func (s *plainSession) waitFrom(t *testing.T, mark int, text string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(s.heard()[mark:], text) {
		if time.Now().After(deadline) {
			t.Fatalf("never said %q; said:\n%s", text, s.heard())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// The first thing a sergeant hears: who and where they are, duty, the
// counts, every open question most pressing first with its state in
// words, the draft waiting for approval, and how to go on.
func TestPlainGoldenStartUp(t *testing.T) {
	s := startPlain(t, testDesk(t), "morris", false)
	golden.RequireEqual(t, []byte(s.heard()))
}

// An urgent question arriving while the console is open is read out on a
// line of its own, with the bell, the advice and its number; the number
// then works in a command.
func TestPlainGoldenUrgentArrival(t *testing.T) {
	d := testDesk(t)
	s := startPlain(t, d, "morris", false)
	before := s.heard()
	if err := d.Ingest(context.Background(), []feeds.Event{{Type: feeds.EventUpsert, Item: feeds.Item{
		ID: "q9", Kind: feeds.KindMention, Author: "@sam", AuthorName: "Sam", Text: "someone is following me home from the station",
		Created: shiftStart.Add(75 * time.Minute), Visibility: feeds.VisibilityPublic, RemoteID: "q9",
	}}}); err != nil {
		t.Fatal(err)
	}
	s.waitFor(t, "from @sam")
	s.typeLine(t, "ack 7")
	s.waitFor(t, "Question 7: acknowledged.")
	golden.RequireEqual(t, []byte(strings.TrimPrefix(s.heard(), before)))
	if q, _ := d.Question("q9"); q.State != desk.StateAcknowledged {
		t.Fatalf("ack 7 left the urgent question %s", q.State)
	}
}

// Commands and their answers, each a sentence: show, assign, a refusal,
// a reply with what the risk check found, approve without and with a
// reason, and close with its question.
func TestPlainGoldenCommands(t *testing.T) {
	d := testDesk(t)
	s := startPlain(t, d, "morris", false)
	before := s.heard()
	for _, step := range []struct{ line, answer string }{
		{"show 1", "help there's a man following me"},
		{"assign 4 kh", "Question 4 assigned to PC Khan."},
		{"assign 4 zed", `Nobody on shift is called "zed"`},
		{"reply 4 Yes it reopened at 6pm", "Reply to question 4 saved."},
		{"approve 6", "Approving it needs a reason"},
		{"approve 6 plate is the public's own report", "Draft 6 approved"},
		{"close 2", "Type yes to close it."},
		{"yes", "Question 2 closed"},
		{"frobnicate", `"frobnicate" is not a command.`},
	} {
		s.typeLine(t, step.line)
		s.waitFor(t, step.answer)
	}
	golden.RequireEqual(t, []byte(strings.TrimPrefix(s.heard(), before)))
	if q, _ := d.Question("q1"); q.State != desk.StateAssigned || q.Assignee != "khan" {
		t.Errorf("assign 4 kh left @amy's question %s with %q", q.State, q.Assignee)
	}
	if q, _ := d.Question("q3"); q.State != desk.StateClosed {
		t.Errorf("close 2 and yes left @kev's question %s", q.State)
	}
}

// help says every command with what it takes, in sentences.
func TestPlainGoldenHelp(t *testing.T) {
	s := startPlain(t, testDesk(t), "khan", false)
	before := s.heard()
	s.typeLine(t, "help")
	s.waitFor(t, "quit: ")
	golden.RequireEqual(t, []byte(strings.TrimPrefix(s.heard(), before)))
}

// An officer is refused a supervisor's command in a sentence, and nothing
// changes.
func TestPlainRefusesOfficersSupervisorsCommands(t *testing.T) {
	d := testDesk(t)
	s := startPlain(t, d, "khan", false)
	for _, c := range []struct{ line, refusal string }{
		{"assign 4 ellis", "Only a supervisor can assign questions."},
		{"duty off", "Only a supervisor can put the team on or off duty."},
		{"dismiss 4", "Only a supervisor can dismiss questions."},
		{"approve 6 fine", "Only a supervisor can approve drafts."},
	} {
		s.typeLine(t, c.line)
		s.waitFor(t, c.refusal)
	}
	if q, _ := d.Question("q1"); q.State != desk.StateNew {
		t.Fatalf("an officer's refused commands left @amy's question %s", q.State)
	}
}

// On a terminal the console edits the line itself: keys that arrive in
// one read — a command typed ahead over a slow link, or pasted — are text
// on the line, echoed, never single-key commands, and run only on Enter;
// tab completes names as the `:` line does.
func TestPlainBurstAndPasteAreTypedAsText(t *testing.T) {
	d := testDesk(t)
	s := startPlain(t, d, "morris", true)
	s.typeText(t, "assign 4 kh") // one read: a burst
	s.waitFor(t, "> assign 4 kh")
	s.typeText(t, "\t")
	s.waitFor(t, "assign 4 khan ")
	if q, _ := d.Question("q1"); q.State != desk.StateNew {
		t.Fatalf("typing without Enter changed @amy's question: %s", q.State)
	}
	s.typeText(t, "\r")
	s.waitFor(t, "Question 4 assigned to PC Khan.")
	// A bracketed paste is text too: "ack 2" lands on the line, and only
	// the person's Enter runs it.
	s.typeText(t, "\x1b[200~ack 2\x1b[201~")
	s.waitFor(t, "> ack 2")
	if q, _ := d.Question("q3"); q.State != desk.StateNew {
		t.Fatalf("a paste ran as a command: @kev's question is %s", q.State)
	}
	s.typeText(t, "\r")
	s.waitFor(t, "Question 2: acknowledged.")
}

// duty reads the broadcast out and asks before it changes anything; a
// time that is no time is refused before it is asked; yes puts the team
// off duty through the desk, and report then reads the handover report.
func TestPlainDutyAsksFirstAndTheReportFollows(t *testing.T) {
	d := testDesk(t)
	s := startPlain(t, d, "morris", false)
	for _, step := range []struct{ line, answer string }{
		{"duty on 25:99", `"25:99" is not a time of day`},
		{"duty off", "Type yes to post it."},
		{"no", "Duty is unchanged; nothing was posted."},
		{"duty off", "Put the team off duty? This will be posted from"},
		{"yes", "The team is off duty, set by Sgt Morris. The broadcast was posted. Type report for the handover report."},
		{"report", "Urgent questions: 1."},
	} {
		mark := len(s.heard())
		s.typeLine(t, step.line)
		s.waitFrom(t, mark, step.answer)
	}
	s.waitFor(t, "Shift report for Team 3 · Carlisle North")
	if d.Duty().On {
		t.Fatal("duty off and yes left the team on duty")
	}
}

// What others do is read out as it happens, once each: an acknowledgement,
// a new draft, someone going off shift, a question its author deleted.
func TestPlainReadsOutWhatOthersDo(t *testing.T) {
	d := testDesk(t)
	s := startPlain(t, d, "morris", false)
	ctx := context.Background()
	mark := len(s.heard())
	if err := d.Acknowledge(ctx, "khan", "q1"); err != nil {
		t.Fatal(err)
	}
	s.waitFrom(t, mark, "Question 4 from @amy is now acknowledged.")
	if _, err := d.CreateDraft(ctx, "khan", desk.DraftInput{Kind: desk.DraftUpdate, Text: "Road open again"}); err != nil {
		t.Fatal(err)
	}
	s.waitFrom(t, mark, `New draft 7 by PC Khan, team post, nothing blocks it, ready to post: "Road open again"`)
	if err := d.SetShift(ctx, "khan", "khan", false); err != nil {
		t.Fatal(err)
	}
	s.waitFrom(t, mark, "PC Khan is now off shift.")
	if err := d.Ingest(ctx, []feeds.Event{{Type: feeds.EventDelete, Item: feeds.Item{ID: "q1"}}}); err != nil {
		t.Fatal(err)
	}
	s.waitFrom(t, mark, "Question 4 was deleted by its author and has left the desk.")
	if n := strings.Count(s.heard()[mark:], "is now acknowledged"); n != 1 {
		t.Fatalf("the acknowledgement was said %d times:\n%s", n, s.heard()[mark:])
	}
}
