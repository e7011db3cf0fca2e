// Package screentest records what a program draws on a terminal, so that a
// test can read the screen as a person would, while the program still writes.
package screentest

import (
	"bytes"
	"sync"

	"github.com/charmbracelet/x/ansi"
)

// Screen is a terminal's output: safe for one writer and many readers.
// OnWrite, if set before the first write, sees every write as it happens
// (to answer a terminal query, or to time a frame).
type Screen struct {
	mu      sync.Mutex
	b       bytes.Buffer
	OnWrite func([]byte)
}

// Write records p and then hands it to OnWrite.
func (s *Screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	n, err := s.b.Write(p)
	onWrite := s.OnWrite
	s.mu.Unlock()
	if onWrite != nil {
		onWrite(p)
	}
	return n, err
}

// Watch adds f to what sees every later write, after OnWrite and the
// watchers added before it; safe while the program writes.
func (s *Screen) Watch(f func([]byte)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	prev := s.OnWrite
	s.OnWrite = func(p []byte) {
		if prev != nil {
			prev(p)
		}
		f(p)
	}
}

// Len is how many bytes were drawn so far: a mark to read From later.
func (s *Screen) Len() int { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Len() }

// From returns what was drawn after the first i bytes, as a person reads
// it: styling and other escapes removed, so that assertions do not depend
// on the colour profile.
func (s *Screen) From(i int) string { return ansi.Strip(s.Raw(i)) }

// Raw returns the bytes drawn after the first i, escapes and all, for the
// tests that look for a terminal control itself (the bell, mouse modes).
func (s *Screen) Raw(i int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.b.Bytes()[min(i, s.b.Len()):])
}

// String is everything drawn, as a person reads it.
func (s *Screen) String() string { return s.From(0) }
