package mastodon

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// flakyRT fails its first call the way snac's closed connections do.
type flakyRT struct {
	calls int
	keys  []string
}

func (f *flakyRT) RoundTrip(req *http.Request) (*http.Response, error) {
	f.calls++
	f.keys = append(f.keys, req.Header.Get("Idempotency-Key"))
	if req.Body != nil {
		b, _ := io.ReadAll(req.Body)
		if string(b) != "status=hi" {
			return nil, io.ErrUnexpectedEOF
		}
	}
	if f.calls == 1 {
		return nil, io.EOF
	}
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("{}"))}, nil
}

func TestTransportRetriesOnceWhenServerClosedConnection(t *testing.T) {
	cases := []struct {
		name      string
		method    string
		key       string
		wantCalls int
	}{
		{"GET is retried", http.MethodGet, "", 2},
		{"POST with a key is retried with the same key", http.MethodPost, "draft-1", 2},
		{"POST without a key is not retried", http.MethodPost, "", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := &flakyRT{}
			rt := &transport{base: f, now: time.Now, maxWait: time.Second}
			ctx := context.Background()
			if c.key != "" {
				ctx = withIdempotencyKey(ctx, c.key)
			}
			var body io.Reader
			if c.method == http.MethodPost {
				body = strings.NewReader("status=hi")
			}
			req, _ := http.NewRequestWithContext(ctx, c.method, "http://127.0.0.1/api/v1/statuses", body)
			resp, err := rt.RoundTrip(req)
			if f.calls != c.wantCalls {
				t.Errorf("%d calls, want %d", f.calls, c.wantCalls)
			}
			if c.wantCalls == 2 && (err != nil || resp.StatusCode != 200) {
				t.Errorf("retry failed: %v", err)
			}
			for _, k := range f.keys {
				if k != c.key {
					t.Errorf("Idempotency-Key %q, want %q on every attempt", k, c.key)
				}
			}
		})
	}
}

func TestParseResetFormats(t *testing.T) {
	now := time.Date(2026, 3, 1, 21, 0, 0, 0, time.UTC)
	cases := map[string]struct {
		h    http.Header
		want time.Time
	}{
		"mastodon iso": {http.Header{"X-Ratelimit-Reset": {"2026-03-01T21:14:00.000Z"}}, now.Add(14 * time.Minute)},
		"unix seconds": {http.Header{"X-Ratelimit-Reset": {"1772399640"}}, time.Unix(1772399640, 0)},
		"retry-after":  {http.Header{"Retry-After": {"30"}}, now.Add(30 * time.Second)},
		"none":         {http.Header{}, time.Time{}},
	}
	for name, c := range cases {
		if got := parseReset(c.h, now); !got.Equal(c.want) {
			t.Errorf("%s: got %v, want %v", name, got, c.want)
		}
	}
}
