package app

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/feeds/demo"
)

// The scripted shift ended after a few minutes and then nothing happened
// (issue 15, finding 9): after the script, items keep arriving, slowly.
func TestTheDemoKeepsATrickleAfterItsScript(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	// The README says how long the script runs: keep it true.
	if got := ScriptLength(demo.Shift(time.Now()), 1); !strings.Contains(string(readme), "about 3½ minutes at `--speed 1`") || got < 195*time.Second || got > 225*time.Second {
		t.Fatalf("the script lasts %s at speed 1; the README must say so", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := make(chan feeds.Event, 16)
	src := afterScript(50*time.Millisecond, demo.NewSurge(200, 0, 1)) // a fast trickle, for the test
	go src.Run(ctx, out)
	select {
	case ev := <-out:
		t.Fatalf("an item before the script ended: %+v", ev)
	case <-time.After(30 * time.Millisecond):
	}
	select {
	case <-out:
	case <-time.After(5 * time.Second):
		t.Fatal("nothing arrived after the script")
	}
}
