package desk

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Export writes the events of a period, and the posts made in it, for
// disclosure: as JSON lines (format "jsonl": a header, one line per event,
// a trailer) or as Markdown ("md") for a reader. Each event carries its
// chain hash, the header the hash before the first, and the trailer the
// chain head of the whole log when exported, so that the export can be
// checked on its own (each hash follows from the one before) and against
// the desk (dutydesk verify prints the same head while nothing was added).
func Export(ctx context.Context, st Store, from, to time.Time, format string, w io.Writer) error {
	if format != "jsonl" && format != "md" {
		return fmt.Errorf("export: format %q: use jsonl or md", format)
	}
	res, err := Verify(ctx, st)
	if err != nil {
		return fmt.Errorf("export: the log does not verify, so an export could not be checked against it: %w", err)
	}
	var (
		evs    []Event
		prev   = genesis
		drafts = map[string]draftCreatedPayload{}
		posts  []exportPost
	)
	err = st.Replay(ctx, 0, func(ev Event) error {
		if ev.Type == EvDrafted {
			if p, err := decode[draftCreatedPayload](ev); err == nil {
				drafts[p.Draft] = p
			}
		}
		switch {
		case ev.At.Before(from):
			prev = ev.Hash
		case !ev.At.After(to):
			evs = append(evs, ev)
			if ev.Type == EvPosted {
				if p, err := decode[postedPayload](ev); err == nil {
					posts = append(posts, exportPost{At: ev.At, By: ev.Actor, Draft: drafts[p.Draft], URL: p.URL})
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if format == "md" {
		return exportMarkdown(w, from, to, evs, posts, prev, res)
	}
	enc := json.NewEncoder(w)
	type line map[string]any
	if err := enc.Encode(line{"export": "dutydesk events", "from": from.UTC(), "to": to.UTC(), "events": len(evs), "hash_before": hex.EncodeToString(prev),
		"chain": "sha256(\"dutydesk event\\x00\" || previous hash || seq u64 || len u32 || type || len u32 || actor || at ns u64 || len u32 || payload), big-endian"}); err != nil {
		return err
	}
	for _, ev := range evs {
		if err := enc.Encode(line{"seq": ev.Seq, "type": ev.Type, "actor": ev.Actor, "at": ev.At.UTC().Format(time.RFC3339Nano), "at_ns": ev.At.UnixNano(),
			"payload": json.RawMessage(ev.Payload), "hash": hex.EncodeToString(ev.Hash)}); err != nil {
			return err
		}
	}
	for _, p := range posts {
		if err := enc.Encode(line{"post": p.Draft.Draft, "at": p.At.UTC(), "by": p.By, "kind": p.Draft.Kind, "reply_to": p.Draft.ReplyTo, "visibility": p.Draft.Visibility, "text": p.Draft.Text, "url": p.URL}); err != nil {
			return err
		}
	}
	return enc.Encode(line{"chain_head": res.HeadHex(), "through_seq": res.Last})
}

type exportPost struct {
	At    time.Time
	By    string
	Draft draftCreatedPayload
	URL   string
}

func exportMarkdown(w io.Writer, from, to time.Time, evs []Event, posts []exportPost, prev []byte, res VerifyResult) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Events %s to %s (UTC)\n\n", from.UTC().Format("2006-01-02 15:04"), to.UTC().Format("2006-01-02 15:04"))
	fmt.Fprintf(&b, "%d events. Hash before the first: `%x`. Chain head of the whole log (event %d): `%s`.\n\n", len(evs), prev, res.Last, res.HeadHex())
	b.WriteString("| seq | time | who | what | detail | hash |\n| ---: | --- | --- | --- | --- | --- |\n")
	for _, ev := range evs {
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | `%x` |\n", ev.Seq, ev.At.UTC().Format("2006-01-02 15:04:05"), mdCell(ev.Actor), ev.Type, mdCell(oneLineText(string(ev.Payload), 160)), ev.Hash[:8])
	}
	fmt.Fprintf(&b, "\n## Posts (%d)\n\n", len(posts))
	for _, p := range posts {
		fmt.Fprintf(&b, "- %s %s (%s, %s): %s %s\n", p.At.UTC().Format("2006-01-02 15:04:05"), mdCell(p.By), p.Draft.Kind, p.Draft.Visibility, mdCell(p.Draft.Text), p.URL)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdCell keeps text from breaking a Markdown table.
func mdCell(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ", "\r", " ", "`", "'").Replace(s)
}

// ErrTampered is what callers match to tell a broken chain from a failure
// to read it.
var ErrTampered = errors.New("the event log was tampered with")

// Is lets errors.Is(err, ErrTampered) match a *Tampering.
func (t *Tampering) Is(target error) bool { return target == ErrTampered }
