package risk

import "strings"

// ---- dates of birth ----

// dateAt reports whether a full date (day, month and year) starts at token
// i, and if so the index of its last token.
func (sc *scan) dateAt(i int) (int, bool) {
	t := sc.toks[i]
	if !t.ascii || t.end-t.start > 9 {
		return 0, false
	}
	s := sc.tok(i)
	n := len(sc.toks)
	// 12/03/1986, 12.03.86, 12-3-1986
	if digits(s) && len(s) <= 2 && i+2 < n {
		g := gap(sc.s, sc.toks, i, i+1)
		if (g == "/" || g == "." || g == "-") && gap(sc.s, sc.toks, i+1, i+2) == g {
			m, y := sc.tok(i+1), sc.tok(i+2)
			if digits(m) && len(m) <= 2 && atoi(m) >= 1 && atoi(m) <= 12 && atoi(s) >= 1 && atoi(s) <= 31 &&
				digits(y) && (len(y) == 2 || len(y) == 4) {
				return i + 2, true
			}
		}
	}
	// 12 March 1986, 12th of March, 1986
	if d, ok := dayNum(s); ok && d >= 1 && d <= 31 {
		j := i
		if sc.spaced(j) && sc.lw(j+1) == "of" {
			j++
		}
		if j+1 < n && phraseGap(gap(sc.s, sc.toks, j, j+1)) && months[sc.lw(j+1)] > 0 {
			if y, ok := sc.yearAfter(j + 1); ok {
				return y, true
			}
		}
	}
	// March 12th, 1986
	if months[sc.lw(i)] > 0 && t.capital(sc.s) && i+1 < n && isSpace(gap(sc.s, sc.toks, i, i+1)) {
		if d, ok := dayNum(sc.tok(i + 1)); ok && d >= 1 && d <= 31 {
			if y, ok := sc.yearAfter(i + 1); ok {
				return y, true
			}
		}
	}
	return 0, false
}

// yearAfter reports a four-digit year (1900–2099) just after token i.
func (sc *scan) yearAfter(i int) (int, bool) {
	if i+1 >= len(sc.toks) {
		return 0, false
	}
	g := strings.TrimSpace(gap(sc.s, sc.toks, i, i+1))
	if g != "" && g != "," {
		return 0, false
	}
	y := sc.tok(i + 1)
	if len(y) == 4 && digits(y) && (y[:2] == "19" || y[:2] == "20") {
		return i + 1, true
	}
	return 0, false
}

// dayNum parses "12" or "12th".
func dayNum(s string) (int, bool) {
	d, rest := splitDL(s)
	if len(d) == 0 || len(d) > 2 {
		return 0, false
	}
	switch strings.ToLower(rest) {
	case "", "st", "nd", "rd", "th":
		return atoi(d), true
	}
	return 0, false
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s) && i < 9; i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func (sc *scan) date(i int) {
	last, ok := sc.dateAt(i)
	if !ok {
		return
	}
	sent := sc.toks[i].sent
	// A birth word just before or after.
	for k := i - 1; k >= 0 && k >= i-6 && sc.toks[k].sent == sent; k-- {
		if sc.birthWord(k) {
			sc.add(DOB, Block, int(sc.toks[i].start), int(sc.toks[last].end), "a date of birth identifies a person", "")
			return
		}
	}
	for k := last + 1; k < len(sc.toks) && k <= last+3 && sc.toks[k].sent == sent; k++ {
		if sc.birthWord(k) {
			sc.add(DOB, Block, int(sc.toks[i].start), int(sc.toks[last].end), "a date of birth identifies a person", "")
			return
		}
	}
	// A person's age in the same sentence, and the date is not the date of
	// an event ("on 12/03/2024").
	if i > 0 && eventWords[sc.lw(i-1)] {
		return
	}
	for k := i - 10; k <= last+10; k++ {
		if k < 0 || k >= len(sc.toks) || k >= i && k <= last || sc.toks[k].sent != sent {
			continue
		}
		if _, ok := sc.ageAt(k); ok {
			sc.add(DOB, Block, int(sc.toks[i].start), int(sc.toks[last].end), "a full date next to a person's age reads as a date of birth", "")
			return
		}
	}
}

func (sc *scan) birthWord(k int) bool {
	w := sc.lw(k)
	if !birthWords[w] {
		return false
	}
	if w == "b" { // d.o.b
		return k >= 2 && sc.lw(k-1) == "o" && sc.lw(k-2) == "d"
	}
	return true
}

// ---- ages ----

// ageAt reports the age in years if token k is the number of an age:
// "15-year-old", "15 years old", "aged 15", "15yo", "Amy, 15," or "Amy (15)".
func (sc *scan) ageAt(k int) (int, bool) {
	t := sc.toks[k]
	if !t.ascii || t.digits == 0 || t.digits > 3 {
		return 0, false
	}
	s := sc.tok(k)
	d, rest := splitDL(s)
	if d == "" {
		return 0, false
	}
	age := atoi(d)
	if age > 110 {
		return 0, false
	}
	switch strings.ToLower(rest) {
	case "yo", "yr", "yrs":
		return age, true
	case "":
	default:
		return 0, false
	}
	if k+2 < len(sc.toks) && phraseGap(gap(sc.s, sc.toks, k, k+1)) && phraseGap(gap(sc.s, sc.toks, k+1, k+2)) {
		switch sc.lw(k + 1) {
		case "year", "years", "yr", "yrs":
			if sc.lw(k+2) == "old" {
				return age, true
			}
		}
	}
	if k+1 < len(sc.toks) && phraseGap(gap(sc.s, sc.toks, k, k+1)) {
		if w := sc.lw(k + 1); w == "yo" || w == "y" && k+2 < len(sc.toks) && gap(sc.s, sc.toks, k+1, k+2) == "/" {
			return age, true
		}
	}
	if k > 0 {
		switch sc.lw(k - 1) {
		case "aged", "age":
			if isSpace(gap(sc.s, sc.toks, k-1, k)) {
				return age, true
			}
		}
		if _, ok := sc.nameBefore(k); ok {
			return age, true
		}
	}
	return 0, false
}

// nameBefore reports the first token of a name written just before the age
// at token k: "Shelley Bishop, 38", "Amy (15)", "Bishop, aged 38".
func (sc *scan) nameBefore(k int) (int, bool) {
	t := sc.toks[k]
	if k == 0 {
		return 0, false
	}
	g := gap(sc.s, sc.toks, k-1, k)
	j := k - 1
	if w := sc.lw(j); (w == "aged" || w == "age") && isSpace(g) && j > 0 {
		g = gap(sc.s, sc.toks, j-1, j)
		j--
	}
	if g != ", " && g != " (" && g != "(" && g != "," {
		return 0, false
	}
	// After the age: a comma, a closing bracket or the end of the sentence.
	if int(t.end) < len(sc.s) {
		switch sc.s[t.end] {
		case ',', ')', '.', ';', '\n':
		default:
			return 0, false
		}
	}
	first := -1
	for n := 0; n < 3 && j >= 0; n++ {
		w := sc.lw(j)
		if !sc.toks[j].capital(sc.s) || notNames[w] || schoolWords[w] {
			break
		}
		if streetSuffixes[w] { // "Margaret Hill" is a person, "Warwick Road" is not
			if !surnameSuffixes[w] || j == 0 || !isSpace(gap(sc.s, sc.toks, j-1, j)) || !firstNames[sc.lw(j-1)] {
				break
			}
		}
		first = j
		if j == 0 {
			break
		}
		pg := gap(sc.s, sc.toks, j-1, j)
		if !isSpace(pg) && pg != "-" {
			break
		}
		j--
	}
	if first < 0 {
		return 0, false
	}
	if first > 0 && isSpace(gap(sc.s, sc.toks, first-1, first)) {
		w := sc.lw(first - 1)
		if titles[w] {
			return 0, false // an officer
		}
		if personTitles[w] {
			return first - 1, true
		}
	}
	nameToks := 0
	for x := first; x < k; x++ {
		if sc.toks[x].capital(sc.s) {
			nameToks++
		}
	}
	if nameToks == 1 && !firstNames[sc.lw(first)] && !sc.placeAfter(k) {
		return 0, false // one unknown word: "Carlisle, 24" is not a person
	}
	return first, true
}

// placeAfter reports the last token of ", of Rochdale" / " from Salford"
// after token k, or false.
func (sc *scan) placeAfter(k int) bool {
	_, ok := sc.placeEnd(k)
	return ok
}

func (sc *scan) placeEnd(k int) (int, bool) {
	j := k + 1
	if j < len(sc.toks) && (sc.s[sc.toks[k].end] == ')' || sc.s[sc.toks[k].end] == ',') {
		w := sc.lw(j)
		if (w == "of" || w == "from") && sc.spaced(j) && sc.toks[j+1].capital(sc.s) {
			e := j + 1
			for e+1 < len(sc.toks) && sc.spaced(e) && sc.toks[e+1].capital(sc.s) {
				e++
			}
			return e, true
		}
	}
	return 0, false
}

// namedAge finds a name written with an age: an adult is a named person, a
// child is a child.
func (sc *scan) namedAge(k int) {
	t := sc.toks[k]
	if !t.isNum() || t.digits > 3 {
		return
	}
	first, ok := sc.nameBefore(k)
	if !ok {
		return
	}
	age := atoi(sc.tok(k))
	if age > 110 || sc.appeal {
		return
	}
	end := int(t.end)
	if e, ok := sc.placeEnd(k); ok {
		end = int(sc.toks[e].end)
	} else if end < len(sc.s) && sc.s[end] == ')' {
		end++
	}
	if age < 18 {
		sc.add(Child, Block, int(sc.toks[first].start), end, "a name with an age under 18 identifies a child", "")
		return
	}
	sc.add(NamedPerson, Block, int(sc.toks[first].start), end, "a name with an age (and a place) identifies a person", "")
}

// ---- names, schools, victims and children in context ----

// ambiguousNames are first names that are also common words or places; they
// count as a name only with a surname.
var ambiguousNames = set("joy", "dawn", "jan", "dale", "rob", "bob", "max", "holly", "ruby", "grace",
	"hope", "rose", "florence", "chelsea", "jordan", "paige", "brooke", "will", "bill", "jack", "frank",
	"kim", "lee", "lewis", "georgia", "victoria", "elizabeth", "mary", "john", "james", "george",
	"sandra", "penny", "faith", "summer", "harley", "mason", "carol", "ivy", "lily", "willow", "poppy",
	"daisy", "amber", "jade", "crystal", "scarlett", "sky", "skye", "ben", "dean", "chase", "hunter")

// personAt reports the span of a personal name starting at token i: a known
// first name (with an optional surname) or Mr/Mrs/Ms/Miss/Dr and a surname.
func (sc *scan) personAt(i int) (int, bool) {
	t := sc.toks[i]
	if !t.capital(sc.s) {
		return 0, false
	}
	w := sc.lw(i)
	if i > 0 && isSpace(gap(sc.s, sc.toks, i-1, i)) {
		switch p := sc.lw(i - 1); {
		case titles[p], p == "st", p == "saint", p == "queen", p == "king", p == "prince", p == "princess":
			return 0, false
		}
	}
	surname := func(j int) bool {
		if !sc.spaced(j-1) || !sc.toks[j].capital(sc.s) {
			return false
		}
		sw := sc.lw(j)
		if notNames[sw] || streetSuffixes[sw] && !surnameSuffixes[sw] || schoolWords[sw] {
			return false
		}
		// "Victoria Park Road": a place, not a person.
		if sc.spaced(j) {
			if nw := sc.lw(j + 1); streetSuffixes[nw] || schoolWords[nw] {
				return false
			}
		}
		return true
	}
	if personTitles[w] {
		if i+1 < len(sc.toks) && surname(i+1) {
			return i + 1, true
		}
		return 0, false
	}
	if !firstNames[w] {
		return 0, false
	}
	if i+1 < len(sc.toks) && surname(i+1) {
		return i + 1, true
	}
	if ambiguousNames[w] {
		return 0, false
	}
	if sc.spaced(i) {
		if nw := sc.lw(i + 1); streetSuffixes[nw] || schoolWords[nw] || nw == "house" || nw == "centre" {
			return 0, false
		}
	}
	return i, true
}

// schoolAt reports the span of a school's name ending at token i
// ("Trinity School", "St Mary's Primary").
func (sc *scan) schoolAt(i int) (int, bool) {
	w := sc.lw(i)
	if !schoolWords[w] || i == 0 || !sc.spaced(i-1) {
		return 0, false
	}
	if sc.spaced(i) { // "High Street", "School Road": a street
		if streetSuffixes[sc.lw(i+1)] {
			return 0, false
		}
	}
	first := -1
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		jw := sc.lw(j)
		if !sc.toks[j].capital(sc.s) || jw == "the" || jw == "a" || jw == "our" || jw == "your" || jw == "local" {
			break
		}
		first = j
		if j == 0 || !sc.spaced(j-1) {
			break
		}
	}
	if first < 0 {
		return 0, false
	}
	return first, true
}

type spanTok struct{ a, b int } // token indices, inclusive

// context finds named victims and witnesses, and children identified by a
// name or a school, sentence by sentence.
func (sc *scan) context() {
	toks := sc.toks
	var names, schools []spanTok
	var nouns, verbs, kids []int
	flush := func() {
		// Cues and spans are in text order, so each span needs only the
		// cues within dist tokens: a moving window keeps this linear even
		// for a megabyte with no full stop.
		near := func(cues []int, spans []spanTok, dist int, k Kind, reason string) {
			lo := 0
			for _, sp := range spans {
				for lo < len(cues) && cues[lo] < sp.a-dist {
					lo++
				}
				if lo < len(cues) && cues[lo] <= sp.b+dist {
					sc.add(k, Block, int(toks[sp.a].start), int(toks[sp.b].end), reason, "")
				}
			}
		}
		near(nouns, names, 8, Victim, "names a victim or witness")
		lo := 0
		for _, sp := range names {
			for lo < len(verbs) && verbs[lo] < sp.a-2 {
				lo++
			}
			for v := lo; v < len(verbs) && verbs[v] <= sp.b+6; v++ {
				if sc.passiveLink(sp, verbs[v]) {
					sc.add(Victim, Block, int(toks[sp.a].start), int(toks[sp.b].end), "names a victim of a crime", "")
					break
				}
			}
		}
		for _, sp := range names {
			sc.nameInContext(sp)
		}
		near(kids, schools, 10, Child, "a child with a school can be identified")
		if !sc.appeal {
			near(kids, names, 6, Child, "a child with a name can be identified")
		}
		names, schools, nouns, verbs, kids = names[:0], schools[:0], nouns[:0], verbs[:0], kids[:0]
	}
	for i := 0; i < len(toks); i++ {
		if i > 0 && toks[i].sent != toks[i-1].sent {
			flush()
		}
		t := toks[i]
		if t.isWord() {
			if t.lx&lxVictimNoun != 0 {
				nouns = append(nouns, i)
			}
			if t.lx&lxVictimVerb != 0 {
				verbs = append(verbs, i)
			}
			if t.lx&lxChildNoun != 0 {
				kids = append(kids, i)
			}
			if t.lx&lxPersonStart != 0 {
				if e, ok := sc.personAt(i); ok {
					names = append(names, spanTok{i, e})
				}
			}
			if t.lx&lxSchool != 0 {
				if s, ok := sc.schoolAt(i); ok {
					schools = append(schools, spanTok{s, i})
				}
			}
		} else if t.digits > 0 {
			if age, ok := sc.ageAt(i); ok && age < 18 {
				kids = append(kids, i)
			}
		}
	}
	flush()
}

// nameInContext flags a full name followed by where the person is from
// ("Wayne Kirkpatrick from Seaton": a named person) or by what was done to
// what they own ("Jean Lyle had her scooter taken", "Mrs Linda Carr, whose
// car was keyed": a named victim).
func (sc *scan) nameInContext(sp spanTok) {
	if sp.b == sp.a {
		return // a first name alone
	}
	toks := sc.toks
	j := sp.b + 1
	if j+1 < len(toks) && sc.spaced(sp.b) && sc.spaced(j) && toks[j+1].capital(sc.s) && toks[j].sent == toks[sp.b].sent {
		if w := sc.lw(j); w == "from" || w == "of" {
			if nw := sc.lw(j + 1); !notNames[nw] && !schoolWords[nw] && nw != "the" && !sc.appeal {
				sc.add(NamedPerson, Block, int(toks[sp.a].start), int(toks[j+1].end), "a name with where the person is from identifies them", "")
				return
			}
		}
	}
	if j >= len(toks) {
		return
	}
	owned := false
	switch g := gap(sc.s, toks, sp.b, j); {
	case (g == ", " || g == ",") && sc.lw(j) == "whose":
		owned = true
	case isSpace(g) && sc.lw(j) == "had" && sc.spaced(j):
		switch sc.lw(j + 1) {
		case "her", "his", "their":
			owned = true
		}
	}
	if !owned {
		return
	}
	for k := j + 1; k < len(toks) && k <= j+8 && toks[k].sent == toks[sp.b].sent; k++ {
		if crimeOnProperty[sc.lw(k)] {
			sc.add(Victim, Block, int(toks[sp.a].start), int(toks[sp.b].end), "names a victim of a crime", "")
			return
		}
	}
}

// crimeOnProperty are what was done to a victim's things.
var crimeOnProperty = set("taken", "stolen", "snatched", "keyed", "smashed", "damaged", "vandalised", "nicked",
	"broken", "burgled", "torched", "slashed", "scratched", "cloned", "hacked")

// passiveLink reports whether the name sp is the subject of the victim verb
// at v: "Name [, who] was|were|been … verb" within six tokens, or "verb was
// Name" just before it.
func (sc *scan) passiveLink(sp spanTok, v int) bool {
	if v > sp.b && v-sp.b <= 6 {
		for k := sp.b + 1; k < v; k++ {
			if passiveWords[sc.lw(k)] {
				return true
			}
		}
		return false
	}
	if v < sp.a && sp.a-v == 2 {
		return passiveWords[sc.lw(v+1)]
	}
	return false
}

// ---- phone numbers ----

func phoneGap(g string) bool {
	if g == "" || len(g) > 3 {
		return false
	}
	for i := 0; i < len(g); i++ {
		switch g[i] {
		case ' ', '-', '.', '(', ')':
		default:
			return false
		}
	}
	return true
}

func (sc *scan) phones() {
	toks := sc.toks
	for i := 0; i < len(toks); i++ {
		if !toks[i].isNum() {
			continue
		}
		start := int(toks[i].start)
		intl := false
		if start > 0 && sc.s[start-1] == '+' {
			intl = true
			start--
		}
		var dbuf [24]byte
		d := dbuf[:0]
		best, bestNat := -1, ""
		for j := i; j < len(toks) && toks[j].isNum(); j++ {
			if j > i && !phoneGap(gap(sc.s, toks, j-1, j)) {
				break
			}
			d = append(d, sc.tok(j)...)
			if len(d) > 14 {
				break
			}
			if nat, ok := nationalNumber(d, intl); ok {
				best, bestNat = j, nat
			}
		}
		if best < 0 {
			continue
		}
		if !sc.c.allowNum[bestNat] {
			sc.add(Phone, Block, start, int(toks[best].end), "a phone number that is not an emergency, 101 or allowed number", "")
		}
		i = best
	}
}

// nationalNumber returns the UK national form (0…) of the digits d of a
// phone number if it is one: 10 or 11 digits starting 01, 02, 03, 05, 07,
// 08 or 09, after dropping +44, 0044 and a bracketed (0). It allocates only
// when it succeeds.
func nationalNumber(d []byte, intl bool) (string, bool) {
	zero := true
	if intl || len(d) >= 4 && string(d[:4]) == "0044" {
		if len(d) >= 2 && string(d[:2]) == "00" {
			d = d[2:]
		}
		if len(d) < 2 || string(d[:2]) != "44" {
			return "", false
		}
		d = d[2:]
		zero = len(d) > 0 && d[0] == '0'
	}
	n := len(d)
	if !zero {
		n++
	}
	if n < 10 || n > 11 {
		return "", false
	}
	second := byte(0)
	if zero {
		if len(d) < 2 || d[0] != '0' {
			return "", false
		}
		second = d[1]
	} else {
		second = d[0]
	}
	if strings.IndexByte("1235789", second) < 0 {
		return "", false
	}
	if zero {
		return string(d), true
	}
	return "0" + string(d), true
}

// ---- email addresses ----

func emailLocal(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

func emailDomain(c byte) bool { return isAlnum(c) || c == '.' || c == '-' }

func (sc *scan) emails() {
	s := sc.s
	for off := 0; off < len(s); {
		p := strings.IndexByte(s[off:], '@')
		if p < 0 {
			return
		}
		p += off
		off = p + 1
		ls := p
		for ls > 0 && emailLocal(s[ls-1]) {
			ls--
		}
		for ls < p && s[ls] == '.' {
			ls++
		}
		if ls == p || ls > 0 && s[ls-1] == '@' {
			continue // no local part, or a Mastodon handle @user@instance
		}
		de := p + 1
		for de < len(s) && emailDomain(s[de]) {
			de++
		}
		for de > p+1 && (s[de-1] == '.' || s[de-1] == '-') {
			de--
		}
		dom := s[p+1 : de]
		dot := strings.LastIndexByte(dom, '.')
		if dot <= 0 || len(dom)-dot-1 < 2 || !letters(dom[dot+1:]) || strings.Contains(dom, "..") {
			continue
		}
		ld := strings.ToLower(dom)
		if strings.HasSuffix(ld, "police.uk") || strings.HasSuffix(ld, ".gov.uk") {
			continue // an official address the team may give out
		}
		sc.add(Email, Block, ls, de, "an email address identifies a person", "")
		off = de
	}
}
