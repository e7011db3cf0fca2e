package desk

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
)

// fastDecodeSeeds are payloads as json.Marshal writes them, and edits of
// them that the hand reader must either read as encoding/json does or leave
// to encoding/json.
func fastDecodeSeeds(t testing.TB) [][]byte {
	items := []itemPayload{
		{},
		{Item: itemRecord{ID: "q0", Source: "surge", Kind: feeds.KindMention, Author: "@olliee@mastodonapp.uk",
			AuthorName: "Ollie Elliot", Text: "@team3 Thanks for the updates tonight (0)", URL: "https://mastodonapp.uk/@olliee/1",
			Thread: "surge:1:2", Visibility: feeds.VisibilityPublic, Created: time.Date(2026, 11, 30, 8, 19, 31, 941718150, time.UTC),
			RemoteID: "113300000000000128"}, OffDuty: true},
		{Item: itemRecord{ID: "m:1", Kind: feeds.KindDirect, Author: "@a@b", Text: "fire <now> & \"help\"\n\ttab \\ é ✓ 😀 \u2028",
			URL: "https://x.example/?a=1&b=2", Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("", 3600))},
			Urgent: true, UrgencyReason: "mentions <fire>", Level: "urgent", Signals: []string{"fire", "no_reply", "é\""}},
		{Item: itemRecord{ID: "p", Kind: feeds.KindTeamPost, Text: "  spaced   out  ", Visibility: feeds.VisibilityUnlisted}},
	}
	var out [][]byte
	for _, p := range items {
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	out = append(out,
		[]byte(`{"item":{"ID":"a","id":"b"}}`),                           // case-folded key
		[]byte(`{"item":{"ID":"a","ID":"b"}}`),                           // repeated key
		[]byte(`{"item":{"ID":"a"},"item":{"Text":"b"}}`),                // repeated object: encoding/json merges
		[]byte(`{"item":{"ID":null}}`),                                   // null
		[]byte(`{"item":{"ID":"a"}, "urgent":true}`),                     // whitespace
		[]byte(`{"item":{"ID":"a\ud83d\ude00\ud800x\u00e9"}}`),           // surrogates, a lone one
		[]byte("{\"item\":{\"Text\":\"bad \xff utf8\"}}"),                // invalid UTF-8
		[]byte("{\"item\":{\"Text\":\"ctl \x01\"}}"),                     // control character
		[]byte(`{"item":{"Created":"2026-11-30T08:19:31.9Z"}}`),          //
		[]byte(`{"item":{"Created":"2026-11-30 08:19:31Z"}}`),            // not RFC 3339
		[]byte(`{"item":{"Created":"2026-11-30T08:19:31+01:00"}}`),       //
		[]byte(`{"item":{"Kind":"mention","Visibility":"direct"}}`),      //
		[]byte(`{"item":{},"urgent":false,"off_duty":true,"x":1}`),       // unknown key
		[]byte(`{"item":{"ID":"a"}}trailing`),                            //
		[]byte(`{"item":{"ID":"a"}`),                                     // truncated
		[]byte(`{"urgent":tru}`),                                         //
		[]byte(`{"item":{"ID":"a\"}}`),                                   // unterminated
		[]byte(`{"item":{"ID":"\x"}}`),                                   // bad escape
		[]byte(`{"item":{},"level":"possible","signals":["self_harm"]}`), //
		[]byte(`{"item":{},"signals":[]}`),                               // empty: encoding/json gives []string{}
		[]byte(`{"item":{},"signals":["a",]}`),                           //
		[]byte(`{"item":{},"signals":["a" ,"b"]}`),                       //
		[]byte(`{"item":{},"signals":null}`),                             //
		[]byte(`{"signals":["a"],"signals":["b"]}`),                      // repeated
		[]byte(`{"level":"urgent","level":"routine"}`),                   // repeated
		[]byte(`{}`), []byte(``), []byte(`null`), []byte(`{"item":{}}`), //
	)
	return out
}

func checkFastItemPayload(t *testing.T, b []byte) {
	got, ok := fastItemPayload(b)
	var want itemPayload
	err := json.Unmarshal(b, &want)
	if !ok {
		return // left to encoding/json
	}
	if err != nil {
		t.Fatalf("%q: read by hand, but encoding/json says %v", b, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q:\nby hand        %#v\nencoding/json  %#v", b, got, want)
	}
}

func TestFastItemPayloadMatchesEncodingJSON(t *testing.T) {
	for _, b := range fastDecodeSeeds(t) {
		checkFastItemPayload(t, b)
	}
	// What this code writes must take the fast path, or it gains nothing.
	for _, b := range fastDecodeSeeds(t)[:4] {
		if _, ok := fastItemPayload(b); !ok {
			t.Errorf("%s: not read by hand", b)
		}
	}
}

func FuzzFastItemPayload(f *testing.F) {
	for _, b := range fastDecodeSeeds(f) {
		f.Add(b)
	}
	f.Fuzz(checkFastItemPayload)
}

// FuzzFastItemPayloadMarshalled feeds the hand reader what json.Marshal
// writes for arbitrary field values, which it must read, and read exactly.
func FuzzFastItemPayloadMarshalled(f *testing.F) {
	f.Add("q1", "@a@b", "Amy", "hello <world> & \"you\"", "mention", "public", int64(1764490771941718150), true, "fire")
	f.Add("", "", "", "", "", "", int64(0), false, "")
	f.Add("x\xff", "é", "\u2028", "a\x00b\x1f", "post", "direct", int64(-5), false, "\\")
	f.Fuzz(func(t *testing.T, id, author, name, text, kind, vis string, nanos int64, urgent bool, reason string) {
		p := itemPayload{Item: itemRecord{ID: id, Source: name, Kind: feeds.Kind(kind), Author: author, AuthorName: name,
			Text: text, URL: reason, InReplyTo: id, Thread: text, Visibility: feeds.Visibility(vis),
			Created: time.Unix(0, nanos).UTC(), RemoteID: author}, Urgent: urgent, UrgencyReason: reason, OffDuty: !urgent,
			Level: kind, Signals: []string{reason, vis}}
		b, err := json.Marshal(p)
		if err != nil {
			t.Skip()
		}
		if _, ok := fastItemPayload(b); !ok {
			t.Fatalf("%s: not read by hand", b)
		}
		checkFastItemPayload(t, b)
	})
}

func TestFoldAndKeyMatchFoldAndDuplicateKey(t *testing.T) {
	texts := []string{"", " ", "a", "a b", "a  b", " a b", "a b ", "A\tB", "a\nb", "ÀÉ  Straße", "a\u00a0b", "a\u0085b",
		"x\xffy", "\xe2\x82", "@team3 Why are there so many police vans? (49999)", "İstanbul", "ǅ", "a\vb\fc\rd"}
	for _, author := range []string{"@Amy@X", "\xe2"} {
		for _, name := range []string{"", "Amy Ö", "\x82\xac"} {
			for _, text := range texts {
				it := feeds.Item{Author: author, AuthorName: name, Text: text}
				folded, key := foldAndKey(it)
				wantFold := strings.ToLower(it.Author + "\x00" + it.AuthorName + "\x00" + it.Text)
				wantKey := it.Author + "\x00" + strings.Join(strings.Fields(strings.ToLower(it.Text)), " ")
				if folded != wantFold || key != wantKey || duplicateKey(it) != wantKey || fold(it) != wantFold {
					t.Errorf("%q %q %q: got %q %q, want %q %q", author, name, text, folded, key, wantFold, wantKey)
				}
			}
		}
	}
}

func FuzzWords(f *testing.F) {
	for _, s := range []string{"", " ", "a b", "a  b", " a", "a ", "a\tb", "é b", "a\u00a0b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := words(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("words(%q) = %q, want %q", s, got, want)
		}
	})
}
