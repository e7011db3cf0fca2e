package feeds

import (
	"context"
	"hash/fnv"
	"sync"
)

// Merge runs every source and delivers their events on one channel, dropping
// an upsert whose identity and text were already delivered (two accounts of
// one team both see a mention of the team). An edit, with new text, passes.
// The channel closes when every source has returned; errors a source returns
// other than ctx's own are reported as health events.
func Merge(ctx context.Context, sources ...Source) <-chan Event {
	out := make(chan Event, 256)
	in := make(chan Event, 256)
	var wg sync.WaitGroup
	for _, s := range sources {
		wg.Add(1)
		go func(s Source) {
			defer wg.Done()
			if err := s.Run(ctx, in); err != nil && ctx.Err() == nil {
				select {
				case in <- Event{Type: EventHealth, Health: s.Name() + " stopped", Err: err}:
				case <-ctx.Done():
				}
			}
		}(s)
	}
	go func() { wg.Wait(); close(in) }()
	go func() {
		defer close(out)
		type version struct {
			id   string
			text uint64
		}
		seen := map[version]bool{}
		for ev := range in {
			if ev.Type == EventUpsert {
				v := version{ev.Item.ID, textHash(ev.Item.Text)}
				if seen[v] {
					continue
				}
				seen[v] = true
			}
			select {
			case out <- ev:
			case <-ctx.Done():
				// keep draining so sources never block on a full channel
			}
		}
	}()
	return out
}

func textHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}
