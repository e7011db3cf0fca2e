package tui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/dutydesk/dutydesk/desk"
)

// Appeals in the console: the Team feed marks appeal posts with their age
// (and "review due" once past the review date, when every console rings),
// m marks the selected post as an appeal or sets a new review date
// (markappeal.go), and R resolves one from a single screen
// (resolveappeal.go): the outcome, the reason, what becomes of the post
// (edited to an update, deleted, or left) and the thanks.

var errSupervisorsResolve = errors.New("only a supervisor can resolve appeals")

// appealTag is how the Team feed labels an appeal's post.
func appealTag(a desk.Appeal, now time.Time) string {
	switch {
	case a.Due(now):
		return fmt.Sprintf("[%s %s · review due]", a.Kind, age(now, a.Marked))
	case a.Open():
		return fmt.Sprintf("[%s %s]", a.Kind, age(now, a.Marked))
	case a.StillUp():
		return fmt.Sprintf("[%s · post still up]", a.Outcome)
	case a.Action == desk.ActionDelete:
		return fmt.Sprintf("[%s · deleted]", a.Outcome)
	}
	return fmt.Sprintf("[%s · updated]", a.Outcome)
}

// kindWords names an appeal kind for people.
func kindWords(k desk.AppealKind) string {
	switch k {
	case desk.AppealMissing:
		return "missing person"
	case desk.AppealWanted:
		return "wanted person"
	case desk.AppealWitness:
		return "witnesses"
	}
	return string(k)
}

// letter is a choice made with one key: the key, and what it chooses. The
// appeal screens choose with letters: the kind (m), then the outcome and
// what becomes of the post (R).
type letter[T ~string] struct {
	key string
	is  T
}

var (
	kindKeys    = []letter[desk.AppealKind]{{"m", desk.AppealMissing}, {"w", desk.AppealWanted}, {"s", desk.AppealWitness}}
	outcomeKeys = []letter[desk.AppealOutcome]{{"f", desk.OutcomeFound}, {"a", desk.OutcomeArrested}, {"c", desk.OutcomeClosed}}
	actionKeys  = []letter[desk.AppealAction]{{"e", desk.ActionEdit}, {"d", desk.ActionDelete}, {"l", desk.ActionLeave}}
)

// pick is what km chooses among the letters, if it is one of their keys.
func pick[T ~string](km tea.KeyMsg, keys []letter[T]) (T, bool) {
	for _, l := range keys {
		if km.String() == l.key {
			return l.is, true
		}
	}
	return "", false
}

// letters shows the choices, each word with its key in brackets and the
// chosen one marked: "  [f]ound  [a]rrested  [c]losed".
func letters[T ~string](s Styles, keys []letter[T], chosen T) string {
	var b strings.Builder
	for _, l := range keys {
		item := "[" + l.key + "]" + strings.TrimPrefix(string(l.is), l.key)
		if l.is == chosen {
			item = s.Selected.Render(item)
		}
		b.WriteString("  " + item)
	}
	return b.String()
}

// parseReview reads when an appeal is due for review: "" (a day from now),
// a duration ("48h", "90m", "3d") or a local date and time ("2026-12-05
// 18:00", "2026-12-05").
func parseReview(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if n, ok := strings.CutSuffix(s, "d"); ok {
		if days, err := strconv.Atoi(n); err == nil && days > 0 {
			return now.AddDate(0, 0, days), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(d), nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, now.Location()); err == nil {
			if !t.After(now) {
				return time.Time{}, fmt.Errorf("%s is past: give a date to come", s)
			}
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("review %q: give a time from now (48h, 3d) or a date (2026-12-05 18:00)", s)
}

// checkDueAppeals rings once for each open appeal that is past its review
// date and was not yet rung for on this console, and says so in the status
// bar.
func (m *Model) checkDueAppeals() tea.Cmd {
	due := m.c.desk.DueAppeals()
	var fresh []desk.Appeal
	for _, a := range due {
		key := a.ID + "@" + a.Review.String()
		if !m.dueSeen[key] {
			m.dueSeen[key] = true
			fresh = append(fresh, a)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	a := fresh[0]
	msg := fmt.Sprintf("appeal for %s is past its review date: in the Team feed, R resolves it, m sets a new date", kindWords(a.Kind))
	if len(fresh) > 1 {
		msg = fmt.Sprintf("%d appeals are past their review date: in the Team feed, R resolves one, m sets a new date", len(fresh))
	}
	m.setResult(msg, nil)
	m.ring = true
	return tea.Tick(bellHold, func(time.Time) tea.Msg { return bellDoneMsg{} })
}

// plural is one if n is 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
