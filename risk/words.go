package risk

import "strings"

// The word lists below are data, not state: they are read when a Checker is
// built and never changed.

// prejudiceWords prejudge a suspect before a court has. "guilty" is fine
// after "found", "pleaded" or "not".
var prejudiceWords = []string{
	"guilty", "thug", "thugs", "thuggish", "scumbag", "scumbags", "scum", "scrote", "scrotes",
	"toerag", "toerags", "lowlife", "lowlifes", "low life", "low lifes", "yob", "yobs", "vermin",
	"wrong 'un", "wrong un", "wrong'un", "wrong'uns", "career criminal", "career criminals",
	"got what he deserved", "got what she deserved", "got what they deserved",
	"got what he deserves", "got what they deserve", "had it coming",
	"known to police", "known to the police", "known to us", "previous convictions",
	"previous conviction", "previous for", "has form", "bang to rights", "red handed",
	"where he belongs", "where she belongs", "where they belong", "culprit", "culprits",
	"degenerate", "degenerates", "piece of work", "nasty piece",
	"druggie", "druggies", "junkie", "junkies", "smackhead", "smackheads", "crackhead", "crackheads",
	"the usual suspects", "usual suspects", "we know who you are", "we know who they are",
}

var prejudiceUnless = []string{"found", "pleaded", "pled", "plead", "pleads", "pleading", "not", "admitted", "admits", "admit"}

// profanityWords are swearing and insults.
var profanityWords = []string{
	"fuck*", "f*ck*", "shit", "shite", "shits", "shitty", "bullshit", "crap", "crappy", "bollocks",
	"bastard", "bastards", "twat", "twats", "dickhead", "dickheads", "prick", "pricks", "prat", "prats",
	"wanker", "wankers", "arse", "arsehole", "arseholes", "piss", "pissed off", "pissing",
	"idiot", "idiots", "idiotic", "moron", "morons", "moronic", "stupid", "cretin", "cretins",
	"muppet", "muppets", "numpty", "numpties", "pillock", "pillocks", "tosser", "tossers",
	"bellend", "bellends", "cunt*", "slag", "slags", "retard", "retards", "retarded",
	"pikey", "pikeys", "chav", "chavs", "pathetic", "brainless", "imbecile", "imbeciles",
	"bloody hell", "get a life", "clown", "clowns", "halfwit", "halfwits", "nutter", "nutters",
	"plonker", "plonkers", "sod", "sods", "sod it", "sod off", "bloody", "git", "gits", "tosspot", "knobhead",
	"dipstick",
}

// sarcasmWords are sarcasm at the public's expense.
var sarcasmWords = []string{
	"well done genius", "genius", "einstein", "bright spark", "thanks for nothing",
	"shock horror", "who knew", "yeah right", "good luck with that", "give me strength",
	"for the hundredth time", "for the last time", "if you had bothered", "if you'd bothered",
	"if you had read", "if you'd read", "learn to read", "try reading", "read the post",
	"what part of", "you couldn't make it up", "couldn't make it up", "could not make it up",
	"what could possibly go wrong", "slow clap", "round of applause for",
	"parking of the year", "of the day award", "oh dear", "sigh", "facepalm", "cry me a river",
	"surprise surprise", "news flash", "newsflash", "no offence but", "as we have said before",
	"as we've said before", "as we have already said", "as we've already said", "obviously not",
	"apparently some people", "some people never learn", "not rocket science",
	"shocking, i know", "shocking i know", "brilliant decision making", "great decision making", "oh yes, because",
	"oh yes because", "a million times", "bravo, truly", "bravo truly", "truly inspired", "nice one to everyone who",
	"congratulations to whoever left", "we've got nothing better to do", "nothing better to do",
	"it's hilarious", "genius move", "who'd have thought", "who would have thought",
}

// crimeWords signal a crime to report: advise 101 or online reporting.
var crimeWords = []string{
	"stolen", "stole", "steal", "theft", "thefts", "thief", "thieves", "nicked",
	"burgled", "burglary", "broken into", "broke into", "break in", "break-in",
	"vandalised", "vandalized", "vandalism", "criminal damage", "damaged", "smashed", "keyed", "graffiti",
	"scam", "scammed", "scammer", "scammers", "fraud", "fraudster", "conned",
	"assaulted", "attacked", "punched", "mugged", "robbed", "robbery", "harassment", "harassing",
	"harassed", "threatened", "threats", "stalking", "stalked", "abuse", "abusive",
	"hate crime", "racist", "racially", "homophobic", "domestic",
	"report a crime", "report a theft", "want to report", "like to report", "reporting a crime",
	"shoplifting", "shoplifter", "shoplifters", "hit and run", "drug dealing", "dealing drugs",
	"drugs", "cannabis", "anti-social", "antisocial", "asb", "dangerous driving",
	"speeding cars", "cars speeding", "speeding through", "speeding down", "speeding along", "joyriding", "exposed himself", "flashing", "selling vapes", "selling alcohol", "underage", "trespass", "poaching", "catalytic converter", "tried to open",
	"hacked", "cloned", "fake", "siphoned", "pretending to be", "pretended to be", "pinched", "lifted from", "emptied",
	"kicked in", "drive off", "drive-off", "knocked over", "paint thrown", "private photos", "card details",
	"identity stolen", "identity's been stolen", "sold me", "clocked", "eggs at", "threw eggs", "letterbox",
	"gift cards", "scam call", "scam text", "phishing", "was taken", "were taken", "got taken", "been taken",
	"taken from", "took the", "took cash", "didn't stop", "didnt stop", "worth reporting", "report it", "throwing stones", "threw stones", "stones at", "cracked",
}

// streetSuffixes end a street name after a house number.
var streetSuffixes = set(
	"street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "close", "drive", "dr", "way",
	"crescent", "cres", "terrace", "terr", "place", "pl", "court", "ct", "gardens", "gdns", "grove",
	"walk", "row", "hill", "square", "sq", "mews", "view", "green", "rise", "parade", "vale",
	"wynd", "brow", "park", "bank", "gate", "croft", "fold", "meadow", "meadows", "chase",
	"yard", "wharf", "quay", "circus", "boulevard", "broadway", "approach", "grange", "side", "lea",
	"mount", "heights", "hall", "lodge", "cottages", "buildings", "estate", "garth", "howe",
)

// surnameSuffixes are street words that are also common surnames: after a
// first name they are a person ("Andrew Hall"), not a street.
var surnameSuffixes = set("hill", "hall", "green", "lane", "park", "bank", "lodge", "gate", "croft",
	"lea", "grove", "chase", "howe", "garth", "mount", "brow", "fold", "meadow", "meadows", "yard")

// titles are police ranks and roles: a name after one is an officer, not a
// member of the public.
var titles = set(
	"pc", "pcso", "sgt", "sergeant", "ps", "dc", "ds", "di", "dci", "insp", "inspector",
	"ch", "supt", "superintendent", "constable", "officer", "special", "sc", "detective",
	"chief", "acc", "dcc", "cc", "commissioner", "cllr", "councillor", "mp", "team", "sir", "dame",
	"lord", "lady", "rev", "reverend", "father", "prof", "professor",
)

// personTitles introduce a member of the public's surname.
var personTitles = set("mr", "mrs", "ms", "miss", "mx", "dr")

// notNames are capitalised words that are not people's names.
var notNames = set(
	"the", "a", "an", "and", "or", "but", "we", "our", "us", "you", "your", "i", "he", "she", "they", "it",
	"this", "that", "these", "those", "there", "here", "his", "her", "their", "my", "if", "so", "as",
	"on", "in", "at", "by", "for", "of", "to", "from", "with", "after", "before", "since", "until",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
	"sept", "oct", "nov", "dec", "today", "tonight", "yesterday", "tomorrow", "update", "updates",
	"thanks", "thank", "please", "police", "officers", "officer", "team", "teams", "road", "roads",
	"street", "station", "council", "north", "south", "east", "west", "central", "city", "town",
	"village", "park", "school", "academy", "college", "hospital", "court", "crown", "magistrates",
	"england", "scotland", "wales", "uk", "britain", "cumbria", "constabulary", "force", "nhs",
	"rtc", "asb", "pcso", "pc", "sgt", "covid", "christmas", "easter", "halloween", "bonfire",
	"ages", "age", "aged", "total", "number", "no", "nos", "room", "flat", "unit", "junction",
	"week", "weekend", "day", "night", "morning", "afternoon", "evening", "year", "years",
	"appeal", "arrest", "arrested", "charged", "missing", "found", "safe", "update", "roads",
	"bikes", "bike", "cars", "car", "vehicles", "homes", "houses", "calls", "crimes", "reports",
	"jobs", "people", "incidents", "patrols", "shifts", "hours", "minutes", "mins", "hrs",
	"all", "both", "some", "many", "every", "each", "other", "one", "two", "three", "four", "five",
	"over", "under", "about", "around", "approx", "aged", "victim", "witness", "suspect",
	"man", "woman", "boy", "girl", "male", "female", "teenager", "teen", "child", "youth",
	"ward", "area", "estate", "centre", "center", "market", "square", "bridge", "river", "lake",
	"great", "upper", "lower", "old", "new", "st", "saint", "mount", "fell", "moor",
)

// schoolWords end the name of a school.
var schoolWords = set("school", "academy", "primary", "high", "grammar", "infants", "juniors",
	"nursery", "college", "prep", "comprehensive")

// childNouns are words for one child.
var childNouns = set("boy", "girl", "child", "kid", "teenager", "teen", "pupil", "schoolboy",
	"schoolgirl", "youngster", "toddler", "baby", "son", "daughter", "juvenile", "youth",
	"lad", "lass", "stepson", "stepdaughter", "granddaughter", "grandson", "nephew", "niece")

// victimNouns make a name near them a victim or witness.
var victimNouns = set("victim", "victims", "witness", "witnesses", "complainant", "survivor",
	"casualty", "casualties", "witnessed")

// victimVerbs make a name a victim when the name "was" one: "Emma Scott was
// assaulted", "Ian Douglas, who was stabbed", "the woman attacked was Laura".
var victimVerbs = set("injured", "assaulted", "attacked", "robbed", "stabbed", "raped",
	"mugged", "hurt", "threatened", "abused", "punched", "kicked", "bitten", "burgled",
	"harassed", "stalked", "groomed", "targeted", "killed", "scammed", "defrauded", "beaten",
	"slashed", "glassed", "headbutted", "hit", "sexually", "indecently")

// passiveWords link a name to a victim verb.
var passiveWords = set("was", "were", "been", "got", "is", "being")

// birthWords make a nearby full date a date of birth.
var birthWords = set("born", "dob", "birth", "birthday", "b")

// eventWords before a date make it the date of an event, not of a birth.
var eventWords = set("on", "at", "since", "between", "from", "until", "till", "by", "before",
	"after", "during", "in", "dated", "of", "and", "to", "until", "circa")

// refKeys start a reference number; refNeedsQualifier ones only with a
// following "number", "ref" etc.
var refKeys = set("ref", "reference", "incident", "log", "custody", "occurrence", "urn", "cad",
	"crime", "case", "report", "crn", "storm", "niche")
var refNeedsQualifier = set("crime", "case", "report", "custody", "storm", "niche")
var refQualifiers = set("number", "no", "num", "nr", "ref", "reference", "record", "id")

// months by lower-case name or abbreviation.
var months = map[string]int{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
	"sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

// postcodeAreas are the UK postcode areas (the letters of an outward code).
var postcodeAreas = set(strings.Fields(`AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW
	DA DD DE DG DH DL DN DT DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE
	KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH
	RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR
	WS WV YO ZE`)...)

// notOutward are tokens shaped like an outward code that are something else.
var notOutward = set("CO2", "SO2", "UB40", "WD40", "NO2", "PM10", "PM2", "TW1", "CH4", "SE7", "BT")

// plateStop are three-letter words that are not the letters of a registration.
var plateStop = set("THE", "AND", "NOW", "FOR", "ALL", "ARE", "RTC", "JCT", "NHS", "HGV", "BMW",
	"VAN", "CAR", "BUS", "ONE", "TWO", "OFF", "OUT", "WAY", "AMP", "MPH", "KMH", "NOT", "HAS", "WAS",
	"BUT", "YOU", "OUR", "ANY", "NEW", "OLD", "SAT", "SUN", "MON", "TUE", "WED", "THU", "FRI",
	"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC", "ASB",
	"PCS", "PCSO", "CCTV", "RIP", "LOL", "OMG", "DUI", "GMP", "UTC", "GMT", "BST")

// datelessStop are letter groups that come before a number without being a
// dateless registration ("PC 1234", "NHS 111").
var datelessStop = set("PC", "DC", "DS", "PS", "DI", "SGT", "PCSO", "NHS", "UK", "GB", "RTC", "TEAM",
	"CCTV", "ASB", "COVID", "TEL", "REF", "NO", "NOS", "ID", "CAD", "URN", "LOG", "AM", "PM", "MP",
	"SC", "ACC", "DCC", "CC", "JCT", "JUNCTION", "ROUTE", "BUS", "FLAT", "UNIT", "ROOM", "YEAR",
	"PAGE", "BT", "EE", "ITV", "BBC", "CH", "OR", "AND", "THE", "AT", "ON", "IN", "TO", "OF", "BY", "IS",
	"WE", "HQ", "DOB", "NI", "A", "B", "M", "J", "I", "TOP", "ALL", "MPH", "OVER", "AGE", "AGED", "MAY",
	"ABC", "QR", "PIN", "CODE", "CALL", "TEXT", "DIAL", "RING", "PHONE", "OPTION", "PRESS", "SMS", "LINE",
	"YEARS", "MOT", "GP", "TV", "HGV", "DVD", "CD", "SEN", "GCSE", "PHASE", "STEP", "PART", "TOTAL", "SCORE", "DAY", "WEEK", "CLASS", "GROUP", "CHANNEL", "ZONE")

// firstNames are common given names in the UK, lower case. A name from this
// list makes a capitalised word a person for the victim and child checks.
var firstNames = set(strings.Fields(`
aaron abbie abby abdul abigail adam adrian aidan aiden aimee alan alana albert alex alexander
alexandra alfie ali alice alicia alison amanda amber amelia amir amy andrea andrew angela anna
anne annie anthony archie arthur ashley aurora austin ava barbara barry beatrice bella ben
benjamin beth bethany betty beverley bill billy bob bobby bonnie brandon brenda brian bridget
brooke bryony callum calum cameron carl carly carol caroline carys casey catherine charlie
charlotte chelsea chloe chris christine christopher ciara claire clare colin connor conor craig
daisy dale damian dan daniel danielle danny darren dave david dawn dean debbie deborah declan
denise dennis derek diane dominic donna dylan eddie edward eileen elaine eleanor eliza elizabeth
ella ellie elliot elliott emily emma eric erin ethan eva evan evie faye finley finn fiona florence
frances francesca frank freddie freya gareth gary gavin gemma george georgia gillian gordon
graham greg gregory hannah harley harriet harrison harry harvey hayley heather helen henry holly
ian imogen isaac isabel isabella isabelle isla isobel jack jackie jacob jade jake james jamie jan
jane janet jasmine jason jay jayden jennifer jenny jessica jill jim jimmy joan joanne jodie joe
joel john jonathan jordan joseph josh joshua joy julia julie justin kai karen kate katie kayleigh
keith kelly kerry kevin kieran kim kirsty kyle lacey laura lauren layla leah lee leo leon lewis
liam lily lindsay lisa logan lola lottie louis louise lucas lucy luke lydia lynn maisie malcolm
mandy margaret maria marie martin mary mason matt matthew maureen max megan melissa mia michael
michelle mike millie mohammed mohammad molly muhammad nathan neil niamh nicholas nicola nicole
noah oliver olivia oscar owen paige pamela patricia patrick paul paula peter phil philip phoebe
poppy rachel rebecca reece rhys richard rob robert robyn roger ronnie rory ross ruby ryan sally
sam samantha samuel sandra sara sarah scarlett scott sean shane shannon sharon shaun sheila
shelley sian simon sofia sonia sophie stacey stephen steve steven stuart susan suzanne tanya
teresa theo theresa thomas tim timothy toby tom tommy tony tracey tracy tyler vanessa vicky
victoria vincent wayne wendy william willow yasmin zac zach zachary zara zoe zoë
natalie grace mark rose hope jessie josie kayla keira kian kira leanne lorraine lynne
marcus martina megan melanie miriam nadia naomi nathaniel neve nina norman oliver ollie pauline
phoebe priya rachael raymond reuben riley rosie rowan ruth sadie sally scarlet seb sebastian
shirley sienna stanley stella stephanie tara terry tess tina tobias trevor valerie vera
vivienne walter warren wesley yvonne zainab aisha ayesha fatima hamza hassan imran omar
piotr tomasz kasia agnieszka marek jakub andrzej stewart kenneth ken angus hamish morag
kirsteen eilidh ewan euan fraser alistair alasdair duncan iain moira rhona gwen bethan dafydd
rhian sion carwyn ffion geraint bronwen siobhan aoife sinead padraig seamus eamon ronan
`)...)

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
