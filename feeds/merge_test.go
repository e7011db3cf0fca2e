package feeds

import (
	"context"
	"testing"
)

type listSource struct {
	name   string
	events []Event
}

func (l listSource) Name() string { return l.name }
func (l listSource) Run(ctx context.Context, out chan<- Event) error {
	for _, ev := range l.events {
		out <- ev
	}
	return nil
}

func TestMergeDeduplicatesByIdentity(t *testing.T) {
	mention := Event{Type: EventUpsert, Item: Item{ID: "m1", Kind: KindMention, Text: "is the road open?"}}
	edited := Event{Type: EventUpsert, Item: Item{ID: "m1", Kind: KindMention, Text: "is the A595 open?"}}
	other := Event{Type: EventUpsert, Item: Item{ID: "m2", Kind: KindMention, Text: "thanks"}}
	a := listSource{"team", []Event{mention, other}}
	b := listSource{"officer", []Event{mention, edited}}
	got := map[string]int{}
	texts := map[string]bool{}
	for ev := range Merge(context.Background(), a, b) {
		got[ev.Item.ID]++
		texts[ev.Item.Text] = true
	}
	if got["m2"] != 1 {
		t.Errorf("m2 delivered %d times, want 1", got["m2"])
	}
	// the mention arrives from both accounts but is delivered once; the edit passes
	if got["m1"] != 2 || !texts["is the A595 open?"] {
		t.Errorf("m1 delivered %d times (texts %v), want the original once and the edit once", got["m1"], texts)
	}
}
