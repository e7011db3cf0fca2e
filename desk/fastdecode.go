package desk

import (
	"encoding/json"
	"time"
	"unicode/utf8"

	"github.com/dutydesk/dutydesk/feeds"
)

// decodeItemPayload decodes an item.arrived or item.edited payload. Replay
// decodes one per question at start-up, so the payload shape this code
// writes (json.Marshal of itemPayload: known keys in order, no whitespace,
// no nulls) is read by hand; anything else — another key, a null, a
// number, whitespace, a repeated key — goes to encoding/json, which gives
// the result or the error. FuzzDecodeItemPayload checks that whatever the
// hand reader accepts, encoding/json reads the same.
func decodeItemPayload(ev Event) (itemPayload, error) {
	if p, ok := ev.decoded.(itemPayload); ok {
		return p, nil
	}
	if p, ok := fastItemPayload(ev.Payload); ok {
		return p, nil
	}
	return decode[itemPayload](ev)
}

// fastItemPayload reads b if it has the shape json.Marshal gives an
// itemPayload; ok is false for anything else.
func fastItemPayload(b []byte) (p itemPayload, ok bool) {
	r := jsonReader{b: b}
	var seen uint8
	if !r.byte('{') {
		return p, false
	}
	if r.peek('}') {
		r.i++
		return p, r.i == len(r.b)
	}
	for {
		key, ok := r.rawKey()
		if !ok {
			return p, false
		}
		var bit uint8
		switch string(key) {
		case "item":
			bit = 1
			if !r.item((*feeds.Item)(&p.Item)) {
				return p, false
			}
		case "urgent":
			bit = 2
			if p.Urgent, ok = r.bool(); !ok {
				return p, false
			}
		case "urgency_reason":
			bit = 4
			if p.UrgencyReason, ok = r.string(); !ok {
				return p, false
			}
		case "off_duty":
			bit = 8
			if p.OffDuty, ok = r.bool(); !ok {
				return p, false
			}
		case "level":
			bit = 16
			if p.Level, ok = r.string(); !ok {
				return p, false
			}
			p.Level = internLevel(p.Level)
		case "signals":
			bit = 32
			if p.Signals, ok = r.strings(); !ok {
				return p, false
			}
		default:
			return p, false
		}
		if seen&bit != 0 {
			return p, false
		}
		seen |= bit
		if r.peek('}') {
			r.i++
			return p, r.i == len(r.b)
		}
		if !r.byte(',') {
			return p, false
		}
	}
}

// jsonReader reads the compact JSON json.Marshal writes.
type jsonReader struct {
	b []byte
	i int
}

func (r *jsonReader) peek(c byte) bool { return r.i < len(r.b) && r.b[r.i] == c }

func (r *jsonReader) byte(c byte) bool {
	if r.peek(c) {
		r.i++
		return true
	}
	return false
}

// rawKey reads `"key":` for a key of plain ASCII letters and underscores.
// Callers switch on string(key), which the compiler does not copy.
func (r *jsonReader) rawKey() ([]byte, bool) {
	raw, ok := r.rawString()
	if !ok || !r.byte(':') {
		return nil, false
	}
	for _, c := range raw {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_') {
			return nil, false
		}
	}
	return raw, true
}

// rawString reads a string's bytes between its quotes, undecoded. ok is
// false if the string is not closed or holds a control character, which
// JSON forbids.
func (r *jsonReader) rawString() (raw []byte, ok bool) {
	if !r.byte('"') {
		return nil, false
	}
	start := r.i
	for r.i < len(r.b) {
		c := r.b[r.i]
		switch {
		case c == '"':
			raw = r.b[start:r.i]
			r.i++
			return raw, true
		case c == '\\':
			r.i += 2 // the escaped byte cannot close the string
		case c < 0x20:
			return nil, false
		default:
			r.i++
		}
	}
	return nil, false
}

// string reads a string value. One that holds an escape or invalid UTF-8
// is decoded by encoding/json, whose unquoting rules it then follows
// exactly; plain ones (nearly all) are copied as they stand.
func (r *jsonReader) string() (string, bool) {
	start := r.i
	raw, ok := r.rawString()
	if !ok {
		return "", false
	}
	plain := true
	for _, c := range raw {
		if c == '\\' || c >= utf8.RuneSelf {
			plain = false
			break
		}
	}
	if plain {
		return string(raw), true
	}
	var s string
	if err := json.Unmarshal(r.b[start:r.i], &s); err != nil {
		return "", false
	}
	return s, true
}

// intern returns the constant for a kind or visibility, so that 100 000
// items share one copy of each word rather than holding their own.
func intern(s string) string {
	for _, c := range [...]string{
		string(feeds.KindMention), string(feeds.KindReply), string(feeds.KindDirect), string(feeds.KindTeamPost),
		string(feeds.VisibilityPublic), string(feeds.VisibilityUnlisted), string(feeds.VisibilityPrivate), string(feeds.VisibilityDirect),
	} {
		if s == c {
			return c
		}
	}
	return s
}

// internLevel returns the constant for a level's name.
func internLevel(s string) string {
	for _, l := range [...]string{"urgent", "possible", "crime_report", "routine"} {
		if s == l {
			return l
		}
	}
	return s
}

// strings reads a non-empty array of strings, as json.Marshal writes one
// (an empty one is omitted).
func (r *jsonReader) strings() ([]string, bool) {
	if !r.byte('[') {
		return nil, false
	}
	var out []string
	for {
		s, ok := r.string()
		if !ok {
			return nil, false
		}
		out = append(out, s)
		if r.byte(']') {
			return out, true
		}
		if !r.byte(',') {
			return nil, false
		}
	}
}

func (r *jsonReader) bool() (bool, bool) {
	rest := r.b[r.i:]
	switch {
	case len(rest) >= 4 && string(rest[:4]) == "true":
		r.i += 4
		return true, true
	case len(rest) >= 5 && string(rest[:5]) == "false":
		r.i += 5
		return false, true
	}
	return false, false
}

// item reads a feeds.Item object: its exported fields by their Go names.
func (r *jsonReader) item(it *feeds.Item) bool {
	if !r.byte('{') {
		return false
	}
	if r.byte('}') {
		return true
	}
	var seen uint16
	for {
		key, ok := r.rawKey()
		if !ok {
			return false
		}
		var bit uint16
		var s string
		switch string(key) {
		case "Created":
			bit = 1 << 0
			start := r.i
			if _, ok := r.rawString(); !ok {
				return false
			}
			// time.Time's own reader, on the same bytes encoding/json gives it.
			var t time.Time
			if err := t.UnmarshalJSON(r.b[start:r.i]); err != nil {
				return false
			}
			it.Created = t
			goto next
		case "ID":
			bit = 1 << 1
		case "Source":
			bit = 1 << 2
		case "Kind":
			bit = 1 << 3
		case "Author":
			bit = 1 << 4
		case "AuthorName":
			bit = 1 << 5
		case "Text":
			bit = 1 << 6
		case "URL":
			bit = 1 << 7
		case "InReplyTo":
			bit = 1 << 8
		case "Thread":
			bit = 1 << 9
		case "Visibility":
			bit = 1 << 10
		case "RemoteID":
			bit = 1 << 11
		default:
			return false
		}
		if s, ok = r.string(); !ok {
			return false
		}
		switch string(key) {
		case "ID":
			it.ID = s
		case "Source":
			it.Source = s
		case "Kind":
			it.Kind = feeds.Kind(intern(s))
		case "Author":
			it.Author = s
		case "AuthorName":
			it.AuthorName = s
		case "Text":
			it.Text = s
		case "URL":
			it.URL = s
		case "InReplyTo":
			it.InReplyTo = s
		case "Thread":
			it.Thread = s
		case "Visibility":
			it.Visibility = feeds.Visibility(intern(s))
		case "RemoteID":
			it.RemoteID = s
		}
	next:
		if seen&bit != 0 {
			return false
		}
		seen |= bit
		if r.byte('}') {
			return true
		}
		if !r.byte(',') {
			return false
		}
	}
}
