package risk

import "strings"

// Shape helpers work on ASCII tokens only.

func letters(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return len(s) > 0
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

func upper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'a' && s[i] <= 'z' {
			return false
		}
	}
	return true
}

// lettersThenDigits splits s into a leading letter run and the rest.
func splitLD(s string) (l, rest string) {
	i := 0
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z') {
		i++
	}
	return s[:i], s[i:]
}

func splitDL(s string) (d, rest string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i], s[i:]
}

// ---- vehicle registrations ----

// plateFront is "AB12" (current) or "A123" (prefix): the part before the
// three letters.
func currentFront(s string) bool {
	l, d := splitLD(s)
	return len(l) == 2 && len(d) == 2 && digits(d)
}

func prefixFront(s string) bool {
	l, d := splitLD(s)
	return len(l) == 1 && len(d) >= 1 && len(d) <= 3 && digits(d) && d[0] != '0' && strings.IndexByte("IOQUZioquz", l[0]) < 0
}

// suffixBack is "123D": one to three digits and the year letter.
func suffixBack(s string) bool {
	d, l := splitDL(s)
	return len(d) >= 1 && len(d) <= 3 && d[0] != '0' && len(l) == 1 && letters(l) && strings.IndexByte("IOQUZioquz", l[0]) < 0
}

func (sc *scan) plate(i int) {
	t := sc.toks[i]
	if !t.ascii || t.digits == 0 && (t.letters < 2 || t.letters > 3) || t.end-t.start > 7 {
		return
	}
	s := sc.tok(i)
	reason := "a vehicle registration can identify a person and where they live"
	n := len(s)
	// Joined forms: AB12CDE, A123BCD, ABC123D.
	if t.letters > 0 && t.digits > 0 && n >= 5 && n <= 7 {
		l, rest := splitLD(s)
		d, tail := splitDL(rest)
		ok := false
		switch {
		case len(l) == 2 && len(d) == 2 && len(tail) == 3 && letters(tail):
			ok = true
		case len(l) == 1 && len(tail) == 3 && letters(tail) && prefixFront(l+d):
			ok = true
		case len(l) == 3 && suffixBack(d+tail):
			ok = true
		}
		if ok && (upper(s) || t.upper == 0) {
			sc.add(Plate, Block, int(t.start), int(t.end), reason, "")
			return
		}
	}
	if !sc.spaced(i) {
		return
	}
	nx := sc.toks[i+1]
	ns := sc.tok(i + 1)
	if !nx.ascii {
		return
	}
	switch {
	case currentFront(s) && len(ns) == 3 && letters(ns):
		// AB12 CDE: distinctive enough in any case.
		if t.upper == 0 && nx.upper == 0 || upper(s) && upper(ns) {
			sc.add(Plate, Block, int(t.start), int(nx.end), reason, "")
		}
	case prefixFront(s) && len(ns) == 3 && letters(ns) && upper(s) && upper(ns) && !plateStop[ns]:
		sc.add(Plate, Block, int(t.start), int(nx.end), reason, "")
	case len(s) == 3 && letters(s) && upper(s) && suffixBack(ns) && upper(ns) && !plateStop[s]:
		sc.add(Plate, Block, int(t.start), int(nx.end), reason, "")
	case len(s) >= 2 && len(s) <= 3 && letters(s) && upper(s) && !datelessStop[s] && !plateStop[s] &&
		len(ns) >= 1 && len(ns) <= 4 && digits(ns) && ns[0] != '0' && !sc.numberContinues(i+1):
		// Dateless (ABC 123): weaker, so only a warning.
		sc.add(Plate, Warn, int(t.start), int(nx.end), "this looks like a dateless (cherished) registration", "")
	}
}

// numberContinues reports whether the number at token i runs on (a time, a
// decimal, a phone number, a range) and so is not the end of a registration.
func (sc *scan) numberContinues(i int) bool {
	if i+1 >= len(sc.toks) {
		return false
	}
	g := gap(sc.s, sc.toks, i, i+1)
	return g == ":" || g == "." || g == "/" || g == "-" || g == "," || isSpace(g) && sc.toks[i+1].isNum()
}

// ---- postcodes ----

// outward reports whether s is an outward code (CA1, M14, SW1A, EC1V) with
// a real area, upper case.
func outward(s string) bool {
	if len(s) < 2 || len(s) > 4 || !upper(s) {
		return false
	}
	l, rest := splitLD(s)
	if len(l) < 1 || len(l) > 2 || !postcodeAreas[l] {
		return false
	}
	d, tail := splitDL(rest)
	if len(d) < 1 || len(d) > 2 {
		return false
	}
	if tail != "" && (len(tail) != 1 || !letters(tail) || len(d) != 1) {
		return false
	}
	return true
}

// inward reports whether s is an inward code (1AA): a digit and two letters
// from the inward alphabet (no C I K M O V), not an ordinal like "2nd".
func inward(s string) bool {
	if len(s) != 3 || s[0] < '0' || s[0] > '9' || !letters(s[1:]) {
		return false
	}
	if strings.IndexByte("CIKMOVcikmov", s[1]) >= 0 || strings.IndexByte("CIKMOVcikmov", s[2]) >= 0 {
		return false
	}
	switch strings.ToLower(s[1:]) {
	case "st", "nd", "rd", "th":
		return false
	}
	return upper(s) || s[1] >= 'a'
}

func (sc *scan) postcode(i int) {
	t := sc.toks[i]
	if !t.ascii || t.digits == 0 || t.letters == 0 || t.end-t.start > 7 {
		return
	}
	s := sc.tok(i)
	up := strings.ToUpper(s)
	// Full postcode, spaced (CA1 2AB) or joined (CA12AB).
	if sc.spaced(i) && outward(up) && inward(sc.tok(i+1)) && (upper(s) == upper(sc.tok(i+1))) {
		sc.add(Postcode, Block, int(t.start), int(sc.toks[i+1].end), "a full postcode points to a handful of homes", "")
		return
	}
	if len(s) >= 5 && inward(s[len(s)-3:]) && outward(up[:len(s)-3]) && upper(s) {
		sc.add(Postcode, Block, int(t.start), int(t.end), "a full postcode points to a handful of homes", "")
		return
	}
	// A lone outward code: warn. Single-letter areas (M6, B12, E1) clash with
	// roads and other things, so they count only after the word "postcode".
	if !upper(s) || !outward(s) || notOutward[s] || sc.numberContinues(i) {
		return
	}
	if sc.spaced(i) && sc.toks[i+1].letters == 3 && sc.toks[i+1].digits == 0 && sc.toks[i+1].allUpper() {
		return // AB12 CDE is a registration
	}
	l, _ := splitLD(s)
	prev := sc.lw(i - 1)
	if len(l) == 1 && prev != "postcode" {
		return
	}
	if prev == "the" && i+1 < len(sc.toks) {
		switch sc.lw(i + 1) {
		case "road", "motorway", "northbound", "southbound", "eastbound", "westbound":
			return
		}
	}
	sc.add(Postcode, Warn, int(t.start), int(t.end), "a postcode district can narrow things to a few streets", "")
}

// ---- house number and street ----

func (sc *scan) address(i int) {
	t := sc.toks[i]
	if !t.ascii || t.digits == 0 || t.digits > 3 || t.letters > 1 {
		return
	}
	s := sc.tok(i)
	d, tail := splitDL(s)
	if d == "" || d[0] == '0' || tail != "" && (len(tail) != 1 || !letters(tail)) {
		return
	}
	if i > 0 {
		g := gap(sc.s, sc.toks, i-1, i)
		if strings.ContainsAny(g, ":./-£$€") && !strings.HasSuffix(g, ". ") {
			return // a time, decimal, date or sum
		}
		switch sc.lw(i - 1) {
		case "junction", "j", "jct", "a", "b", "m", "route", "bus", "number", "no", "platform", "gate":
			return
		}
	}
	names := 0
	j := i
	for k := 0; k < 5 && sc.spaced(j); k++ {
		j++
		nt := sc.toks[j]
		w := sc.lw(j)
		if names > 0 && streetSuffixes[w] {
			sc.add(Address, Block, int(t.start), int(nt.end), "a house number and street is someone's home address", "")
			return
		}
		if !nt.capital(sc.s) {
			return
		}
		names++
	}
}

// ---- National Insurance numbers ----

func (sc *scan) ni(i int) {
	t := sc.toks[i]
	if !t.ascii {
		return
	}
	s := sc.tok(i)
	reason := "a National Insurance number identifies a person"
	if len(s) == 9 && letters(s[:2]) && digits(s[2:8]) && strings.IndexByte("ABCDabcd", s[8]) >= 0 {
		sc.add(NINumber, Block, int(t.start), int(t.end), reason, "")
		return
	}
	// Spaced: QQ 12 34 56 C, QQ 123456 C, QQ123456 C.
	var nd int
	j := i
	switch {
	case len(s) == 2 && letters(s) && upper(s):
	case len(s) == 8 && letters(s[:2]) && digits(s[2:]):
		nd = 6
	default:
		return
	}
	for nd < 6 {
		if !sc.spaced(j) {
			return
		}
		j++
		ns := sc.tok(j)
		if !digits(ns) || (len(ns) != 2 && len(ns) != 6) || nd+len(ns) > 6 {
			return
		}
		nd += len(ns)
	}
	if !sc.spaced(j) {
		return
	}
	last := sc.tok(j + 1)
	if len(last) == 1 && strings.IndexByte("ABCDabcd", last[0]) >= 0 {
		sc.add(NINumber, Block, int(t.start), int(sc.toks[j+1].end), reason, "")
	}
}

// ---- reference numbers ----

func (sc *scan) reference(i int) {
	t := sc.toks[i]
	if !t.isWord() || t.letters > 10 {
		return
	}
	w := sc.lw(i)
	if !refKeys[w] {
		return
	}
	j := i
	qualified := false
	for k := 0; k < 2 && j+1 < len(sc.toks); k++ {
		if !refQualifiers[sc.lw(j+1)] || !refGap(gap(sc.s, sc.toks, j, j+1)) {
			break
		}
		j++
		qualified = true
	}
	if refNeedsQualifier[w] && !qualified {
		return
	}
	if j+1 < len(sc.toks) && refGap(gap(sc.s, sc.toks, j, j+1)) {
		if v := sc.lw(j + 1); v == "is" || v == "was" {
			j++ // "your crime ref is …"
		}
	}
	if j+1 >= len(sc.toks) || !refGap(gap(sc.s, sc.toks, j, j+1)) {
		return
	}
	// The number: tokens joined by / or - with no spaces: CR/12345/24, 0456.
	first := j + 1
	last := first
	nd := int(sc.toks[first].digits)
	for last+1 < len(sc.toks) {
		g := gap(sc.s, sc.toks, last, last+1)
		if g != "/" && g != "-" {
			break
		}
		last++
		nd += int(sc.toks[last].digits)
	}
	if nd == 0 || sc.toks[first].letters > 4 {
		return
	}
	if last+1 < len(sc.toks) {
		g := gap(sc.s, sc.toks, last, last+1)
		if g == ":" || g == "." && sc.toks[last+1].isNum() {
			return // a time or a decimal
		}
	}
	if nd < 3 {
		if sc.lw(last+1) != "of" {
			return
		}
	}
	sc.add(Reference, Block, int(sc.toks[first].start), int(sc.toks[last].end),
		"a crime, incident or log reference ties the post to a person's report", "")
}

func refGap(g string) bool {
	if g == "" || len(g) > 3 {
		return false
	}
	for i := 0; i < len(g); i++ {
		switch g[i] {
		case ' ', ':', '#', '.':
		default:
			return false
		}
	}
	return true
}
