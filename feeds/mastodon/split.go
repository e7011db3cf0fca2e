package mastodon

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// SplitPost cuts text into parts of at most limit characters for a thread:
// between paragraphs where it can (a bilingual post's languages stay whole),
// else between sentences, else between words, else anywhere. Text that
// fits is one part.
func SplitPost(text string, limit int) []string {
	if limit < 20 {
		limit = 20
	}
	if utf8.RuneCountInString(text) <= limit {
		return []string{text}
	}
	var parts []string
	for _, para := range strings.Split(text, "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		for _, piece := range fitPieces(para, limit) {
			parts = pack(parts, piece, "\n\n", limit)
		}
	}
	return parts
}

// pack adds piece to the last part, joined by sep, if it fits, else starts
// a new part with it.
func pack(parts []string, piece, sep string, limit int) []string {
	if n := len(parts); n > 0 && utf8.RuneCountInString(parts[n-1])+utf8.RuneCountInString(sep)+utf8.RuneCountInString(piece) <= limit {
		parts[n-1] += sep + piece
		return parts
	}
	return append(parts, piece)
}

// fitPieces cuts one paragraph into pieces that each fit: whole sentences
// packed together, a sentence too long cut between words, a word too long
// cut.
func fitPieces(para string, limit int) []string {
	if utf8.RuneCountInString(para) <= limit {
		return []string{para}
	}
	var out []string
	for _, sentence := range sentences(para) {
		if utf8.RuneCountInString(sentence) <= limit {
			out = pack(out, sentence, " ", limit)
			continue
		}
		for _, word := range strings.Fields(sentence) {
			for utf8.RuneCountInString(word) > limit {
				r := []rune(word)
				out = append(out, string(r[:limit]))
				word = string(r[limit:])
			}
			out = pack(out, word, " ", limit)
		}
	}
	return out
}

// sentences splits text after ".", "!" or "?" followed by a space.
func sentences(text string) []string {
	var out []string
	start := 0
	rs := []rune(text)
	for i := 0; i < len(rs)-1; i++ {
		if strings.ContainsRune(".!?", rs[i]) && unicode.IsSpace(rs[i+1]) {
			out = append(out, strings.TrimSpace(string(rs[start:i+1])))
			start = i + 1
		}
	}
	if rest := strings.TrimSpace(string(rs[start:])); rest != "" {
		out = append(out, rest)
	}
	return out
}
