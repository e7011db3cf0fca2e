// Package mastotest is an in-process Mastodon-API server for tests: bearer
// auth, OAuth login, statuses with Idempotency-Key semantics, notifications,
// conversations and timelines with max_id/since_id/min_id paging and Link
// headers, websocket streaming, and controls to inject the faults real
// servers show (5xx, 429, slow answers, truncated or garbled answers,
// answers about another status, dropped, stalled and junk streams, no
// streaming).
package mastotest

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Server is a fake Mastodon instance listening on 127.0.0.1.
type Server struct {
	t   testing.TB
	srv *httptest.Server

	mu            sync.Mutex
	nextID        int64
	accounts      map[string]*account // by username
	byToken       map[string]*account
	statuses      map[string]*status
	order         []*status // creation order
	notifications map[*account][]*notification
	conversations map[*account]map[string]*conversation // root status ID → conversation
	lists         map[string]*list
	idem          map[string]string // account+key → status ID
	apps          map[string]string // client_id → client_secret
	streams       map[*stream]bool
	posted        []Status
	edits         []Status // statuses as edited through the API, in order
	deletes       []string // IDs of statuses deleted through the API, in order
	charLimit     int      // longest status accepted; 0: 500
	slowEditN     int      // edits still to answer late
	slowEdit      time.Duration
	requests      map[string]int

	failN, failStatus int
	rateN             int
	rateReset         time.Duration
	slow              time.Duration
	slowN             int
	slowNext          time.Duration
	noStreaming       bool
	pausedStreaming   bool
	slowPosts         time.Duration
	truncateN         int
	garbleN           int
	wrongStatusN      int
	faults            map[string]int // fault name → times injected

	kind          Kind
	ignoreKey     bool // GoToSocial, snac: every POST makes a status
	dropKeepAlive bool // snac: close the connection after every answer
	badToken      int  // status for a bad token (401; snac 422)
	stall         Stall
	stalledNow    int
}

type account struct {
	id, name, token string
	follows         map[*account]bool
}

type status struct {
	id, uri     string
	author      *account
	content     string // HTML
	visibility  string
	inReplyTo   *status
	mentions    []*account
	created     time.Time
	edited      time.Time
	deleted     bool
	idempotency string
	// favouritedBy names the accounts that favourited it through the API.
	favouritedBy []string
}

type notification struct {
	id      string
	kind    string
	from    *account
	status  *status
	created time.Time
}

type conversation struct {
	id   string
	last *status
}

type list struct {
	id      string
	owner   *account
	members map[*account]bool
}

// Status is a status as the tests see it.
type Status struct {
	ID             string
	Account        string // username of the author
	Text           string // the text as posted (HTML for statuses made by controls)
	Visibility     string
	InReplyTo      string
	IdempotencyKey string
}

// New starts a server that closes when the test ends; opts (Like) make it
// behave as another server does.
func New(t testing.TB, opts ...Option) *Server {
	s := &Server{t: t, badToken: http.StatusUnauthorized, accounts: map[string]*account{}, byToken: map[string]*account{},
		statuses: map[string]*status{}, notifications: map[*account][]*notification{},
		conversations: map[*account]map[string]*conversation{}, lists: map[string]*list{},
		idem: map[string]string{}, apps: map[string]string{}, streams: map[*stream]bool{},
		requests: map[string]int{}, faults: map[string]int{}, nextID: 100}
	for _, o := range opts {
		o(s)
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(func() {
		s.DropStreams()
		s.srv.CloseClientConnections()
		s.srv.Close()
	})
	return s
}

// URL is the server's address, e.g. "http://127.0.0.1:41234".
func (s *Server) URL() string { return s.srv.URL }

// Host is the server's host:port, as it appears in item IDs.
func (s *Server) Host() string { return strings.TrimPrefix(s.srv.URL, "http://") }

func (s *Server) id() string {
	s.nextID++
	return strconv.FormatInt(s.nextID, 10)
}

// AddAccount creates a local account and returns its access token.
func (s *Server) AddAccount(name string) (token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addAccount(name).token
}

func (s *Server) addAccount(name string) *account {
	if a, ok := s.accounts[name]; ok {
		return a
	}
	a := &account{id: s.id(), name: name, token: "tok-" + name + "-" + s.id() + "-secret", follows: map[*account]bool{}}
	s.accounts[name] = a
	s.byToken[a.token] = a
	return a
}

// AccountID returns the ID of the named account, creating it if needed.
func (s *Server) AccountID(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addAccount(name).id
}

// Follow makes follower's home timeline show followee's statuses.
func (s *Server) Follow(follower, followee string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addAccount(follower).follows[s.addAccount(followee)] = true
}

// List creates a list owned by owner holding members and returns its ID.
func (s *Server) List(owner string, members ...string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := &list{id: s.id(), owner: s.addAccount(owner), members: map[*account]bool{}}
	for _, m := range members {
		l.members[s.addAccount(m)] = true
	}
	s.lists[l.id] = l
	return l.id
}

var mentionRE = regexp.MustCompile(`(^|[^\w@])@([A-Za-z0-9_]+)`)
var tagRE = regexp.MustCompile(`(^|[^\w&#])#([A-Za-z0-9_]+)`)

// render turns plain text into status HTML as Mastodon does: escaped, with
// mentions and hashtags linked, newlines as <br>.
func (s *Server) render(text string) string {
	h := html.EscapeString(text)
	h = mentionRE.ReplaceAllStringFunc(h, func(m string) string {
		sub := mentionRE.FindStringSubmatch(m)
		return sub[1] + `<span class="h-card"><a href="` + s.srv.URL + `/@` + sub[2] +
			`" class="u-url mention">@<span>` + sub[2] + `</span></a></span>`
	})
	h = tagRE.ReplaceAllStringFunc(h, func(m string) string {
		sub := tagRE.FindStringSubmatch(m)
		return sub[1] + `<a href="` + s.srv.URL + `/tags/` + sub[2] + `" class="mention hashtag" rel="tag">#<span>` + sub[2] + `</span></a>`
	})
	return "<p>" + strings.ReplaceAll(h, "\n", "<br>") + "</p>"
}

// Mention posts text (plain; "@name" mentions the local account name) from
// the account from, with the given visibility, and returns its status ID.
// Mentioned accounts get a notification, and a direct one a conversation.
func (s *Server) Mention(from, text, visibility string) string {
	return s.Reply(from, "", text, visibility)
}

// DM is Mention with direct visibility.
func (s *Server) DM(from, text string) string { return s.Mention(from, text, "direct") }

// Reply posts text from from in reply to the status inReplyTo.
func (s *Server) Reply(from, inReplyTo, text, visibility string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.create(s.addAccount(from), s.render(text), text, visibility, inReplyTo, "").id
}

// HTML posts raw status HTML from from, as a hostile or unusual server
// might send it; "@name" in it still mentions local accounts.
func (s *Server) HTML(from, content, visibility string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.create(s.addAccount(from), content, content, visibility, "", "").id
}

// create makes a status and delivers it; s.mu is held.
func (s *Server) create(author *account, content, text, visibility, inReplyTo, key string) *status {
	if visibility == "" {
		visibility = "public"
	}
	st := &status{id: s.id(), author: author, content: content, visibility: visibility,
		created: time.Now().UTC(), idempotency: key}
	st.uri = s.srv.URL + "/users/" + author.name + "/statuses/" + st.id
	if r, ok := s.statuses[inReplyTo]; ok {
		st.inReplyTo = r
	}
	for _, m := range mentionRE.FindAllStringSubmatch(text, -1) {
		if a, ok := s.accounts[m[2]]; ok && a != author && !slices.Contains(st.mentions, a) {
			st.mentions = append(st.mentions, a)
		}
	}
	s.statuses[st.id] = st
	s.order = append(s.order, st)
	for _, a := range st.mentions {
		s.notify(a, "mention", author, st)
		if visibility == "direct" {
			s.converse(a, st)
		}
	}
	if visibility == "direct" {
		s.converse(author, st)
	}
	payload := s.statusJSON(st)
	for v := range s.accounts {
		viewer := s.accounts[v]
		if s.inHome(viewer, st) {
			s.send(viewer, "user", "", "update", payload)
		}
	}
	for _, l := range s.lists {
		if l.members[author] && visibility != "direct" {
			s.send(l.owner, "list", l.id, "update", payload)
		}
	}
	return st
}

func (s *Server) inHome(viewer *account, st *status) bool {
	if st.deleted {
		return false
	}
	if st.author == viewer {
		return true
	}
	if st.visibility == "direct" {
		return slices.Contains(st.mentions, viewer)
	}
	return viewer.follows[st.author]
}

func (s *Server) notify(to *account, kind string, from *account, st *status) {
	n := &notification{id: s.id(), kind: kind, from: from, status: st, created: time.Now().UTC()}
	s.notifications[to] = append(s.notifications[to], n)
	s.send(to, "user", "", "notification", s.notificationJSON(n))
}

func (s *Server) converse(a *account, st *status) {
	root := st
	for root.inReplyTo != nil && root.inReplyTo.visibility == "direct" {
		root = root.inReplyTo
	}
	m := s.conversations[a]
	if m == nil {
		m = map[string]*conversation{}
		s.conversations[a] = m
	}
	c, ok := m[root.id]
	if !ok {
		c = &conversation{id: s.id()}
		m[root.id] = c
	}
	c.last = st
	s.send(a, "direct", "", "conversation", s.conversationJSON(a, c))
}

// Favourite records from favouriting status id, notifying its author.
func (s *Server) Favourite(from, id string) { s.react(from, id, "favourite") }

// Reblog records from boosting status id, notifying its author.
func (s *Server) Reblog(from, id string) { s.react(from, id, "reblog") }

func (s *Server) react(from, id, kind string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.statuses[id]
	if !ok {
		s.t.Errorf("mastotest: %s of unknown status %s", kind, id)
		return
	}
	s.notify(st.author, kind, s.addAccount(from), st)
}

// Delete removes a status and sends the delete event.
func (s *Server) Delete(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deleteStatus(id)
}

func (s *Server) deleteStatus(id string) {
	st, ok := s.statuses[id]
	if !ok || st.deleted {
		return
	}
	for _, a := range s.accounts {
		if s.inHome(a, st) || slices.Contains(st.mentions, a) {
			s.send(a, "user", "", "delete", id)
		}
	}
	st.deleted = true
}

// Edit replaces a status's text (plain) and sends status.update.
func (s *Server) Edit(id, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.statuses[id]
	if !ok {
		s.t.Errorf("mastotest: edit of unknown status %s", id)
		return
	}
	st.content, st.edited = s.render(text), time.Now().UTC()
	payload := s.statusJSON(st)
	for _, a := range s.accounts {
		if s.inHome(a, st) || slices.Contains(st.mentions, a) {
			s.send(a, "user", "", "status.update", payload)
		}
	}
}

// Status returns a status by ID as the tests see it.
func (s *Server) Status(id string) (Status, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.statuses[id]
	if !ok || st.deleted {
		return Status{}, false
	}
	return s.view(st, st.content), true
}

func (s *Server) view(st *status, text string) Status {
	v := Status{ID: st.id, Account: st.author.name, Text: text, Visibility: st.visibility, IdempotencyKey: st.idempotency}
	if st.inReplyTo != nil {
		v.InReplyTo = st.inReplyTo.id
	}
	return v
}

// Posts returns the statuses created through the API, oldest first.
func (s *Server) Posts() []Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.posted)
}

// Requests returns how many API requests were made to path (e.g.
// "/api/v1/statuses"), counting refused ones.
func (s *Server) Requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[path]
}

// FailNext makes the next n API requests (not the stream) fail with status.
func (s *Server) FailNext(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failN, s.failStatus = n, status
}

// RateLimit makes the next n API requests answer 429 with X-RateLimit-Reset
// set reset from now.
func (s *Server) RateLimit(n int, reset time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rateN, s.rateReset = n, reset
}

// set changes one of the server's settings under its lock, as a test
// turns a fault or a server's habit on or off while clients run.
func set[T any](s *Server, setting *T, v T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	*setting = v
}

// Slow delays every API answer by d (0 to stop). The request has already
// taken effect when the delay starts, as on a real overloaded server.
func (s *Server) Slow(d time.Duration) { set(s, &s.slow, d) }

// SlowPosts delays every answer to POST /api/v1/statuses by d (0 to stop),
// after the status is made: a client that dies meanwhile has posted without
// hearing so.
func (s *Server) SlowPosts(d time.Duration) { set(s, &s.slowPosts, d) }

// SlowNext delays only the next n API answers by d.
func (s *Server) SlowNext(n int, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slowN, s.slowNext = n, d
}

// DisableStreaming makes the streaming endpoint answer 404, as snac does
// (the instance still advertises a streaming URL, as snac's does).
func (s *Server) DisableStreaming() {
	s.mu.Lock()
	s.noStreaming = true
	s.mu.Unlock()
	s.DropStreams()
}

// PauseStreaming makes new stream connections fail with 503 until
// ResumeStreaming; open ones are not touched.
func (s *Server) PauseStreaming() { set(s, &s.pausedStreaming, true) }

// ResumeStreaming undoes PauseStreaming.
func (s *Server) ResumeStreaming() { set(s, &s.pausedStreaming, false) }

// DropStreams closes every open stream connection abruptly.
func (s *Server) DropStreams() {
	s.mu.Lock()
	streams := make([]*stream, 0, len(s.streams))
	for st := range s.streams {
		streams = append(streams, st)
	}
	s.mu.Unlock()
	for _, st := range streams {
		st.close()
	}
	s.mu.Lock()
	s.faults["stream dropped"] += len(streams)
	s.mu.Unlock()
}

// StallStreams makes every open stream go silent without closing, as a
// stream behind a dead NAT or proxy does; new connections work.
func (s *Server) StallStreams() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for st := range s.streams {
		st.stalled = true
		s.faults["stream stalled"]++
	}
}

// Streams returns how many stream connections are open.
func (s *Server) Streams() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.streams)
}

// AuthCode is the code the instance shows name after they approve an app
// in the browser; Login's user pastes it.
func (s *Server) AuthCode(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addAccount(name)
	return "code-" + name
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func apiError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, map[string]string{"error": msg})
}

var (
	statusPath = regexp.MustCompile(`^/api/v1/statuses/([^/]+)$`)
	listPath   = regexp.MustCompile(`^/api/v1/timelines/list/([^/]+)$`)

	accountStatusesPath = regexp.MustCompile(`^/api/v1/accounts/([^/]+)/statuses$`)
	favouritePath       = regexp.MustCompile(`^/api/v1/statuses/([^/]+)/favourite$`)
)

// refuseToken answers a request with a bad token as the imitated server
// does.
func (s *Server) refuseToken(w http.ResponseWriter) {
	s.mu.Lock()
	code := s.badToken
	s.mu.Unlock()
	if code == http.StatusUnprocessableEntity {
		apiError(w, code, "access denied")
		return
	}
	apiError(w, code, "The access token is invalid")
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/api/v1/streaming" || strings.HasPrefix(r.URL.Path, "/api/v1/streaming/") {
		s.serveStream(w, r)
		return
	}
	s.mu.Lock()
	s.requests[r.URL.Path]++
	if s.rateN > 0 {
		s.rateN--
		s.faults["429"]++
		reset := time.Now().Add(s.rateReset).UTC()
		s.mu.Unlock()
		w.Header().Set("X-RateLimit-Limit", "300")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", reset.Format("2006-01-02T15:04:05.000Z"))
		apiError(w, http.StatusTooManyRequests, "Too many requests")
		return
	}
	if s.failN > 0 {
		s.failN--
		s.faults[fmt.Sprintf("%dxx", s.failStatus/100)]++
		code := s.failStatus
		s.mu.Unlock()
		apiError(w, code, http.StatusText(code))
		return
	}
	delay := s.slow
	if s.slowN > 0 {
		s.slowN--
		delay = s.slowNext
		s.faults["slow"]++
	}
	if s.slowPosts > 0 && r.Method == http.MethodPost && r.URL.Path == "/api/v1/statuses" {
		delay = max(delay, s.slowPosts)
	}
	if s.slowEditN > 0 && r.Method == http.MethodPut {
		s.slowEditN--
		delay = max(delay, s.slowEdit)
		s.faults["slow edit"]++
	}
	hangUp := s.dropKeepAlive
	s.mu.Unlock()
	if s.holdPost(r) {
		return
	}
	rec := httptest.NewRecorder()
	s.route(rec, r)
	body := s.damage(r, rec)
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Set("X-RateLimit-Limit", "300")
	w.Header().Set("X-RateLimit-Remaining", "299")
	if hangUp && s.answerAndHangUp(w, rec.Code, body) {
		return
	}
	w.WriteHeader(rec.Code)
	w.Write(body)
}

// damage applies the answer faults (truncated, garbled, wrong status) to a
// routed answer and returns the body to send. The request has taken effect.
func (s *Server) damage(r *http.Request, rec *httptest.ResponseRecorder) []byte {
	body := rec.Body.Bytes()
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.truncateN > 0:
		s.truncateN--
		s.faults["truncated"]++
		rec.Header().Del("Content-Length")
		return body[:len(body)/2]
	case s.garbleN > 0:
		s.garbleN--
		s.faults["garbled"]++
		rec.Header().Set("Content-Type", "text/html")
		return []byte("<html><body><h1>502 Bad Gateway</h1>{\"id\": \x00</body></html>")
	case s.wrongStatusN > 0 && rec.Code == http.StatusOK && (r.URL.Path == "/api/v1/statuses" || statusPath.MatchString(r.URL.Path)):
		s.wrongStatusN--
		s.faults["wrong status"]++
		other := &status{id: s.id(), author: s.addAccount("mallory"), content: "<p>not the status you asked for</p>",
			visibility: "public", created: time.Now().UTC()}
		other.uri = s.srv.URL + "/users/mallory/statuses/" + other.id
		b, _ := json.Marshal(s.statusJSON(other))
		return b
	}
	return body
}

// TruncateNext makes the next n API answers stop half-way through their
// JSON, after the request has taken effect (a proxy that dropped the
// connection mid-answer).
func (s *Server) TruncateNext(n int) { set(s, &s.truncateN, n) }

// GarbleNext makes the next n API answers 200 OK with an HTML error page
// instead of JSON, after the request has taken effect.
func (s *Server) GarbleNext(n int) { set(s, &s.garbleN, n) }

// WrongStatusNext makes the next n answers that carry one status (GET
// /api/v1/statuses/ID, POST /api/v1/statuses) carry a different status,
// someone else's with another ID, after the request has taken effect.
func (s *Server) WrongStatusNext(n int) { set(s, &s.wrongStatusN, n) }

// JunkStreams sends every open stream messages that are not events: text
// that is not JSON, JSON cut short, an event whose payload has the wrong
// shape, and an unknown event.
func (s *Server) JunkStreams() {
	s.mu.Lock()
	defer s.mu.Unlock()
	junk := [][]byte{
		[]byte("\x1b[2J not json at all"),
		[]byte(`{"stream":["user"],"event":"update","payload":"{\"id\":\"1`),
		[]byte(`{"stream":["user"],"event":"update","payload":"[1,2,3]"}`),
		[]byte(`{"stream":["user"],"event":"notification","payload":"{\"id\":{}}"}`),
		[]byte(`{"stream":["user"],"event":"delete","payload":{"nested":true}}`),
		[]byte(`{"stream":["user"],"event":"made.up","payload":"x"}`),
	}
	for st := range s.streams {
		if st.stalled {
			continue
		}
		for _, m := range junk {
			select {
			case st.out <- m:
				s.faults["stream junk"]++
			default:
			}
		}
	}
}

// Faults returns how many times each fault was injected, by name
// ("5xx", "429", "slow", "truncated", "garbled", "wrong status",
// "stream dropped", "stream stalled", "stream junk", "stream refused").
func (s *Server) Faults() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.faults))
	for k, v := range s.faults {
		out[k] = v
	}
	return out
}

// PostsByKey counts the statuses created through the API for each
// Idempotency-Key ("" for posts sent without one).
func (s *Server) PostsByKey() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for _, p := range s.posted {
		out[p.IdempotencyKey]++
	}
	return out
}

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == "/api/v1/apps" && r.Method == http.MethodPost:
		s.createApp(w, r)
		return
	case p == "/oauth/token" && r.Method == http.MethodPost:
		s.token(w, r)
		return
	case p == "/api/v1/instance":
		s.mu.Lock()
		limit := s.limit()
		s.mu.Unlock()
		writeJSON(w, 200, map[string]any{"uri": s.Host(), "title": "mastotest", "version": "4.3.0",
			"urls":          map[string]any{"streaming_api": "ws://" + s.Host()},
			"configuration": map[string]any{"statuses": map[string]any{"max_characters": limit}}})
		return
	}
	me := s.auth(r)
	if me == nil {
		s.refuseToken(w)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case p == "/api/v1/accounts/verify_credentials" && r.Method == http.MethodGet:
		writeJSON(w, 200, s.accountJSON(me))
	case p == "/api/v1/statuses" && r.Method == http.MethodPost:
		s.postStatus(w, r, me)
	case statusPath.MatchString(p):
		id := statusPath.FindStringSubmatch(p)[1]
		st, ok := s.statuses[id]
		if !ok || st.deleted || !s.canSee(me, st) {
			apiError(w, 404, "Record not found")
			return
		}
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, 200, s.statusJSON(st))
		case http.MethodDelete:
			if st.author != me {
				apiError(w, 403, "This action is not allowed")
				return
			}
			writeJSON(w, 200, s.statusJSON(st))
			s.deleteStatus(id)
			s.deletes = append(s.deletes, id)
		case http.MethodPut:
			s.editStatus(w, r, me, st)
		default:
			apiError(w, 405, "Method not allowed")
		}
	case favouritePath.MatchString(p) && r.Method == http.MethodPost:
		id := favouritePath.FindStringSubmatch(p)[1]
		st, ok := s.statuses[id]
		if !ok || st.deleted || !s.canSee(me, st) {
			apiError(w, 404, "Record not found")
			return
		}
		// Favouriting is idempotent, as on Mastodon: the author is told once.
		if !slices.Contains(st.favouritedBy, me.name) {
			st.favouritedBy = append(st.favouritedBy, me.name)
			s.notify(st.author, "favourite", me, st)
		}
		writeJSON(w, 200, s.statusJSON(st))
	case accountStatusesPath.MatchString(p) && r.Method == http.MethodGet:
		id := accountStatusesPath.FindStringSubmatch(p)[1]
		var items []page
		for _, st := range s.order {
			if st.author.id == id && !st.deleted && s.canSee(me, st) {
				items = append(items, page{st.id, func() any { return s.statusJSON(st) }})
			}
		}
		s.paginate(w, r, items)
	case p == "/api/v1/notifications" && r.Method == http.MethodGet:
		var items []page
		for _, n := range s.notifications[me] {
			if !n.status.deleted {
				items = append(items, page{n.id, func() any { return s.notificationJSON(n) }})
			}
		}
		s.paginate(w, r, items)
	case p == "/api/v1/conversations" && r.Method == http.MethodGet:
		var items []page
		for _, c := range s.conversations[me] {
			if !c.last.deleted {
				items = append(items, page{c.last.id, func() any { return s.conversationJSON(me, c) }})
			}
		}
		slices.SortFunc(items, func(a, b page) int { return cmpID(a.id, b.id) })
		s.paginate(w, r, items)
	case p == "/api/v1/timelines/home" && r.Method == http.MethodGet:
		var items []page
		for _, st := range s.order {
			if s.inHome(me, st) {
				items = append(items, page{st.id, func() any { return s.statusJSON(st) }})
			}
		}
		s.paginate(w, r, items)
	case listPath.MatchString(p) && r.Method == http.MethodGet:
		l, ok := s.lists[listPath.FindStringSubmatch(p)[1]]
		if !ok || l.owner != me {
			apiError(w, 404, "Record not found")
			return
		}
		var items []page
		for _, st := range s.order {
			if l.members[st.author] && !st.deleted && st.visibility != "direct" {
				items = append(items, page{st.id, func() any { return s.statusJSON(st) }})
			}
		}
		s.paginate(w, r, items)
	default:
		apiError(w, 404, "Record not found")
	}
}

func (s *Server) canSee(me *account, st *status) bool {
	switch st.visibility {
	case "direct", "private":
		return st.author == me || slices.Contains(st.mentions, me) || (st.visibility == "private" && me.follows[st.author])
	}
	return true
}

func (s *Server) auth(r *http.Request) *account {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		tok = r.URL.Query().Get("access_token")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.byToken[tok]
}

func (s *Server) postStatus(w http.ResponseWriter, r *http.Request, me *account) {
	if err := r.ParseForm(); err != nil {
		apiError(w, 400, "bad form")
		return
	}
	key := r.Header.Get("Idempotency-Key")
	if key != "" && !s.ignoreKey {
		if id, ok := s.idem[me.id+"\x00"+key]; ok {
			writeJSON(w, 200, s.statusJSON(s.statuses[id]))
			return
		}
	}
	text := r.PostForm.Get("status")
	if why := s.refuseText(text); why != "" {
		apiError(w, 422, why)
		return
	}
	vis := r.PostForm.Get("visibility")
	switch vis {
	case "", "public", "unlisted", "private", "direct":
	default:
		apiError(w, 422, "Validation failed: Visibility is not included in the list")
		return
	}
	reply := r.PostForm.Get("in_reply_to_id")
	if reply != "" {
		if st, ok := s.statuses[reply]; !ok || st.deleted || !s.canSee(me, st) {
			apiError(w, 404, "Record not found")
			return
		}
	}
	st := s.create(me, s.render(text), text, vis, reply, key)
	if key != "" {
		s.idem[me.id+"\x00"+key] = st.id
	}
	s.posted = append(s.posted, s.view(st, text))
	writeJSON(w, 200, s.statusJSON(st))
}

// refuseText says why the server refuses a status's text, posted or
// edited, as Mastodon words it; "" if it takes it. The caller holds s.mu.
func (s *Server) refuseText(text string) string {
	if strings.TrimSpace(text) == "" {
		return "Validation failed: Text can't be blank"
	}
	if n := s.limit(); len([]rune(text)) > n {
		return fmt.Sprintf("Validation failed: Text character limit of %d exceeded", n)
	}
	return ""
}

// limit is the longest status the server accepts. The caller holds s.mu.
func (s *Server) limit() int {
	if s.charLimit > 0 {
		return s.charLimit
	}
	return 500
}

// editStatus is PUT /api/v1/statuses/:id: the author replaces the text (and,
// as Mastodon does when no media_ids are sent, drops any media).
func (s *Server) editStatus(w http.ResponseWriter, r *http.Request, me *account, st *status) {
	if st.author != me {
		apiError(w, 403, "This action is not allowed")
		return
	}
	if err := r.ParseForm(); err != nil {
		apiError(w, 400, "bad form")
		return
	}
	text := r.PostForm.Get("status")
	if why := s.refuseText(text); why != "" {
		apiError(w, 422, why)
		return
	}
	st.content, st.edited = s.render(text), time.Now().UTC()
	s.edits = append(s.edits, s.view(st, text))
	payload := s.statusJSON(st)
	for _, a := range s.accounts {
		if s.inHome(a, st) || slices.Contains(st.mentions, a) {
			s.send(a, "user", "", "status.update", payload)
		}
	}
	writeJSON(w, 200, payload)
}

// SlowNextEdits makes the next n edits (PUT) take effect at once and
// answer d later: a client with a shorter timeout loses the answer.
func (s *Server) SlowNextEdits(n int, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slowEditN, s.slowEdit = n, d
}

// Edits returns the statuses edited through the API, as each edit left
// them, oldest first.
func (s *Server) Edits() []Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.edits)
}

// Deletes returns the IDs of the statuses deleted through the API, in order.
func (s *Server) Deletes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.deletes)
}

func (s *Server) createApp(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	if r.PostForm.Get("client_name") == "" || r.PostForm.Get("redirect_uris") == "" {
		apiError(w, 422, "Validation failed: Name can't be blank, Redirect URI can't be blank")
		return
	}
	s.mu.Lock()
	id, secret := "client-"+s.id(), "secret-"+s.id()
	s.apps[id] = secret
	s.mu.Unlock()
	writeJSON(w, 200, map[string]any{"id": id, "name": r.PostForm.Get("client_name"), "client_id": id,
		"client_secret": secret, "redirect_uri": r.PostForm.Get("redirect_uris")})
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f := r.PostForm
	s.mu.Lock()
	defer s.mu.Unlock()
	if sec, ok := s.apps[f.Get("client_id")]; !ok || sec != f.Get("client_secret") {
		apiError(w, 401, "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.")
		return
	}
	name, ok := strings.CutPrefix(f.Get("code"), "code-")
	a := s.accounts[name]
	if f.Get("grant_type") != "authorization_code" || !ok || a == nil || f.Get("redirect_uri") != "urn:ietf:wg:oauth:2.0:oob" {
		apiError(w, 400, "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.")
		return
	}
	writeJSON(w, 200, map[string]any{"access_token": a.token, "token_type": "Bearer", "scope": "read write", "created_at": time.Now().Unix()})
}

// page is one entry of a paged list, newest last when collected; v makes
// its JSON, only for the entries answered (a list of thousands is paged
// through often).
type page struct {
	id string
	v  func() any
}

func cmpID(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

// paginate answers with items (oldest first) filtered by max_id, since_id,
// min_id and limit as Mastodon does, newest first, with a Link header.
func (s *Server) paginate(w http.ResponseWriter, r *http.Request, items []page) {
	q := r.URL.Query()
	limit := 20
	if l, err := strconv.Atoi(q.Get("limit")); err == nil && l > 0 {
		limit = min(l, 40)
	}
	var sel []page
	for _, it := range items {
		if m := q.Get("max_id"); m != "" && cmpID(it.id, m) >= 0 {
			continue
		}
		if m := q.Get("since_id"); m != "" && cmpID(it.id, m) <= 0 {
			continue
		}
		if m := q.Get("min_id"); m != "" && cmpID(it.id, m) <= 0 {
			continue
		}
		sel = append(sel, it)
	}
	if q.Get("min_id") != "" {
		sel = sel[:min(limit, len(sel))] // the oldest ones just after min_id
	} else {
		sel = sel[max(0, len(sel)-limit):] // the newest ones
	}
	slices.Reverse(sel)
	out := make([]any, len(sel))
	for i, it := range sel {
		out[i] = it.v()
	}
	if len(sel) > 0 {
		link := func(k, v string) string {
			u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path}
			qq := url.Values{"limit": {strconv.Itoa(limit)}, k: {v}}
			u.RawQuery = qq.Encode()
			return u.String()
		}
		w.Header().Set("Link", fmt.Sprintf(`<%s>; rel="next", <%s>; rel="prev"`,
			link("max_id", sel[len(sel)-1].id), link("min_id", sel[0].id)))
	}
	writeJSON(w, 200, out)
}

func (s *Server) accountJSON(a *account) map[string]any {
	return map[string]any{"id": a.id, "username": a.name, "acct": a.name, "display_name": strings.ToUpper(a.name[:1]) + a.name[1:],
		"url": s.srv.URL + "/@" + a.name, "uri": s.srv.URL + "/users/" + a.name, "locked": false, "bot": false,
		"created_at": "2024-01-01T00:00:00.000Z", "note": "", "avatar": "", "header": "", "emojis": []any{}, "fields": []any{}}
}

func (s *Server) statusJSON(st *status) map[string]any {
	mentions := []any{}
	for _, m := range st.mentions {
		mentions = append(mentions, map[string]any{"id": m.id, "username": m.name, "acct": m.name, "url": s.srv.URL + "/@" + m.name})
	}
	v := map[string]any{"id": st.id, "uri": st.uri, "url": s.srv.URL + "/@" + st.author.name + "/" + st.id,
		"account": s.accountJSON(st.author), "content": st.content, "visibility": st.visibility,
		"created_at": st.created.Format("2006-01-02T15:04:05.000Z"), "edited_at": nil,
		"in_reply_to_id": nil, "in_reply_to_account_id": nil, "reblog": nil, "sensitive": false, "spoiler_text": "",
		"mentions": mentions, "tags": []any{}, "emojis": []any{}, "media_attachments": []any{},
		"replies_count": 0, "reblogs_count": 0, "favourites_count": 0}
	if !st.edited.IsZero() {
		v["edited_at"] = st.edited.Format("2006-01-02T15:04:05.000Z")
	}
	if st.inReplyTo != nil {
		v["in_reply_to_id"], v["in_reply_to_account_id"] = st.inReplyTo.id, st.inReplyTo.author.id
	}
	return v
}

func (s *Server) notificationJSON(n *notification) map[string]any {
	return map[string]any{"id": n.id, "type": n.kind, "created_at": n.created.Format("2006-01-02T15:04:05.000Z"),
		"account": s.accountJSON(n.from), "status": s.statusJSON(n.status)}
}

func (s *Server) conversationJSON(me *account, c *conversation) map[string]any {
	accts := []any{}
	for _, a := range append([]*account{c.last.author}, c.last.mentions...) {
		if a != me {
			accts = append(accts, s.accountJSON(a))
		}
	}
	return map[string]any{"id": c.id, "unread": true, "accounts": accts, "last_status": s.statusJSON(c.last)}
}

// stream is one websocket connection.
type stream struct {
	acct    *account
	subs    map[string]bool // "user", "direct", "list:ID"
	out     chan []byte
	done    chan struct{}
	stalled bool // sends nothing, closes nothing
	once    sync.Once
	closer  func()
}

func (st *stream) close() { st.once.Do(func() { close(st.done); st.closer() }) }

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (s *Server) serveStream(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	no, paused := s.noStreaming, s.pausedStreaming
	s.mu.Unlock()
	if no {
		http.NotFound(w, r)
		return
	}
	if paused {
		s.mu.Lock()
		s.faults["stream refused"]++
		s.mu.Unlock()
		apiError(w, http.StatusServiceUnavailable, "Service Unavailable")
		return
	}
	me := s.auth(r)
	if me == nil {
		s.refuseToken(w)
		return
	}
	// The stream is registered before the handshake is answered: a client
	// that catches up over REST once connected must not miss what is
	// created between its handshake and the registration.
	connCh := make(chan *websocket.Conn, 1)
	st := &stream{acct: me, subs: map[string]bool{}, out: make(chan []byte, 256), done: make(chan struct{}),
		closer: func() {
			select {
			case c := <-connCh:
				if c != nil {
					c.Close()
				}
			default:
			}
		}}
	q := r.URL.Query()
	switch q.Get("stream") {
	case "list":
		st.subs["list:"+q.Get("list")] = true
	case "":
	default:
		st.subs[q.Get("stream")] = true
	}
	s.mu.Lock()
	s.streams[st] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.streams, st)
		s.mu.Unlock()
		st.close()
	}()
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close() // also when dropped between handshake and hand-over
	select {
	case <-st.done: // dropped while the handshake was under way
		conn.Close()
		return
	default:
		connCh <- conn
	}
	go func() { // subscriptions from the client
		for {
			var m struct{ Type, Stream, List string }
			if err := conn.ReadJSON(&m); err != nil {
				st.close()
				return
			}
			key := m.Stream
			if m.Stream == "list" {
				key = "list:" + m.List
			}
			s.mu.Lock()
			switch m.Type {
			case "subscribe":
				st.subs[key] = true
			case "unsubscribe":
				delete(st.subs, key)
			}
			s.mu.Unlock()
		}
	}()
	for {
		select {
		case msg := <-st.out:
			conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
			if err := conn.WriteMessage(websocket.TextMessage, msg); err != nil {
				return
			}
		case <-st.done:
			return
		}
	}
}

// send delivers an event to a's streams subscribed to name (and list ID);
// s.mu is held.
func (s *Server) send(a *account, name, listID, event string, payload any) {
	key := name
	streamField := []string{name}
	if name == "list" {
		key = "list:" + listID
		streamField = []string{"list", listID}
	}
	var p string
	if str, ok := payload.(string); ok {
		p = str
	} else {
		b, _ := json.Marshal(payload)
		p = string(b)
	}
	msg, _ := json.Marshal(map[string]any{"stream": streamField, "event": event, "payload": p})
	for st := range s.streams {
		if st.acct == a && st.subs[key] && !st.stalled {
			select {
			case st.out <- msg:
			default: // a client that does not read loses its stream
				go st.close()
			}
		}
	}
}

// FavouritedBy names the accounts that favourited the status through the API,
// each once however often they asked.
func (s *Server) FavouritedBy(id string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.statuses[id]; ok {
		return slices.Clone(st.favouritedBy)
	}
	return nil
}
