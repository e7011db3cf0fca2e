package mastotest

import (
	"bufio"
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
)

// Kind is a server implementation whose habits the test server imitates.
type Kind int

const (
	// Mastodon honours Idempotency-Key, answers a bad token with 401 and
	// streams.
	Mastodon Kind = iota
	// GoToSocial accepts Idempotency-Key and ignores it: two POSTs with one
	// key make two statuses.
	GoToSocial
	// Snac does not know Idempotency-Key, closes the connection after every
	// answer without saying so, answers a bad token with 422, and advertises
	// a streaming URL although it has no streaming.
	Snac
)

// Kinds lists every kind, for tests that must hold on all of them.
var Kinds = []Kind{Mastodon, GoToSocial, Snac}

func (k Kind) String() string {
	switch k {
	case GoToSocial:
		return "gotosocial"
	case Snac:
		return "snac"
	}
	return "mastodon"
}

// Option configures a Server at New.
type Option func(*Server)

// Like makes the server behave as kind does (see Kind).
func Like(kind Kind) Option {
	return func(s *Server) {
		s.kind = kind
		switch kind {
		case GoToSocial:
			s.ignoreKey = true
		case Snac:
			s.ignoreKey = true
			s.dropKeepAlive = true
			s.badToken = http.StatusUnprocessableEntity
			s.noStreaming = true
		}
	}
}

// CharLimit makes the server accept statuses of at most n characters, and
// say so in its instance information (configuration.statuses.max_characters).
func CharLimit(n int) Option {
	return func(s *Server) { s.charLimit = n }
}

// Kind reports which server the test server imitates.
func (s *Server) Kind() Kind {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.kind
}

// IgnoreIdempotencyKey makes every POST make a new status whatever its
// Idempotency-Key, as GoToSocial and snac do. Posts still record the key
// the client sent (PostsByKey), so tests can count statuses per draft.
func (s *Server) IgnoreIdempotencyKey() { set(s, &s.ignoreKey, true) }

// DropKeepAlive makes the server close the connection after every REST
// answer without a "Connection: close" header, as snac does: a client that
// reuses the connection finds it closed.
func (s *Server) DropKeepAlive() { set(s, &s.dropKeepAlive, true) }

// RefuseTokensWith makes a bad or revoked token answer code (snac: 422)
// instead of 401.
func (s *Server) RefuseTokensWith(code int) { set(s, &s.badToken, code) }

// RevokeToken makes the account's token invalid from now on.
func (s *Server) RevokeToken(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.accounts[name]; ok {
		delete(s.byToken, a.token)
	}
}

// Stall says what the server does with a POST /api/v1/statuses it holds.
type Stall int

const (
	// StallOff answers posts as they come.
	StallOff Stall = iota
	// StallDiscard holds each post until the client gives up or dies, then
	// forgets it: the server never made it (as if it was never sent).
	StallDiscard
	// StallComplete holds each post until the client gives up or dies, then
	// makes the status: the client is gone and never hears of it.
	StallComplete
)

// StallPosts holds every POST /api/v1/statuses as mode says, until called
// again with StallOff.
func (s *Server) StallPosts(mode Stall) { set(s, &s.stall, mode) }

// StalledPosts reports how many posts the server holds now.
func (s *Server) StalledPosts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stalledNow
}

// holdPost holds a post as s.stall says and reports whether it did (the
// request is then finished: its client has gone).
func (s *Server) holdPost(r *http.Request) bool {
	if r.Method != http.MethodPost || r.URL.Path != "/api/v1/statuses" {
		return false
	}
	s.mu.Lock()
	mode := s.stall
	if mode != StallOff {
		s.stalledNow++
		s.faults["stalled post"]++
	}
	s.mu.Unlock()
	if mode == StallOff {
		return false
	}
	r.ParseForm() // read it all: the server has the request
	<-r.Context().Done()
	if mode == StallComplete {
		s.route(httptest.NewRecorder(), r)
	}
	s.mu.Lock()
	s.stalledNow--
	s.mu.Unlock()
	return true
}

// answerAndHangUp writes the answer with a Content-Length and closes the
// connection without announcing it.
func (s *Server) answerAndHangUp(w http.ResponseWriter, code int, body []byte) bool {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return false
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return false
	}
	defer conn.Close()
	var head bytes.Buffer
	fmt.Fprintf(&head, "HTTP/1.1 %d %s\r\n", code, http.StatusText(code))
	h := w.Header().Clone()
	h.Del("Connection")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Write(&head)
	head.WriteString("\r\n")
	out := bufio.NewWriter(conn)
	out.Write(head.Bytes())
	out.Write(body)
	out.Flush()
	_ = buf
	s.mu.Lock()
	s.faults["keep-alive dropped"]++
	s.mu.Unlock()
	return true
}
