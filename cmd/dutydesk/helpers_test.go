package main

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
)

// wait is how long a test waits for something to show: generous, because a
// loaded 2-core machine running -race is slow, and nothing sleeps for it.
const wait = 15 * time.Second

func ingestQuestion(t testing.TB, d *desk.Desk, id, author, text string) {
	t.Helper()
	ev := feeds.Event{Type: feeds.EventUpsert, Item: feeds.Item{ID: id, Kind: feeds.KindMention, Author: author, Text: text, RemoteID: "remote-" + id, Visibility: feeds.VisibilityPublic, Created: time.Now()}}
	if err := d.Ingest(context.Background(), []feeds.Event{ev}); err != nil {
		t.Fatal(err)
	}
}

// syncBuffer is a bytes.Buffer safe for one writer and many readers.
type syncBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	onWrite func([]byte)
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	n, err := b.b.Write(p)
	onWrite := b.onWrite
	b.mu.Unlock()
	if onWrite != nil {
		onWrite(p)
	}
	return n, err
}

func (b *syncBuffer) Len() int { b.mu.Lock(); defer b.mu.Unlock(); return b.b.Len() }

// From returns what was drawn after the first i bytes, as a person reads
// it: styling escapes (bold, reverse) removed, so assertions do not depend
// on the colour profile.
func (b *syncBuffer) From(i int) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return ansi.Strip(string(b.b.Bytes()[min(i, b.b.Len()):]))
}

func (b *syncBuffer) String() string { return b.From(0) }
