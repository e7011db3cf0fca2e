package tui

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
	"github.com/muesli/termenv"
)

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// View only renders: drawing a screen twice gives the same screen, runs no
// risk check, and changes nothing the next frame would show — on the panes
// and on every overlay, at both layouts.
func TestDrawingTwiceDrawsTheSameScreen(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {160, 48}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			var checks atomic.Int64
			d := testDeskCounting(t, &checks)
			m := modelAt(t, d, termenv.Ascii, size.w, size.h)
			same := func(what string) {
				t.Helper()
				before := checks.Load()
				first := m.View()
				if second := m.View(); second != first {
					t.Errorf("%s: the second frame differs from the first:\n%s\n---\n%s", what, first, second)
				}
				if n := checks.Load() - before; n != 0 {
					t.Errorf("%s: drawing ran the risk check %d times", what, n)
				}
			}
			send := func(msgs ...tea.Msg) {
				for _, msg := range msgs {
					_, cmd := m.Update(msg)
					runCmd(m, cmd)
				}
			}
			same("panes")
			// An urgent question arrives: the frames carry the bell until
			// it has had time to be drawn, however often they are drawn.
			if err := d.Ingest(context.Background(), []feeds.Event{{Type: feeds.EventUpsert, Item: feeds.Item{
				ID: "u1", Kind: feeds.KindDirect, Author: "@sam", Text: "he's following me again", Created: shiftStart,
			}}}); err != nil {
				t.Fatal(err)
			}
			m.Update(refreshMsg{})
			same("urgent alert")
			send(tea.KeyMsg{Type: tea.KeyEsc})
			send(tea.KeyMsg{Type: tea.KeyEnter})
			same("thread")
			send(tea.KeyMsg{Type: tea.KeyEsc}, runes("n"), runes("Car YX61 KLM"))
			same("compose with a finding")
			send(tea.KeyMsg{Type: tea.KeyEsc}, runes("3"), runes("A"))
			same("approve with a reason")
			send(tea.KeyMsg{Type: tea.KeyEsc}, runes("1"), runes("a"))
			same("assign picker")
			send(tea.KeyMsg{Type: tea.KeyEsc}, runes("d"))
			same("duty form")
			send(tea.KeyMsg{Type: tea.KeyEsc}, runes("S"))
			same("shift report")
			send(tea.KeyMsg{Type: tea.KeyEsc}, runes("?"))
			same("all keys")
			// The resolve screen shows whether its update still blocks:
			// found when the update is edited, not when it is drawn.
			if err := d.MarkAppeal(context.Background(), "ellis", "p2", desk.AppealInput{Kind: desk.AppealWitness}); err != nil {
				t.Fatal(err)
			}
			send(refreshMsg{}, tea.KeyMsg{Type: tea.KeyEsc}, runes("2"), runes("R"))
			same("resolve an appeal")
		})
	}
}

// Drawing while the desk changes from other goroutines (feeds, other
// consoles) reads only snapshots: the race detector finds nothing.
func TestDrawingWhileTheDeskChangesDoesNotRace(t *testing.T) {
	d := testDesk(t)
	m, err := New(Options{Desk: d, Me: "morris", Tick: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		ctx := context.Background()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			id := fmt.Sprintf("r%d", i)
			_ = d.Ingest(ctx, []feeds.Event{{Type: feeds.EventUpsert, Item: feeds.Item{ID: id, Kind: feeds.KindMention, Author: "@r", Text: "still closed? following me", Created: shiftStart}}})
			_ = d.Acknowledge(ctx, "khan", id)
			_, _ = d.CreateDraft(ctx, "khan", desk.DraftInput{Kind: desk.DraftReply, ReplyTo: id, Text: "Car YX61 KLM"})
			_ = d.SetShift(ctx, "morris", "dobson", i%2 == 0)
		}
	}()
	for i := 0; i < 200; i++ {
		if i%10 == 0 {
			_, cmd := m.Update(refreshMsg{})
			runCmd(m, cmd)
		}
		_ = m.View()
		if i == 100 {
			m.Update(tea.KeyMsg{Type: tea.KeyEnter}) // the thread, drawn from the desk too
		}
	}
	close(stop)
	wg.Wait()
}
