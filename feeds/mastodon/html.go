package mastodon

import (
	"html"
	"strings"

	"github.com/dutydesk/dutydesk/feeds"
)

// PlainText turns status HTML into safe plain text: paragraphs and line
// breaks become newlines, links stay readable (their text, and the address
// when it differs), mentions read "@user" and hashtags "#tag", entities are
// decoded, scripts and styles are dropped, and the result passes
// feeds.SafeText.
func PlainText(s string) string {
	var (
		b      strings.Builder
		inA    bool
		href   string
		aText  strings.Builder
		skipTo string // closing tag that ends a dropped element
	)
	w := func(t string) {
		if inA {
			aText.WriteString(t)
		} else {
			b.WriteString(t)
		}
	}
	text := func(raw string) { w(squeeze(html.UnescapeString(raw))) }
	for len(s) > 0 {
		lt := strings.IndexByte(s, '<')
		if skipTo != "" {
			end := indexFold(s, "</"+skipTo)
			if end < 0 {
				break
			}
			s = s[end:]
			skipTo = ""
			if gt := strings.IndexByte(s, '>'); gt >= 0 {
				s = s[gt+1:]
			} else {
				s = ""
			}
			continue
		}
		if lt < 0 {
			text(s)
			break
		}
		if lt > 0 {
			text(s[:lt])
			s = s[lt:]
			continue
		}
		if strings.HasPrefix(s, "<!--") {
			end := strings.Index(s, "-->")
			if end < 0 {
				break
			}
			s = s[end+3:]
			continue
		}
		end := tagEnd(s)
		tag := s[1:end]
		s = s[min(end+1, len(s)):]
		closing := strings.HasPrefix(tag, "/")
		tag = strings.TrimPrefix(tag, "/")
		name, attrs, _ := strings.Cut(strings.TrimSpace(tag), " ")
		name = strings.ToLower(strings.TrimRight(name, "/"))
		if i := strings.IndexAny(name, "\t\n\r\f"); i >= 0 {
			attrs = name[i:] + " " + attrs
			name = name[:i]
		}
		switch name {
		case "script", "style", "template", "noscript", "title", "head", "iframe", "object", "textarea":
			if !closing && !strings.HasSuffix(tag, "/") {
				skipTo = name
			}
		case "br":
			w("\n")
		case "p", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "ul", "ol":
			w("\n\n")
		case "li", "div", "tr":
			w("\n")
		case "img":
			if alt := attr(attrs, "alt"); alt != "" && !closing {
				w(alt)
			}
		case "a":
			if !closing && !inA {
				inA, href = true, attr(attrs, "href")
				aText.Reset()
			} else if closing && inA {
				inA = false
				b.WriteString(linkText(strings.TrimSpace(collapse(aText.String())), href))
			}
		}
	}
	if inA {
		b.WriteString(linkText(strings.TrimSpace(collapse(aText.String())), href))
	}
	return feeds.SafeText(tidyLines(b.String()))
}

// linkText shows a link as its text, with the address after it when the
// text does not already say where it goes.
func linkText(t, href string) string {
	switch {
	case href == "":
		return t
	case t == "":
		return href
	case strings.HasPrefix(t, "@"), strings.HasPrefix(t, "#"):
		return t // mention or hashtag
	}
	bare := func(u string) string {
		u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
		return strings.TrimSuffix(strings.TrimPrefix(u, "www."), "/")
	}
	if bare(t) == bare(href) || (strings.HasSuffix(t, "…") && strings.HasPrefix(bare(href), bare(strings.TrimSuffix(t, "…")))) {
		return href
	}
	return t + " (" + href + ")"
}

func isHTMLSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' }

// squeeze turns each run of HTML whitespace into one space, as a browser
// would.
func squeeze(t string) string {
	var b strings.Builder
	space := false
	for _, r := range t {
		if isHTMLSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

func collapse(t string) string { return strings.Join(strings.FieldsFunc(t, isHTMLSpace), " ") }

// tagEnd finds the '>' closing the tag that starts s, skipping quoted
// attribute values.
func tagEnd(s string) int {
	var quote byte
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i
		}
	}
	return len(s)
}

// attr returns the decoded value of attribute name in a tag's attribute text.
func attr(attrs, name string) string {
	for len(attrs) > 0 {
		attrs = strings.TrimLeft(attrs, " \t\n\r\f/")
		eq := strings.IndexAny(attrs, "= \t\n\r\f")
		if eq < 0 {
			return ""
		}
		key := strings.ToLower(attrs[:eq])
		attrs = strings.TrimLeft(attrs[eq:], " \t\n\r\f")
		if !strings.HasPrefix(attrs, "=") {
			continue
		}
		attrs = strings.TrimLeft(attrs[1:], " \t\n\r\f")
		var val string
		if len(attrs) > 0 && (attrs[0] == '"' || attrs[0] == '\'') {
			q := attrs[0]
			end := strings.IndexByte(attrs[1:], q)
			if end < 0 {
				val, attrs = attrs[1:], ""
			} else {
				val, attrs = attrs[1:end+1], attrs[end+2:]
			}
		} else {
			end := strings.IndexAny(attrs, " \t\n\r\f")
			if end < 0 {
				end = len(attrs)
			}
			val, attrs = attrs[:end], attrs[end:]
		}
		if key == name {
			return html.UnescapeString(val)
		}
	}
	return ""
}

func indexFold(s, sub string) int {
	return strings.Index(strings.ToLower(s), strings.ToLower(sub))
}

// tidyLines trims each line and keeps at most one blank line in a row.
func tidyLines(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := true // drop leading blank lines
	for _, l := range lines {
		l = strings.Join(strings.Fields(l), " ")
		if l == "" {
			if blank {
				continue
			}
			blank = true
		} else {
			blank = false
		}
		out = append(out, l)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n")
}
