package desk

import (
	"context"
	"reflect"
	"testing"
)

func TestAStoreWrittenByAnOlderDutydeskIsIndexedForSearchWhenUpgraded(t *testing.T) {
	ctx := context.Background()
	d := openFixture(t, copyFixture(t)) // schema 1: no subjects, no search index
	ss := d.store.(SearchStore)
	got, err := ss.Search(ctx, searchTerms("A595 edited"), 10)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, []string{"q1"}) {
		t.Fatalf("search of the upgraded fixture found %v, want [q1]", got)
	}
	q, ok, err := d.ArchivedQuestion(ctx, "q1")
	live, _ := d.Question("q1")
	if err != nil || !ok || q.State != live.State || q.Item.Text != live.Item.Text || !reflect.DeepEqual(q.Replies, live.Replies) {
		t.Fatalf("q1 folded from its own events: %+v %v %v\nthe desk has %+v", q, ok, err, live)
	}
}
