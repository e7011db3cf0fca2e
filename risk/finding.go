// Package risk owns the checks a draft must pass before it is posted and the
// urgency of an inbound message: personal data and disclosure (registrations,
// postcodes, addresses, phone numbers, emails, dates of birth, NI numbers,
// named people, children, victims, reference numbers), case prejudice and tone
// (prejudging words, profanity, sarcasm), and emergency signals in what the
// public sends. It is pure Go with no dependency on the rest of dutydesk: text
// in, findings out, no state between calls.
package risk

// Severity says what a finding means for a draft.
type Severity string

const (
	// Block means the draft must not be posted without a supervisor's approval.
	Block Severity = "block"
	// Warn means the writer should look again, but may post.
	Warn Severity = "warn"
)

// Kind names what a finding is about. The string values are the keys used in
// the [risk] table of the config file (severity, extra_words).
type Kind string

const (
	// Plate is a UK vehicle registration (current, prefix, suffix; dateless as warn).
	Plate Kind = "plate"
	// Postcode is a full UK postcode (block) or a lone outward code such as "CA2" (warn).
	Postcode Kind = "postcode"
	// Address is a house number and street ("14 Leopold Street").
	Address Kind = "address"
	// Phone is a UK phone number other than 999, 101, 111, 112, Crimestoppers,
	// Samaritans (116 123) and numbers in the allow-list.
	Phone Kind = "phone"
	// Email is an email address (a Mastodon handle such as @user@instance.social is not one).
	Email Kind = "email"
	// DOB is a full date near "born", "DOB", "d.o.b.", "date of birth" or a person's age.
	DOB Kind = "dob"
	// NINumber is a National Insurance number ("QQ 12 34 56 C").
	NINumber Kind = "ni_number"
	// NamedPerson is a named adult with an age ("Shelley Bishop, 38, of Rochdale").
	NamedPerson Kind = "named_person"
	// Child is anything that identifies a child: a name with an age under 18,
	// or a child with a school or a name.
	Child Kind = "child"
	// Victim is a named victim or witness.
	Victim Kind = "victim"
	// Reference is a crime, incident, custody or log reference number.
	Reference Kind = "reference"
	// Prejudice is a word or phrase that prejudges a suspect ("thug", "known to police").
	Prejudice Kind = "prejudice"
	// Profanity is swearing or an insult.
	Profanity Kind = "profanity"
	// Sarcasm is sarcasm at the public's expense ("well done genius").
	Sarcasm Kind = "sarcasm"
)

// Kinds lists every kind of finding, in the order the README documents them.
func Kinds() []Kind {
	return []Kind{Plate, Postcode, Address, Phone, Email, DOB, NINumber,
		NamedPerson, Child, Victim, Reference, Prejudice, Profanity, Sarcasm}
}

// Valid reports whether k is one of the kinds this package reports.
func (k Kind) Valid() bool {
	for _, x := range Kinds() {
		if k == x {
			return true
		}
	}
	return false
}

// Finding is one problem in a draft: what it is, how bad, where (a byte span
// of the checked text, Start inclusive, End exclusive, always on UTF-8
// boundaries), a one-line reason a sergeant understands and a suggested fix.
type Finding struct {
	Kind     Kind     `json:"kind"`
	Severity Severity `json:"severity"`
	Start    int      `json:"start"`
	End      int      `json:"end"`
	Text     string   `json:"text"`
	Reason   string   `json:"reason"`
	Fix      string   `json:"fix,omitempty"`
}

// Blocks counts the findings with severity Block.
func Blocks(fs []Finding) int { return count(fs, Block) }

// Warns counts the findings with severity Warn.
func Warns(fs []Finding) int { return count(fs, Warn) }

func count(fs []Finding, s Severity) int {
	n := 0
	for _, f := range fs {
		if f.Severity == s {
			n++
		}
	}
	return n
}
