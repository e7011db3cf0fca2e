package feeds

import (
	"strings"
	"unicode"
)

// WithoutOwnMentions is text without the mentions of the team's own
// accounts (handles, e.g. "@team3@police.example") that open it: what the
// public writes to reach the team, which tells the reader nothing. Other
// mentions in the opening run stay, as does every mention after the first
// word that is not one. A mention matches a handle whole ("@team3@police.example")
// or by its user part ("@team3", as servers render a mention), in any case.
// Text that is nothing but the team's mentions is returned as it is.
func WithoutOwnMentions(text string, handles []string) string {
	if len(handles) == 0 || !strings.HasPrefix(strings.TrimLeftFunc(text, unicode.IsSpace), "@") {
		return text
	}
	rest := strings.TrimLeftFunc(text, unicode.IsSpace)
	var kept []string
	stripped := false
	for strings.HasPrefix(rest, "@") {
		end := strings.IndexFunc(rest, unicode.IsSpace)
		if end < 0 {
			end = len(rest)
		}
		word := rest[:end]
		if !isOwn(strings.TrimRight(word, ",:;"), handles) {
			kept = append(kept, word)
		} else {
			stripped = true
		}
		rest = strings.TrimLeftFunc(rest[end:], unicode.IsSpace)
	}
	if !stripped || (rest == "" && len(kept) == 0) {
		return text
	}
	if len(kept) > 0 {
		return strings.Join(kept, " ") + " " + rest
	}
	return rest
}

// isOwn says whether a mention names one of the handles.
func isOwn(mention string, handles []string) bool {
	for _, h := range handles {
		if !strings.HasPrefix(h, "@") {
			h = "@" + h
		}
		if strings.EqualFold(mention, h) {
			return true
		}
		if user, _, ok := strings.Cut(h[1:], "@"); ok && strings.EqualFold(mention, "@"+user) {
			return true
		}
	}
	return false
}
