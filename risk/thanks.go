package risk

import (
	"strings"
	"unicode"
)

// Reply is what a message from the author of an answered question means for
// that question: it only thanks or signs off (the question can close), or it
// needs the team again (the question reopens).
type Reply int

const (
	// FollowUp means the message asks, reports, complains or adds something:
	// the question needs the team again. It is the answer whenever in doubt.
	FollowUp Reply = iota
	// Thanks means the message is gratitude, an acknowledgement or a sign-off
	// and nothing else.
	Thanks
)

// String names the verdict as the desk shows it.
func (r Reply) String() string {
	if r == Thanks {
		return "thanks"
	}
	return "follow-up"
}

// ClassifyReply decides whether a reply from the author of an answered
// question is only a thank-you or sign-off ("cheers 👍", "ok thx", "that's all
// I needed to know, thanks") or a follow-up that needs the team ("thanks, but
// it's happened again", "any update?"). A wrong Thanks closes a question that
// needed an answer while a wrong FollowUp only reopens one, so it says Thanks
// only when the message carries a thank-you or acknowledgement and nothing
// that asks, reports, complains or adds information. The second result is the
// word or sign that decided, for the audit trail.
func ClassifyReply(text string) (Reply, string) {
	if strings.ContainsAny(text, "?❓❔") {
		return FollowUp, "question mark"
	}
	if strings.ContainsAny(text, sulkEmoji) {
		return FollowUp, "sulking emoji"
	}
	if l := strings.ToLower(text); strings.Contains(l, "\"thanks\"") || strings.Contains(l, "'thanks'") {
		return FollowUp, "thanks in quotes"
	}
	ws := replyWords(text)
	if len(ws) == 0 {
		// Emoji or punctuation only: a sign-off if any of it is warm.
		for _, r := range text {
			if strings.ContainsRune(thanksEmoji, r) {
				return Thanks, string(r)
			}
		}
		return FollowUp, "no thank-you"
	}
	if w := followUpSign(ws); w != "" {
		return FollowUp, w
	}
	for _, r := range text {
		if strings.ContainsRune(thanksEmoji, r) {
			return Thanks, string(r)
		}
	}
	if w := thanksSign(ws); w != "" {
		return Thanks, w
	}
	return FollowUp, "no thank-you"
}

// sulkEmoji are signs of annoyance that turn a thank-you into sarcasm.
const sulkEmoji = "🙄😒😠😡🤬😤😩😫🤦"

// thanksEmoji are signs that on their own close a conversation.
const thanksEmoji = "👍👌🙏👏😊🙂☺😀😃😄😁🤗❤♥💙💕🫶✅🥰😘"

// replyWords lower-cases text and splits it into words of letters, digits and
// apostrophes, with "," "." ";" ":" "!" "-" "—" kept as the word "," so that
// clause starts can be seen. Mentions (@team3) and links are dropped.
func replyWords(text string) []string {
	var ws []string
	for _, f := range strings.Fields(strings.ToLower(text)) {
		if strings.HasPrefix(f, "@") || strings.HasPrefix(f, "http") {
			continue
		}
		var b strings.Builder
		flush := func() {
			if b.Len() > 0 {
				ws = append(ws, b.String())
				b.Reset()
			}
		}
		for _, r := range f {
			switch {
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			case r == '\'' || r == '’':
				if b.Len() > 0 {
					b.WriteByte('\'')
				}
			case strings.ContainsRune(",.;:!-—–()/", r):
				flush()
				if n := len(ws); n > 0 && ws[n-1] != "," {
					ws = append(ws, ",")
				}
			default:
				flush()
			}
		}
		flush()
	}
	for len(ws) > 0 && ws[len(ws)-1] == "," {
		ws = ws[:len(ws)-1]
	}
	for i, w := range ws {
		ws[i] = strings.TrimSuffix(w, "'")
	}
	return ws
}

// thanksWords are single words that thank or acknowledge.
var thanksWords = replySet(
	"thanks", "thank", "thankyou", "thanx", "thnks", "thnx", "thx", "thks", "tx", "ty", "tysm", "ta",
	"cheers", "cheerz", "chrs", "diolch", "appreciate", "appreciated", "obliged", "grateful",
	"ok", "okay", "k", "kk", "okey", "dokey", "gotcha", "understood", "noted", "righto",
	"champion", "legend", "legends", "stars", "brill", "brilliant", "lovely", "fab", "fabulous",
	"wicked", "grand", "braw", "sorted", "relief", "reassuring", "helpful", "kind", "superb",
	"excellent", "perfect", "marvellous", "smashing", "ace", "great", "nice", "hwyl", "bye",
	"x", "xx", "xxx",
)

// thanksPhrases are acknowledgements of more than one word.
var thanksPhrases = [][]string{
	{"fair", "enough"}, {"makes", "sense"}, {"good", "to", "hear"}, {"great", "stuff"},
	{"copy", "that"}, {"right", "you", "are"}, {"top", "man"}, {"spot", "on"}, {"well", "done"},
	{"all", "good"}, {"that", "answers"}, {"all", "i", "needed"}, {"weight", "off"},
	{"sound"}, {"will", "do"}, {"no", "worries"}, {"nae", "bother"}, {"no", "problem"},
}

// followUpWords are words that, in a reply to an answered question, mean the
// matter is not over: unresolved, repeated, new information, a request or a
// complaint.
var followUpWords = replySet(
	"but", "still", "nobody", "naebody", "noone", "nowt", "anymore", "yet",
	"update", "info", "information", "also", "ps", "p", "wait", "sorry", "complaint", "complain",
	"rude", "advance", "dm", "dm'd", "dmd", "pm", "sent", "send", "emailed", "email", "attach", "attached",
	"upload", "footage", "photo", "photos", "picture", "video", "cctv", "reg", "registration",
	"remembered", "meant", "waiting", "waited", "weeks", "days", "hours", "happening", "happened",
	"explain", "chase", "ring", "call", "phone", "rang", "called", "tonight",
	"another", "again", "guess", "broken", "crashing", "crashed", "error",
	"want", "please", "pls", "plz", "help", "urgent", "scared", "afraid", "worried",
	"back", "instead", "forgot", "forgotten", "missing", "lost", "stolen", "let",
	"nothing", "ddim", "aros", "dal", "useless", "joke", "pathetic", "ignored", "ignoring", "confirm",
	"who", "what", "when", "where", "why", "how", "which", "whit", "wher", "whats", "what's",
)

// whWords ask a question when they open a clause, with or without a "?".
var whWords = replySet("who", "what", "when", "where", "why", "how", "which", "whit", "wher", "whats", "what's")

// praise are the words after "how" that make it an exclamation, not a question.
var praise = replySet("kind", "lovely", "nice", "good", "great", "helpful", "brilliant", "thoughtful", "quick", "reassuring")

// questionStarts are words that open a question when they start a clause and
// are followed by a subject ("can you", "is that", "do I").
var questionStarts = replySet("can", "could", "would", "will", "should", "shall", "is", "are", "was",
	"were", "do", "does", "did", "have", "has", "any", "may", "might", "oes")

var subjects = replySet("you", "u", "i", "someone", "somebody", "anyone", "anybody", "it", "that", "this",
	"there", "they", "he", "she", "we", "my", "the", "your", "ye", "yous", "update", "news", "one")

// followUpSign returns the first word showing the reply needs the team, or "".
func followUpSign(ws []string) string {
	for i, w := range ws {
		clauseStart := i == 0 || ws[i-1] == ","
		next := ""
		if i+1 < len(ws) {
			next = ws[i+1]
		}
		prev := ""
		if i > 0 {
			prev = ws[i-1]
		}
		switch {
		case w == ",":
			continue
		case strings.HasSuffix(w, "n't") || w == "not" || w == "cannot" || w == "dont" || w == "cant" ||
			w == "wont" || w == "didnt" || w == "isnt" || w == "doesnt":
			return w
		case w == "no" && next == "thanks" && i+2 < len(ws) && ws[i+2] == "to":
			return "no thanks to"
		case w == "for" && (next == "nowt" || next == "nothing"):
			return "for " + next
		case w == "nothing" && next == "more":
			// "thanks, nothing more from me"
		case w == "again" && (thanksWords[prev] || ifBefore(ws, i)):
			// "thanks again", "if it happens again"
		case followUpWords[w]:
			if w == "but" && (thanksWords[next] || next == "thank") {
				continue // "shame, but thanks anyway"
			}
			if w == "help" && (prev == "the" || prev == "your" || prev == "eich" || prev == "for") {
				continue // "thanks for the help"
			}
			if w == "safe" && prev == "found" {
				continue
			}
			if w == "back" && (prev == "getting" || prev == "get" || prev == "got" || prev == "coming") {
				continue // "thanks for getting back to me"
			}
			if whWords[w] && !clauseStart {
				continue // "I'll ask what they think"
			}
			if (w == "what" && (next == "a" || next == "an")) || (w == "how" && praise[next]) {
				continue // "what a relief", "how kind"
			}
			if w == "let" && next != "me" && next != "us" {
				continue // "I'll let my neighbour know"
			}
			return w
		case clauseStart && questionStarts[w] && subjects[next]:
			return w + " " + next
		case hasDigit(w) && len([]rune(w)) > 1:
			return w
		}
	}
	return ""
}

// ifBefore reports whether "if" opens the clause that holds word i.
func ifBefore(ws []string, i int) bool {
	for j := i - 1; j >= 0 && ws[j] != ","; j-- {
		if ws[j] == "if" {
			return true
		}
	}
	return false
}

// thanksSign returns the first thank-you or acknowledgement in ws, or "".
func thanksSign(ws []string) string {
	for i, w := range ws {
		if thanksWords[w] || strings.HasPrefix(w, "thank") || strings.HasPrefix(w, "cheer") {
			return w
		}
		for _, p := range thanksPhrases {
			if i+len(p) <= len(ws) && equalWords(ws[i:i+len(p)], p) {
				return strings.Join(p, " ")
			}
		}
	}
	return ""
}

func equalWords(a, b []string) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func hasDigit(s string) bool {
	for _, r := range s {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

func replySet(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// Asks reports whether a message asks something: a question mark, or a
// clause that opens as a question ("can you…", "is there…", "what time…").
// The desk uses it for replies from people other than a question's author:
// only those that ask become questions of their own.
func Asks(text string) bool {
	if strings.ContainsAny(text, "?❓❔") {
		return true
	}
	ws := replyWords(text)
	for i, w := range ws {
		if i > 0 && ws[i-1] != "," {
			continue
		}
		next := ""
		if i+1 < len(ws) {
			next = ws[i+1]
		}
		if questionStarts[w] && subjects[next] {
			return true
		}
		if whWords[w] && next != "a" && next != "an" && !praise[next] {
			return true
		}
	}
	return false
}
