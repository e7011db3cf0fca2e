package app

import (
	"context"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/desk"
	"github.com/dutydesk/dutydesk/feeds"
	"github.com/dutydesk/dutydesk/internal/config"
	"github.com/dutydesk/dutydesk/internal/pgtest"
)

// Two desk servers given the same postgres:// URL share one desk: what one
// stores, the other's consoles see.
func TestPostgresURLSharesOneDesk(t *testing.T) {
	url := pgtest.DB(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	people := []desk.Person{{ID: "morris", Name: "Sgt Morris", Role: desk.RoleSupervisor, OnShift: true}}
	cfg := config.Default()
	a, closeA, err := Open(ctx, url, cfg, people, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer closeA()
	b, closeB, err := Open(ctx, url, cfg, people, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer closeB()
	id := "pg-shared-" + time.Now().Format("150405.000000000")
	if err := a.Ingest(ctx, []feeds.Event{{Type: feeds.EventUpsert, Item: feeds.Item{ID: id, Kind: feeds.KindMention, Author: "@amy", Text: "shared? " + id}}}); err != nil {
		t.Fatal(err)
	}
	if err := a.Acknowledge(ctx, "morris", id); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		if q, ok := b.Question(id); ok && q.State == desk.StateAcknowledged {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the second server never saw the first one's acknowledgement")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
