package risk

// The concepts the urgency classifier combines. Every phrase is matched on
// word stems (see stem.go), so one entry covers its inflections: "stab"
// finds "stabbed", "stabbing" and "stabs". Data, not state: read when a
// Checker is built and never changed.

// Harm families: the Signal names of the kinds of emergency.
const (
	famSelfHarm   = SignalSelfHarm
	famMedical    = "medical"
	famDomestic   = "domestic_violence"
	famRobbery    = "robbery_attack"
	famAbduction  = "abduction"
	famMissing    = "missing_vulnerable"
	famDanger     = "danger_place"
	famFire       = "fire_crash_water"
	famWeapons    = "weapons"
	famAnimals    = "animals"
	famSexual     = "sexual_assault"
	famThreats    = "threats_intruder"
	famInProgress = "crime_in_progress"
	famExtra      = "team_words" // the team's own extra urgent words
)

// Signals that are not harm families.
const (
	// SignalImmediacy: the harm is happening now or has just happened.
	SignalImmediacy = "immediacy"
	// SignalDistress: a plea or alarm ("help", "please", shouting, 😭).
	SignalDistress = "distress"
	// SignalModel: the learned model's second opinion raised the level.
	SignalModel = "model"
)

// harmCues are words of harm. strong: enough alone for a person to look now
// (possible), urgent with any sign of immediacy. weak: needs immediacy or a
// second cue.
var harmCues = []struct {
	family       string
	strong, weak []string
}{
	{famSelfHarm, []string{
		"won't need them", "won't need it", "won't need them anymore", "giving away his", "giving away her", "given away his", "given away her", "given me his", "given me her", "passwords", "bank details",
		"checking out", "check out early", "don't want to be here", "not want to be here", "not be here anymore", "can't take it anymore", "cant take it anymore", "can't take any more", "being a burden", "a burden", "final goodbye", "last goodbye", "last message", "end the pain", "take the pain away", "in front of a train", "in front of a lorry", "in front of a car", "step in front", "ligature", "cut too deep", "cut myself", "won't stop bleeding", "on the bridge", "at the bridge", "on the roof", "no reason to live", "nothing to live for", "want it to end", "want it all to end", "swallowed a load", "swallowed all", "not to tell anyone",
		"wrists", "cut her wrists", "cut his wrists", "into the sea", "would notice", "carrying on", "last post", "my goodbyes", "easier this way", "easier for everyone", "locked herself in", "locked himself in", "too many", "whole box", "whole bottle", "whole packet", "handful of", "hang myself", "hang himself", "hang herself", "hanging himself", "hanging herself", "kill himself", "kill herself", "going to do something stupid", "do something stupid",
		"easiest way to", "doesn't matter why", "painless", "how many pills", "how many tablets", "lethal dose", "asking for tonight",
		"kill myself", "killing myself", "end my life", "end it all", "end it", "ending it", "end things", "suicide", "suicidal",
		"want to die", "wants to die", "wanted to die", "take my own life", "take his own life", "take her own life",
		"hurt myself", "harm myself", "self harm", "cut myself", "cutting myself",
		"better off dead", "better off without me", "be better off", "they'll be better off", "no one will miss me", "nobody will miss me",
		"won't see me again", "won't be around", "not be around", "not going to be around",
		"see you on the other side", "nice knowing you", "goodbye everyone", "goodbye all", "say goodbye",
		"written letters", "written the letters", "written my letters", "wrote the letters", "written a letter to", "left them on the table", "quieter this way", "better this way", "kinder this way", "left a note", "suicide note", "made my peace", "where to look", "had enough",
		"what's the point", "no point living", "no point anymore", "can't go on", "cant go on", "can't do this anymore",
		"rope", "noose", "hose pipe in the exhaust", "hosepipe", "exhaust", "whole box", "load of pills", "lot of pills",
		"all my tablets", "all my pills", "stockpiling", "stockpile", "took a load", "taken a load", "took all", "taken all",
		"overdose", "jump off", "going to jump", "gonna jump", "jump in front", "do it tonight",
		"let everyone down", "tell mum i love her", "tell my mum", "look after my", "love you all", "sorry for everything",
		"disappear", "waiting for the fast one", "fast train",
	}, []string{
		"depression", "depressed", "mental health", "crisis", "worthless", "hopeless", "burden", "💔", "🕊", "👋", "⚰", "🪦", "meds", "medication",
		"quickest way", "painkillers", "sleeping pills", "citalopram", "fluoxetine", "diazepam", "the edge", "last view", "razor",
		"pills", "tablets", "sertraline", "paracetamol", "co-codamol", "codeine", "tramadol", "insulin", "razor", "blade",
		"viaduct", "bridge", "cliff", "platform", "train", "river", "goodbye", "sorry", "low", "letters",
		"not answering", "phone's off", "i'm done", "im done", "phone off", "phone is off", "deleted all", "tried before",
	}},
	{famMedical, []string{
		"eyes rolling", "rolling eyes", "hasn't come round", "didn't come round", "not come round", "won't come round", "not coming round", "throat closing", "throat is closing", "swelling up", "anaphylaxis", "vomit", "cardiac arrest", "heart stopped", "no heartbeat", "defib", "defibrillator", "cold and clammy", "clammy", "wheezing", "asthma attack", "catch his breath", "catch her breath", "catch my breath", "fell down the stairs", "bottom of the stairs", "bottom of her stairs", "bottom of his stairs", "head wound", "hit his head", "hit her head", "knocked out", "bleeding from his", "bleeding from her", "bone sticking out", "scalded", "electrocuted", "electric shock", "in labour", "giving birth", "waters have broken", "waters broke", "hypothermia", "heatstroke", "sepsis", "needs an ambulance", "need an ambulance", "his face has dropped", "her face has dropped", "face has dropped", "slurred", "choked", "purple",
		"funny colour", "gurgling", "gasping", "fainted", "out cold", "blacked out", "turning purple", "gone purple", "foaming", "can't feel", "burning up", "heart is racing", "heart racing", "convulsions",
		"lying on the floor", "lying on the ground", "lying in the road", "kitchen floor", "bathroom floor", "locked from inside", "locked from the inside", "won't answer the door", "wont answer the door", "fell in the bath", "fallen in the bath", "stuck in the bath", "can hear her but", "can hear him but", "on the ground", "hasn't moved", "not getting up", "won't get up", "can't get up",
		"not breathing", "isn't breathing", "can't breathe", "cannot breathe", "stopped breathing", "struggling to breathe",
		"breathing funny", "breathing strange", "breathing right", "breathing properly",
		"unconscious", "unresponsive", "not responding", "not responsive", "isn't responding", "no pulse",
		"collapsed", "collapse", "keeled over", "passed out", "slumped", "gone floppy", "going floppy", "floppy",
		"won't wake", "can't wake", "cant wake", "not waking", "not moving", "isn't moving", "hasn't moved",
		"not answering me", "having a fit", "he's fitting", "she's fitting", "is fitting", "started fitting", "seizure", "convulsing", "shaking all over", "heart attack", "chest pain",
		"stroke", "droopy", "slurring", "gone blue", "going blue", "lips blue", "turning blue", "grey colour",
		"bleeding heavily", "pumping out", "blood everywhere", "lots of blood", "losing blood", "bleeding badly",
		"overdosed", "cpr", "drank bleach", "swallowed", "choking", "anaphylactic", "allergic reaction", "epipen",
		"hypo", "diabetic", "fallen and", "after a fall", "on the floor",
	}, []string{
		"gone down", "went down", "fell over", "fallen over", "in the bath", "ambulance", "allergic", "swollen", "burns", "burnt", "grey", "really ill", "very poorly", "not well", "asthma",
		"bleeding", "blood", "pale", "sick", "vomiting", "being sick", "throwing up", "drowsy", "dizzy",
		"cold", "eyes shut", "eyes are open", "fell", "fall", "banged her head", "banged his head", "head injury",
		"sweaty", "not making sense", "confused", "ambulance", "paramedic", "bleach", "insulin", "blister packs",
	}},
	{famDomestic, []string{
		"by the neck", "has her by", "got her by", "pinned her", "dragging her", "dragged her", "hurting me", "you're hurting", "stop hurting", "get off me", "get off her", "leave me alone", "he'll kill me", "kill me if", "scared of him", "afraid of him", "black eye", "split lip", "screaming for help", "crying for help", "beating her up", "beat her up", "beating me up",
		"bloody face", "chasing after her", "chasing her", "running from him",
		"battering me", "battering my", "beating me", "beating her", "beating my", "hitting me", "hitting her", "hitting my",
		"punching me", "punching her", "punched me", "strangling", "strangled", "hands round my", "hands round her",
		"round her throat", "round my throat", "by the throat", "choking me", "choking her", "won't let me leave",
		"won't let her leave", "locked me in", "locked me out", "locked in the bedroom", "going to finish me", "finish me",
		"he'll hurt", "hurt her", "hurt me", "hurt the kids", "kill me", "kill her", "kill us", "going to kill",
		"threatening to kill", "threatened to kill", "please stop", "thuds", "broke my nose", "broken my nose",
		"smashing up", "smashing the house", "throwing things at me", "kicking the door in", "kick the door in",
		"took my keys", "taken my keys", "took my phone", "can't get out", "cant talk", "can't talk", "he's right here",
		"she's right here", "reads my phone", "checks my phone", "he'll see",
	}, []string{
		"controlling", "bruises", "it's happening again", "happening again",
		"no shoes",
		"my partner", "her partner", "his partner", "boyfriend", "husband", "my ex", "stepdad", "punching", "battering",
		"hitting", "screaming", "crying", "sobbing", "bloody face", "at it again", "gone quiet", "drinking", "shouting",
		"locked", "throwing", "threatening", "chasing after her",
	}},
	{famRobbery, []string{
		"stamped on", "head stamped", "pushed me off", "knocked me off", "taken my bike", "bleeding on the ground", "went through his pockets", "went through her pockets",
		"to the ground", "knocked her", "knocked him", "head kicked in", "kicked his head", "kicking his head in", "taken her bag", "taken her handbag", "took her bag", "took her handbag", "took his wallet", "taken his wallet", "punching a", "kicking a", "hitting a", "beating a", "attacking a", "punching someone", "kicking someone", "attacking someone",
		"right kicking", "getting a kicking", "giving him a kicking", "kicking his head", "stamping on", "stamped on",
		"being jumped", "getting jumped", "been jumped", "jumped by", "mugged", "mugging", "robbed", "robbing", "robbery",
		"held up", "hold up", "forced their way", "forced his way", "pushed her over", "pushed him over", "knocked him down",
		"punched me", "punched him", "been punched", "got punched", "kicking him", "kicking her", "kicking a", "a kicking",
		"getting battered", "being battered", "battered", "beaten up", "beating him", "beating up", "attacked", "attacking",
		"assaulted", "assaulting", "jacked", "carjack", "took my phone", "grabbed my bag", "snatched", "going through his pockets",
		"going through her pockets", "left on the floor", "being chased", "getting chased", "chased by",
		"fight", "fighting", "brawl", "glassed",
	}, []string{
		"bottles", "fight outside",
		"handbag", "wallet", "knocked",
		"gang", "group of lads", "youths", "punched", "kicked", "kicking", "hit", "grabbing", "holdall", "holdalls",
		"smashed the window", "alarm going off", "legged it", "ran off", "driven off", "on the floor", "shock",
	}},
	{famAbduction, []string{
		"driven off with", "drove off with", "took her", "took him", "taken her", "taken him", "taken the kids", "taken my kids", "never see them again", "in the back of a van", "back of a van", "screaming in the back", "pulled into a car", "into a car by",
		"holding my", "tied up", "tied to", "taken my brother", "taken my sister", "taken my mum", "taken my dad", "taken my friend", "taken my wife", "taken my husband", "taken my partner", "taken my boyfriend", "taken my girlfriend", "they've taken", "they have taken", "sent me a video of", "held hostage", "hostage", "want money for", "ransom", "where he's taking", "where they're taking",
		"locked her in", "locked him in", "won't let her go", "won't let him go", "gone off with", "older man", "been taken", "taken by", "doesn't know where she is", "doesn't know where he is",
		"into a car", "into a van", "into the car", "into the van", "into the back of", "into his car", "into his van", "bundled into",
		"kidnap", "kidnapped", "abducted", "abduct", "bundled", "bundle", "forced into", "dragged into", "dragging her",
		"dragging him", "pulled into", "pulled a kid", "pulled her into", "into the boot", "in the boot", "grab a kid",
		"tried to grab", "taken my daughter", "taken my son", "taken my child", "has taken", "won't let her leave",
		"being held", "held against", "not my daddy", "not my mummy", "not my dad", "not my mum", "lifted by",
		"trying to get out", "shoving her back", "got into a car with", "carrying her", "carry her",
	}, []string{
		"pulled", "grabbed", "forced", "dragged", "snatched", "off his bike", "off her bike",
		"van", "car", "back of a", "screaming", "crying", "frightened", "banging on the window", "mouthing help",
		"met online", "want money", "they want", "not answering", "sharing location",
	}},
	{famMissing, []string{
		"not come home from", "hasn't come home from", "haven't seen her", "haven't seen him", "no one's seen", "nobody has seen", "doesn't know how to get home", "can't get home", "got lost", "is missing", "she's gone", "he's gone", "they've gone",
		"didn't come out of school", "no one knows where", "nobody knows where", "don't know where she is", "don't know where he is", "whereabouts", "not turned up", "hasn't turned up", "never arrived", "not arrived",
		"can't find her", "can't find him", "lost my little", "missing since", "not come back", "in her nightie", "in his pyjamas", "in her pyjamas", "in his slippers", "in her slippers",
		"gone missing", "went missing", "is missing", "are missing", "has disappeared", "can't find my", "cant find my",
		"cannot find my", "lost my son", "lost my daughter", "lost my child", "missing child", "missing from",
		"hasn't come home", "not come home", "hasn't come back", "not come back", "not in her room", "not in his room",
		"aren't in the house", "isn't in the house", "walked out", "wandered off", "gone wandering", "ran off",
		"run away", "ran away", "got separated", "separated from", "he's lost", "she's lost", "is lost", "been gone since",
		"looking for", "last seen",
	}, []string{
		"wandered", "gone out in the car",
		"nightie", "pyjamas", "slippers", "alzheimers", "alzheimer's", "epilepsy",
		"dementia", "confused", "vulnerable", "learning difficulties", "downs syndrome", "autistic", "autism",
		"sectioned", "care home", "no coat", "getting dark", "minus", "freezing", "front door was open", "door wide open",
		"phone switched off", "battery", "known to be targeted",
	}},
	{famDanger, []string{
		"ledge", "legs dangling", "dangling", "sitting on the edge", "standing on the edge", "into traffic", "in the traffic", "in and out of traffic", "dodging cars", "between the cars", "on the rails", "near the tracks", "by the tracks", "onto the tracks", "onto the line", "crossing barriers", "wrong side of the barrier", "wrong side of the railings", "wrong side of the fence", "wrong side of the railing", "other side of the barrier", "other side of the railings", "tide's coming in", "tide is coming in", "tide coming in", "cut off by the tide", "stuck on a sandbank", "stuck on the sandbank", "sandbank", "stuck in the mud", "mudflats", "quicksand", "middle of the m", "near the water", "over the fence", "climbed over", "climbed onto", "climbed up", "fell from", "fall from", "about to fall", "about to jump", "going to fall", "hanging on", "reservoir", "train is coming", "train's coming",
		"pylon", "window sill", "windowsill", "through the ice", "rolling down", "towards the main road", "hanging off the", "over the barrier", "over the side", "jumping off",
		"on the cliff", "cliff edge", "on the edge", "on the ledge", "on the parapet", "on the railway", "on the tracks",
		"on the line", "railway line", "level crossing", "on the motorway", "on the m6", "central reservation",
		"dual carriageway", "middle of the road", "in the road", "middle of the lane", "going the wrong way",
		"driving the wrong way", "cycling the wrong way", "wrong way down", "wrong way up", "wrong way along", "on the roof",
		"up on the roof", "on the balcony", "off the balcony", "on the scaffolding", "frozen canal", "ice is cracking",
		"on the ice", "in the water", "sea wall", "over the wall", "cracking under", "slipping", "nearly got hit",
		"train's due", "train is due", "cars flying past",
	}, []string{
		"pram", "edge", "drop", "in the dark", "looking down at", "the tide", "stuck on", "climbing the",
		"bridge", "railway", "motorway", "roof", "balcony", "cliff", "scaffolding", "ice", "verge", "tracks",
		"toddler", "walking along", "wandering", "out of it", "won't move", "leaning out",
	}},
	{famFire, []string{
		"capsized", "flames coming out", "flames coming from", "inferno", "smoke billowing", "billowing smoke", "thick smoke", "black smoke", "smoke everywhere", "burning down", "is burning", "are burning", "house is burning", "smoke alarm going off", "smoke alarms going off", "swept out", "swept off", "out of his depth", "out of her depth", "can't swim", "cant swim", "went under", "face down in the water", "into difficulty", "in difficulty", "in the lake", "into the lake", "in the pond", "into the pond", "fell through", "car in the river", "car in the water", "pinned under", "stuck under", "trapped under", "can't get him out", "can't get her out", "can't get them out", "cant get him out", "cant get her out", "hit and run", "hit-and-run", "knocked off his bike", "knocked off her bike", "caught fire", "catching fire", "caught alight", "alight", "ablaze", "blazing", "engulfed", "it's spreading", "its spreading", "fire is spreading", "fire's spreading", "gone back in", "went back in", "back inside for", "collided", "head on collision", "head-on", "stuck in the wreck", "in the wreck", "wreckage", "stuck in the car", "stuck in his car", "stuck in her car", "stuck inside", "cut them out", "cut him out", "cut her out", "swept downstream", "being swept", "jackknifed", "piled into", "overturned",
		"can't get to the door", "going under", "isn't coming up", "not coming up", "hasn't come up", "not come up", "hanging out of windows", "hanging out of the window", "out of the windows", "smoke coming from", "pushing a buggy", "pushchair", "kitchen's on fire",
		"floating away", "swept away", "smoke pouring", "pouring smoke", "flood water", "floodwater", "upside down", "flipped over", "rolled over", "fallen into", "fell into", "fallen in", "fell in",
		"gone into", "went into", "crashed into", "drove into", "driven into", "smashed into", "ploughed into", "veered into", "people in it", "someone in it", "somebody in it",
		"on fire", "house fire", "fire in", "flames", "full of smoke", "smoke coming", "can't get out", "cant get out",
		"trapped", "still inside", "still in it", "people inside", "people still inside", "someone still in",
		"sinking", "gone under", "gone into the river", "gone into the canal", "into the canal", "into the river",
		"in the river", "in the harbour", "in the sea", "drowning", "drown", "struggling in the water",
		"hit by a train", "hit a woman", "hit a man", "hit a kid", "hit a child", "hit a boy", "hit a girl", "hit a cyclist",
		"knocked down", "run over", "under the car", "under the lorry", "didn't stop", "plough into", "ploughed into",
		"crashed", "crash", "collision", "pile up", "pile-up", "overturned", "slumped over the wheel", "set fire",
		"gone up in flames", "went up", "explosion", "gas leak", "smell of gas", "gas smell", "carbon monoxide",
	}, []string{
		"fire", "smoke", "spreading", "sparks", "burning", "fire alarm", "hissing", "water", "river", "canal", "harbour", "lorry", "bus shelter",
		"🔥",
	}},
	{famWeapons, []string{
		"bleeding out", "stabbed in", "knife in", "gun at", "in the neck", "at knifepoint", "at gunpoint",
		"knife", "knives", "blade", "machete", "axe", "cleaver", "meat cleaver", "samurai sword", "sword", "crossbow",
		"gun", "guns", "shotgun", "pistol", "rifle", "shots fired", "gunshot", "gunshots", "been shot", "shot",
		"stabbed", "stabbing", "slashed", "slashing", "stanley knife", "baseball bat", "metal bar", "iron bar", "hammer",
		"machete", "smashed a bottle", "broken bottle", "holding it to", "to his neck", "to her neck", "acid",
		"knifepoint", "gunpoint", "armed",
	}, []string{
		"firearm", "firearms", "bat", "bar", "bottle", "bang", "weapon", "waistband", "pointing", "waving", "holding his side",
	}},
	{famAnimals, []string{
		"turned on", "bitten a baby", "bitten a child", "bitten a kid", "has bitten", "dog has bitten", "dog bit",
		"savaged", "mauled", "mauling", "dog attack", "dog attacking", "dogs attacking", "attacked by a dog", "bitten",
		"still biting", "biting him", "biting her", "won't let go", "got hold of", "hanging off", "set their dog on",
		"set his dog on", "went for my", "going at", "dog's still loose", "kicked a child", "kicked a boy", "kicked a girl",
	}, []string{
		"dog", "dogs", "rottweiler", "staffy", "bull", "horse", "cow", "cattle", "loose", "bit", "bite", "xl bully",
	}},
	{famSexual, []string{
		"drunk girl", "crying no", "saying no", "she said no", "won't take no", "pull a drunk", "raping",
		"up my skirt", "up her skirt", "hand up", "down my top", "down her top", "touched", "grope", "flashed", "masturbate", "wanking",
		"pinned", "masturbating", "exposing", "exposed himself", "telling him to stop", "told him to stop", "barely stand", "can't stand up", "groping",
		"raped", "rape", "sexually assaulted", "sexual assault", "touching her", "touching me", "touched me", "groped",
		"grabbed my bum", "grabbed my breast", "spiked", "drink was drugged", "drugged her", "drugged me", "exposing himself",
		"flashing", "followed me", "following me", "being followed", "been followed", "followed home", "keeps getting closer",
		"ripped her top", "tried to kiss", "waiting outside my", "waiting for me", "trying to get her into",
		"trying to carry her",
	}, []string{
		"touching", "floppy", "feel so weird", "feel weird", "take me home", "passed out", "bench", "uber", "taxi",
	}},
	{famThreats, []string{
		"going through drawers", "footsteps downstairs", "footsteps in", "heard the back door", "heard the front door", "heard glass", "glass smash", "glass smashing", "broken in", "has broken in", "climbed in", "climbing in my", "at my window", "tapping on my window", "tapping on the window", "torch in the garden", "shining a torch", "someone in my", "someone's in my", "someone is in my", "walked into my flat", "walked into my house", "into my flat", "in my flat", "won't leave my", "refuses to leave", "knows where i am", "knows where i live", "know where i live", "coming to finish", "coming to get me", "coming for me", "coming round to", "finish it", "finish me off", "power cable", "power line down", "power lines down", "cable's come down", "cable has come down", "cables down", "live wire", "live cable", "sparking", "going through my drawers", "hiding upstairs", "hiding in", "inside my house", "inside the house", "break into my car", "with me inside", "trying to get into", "kicking my door in", "smashing my windows", "smashed my windows",
		"force my door", "force the door", "forcing the door", "force my front door", "trying to force", "jemmy", "prising", "prise", "crowbar", "trying to kick",
		"face covered", "masked", "going through my", "someone downstairs", "smell gas", "won't answer her door", "won't answer his door", "staring at the house", "staring through",
		"breaking in", "break in", "broke in", "breaking into", "trying to get in", "trying to break in", "climbing in",
		"climbing through", "got into", "in my house", "in the house", "in my garden", "in my back garden", "in the kitchen",
		"someone in", "someone's in", "somebody in", "there's someone", "man in my", "standing at the end of my bed",
		"banging on my door", "kicking my door", "kicking the door", "trying the handles", "trying the door", "trying every",
		"outside my house", "outside my window", "outside my door", "outside my work", "outside again", "back outside",
		"he knows i'm in", "burn my house", "burn the house", "burn down", "petrol can", "petrol", "balaclava",
		"threatened to", "threatening to", "threatening me", "threatening", "going to kill", "he'll kill", "kill whoever",
		"tonight's the night", "hiding", "i'm hiding", "stalker", "intruder", "seen me", "alone",
		"scared for my life", "fear for my life", "terrified", "in danger", "cant stop shaking", "can't stop shaking",
	}, []string{
		"downstairs", "upstairs", "stranger", "won't leave", "off his head", "off her head", "mins away", "minutes away", "loft", "staring", "won't answer",
		"window", "climbing", "handles", "fence", "shed", "parked outside", "following me in his car", "sat in his car",
		"on my own", "3am", "2am", "4am", "middle of the night", "smashed my window", "scared", "shaking",
	}},
	{famInProgress, nil, []string{
		"stealing", "smashing", "robbing", "damaging", "trying car doors", "trying door handles", "trying doors",
		"kicking off", "shouting", "screaming", "throwing", "setting fire", "drink driver", "drunk driver", "drink driving",
		"drunk driving", "driving erratically", "all over the road", "swerving", "selling drugs", "racing", "breaking",
		"hitting", "chasing", "lurking", "loitering", "trespassing", "grabbing stuff",
	}},
}

// dangerPlaces and dangerPreps make the danger_place family's strong cues:
// a person on, up, off or over a place where a fall or a train kills.
var (
	dangerPreps  = []string{"from", "hanging from", "lying across", "lying on", "across", "on", "onto", "up", "up on", "off", "over", "on top of", "top of", "edge of", "along", "across", "in the middle of", "on the edge of"}
	dangerPlaces = []string{
		"the roof", "a roof", "the roofs", "the ledge", "a ledge", "the window ledge", "the parapet", "the bridge",
		"a bridge", "the railings", "the railing", "the scaffolding", "scaffolding", "the cliff", "the cliffs", "a cliff",
		"the balcony", "a balcony", "the tracks", "the track", "the railway", "the line", "a crane",
		"the train tracks", "the train track", "the railway line", "the rail line", "the railway bridge", "the water's edge",
		"the river bank", "the riverbank", "the top floor", "the window", "the pylon", "the tree", "the top of",
		"the crane", "the tower", "the car park roof", "the multi storey", "the viaduct", "the pier", "the harbour wall",
		"the sea wall", "the weir", "the dam", "the quarry", "the ice", "the frozen", "the canal", "the river bank",
	}
)

// roadActs and roads: a person on foot or a bike where traffic is fast.
var (
	roadActs = []string{"walking along", "walking on", "walking down", "wandering on", "wandering along", "wandering in",
		"standing on", "standing in", "sitting on", "sitting in", "lying on", "lying in", "cycling on", "cycling along",
		"cycling down", "running along", "running across", "playing on", "playing in", "in the middle of", "walking down the middle of", "down the middle of", "walking in the middle of"}
	roads = []string{"the motorway", "the m6", "the m74", "the dual carriageway", "the bypass", "the road", "the a road",
		"the slip road", "the hard shoulder", "the fast lane", "the slow lane", "the middle lane", "the outside lane", "the carriageway", "the main road", "the lane", "the m1", "the m4", "the m5", "the m8", "the m25", "the m60", "the m61", "the m62", "the m65", "the m180", "the a1", "the a66", "the a69", "the a595", "the a74", "the a19"}
)

// drugs are medicines and poisons taken in overdose; a number or "all my"
// before one is a strong cue ("taken 30 paracetamol").
var drugs = []string{"paracetamol", "tablets", "pills", "painkillers", "sleeping pills", "co-codamol", "codeine",
	"tramadol", "sertraline", "citalopram", "fluoxetine", "diazepam", "insulin", "antidepressants", "aspirin",
	"ibuprofen", "morphine", "oxycodone", "methadone", "heroin", "pregabalin", "gabapentin", "zopiclone", "💊"}

// weaponActs and weapons: someone holding or using a weapon.
var (
	weaponActs = []string{"got a", "has a", "had a", "with a", "pulled a", "pulled out a", "waving a", "holding a",
		"carrying a", "brandishing a", "pointing a", "threatening me with a", "threatening him with a", "swinging a",
		"armed with a", "got his", "has his", "with his", "pulled his", "pulled out his"}
	weaponNouns = []string{"knife", "blade", "machete", "axe", "gun", "shotgun", "pistol", "rifle", "crossbow", "bat",
		"baseball bat", "hammer", "bottle", "broken bottle", "cleaver", "sword", "screwdriver", "metal bar", "iron bar",
		"stick", "weapon", "firearm", "air rifle", "bb gun", "taser", "spanner", "crowbar", "golf club"}
)

// violentVerbs and victims make robbery_attack cues: a violent verb on a
// person ("punching a lad", "getting battered", "been beaten").
var (
	violentVerbs = []string{"beat", "beating", "batter", "battering", "thump", "thumping", "punch", "punching", "kick",
		"kicking", "stamp on", "stamping on", "headbutt", "headbutting", "slap", "slapping", "strangle", "strangling",
		"throttle", "throttling", "attack", "attacking", "assault", "assaulting", "mug", "mugging", "rob", "robbing",
		"stab", "stabbing", "slash", "slashing", "glass", "glassing", "bottle", "bottling", "hit", "hitting",
		"hurt", "hurting", "jump", "jumping", "leather", "leathering", "deck", "decking", "floor", "flooring",
		"knock out", "knocking out", "set upon", "lay into", "laying into", "lamp", "lamping", "smack", "smacking",
		"shove", "shoving", "drag", "dragging", "grab", "grabbing", "pin down", "pinning down", "set on", "go for",
		"going for", "chase", "chasing", "threaten", "threatening", "choke", "choking", "bite", "biting"}
	violentAux = []string{"getting", "being", "been", "got", "just", "is", "are", "keeps", "started", "still"}
	victims    = []string{"me", "him", "her", "them", "us", "someone", "somebody", "a man", "a woman", "a lad",
		"a boy", "a girl", "a kid", "a child", "an old man", "an old woman", "an old lady", "a guy", "a bloke",
		"my son", "my daughter", "my mum", "my dad", "my friend", "my mate", "my partner", "my brother",
		"my sister", "my wife", "my husband", "my girlfriend", "my boyfriend", "my nan", "my grandad", "the driver",
		"a driver", "the staff", "the shopkeeper", "a pensioner", "a teenager", "people", "everyone", "my kids"}
)

// immediacyCues say the harm is now: it is happening, has just happened,
// or is about to.
var immediacyCues = []string{
	"since this morning", "since lunch", "since last night", "since yesterday", "all day", "for hours", "for an hour",
	"for ages", "since",
	"now", "right now", "just", "just now", "still", "again", "tonight", "at the moment", "currently", "as we speak",
	"as i type", "this minute", "minutes ago", "mins ago", "min ago", "any minute", "happening", "keeps", "keep",
	"is going", "won't let go", "won't stop", "outside", "in here", "here", "mins away", "minutes away", "min away", "on his way", "on his way round", "right here", "right in front of me",
	"in front of me", "at the minute", "please", "quick", "quickly", "hurry", "urgent", "urgently", "emergency",
	"send someone", "come now", "come quick", "need police", "need an ambulance", "call an ambulance",
	"😭", "😱", "😰", "🆘", "!!", "what do i do", "what should i do now",
}

// distressCues are pleas; they raise a harm cue but are not harm alone.
var distressCues = []string{"help", "help me", "please help", "please", "someone help", "send help", "sos", "🆘", "😭", "😱", "😰"}

// pastCues date the harm firmly in the past.
var pastCues = []string{
	"last week", "last month", "last year", "years ago", "year ago", "months ago", "weeks ago", "a while ago",
	"a few years back", "years back", "back in", "in 2010", "in 2015", "in 2016", "in 2017", "in 2018", "in 2019",
	"in 2020", "in 2021", "in 2022", "in 2023", "in 2024", "in 2025", "in january", "in february", "in march",
	"in april", "in june", "in july", "in august", "in september", "in october", "in november", "in december",
	"every day", "daily", "every night", "every week", "every weekend", "every morning", "every evening",
	"all the time", "at the time", "when i was", "in the summer", "last summer", "last winter", "last christmas", "at christmas", "as a child", "as a kid", "the other day", "the other week", "few months back",
}

// weakPastCues may put the harm in the past, or may not ("since this
// morning"): they lower a little.
var weakPastCues = []string{
	"earlier", "this morning", "yesterday", "last night", "over the weekend", "at the weekend", "on sunday",
	"on saturday", "on monday", "on tuesday", "on wednesday", "on thursday", "on friday", "on sat", "on sun",
	"overnight", "over night", "over bank holiday", "sometime", "thank you", "thanks",
	"what do i do", "what should i do", "was found", "been found", "our cat", "my cat", "the cat", "a cat", "kitten", "parrot", "sheep",
	"herdwicks", "ewes", "tortoise", "rabbit", "hamster", "budgie", "spread the word", "share this", "online", "on facebook", "on whatsapp", "on instagram", "on snapchat",
	"update", "appeal", "for weeks", "for months", "for a month", "for about a month", "for years", "the news", "in the paper", "the paper", "rumours", "gossip", "when i complained",
}

// resolvedCues say it is over and everyone is safe.
var resolvedCues = []string{
	"is out", "are out", "sorted", "all sorted", "all good", "all fine", "made safe", "turned out", "was found",
	"been found", "found safe", "safe and well", "is home", "are home", "came home", "home safe",
	"recovered", "in recovery", "doing ok", "doing well", "doing great", "is fine", "fine now", "ok now", "okay now",
	"everyone got out", "everyone's ok", "everyone ok", "no one is hurt", "no one hurt", "nobody hurt",
	"nobody was hurt", "no one was hurt", "no one was in", "nobody was in", "not in any danger", "not in danger",
	"i'm safe", "safe now", "i'm fine", "everything's fine", "everything is fine", "has been fixed", "been fixed",
	"reopened", "open again", "was a fault", "no robbery", "was nothing", "to be nothing", "has been banned",
	"been released", "was caught", "owner caught", "been arrested", "got arrested", "still haunt", "anniversary",
	"memorial event", "amnesty", "hand in", "hand it in", "not an emergency", "no emergency", "not urgent", "non urgent", "not really",
}

// hypotheticalCues ask for advice rather than report a thing happening.
var hypotheticalCues = []string{
	"hypothetically", "what's the law", "whats the law", "the law on", "the law if", "would you advise", "advise if", "if we see", "if we find", "if a dog", "is that even you", "even you", "if i find", "if i found", "if i see", "if i saw", "if i get", "if i witnessed", "if i hit",
	"if you find", "if you see", "if you're", "if you come", "if you hit", "if you get", "if someone posts",
	"if somebody posts", "if someone's", "if your house", "in case", "what should i do if", "what do i do if", "what to do if",
	"what happens if", "whats the procedure", "what's the procedure", "what's the advice", "what's the best",
	"is there training", "staff training", "course", "courses", "first aid", "for future reference", "for my course", "asking for",
	"how do i report", "how do you report", "how can i report", "how do i", "how do you", "how can i", "who do i",
	"who do we", "do i need", "should i report", "worth reporting", "is it worth", "can i still", "the options",
	"advice for", "advice on", "what can i do", "should i", "is it legal", "is that you or", "you or the", "or the council",
	"to the police, the", "leaflet", "talk on", "a talk", "awareness", "for my class", "for my year",
	"want to learn", "want to know", "wondering", "quick question", "quick q", "just wondering", "is there a",
	"are there any", "is the road", "open yet", "still shut", "still closed", "road closure", "closed for",
	"after the crash", "what do i do with", "what should you do", "what do you do if", "should you", "what should", "do if",
	"don't want anyone", "dont want anyone", "where can i", "where do i",
	"certificate", "licence", "license", "form", "renew", "application", "permit", "prevention", "fundraiser",
	"charity", "sponsored", "volunteer", "volunteers", "online", "on facebook", "on whatsapp", "on instagram",
	"on snapchat", "on tiktok", "who do i talk to", "need to know",
	"crime reference", "reference number", "crime number", "insurance", "is open", "be open", "does anyone know", "do you know", "can you tell me", "anyone know", "when's the", "when is the",
}

// idiomCues are harm words used for something else: "dying to know",
// "killed it", "nearly died laughing", "daylight robbery".
var idiomCues = []string{
	"dying to know", "on fire with", "keep it up", "help us help", "help me understand", "help us understand", "a bit of a", "knockout", "fell for", "nearly fell for", "is killing me", "dying to see", "drowning in", "climbing the walls", "death trap", "fire engine", "fire engines", "firearms officer", "firearms officers", "firearms licence", "firearms certificate", "shotgun certificate", "going to kill me when", "boss is going to kill", "killed it", "killing it", "is killing me", "heat is killing", "nearly died laughing",
	"died laughing", "dead funny", "crying laughing", "cry laughing", "drop dead gorgeous", "death of me",
	"daylight robbery", "what a steal", "a steal", "murder mystery", "knock it out of the park", "smashed it",
	"smashing it", "is fire", "was fire", "on fire today", "fire emoji", "bombed", "is a crime", "a crime against",
	"should be arrested", "should be illegal", "needs arresting", "ref needs", "war zone", "a zoo", "massacred",
	"slaughtered", "mugged off", "got robbed at", "took a stab", "stab at", "a goner", "i'm a goner", "rip",
	"shoot me a", "hammered wi questions", "hammered with", "killer", "lol", "lmao", "haha", "😂", "🤣", "😆",
	"😅", "in cold blood", "book club", "netflix", "gta", "the film", "help wanted", "help needed", "help share",
	"please share", "pls share", "help finding", "help with", "help me find", "help me with", "help writing",
	"could someone help", "could anyone help", "can someone help", "can anyone help", "can you help", "can u help",
	"any help", "on telly", "the telly", "the match",
	"the game", "knife crime", "crime figures", "going up", "statistics", "stats", "brilliant work", "great work", "well done", "big up", "legends", "choir", "quiz",
}

// noReplyCues: the sender asks not to be answered; a reply could endanger
// them.
var noReplyCues = []string{
	"he'll see this", "don't call", "do not call", "can't call", "cant call", "can't speak", "cant speak", "text only",
	"don't ring", "do not ring", "he'll hear",
	"don't reply", "do not reply", "dont reply", "don't message back", "don't message me", "don't text back",
	"don't text me back", "don't answer", "do not answer", "do not message", "delete this", "please delete",
	"he reads my", "he reads this", "she reads my", "he checks my", "she checks my", "he'll see", "he will see",
	"he's watching my phone", "reads my messages", "checks my messages", "can't talk", "cant talk",
	"order a large pizza", "order a pizza",
}

// vulnerableCues name a person less able to keep themselves safe.
var vulnerableCues = []string{
	"child", "children", "kid", "kids", "toddler", "baby", "little boy", "little girl", "my son", "my daughter",
	"my 2yo", "year old", "yo", "elderly", "old man", "old woman", "old lady", "old gent", "my nan", "my gran",
	"my grandad", "my mum", "my dad", "pregnant", "disabled", "alone", "on my own",
}
