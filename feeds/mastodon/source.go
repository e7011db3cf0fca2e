package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/dutydesk/dutydesk/feeds"
	"github.com/gorilla/websocket"
	gomasto "github.com/mattn/go-mastodon"
)

// pageLimit is sent on every list request: some servers return a single
// item when no limit is given.
const pageLimit = 40

// maxCatchUpPages bounds one catch-up so that a long outage cannot stall the
// feed; the rest arrives on the next round.
const maxCatchUpPages = 25

// Sources returns one feed per account: its notifications (mentions,
// replies, direct messages, favourites and boosts of team posts), its
// direct conversations and, for the team account, the team timeline — live
// over the streaming API, caught up over REST after every reconnect, polled
// when the server has no streaming.
func (c *Client) Sources() []feeds.Source {
	var out []feeds.Source
	for _, a := range c.accounts {
		out = append(out, &source{a: a})
	}
	return out
}

// source is one account's feed.
type source struct {
	a *account

	// cursors: the newest notification and timeline status delivered
	notifCursor, timelineCursor string
	seenNotif                   map[string]bool
	seenText                    map[string]uint64 // item ID → hash of the text delivered
	kinds                       map[string]feeds.Kind
}

func (s *source) Name() string { return s.a.name }

// errNoStreaming says the server has no streaming API.
var errNoStreaming = errors.New("server has no streaming API")

// Run delivers the account's events until ctx ends. It returns early only
// when the server refuses the account's token.
func (s *source) Run(ctx context.Context, out chan<- feeds.Event) error {
	s.seenNotif, s.seenText, s.kinds = map[string]bool{}, map[string]uint64{}, map[string]feeds.Kind{}
	a, c := s.a, s.a.c
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	wg.Add(1)
	go func() { // deliver health reports from the transport
		defer wg.Done()
		for {
			select {
			case ev := <-a.health:
				select {
				case out <- ev:
				case <-ctx.Done():
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	emit := func(ev feeds.Event) bool {
		select {
		case out <- ev:
			return true
		case <-ctx.Done():
			return false
		}
	}
	reported := "" // the last condition shown, so a recovery is said once
	health := func(msg string, err error) {
		err = a.redact.err(err)
		msg = feeds.SafeLine(msg) // error text can carry the server's words
		c.opts.Logger.Info("mastodon feed", "account", a.name, "state", msg, "err", err)
		reported = msg
		emit(feeds.Event{Type: feeds.EventHealth, Health: a.name + ": " + msg, Err: err})
	}
	bo := newBackoff(c.opts)
	// retry waits after a failure, saying why in the status bar.
	retry := func(err error) {
		d := bo.wait()
		var rl *RateLimitError
		if errors.As(err, &rl) {
			d = max(rl.Until.Sub(c.opts.Now()), c.opts.BackoffMin)
			health(rl.Error(), err)
		} else {
			health(fmt.Sprintf("retrying in %s (%s)", roundWait(d), describe(err)), err)
		}
		sleep(ctx, d)
	}

	for {
		err := a.verify(ctx)
		if err == nil {
			break
		}
		var auth *AuthError
		if errors.As(err, &auth) {
			health(tokenRefused, err)
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		retry(err)
	}

	polling := false
	pollingMsg := ""
	for ctx.Err() == nil {
		if polling {
			if err := s.catchUp(ctx, emit, health); err != nil {
				if refused(err) {
					health(tokenRefused, err)
					return err
				}
				if ctx.Err() == nil {
					retry(err)
				}
				continue
			}
			if reported != pollingMsg {
				health(pollingMsg, nil) // recovered: the error clears within one poll
			}
			bo.reset()
			sleep(ctx, s.pollInterval())
			continue
		}
		conn, err := s.dial(ctx)
		if errors.Is(err, errNoStreaming) {
			polling = true
			pollingMsg = fmt.Sprintf("polling every %s (server has no streaming)", roundWait(s.pollInterval()))
			health(pollingMsg, nil)
			continue
		}
		if refused(err) {
			health(tokenRefused, err)
			return err
		}
		if err != nil {
			if ctx.Err() == nil {
				retry(err)
			}
			continue
		}
		msgs, stop := s.read(conn)
		// events that arrive while catching up wait in msgs; duplicates
		// between the two are dropped by identity
		if err := s.catchUp(ctx, emit, health); err != nil {
			stop()
			if refused(err) {
				health(tokenRefused, err)
				return err
			}
			if ctx.Err() == nil {
				retry(err)
			}
			continue
		}
		health("live", nil)
		bo.reset()
		err = s.consume(ctx, msgs, emit)
		stop()
		if ctx.Err() == nil {
			retry(fmt.Errorf("%w: %w", errStreamLost, err))
		}
	}
	return ctx.Err()
}

func (s *source) pollInterval() time.Duration {
	if d := s.a.c.opts.PollInterval; d > 0 {
		return d
	}
	return s.a.c.cfg.pollInterval()
}

// tokenRefused is what the status bar says when the server refuses an
// account's token (401, 403, or 422 as snac answers).
const tokenRefused = "token refused — run dutydesk login"

// describe is an error in a sergeant's few words for the status bar; the
// error itself, with the server's address, goes to the log.
func describe(err error) string {
	var apiErr *gomasto.APIError
	switch {
	case errors.As(err, &apiErr) && apiErr.StatusCode >= 500:
		return fmt.Sprintf("the server is failing: %d %s", apiErr.StatusCode, http.StatusText(apiErr.StatusCode))
	case errors.As(err, &apiErr):
		return fmt.Sprintf("the server refused: %d %s", apiErr.StatusCode, http.StatusText(apiErr.StatusCode))
	case errors.Is(err, errStreamSilent):
		return "stream silent"
	case errors.Is(err, errStreamLost):
		return "stream lost"
	case errors.Is(err, errBadAnswer):
		return "the server's answer made no sense"
	}
	var ne net.Error
	var oe *net.OpError
	if errors.As(err, &ne) || errors.As(err, &oe) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) {
		return "cannot reach the server"
	}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	if errors.As(err, &se) || errors.As(err, &te) {
		return "the server's answer made no sense"
	}
	return "cannot reach the server"
}

// refused reports whether err is the server refusing the token.
func refused(err error) bool {
	var apiErr *gomasto.APIError
	var auth *AuthError
	return errors.As(err, &auth) || (errors.As(err, &apiErr) && (apiErr.StatusCode == http.StatusUnauthorized ||
		apiErr.StatusCode == http.StatusForbidden || apiErr.StatusCode == http.StatusUnprocessableEntity))
}

// roundWait is a wait as the status bar says it: whole seconds, at least 1.
func roundWait(d time.Duration) time.Duration {
	return max(d.Round(time.Second), time.Second)
}

var (
	errStreamLost   = errors.New("stream lost")
	errStreamSilent = errors.New("stream silent")
	errBadAnswer    = errors.New("bad answer")
)

// streamMsg is one message on the websocket stream.
type streamMsg struct {
	Stream  []string        `json:"stream"`
	Event   string          `json:"event"`
	Payload json.RawMessage `json:"payload"`
}

// dial opens the websocket user stream and subscribes to direct messages
// and, when the team feed is a list, to the list.
func (s *source) dial(ctx context.Context) (*websocket.Conn, error) {
	a, c := s.a, s.a.c
	u := *c.base
	switch u.Scheme {
	case "https":
		u.Scheme = "wss"
	default:
		u.Scheme = "ws"
	}
	u.Path = strings.TrimRight(u.Path, "/") + "/api/v1/streaming"
	// the token goes in the query as every server accepts it there; the
	// address is never logged or shown
	u.RawQuery = url.Values{"stream": {"user"}, "access_token": {a.token}}.Encode()
	d := websocket.Dialer{HandshakeTimeout: c.opts.RequestTimeout, Proxy: http.ProxyFromEnvironment}
	hdr := http.Header{"User-Agent": {"dutydesk"}}
	conn, resp, err := d.DialContext(ctx, u.String(), hdr)
	if err != nil {
		if resp != nil {
			resp.Body.Close()
			switch {
			case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusUnprocessableEntity:
				return nil, &gomasto.APIError{StatusCode: resp.StatusCode, Message: "the stream refused the token"}
			case resp.StatusCode == http.StatusTooManyRequests:
				until := parseReset(resp.Header, c.opts.Now())
				if until.IsZero() {
					until = c.opts.Now().Add(c.opts.BackoffMin)
				}
				return nil, &RateLimitError{Until: until}
			case resp.StatusCode >= 500:
				return nil, &gomasto.APIError{StatusCode: resp.StatusCode, Message: http.StatusText(resp.StatusCode)}
			default: // 404, 400, 200 without upgrade: no streaming here
				return nil, errNoStreaming
			}
		}
		return nil, a.redact.err(err)
	}
	subs := []map[string]string{{"type": "subscribe", "stream": "direct"}}
	if s.a.team && c.timeline.list != "" {
		subs = append(subs, map[string]string{"type": "subscribe", "stream": "list", "list": c.timeline.list})
	}
	for _, m := range subs {
		conn.SetWriteDeadline(time.Now().Add(c.opts.RequestTimeout))
		if err := conn.WriteJSON(m); err != nil {
			conn.Close()
			return nil, a.redact.err(err)
		}
	}
	return conn, nil
}

// read delivers the stream's messages until it fails; the last value is
// the error. stop closes the connection and ends the reader.
func (s *source) read(conn *websocket.Conn) (<-chan any, func()) {
	idle := s.a.c.opts.StreamIdle
	ch := make(chan any, 64)
	done := make(chan struct{})
	var once sync.Once
	stop := func() {
		once.Do(func() { close(done); conn.Close() })
	}
	conn.SetReadDeadline(time.Now().Add(idle))
	conn.SetPingHandler(func(data string) error {
		conn.SetReadDeadline(time.Now().Add(idle))
		return conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(time.Second))
	})
	go func() {
		for {
			var m streamMsg
			_, data, err := conn.ReadMessage()
			var v any = err
			if err == nil {
				conn.SetReadDeadline(time.Now().Add(idle))
				if jerr := json.Unmarshal(data, &m); jerr != nil {
					continue // not an event (an error message or junk): skip it
				}
				v = m
			} else if errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "timeout") {
				v = fmt.Errorf("%w for %s", errStreamSilent, idle)
			}
			select {
			case ch <- v:
			case <-done:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return ch, stop
}

// consume handles stream messages until the stream fails.
func (s *source) consume(ctx context.Context, msgs <-chan any, emit func(feeds.Event) bool) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case v := <-msgs:
			switch v := v.(type) {
			case error:
				return s.a.redact.err(v)
			case streamMsg:
				for _, ev := range s.handle(v) {
					if !emit(ev) {
						return ctx.Err()
					}
				}
			}
		}
	}
}

// payload decodes a stream payload, which is JSON inside a JSON string.
func payload(raw json.RawMessage, v any) error {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		raw = json.RawMessage(s)
	}
	return json.Unmarshal(raw, v)
}

// handle turns one stream message into events.
func (s *source) handle(m streamMsg) []feeds.Event {
	stream := ""
	if len(m.Stream) > 0 {
		stream = m.Stream[0]
	}
	switch m.Event {
	case "update":
		var st gomasto.Status
		if payload(m.Payload, &st) != nil || !s.onTimeline(stream) {
			return nil
		}
		return s.timelineStatus(&st)
	case "status.update":
		var st gomasto.Status
		if payload(m.Payload, &st) != nil {
			return nil
		}
		return s.edited(&st)
	case "notification":
		var n gomasto.Notification
		if payload(m.Payload, &n) != nil {
			return nil
		}
		return s.notification(&n)
	case "conversation":
		var cv gomasto.Conversation
		if payload(m.Payload, &cv) != nil {
			return nil
		}
		return s.conversation(&cv)
	case "delete":
		var id string
		if json.Unmarshal(m.Payload, &id) != nil {
			var n json.Number
			if json.Unmarshal(m.Payload, &n) != nil {
				return nil
			}
			id = n.String()
		}
		id = strings.TrimSpace(id)
		id = safeID(id)
		itemID := s.a.c.ItemID(id)
		delete(s.seenText, itemID)
		return []feeds.Event{{Type: feeds.EventDelete, Item: feeds.Item{ID: itemID, Source: s.a.name, RemoteID: id}}}
	}
	return nil
}

// onTimeline reports whether an update on stream belongs to the team feed.
func (s *source) onTimeline(stream string) bool {
	if !s.a.team {
		return false
	}
	if s.a.c.timeline.list != "" {
		return stream == "list" || stream == ""
	}
	return stream == "user" || stream == ""
}

// upsert delivers st as kind unless the same text was already delivered.
func (s *source) upsert(st *gomasto.Status, kind feeds.Kind) []feeds.Event {
	if st.Reblog != nil {
		st = st.Reblog
	}
	it := s.a.item(st, kind)
	h := fnv.New64a()
	h.Write([]byte(it.Text))
	sum := h.Sum64()
	if prev, ok := s.seenText[it.ID]; ok && prev == sum {
		return nil
	}
	s.seenText[it.ID] = sum
	s.kinds[it.ID] = kind
	return []feeds.Event{{Type: feeds.EventUpsert, Item: it}}
}

func (s *source) timelineStatus(st *gomasto.Status) []feeds.Event {
	if newer(string(st.ID), s.timelineCursor) {
		s.timelineCursor = string(st.ID)
	}
	return s.upsert(st, s.a.timelineKind(st))
}

// edited re-delivers an edited status with the kind it arrived as.
func (s *source) edited(st *gomasto.Status) []feeds.Event {
	kind, ok := s.kinds[s.a.c.ItemID(safeID(string(st.ID)))]
	if !ok {
		return nil // not something this feed showed
	}
	return s.upsert(st, kind)
}

func (s *source) notification(n *gomasto.Notification) []feeds.Event {
	id := string(n.ID)
	if s.seenNotif[id] {
		return nil
	}
	s.seenNotif[id] = true
	if newer(id, s.notifCursor) {
		s.notifCursor = id
	}
	if n.Status == nil {
		return nil
	}
	switch n.Type {
	case "mention":
		return s.upsert(n.Status, s.a.inboundKind(n.Status))
	case "update": // a status the account interacted with was edited
		return s.edited(n.Status)
	case "favourite", "reblog":
		st := n.Status
		return []feeds.Event{{Type: feeds.EventReaction, Reaction: n.Type,
			Item: feeds.Item{ID: s.a.c.ItemID(safeID(string(st.ID))), Source: s.a.name, RemoteID: safeID(string(st.ID))}}}
	}
	return nil
}

func (s *source) conversation(cv *gomasto.Conversation) []feeds.Event {
	st := cv.LastStatus
	if st == nil || s.a.c.isOwn(st.Account.ID) {
		return nil
	}
	evs := s.upsert(st, feeds.KindDirect)
	for i := range evs {
		evs[i].Item.Thread = safeID(string(cv.ID))
	}
	return evs
}

// newer reports whether status or notification ID a sorts after b. IDs are
// numbers (Mastodon) or fixed-width strings (GoToSocial's ULIDs).
func newer(a, b string) bool {
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return a > b
}

// catchUp fetches over REST what the stream may have missed: notifications
// and the team timeline since the newest delivered (min_id, 40 a page), and
// the first page of conversations.
func (s *source) catchUp(ctx context.Context, emit func(feeds.Event) bool, health func(string, error)) error {
	a := s.a
	// with a resume point, the first catch-up (no cursor yet) pages back to
	// it, and conversations held before the start are not delivered again
	point := a.c.resumePoint(a.name)
	if point != "" && s.notifCursor == "" {
		if err := s.resumeNotifications(ctx, point, emit, health); err != nil {
			return err
		}
	}
	fetchNotifs := func(ctx context.Context, pg *gomasto.Pagination) ([]string, error) {
		ns, err := a.api.GetNotifications(ctx, pg)
		var ids []string
		for i := len(ns) - 1; i >= 0; i-- { // oldest first
			ids = append(ids, string(ns[i].ID))
			for _, ev := range s.notification(ns[i]) {
				if !emit(ev) {
					return ids, ctx.Err()
				}
			}
		}
		return ids, err
	}
	if err := s.forward(ctx, &s.notifCursor, fetchNotifs); err != nil {
		return err
	}
	if a.team {
		fetchTimeline := func(ctx context.Context, pg *gomasto.Pagination) ([]string, error) {
			var sts []*gomasto.Status
			var err error
			if l := a.c.timeline.list; l != "" {
				sts, err = a.api.GetTimelineList(ctx, gomasto.ID(l), pg)
			} else {
				sts, err = a.api.GetTimelineHome(ctx, pg)
			}
			var ids []string
			for i := len(sts) - 1; i >= 0; i-- {
				ids = append(ids, string(sts[i].ID))
				for _, ev := range s.timelineStatus(sts[i]) {
					if !emit(ev) {
						return ids, ctx.Err()
					}
				}
			}
			return ids, err
		}
		if point != "" && s.timelineCursor == "" {
			fetch := func(ctx context.Context, pg *gomasto.Pagination) ([]*gomasto.Status, error) {
				if l := a.c.timeline.list; l != "" {
					return a.api.GetTimelineList(ctx, gomasto.ID(l), pg)
				}
				return a.api.GetTimelineHome(ctx, pg)
			}
			if err := s.resumeTimeline(ctx, point, fetch, emit, health); err != nil {
				return err
			}
		}
		if err := s.forward(ctx, &s.timelineCursor, fetchTimeline); err != nil {
			return err
		}
	}
	var cvs []*gomasto.Conversation
	err := a.call(ctx, func(ctx context.Context) (err error) {
		cvs, err = a.api.GetConversations(ctx, &gomasto.Pagination{Limit: pageLimit})
		return err
	})
	if err != nil {
		var apiErr *gomasto.APIError
		if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound {
			return nil // no conversations API: DMs come as direct mentions
		}
		return err
	}
	for i := len(cvs) - 1; i >= 0; i-- {
		if st := cvs[i].LastStatus; point != "" && st != nil && !newer(safeID(string(st.ID)), point) {
			continue // held before this start
		}
		for _, ev := range s.conversation(cvs[i]) {
			if !emit(ev) {
				return ctx.Err()
			}
		}
	}
	return nil
}

// forward pages forward from *cursor with min_id until the server has
// nothing newer. With no cursor yet it takes only the newest page.
func (s *source) forward(ctx context.Context, cursor *string, fetch func(context.Context, *gomasto.Pagination) ([]string, error)) error {
	for page := 0; page < maxCatchUpPages; page++ {
		before := *cursor
		pg := &gomasto.Pagination{Limit: pageLimit, MinID: gomasto.ID(before)}
		var ids []string
		err := s.a.call(ctx, func(ctx context.Context) (err error) {
			ids, err = fetch(ctx, pg)
			return err
		})
		if err != nil {
			return err
		}
		for _, id := range ids {
			if newer(id, *cursor) {
				*cursor = id
			}
		}
		if before == "" || *cursor == before || len(ids) < pageLimit {
			return nil
		}
	}
	return nil
}
