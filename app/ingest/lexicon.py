"""Word lists the extractor reasons with, kept as data so that they can be reviewed and extended.

These are closed-class vocabularies of English news style (speech verbs, titles, role nouns),
not names or phrases from any particular article.
"""

SPEECH_VERBS = frozenset(
    [
        "crack",
        "scoff",
        "snap",
        "sneer",
        "gush",
        "rave",
        "grumble",
        "interject",
        "interrupt",
        "say",
        "tell",
        "add",
        "note",
        "state",
        "declare",
        "announce",
        "explain",
        "argue",
        "claim",
        "insist",
        "maintain",
        "contend",
        "assert",
        "suggest",
        "warn",
        "caution",
        "predict",
        "promise",
        "vow",
        "pledge",
        "reiterate",
        "repeat",
        "recall",
        "voice",
        "urge",
        "ask",
        "answer",
        "reply",
        "respond",
        "retort",
        "counter",
        "write",
        "tweet",
        "post",
        "comment",
        "remark",
        "observe",
        "acknowledge",
        "admit",
        "concede",
        "confirm",
        "deny",
        "reveal",
        "disclose",
        "report",
        "describe",
        "call",
        "complain",
        "lament",
        "protest",
        "boast",
        "brag",
        "joke",
        "quip",
        "muse",
        "wonder",
        "testify",
        "recount",
        "mention",
        "stress",
        "emphasize",
        "emphasise",
        "underline",
        "highlight",
        "point",
        "continue",
        "conclude",
        "estimate",
        "believe",
        "think",
        "hope",
        "fear",
        "worry",
        "allege",
        "accuse",
        "charge",
        "criticize",
        "criticise",
        "blast",
        "slam",
        "praise",
        "demand",
        "propose",
        "recommend",
        "advise",
        "inform",
        "assure",
        "reassure",
        "signal",
        "indicate",
        "agree",
        "disagree",
        "concur",
        "object",
        "shout",
        "yell",
        "scream",
        "whisper",
        "mutter",
        "exclaim",
        "cry",
        "plead",
        "beg",
        "pray",
        "sing",
        "chant",
        "murmur",
        "tout",
        "declare",
        "proclaim",
        "affirm",
        "aver",
        "posit",
        "opine",
        "speculate",
        "theorize",
        "predict",
        "forecast",
        "project",
        "threaten",
        "acknowledge",
        "recommend",
        "explain",
        "instruct",
        "order",
        "command",
        "announce",
    ]
)
"""Lemmas of verbs that introduce speech or a stated position."""

CONTENT_ONLY_VERBS = frozenset(
    [
        "believe",
        "think",
        "hope",
        "fear",
        "worry",
        "wonder",
        "estimate",
        "indicate",
        "signal",
        "agree",
        "disagree",
        "concur",
    ]
)
"""Speech-like verbs that only count when they govern a content clause (`X believes that ...`)."""

OBJECT_STATEMENT_VERBS = frozenset(
    [
        "voice",
        "urge",
        "reiterate",
        "repeat",
        "demand",
        "propose",
        "recommend",
        "promise",
        "pledge",
        "vow",
        "deny",
        "confirm",
        "announce",
        "predict",
        "warn",
        "express",
        "welcome",
        "reject",
        "dismiss",
        "praise",
        "criticize",
        "criticise",
    ]
)
"""Verbs whose direct object can itself be the statement (`voiced Ankara's readiness to ...`)."""

PHRASAL_SPEECH_VERBS = frozenset(
    {
        ("go", "on"),
        ("chime", "in"),
        ("cut", "in"),
        ("break", "in"),
        ("fire", "back"),
        ("shoot", "back"),
        ("hit", "back"),
        ("weigh", "in"),
        ("pipe", "up"),
        ("speak", "up"),
        ("speak", "out"),
    }
)
"""Verb and particle that make a speech act together (`Trump went on`, `she fired back`)."""

QUOTING_VERBS = frozenset({"quote", "cite"})
"""`X quoted Y as saying ...`: the speaker is the object, the subject only relayed it."""

SPEECH_NOUNS = frozenset(
    [
        "statement",
        "interview",
        "remarks",
        "comments",
        "speech",
        "tweet",
        "post",
        "letter",
        "op-ed",
        "editorial",
        "briefing",
        "conference",
        "release",
        "email",
        "message",
        "press",
    ]
)

PERSON_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "father",
        "sister",
        "brother",
        "president",
        "vice",
        "prime",
        "minister",
        "secretary",
        "senator",
        "sen",
        "rep",
        "representative",
        "congressman",
        "congresswoman",
        "governor",
        "gov",
        "mayor",
        "judge",
        "justice",
        "chief",
        "chairwoman",
        "chair",
        "ceo",
        "director",
        "general",
        "gen",
        "gov",
        "col",
        "lt",
        "capt",
        "sgt",
        "adm",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "sheikh",
        "ayatollah",
        "chancellor",
        "premier",
        "ambassador",
        "commissioner",
        "speaker",
        "leader",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "official",
        "deputy",
        "former",
        "acting",
        "late",
        "first",
        "lady",
        "attorney",
        "sheriff",
        "coach",
        "professor",
        "candidate",
        "nominee",
    ]
)
"""Words that may stand before a name as a title or role and are not part of the name."""

PERSON_ROLE_NOUNS = frozenset(
    [
        "official",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "minister",
        "president",
        "secretary",
        "senator",
        "representative",
        "governor",
        "mayor",
        "judge",
        "justice",
        "chairwoman",
        "chair",
        "director",
        "chief",
        "ambassador",
        "commissioner",
        "leader",
        "adviser",
        "advisor",
        "aide",
        "diplomat",
        "envoy",
        "negotiator",
        "lawyer",
        "attorney",
        "economist",
        "analyst",
        "expert",
        "professor",
        "researcher",
        "scientist",
        "doctor",
        "officer",
        "commander",
        "general",
        "colonel",
        "lieutenant",
        "captain",
        "sergeant",
        "soldier",
        "activist",
        "campaigner",
        "candidate",
        "nominee",
        "founder",
        "executive",
        "manager",
        "head",
        "member",
        "lawmaker",
        "legislator",
        "congressman",
        "congresswoman",
        "strategist",
        "pollster",
        "consultant",
        "author",
        "writer",
        "journalist",
        "reporter",
        "editor",
        "columnist",
        "host",
        "anchor",
        "resident",
        "witness",
        "victim",
        "father",
        "mother",
        "son",
        "daughter",
        "wife",
        "husband",
        "brother",
        "sister",
        "friend",
        "woman",
        "man",
        "girl",
        "boy",
        "student",
        "teacher",
        "worker",
        "farmer",
        "owner",
        "chancellor",
        "premier",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "cleric",
        "priest",
        "rabbi",
        "imam",
        "bishop",
        "coach",
        "player",
        "president-elect",
    ]
)
"""Heads of noun phrases that denote a person (so a name in apposition to them is a person)."""

ORG_WORDS = frozenset(
    [
        "ministry",
        "agency",
        "news",
        "party",
        "council",
        "committee",
        "commission",
        "company",
        "corporation",
        "corp",
        "inc",
        "ltd",
        "llc",
        "group",
        "bank",
        "university",
        "college",
        "institute",
        "foundation",
        "association",
        "union",
        "department",
        "office",
        "bureau",
        "service",
        "services",
        "court",
        "board",
        "authority",
        "administration",
        "government",
        "army",
        "navy",
        "police",
        "force",
        "forces",
        "times",
        "post",
        "press",
        "journal",
        "tribune",
        "herald",
        "reuters",
        "network",
        "tv",
        "television",
        "radio",
        "channel",
        "club",
        "team",
        "federation",
        "league",
        "organization",
        "organisation",
        "center",
        "centre",
        "fund",
        "trust",
        "campaign",
        "church",
        "school",
        "hospital",
        "parliament",
        "senate",
        "congress",
        "assembly",
        "kremlin",
        "pentagon",
        "cabinet",
        "embassy",
        "consulate",
        "airlines",
        "airways",
        "motors",
        "systems",
        "media",
        "productions",
        "records",
        "studios",
        "pictures",
        "entertainment",
        "holdings",
        "industries",
        "enterprises",
        "technologies",
        "laboratories",
        "coalition",
        "alliance",
        "collective",
    ]
)
"""Name words that mark an organisation rather than a person."""

ORG_SPEAKER_NOUNS = frozenset(
    [
        "ministry",
        "agency",
        "government",
        "administration",
        "office",
        "department",
        "campaign",
        "committee",
        "company",
        "newspaper",
        "paper",
        "outlet",
        "network",
        "channel",
        "report",
        "study",
        "survey",
        "poll",
        "statement",
        "court",
    ]
)

EVENT_NOUNS = {
    "talk": "talks",
    "talks": "talks",
    "negotiation": "talks",
    "negotiations": "talks",
    "dialogue": "talks",
    "process": "talks",
    "track": "talks",
    "format": "talks",
    "summit": "summit",
    "meeting": "summit",
    "conference": "conference",
    "war": "war",
    "conflict": "war",
    "invasion": "war",
    "ceasefire": "ceasefire",
    "truce": "ceasefire",
    "election": "election",
    "elections": "election",
    "referendum": "referendum",
    "deal": "deal",
    "agreement": "deal",
    "accord": "deal",
    "treaty": "deal",
    "sanction": "sanctions",
    "sanctions": "sanctions",
    "protest": "protests",
    "protests": "protests",
    "crisis": "crisis",
    "earthquake": "earthquake",
    "flood": "floods",
    "floods": "floods",
    "attack": "attack",
    "strike": "strikes",
    "strikes": "strikes",
    "bombing": "attack",
    "shooting": "shooting",
}
"""Event nouns that, with a place, name a topic ("talks in Istanbul" → "Istanbul talks")."""

PAIRED_EVENTS = frozenset({"war", "talks", "deal", "ceasefire"})
"""Events between two parties, named by both places sorted ("Russia-Ukraine war")."""

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

COURTESY_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame"})
"""Titles before a surname (`Mr. Devine`): what follows is a person's name, and no role."""
PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "we", "they", "them", "it"})

MALE_WORDS = frozenset({"he", "him", "his", "himself", "mr", "mr.", "sir", "lord", "king"})
FEMALE_WORDS = frozenset(
    {"she", "her", "hers", "herself", "mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "queen"}
)

MALE_ROLE_WORDS = frozenset(
    {
        "spokesman",
        "congressman",
        "businessman",
        "husband",
        "father",
        "son",
        "brother",
        "uncle",
        "nephew",
        "grandfather",
        "widower",
        "boyfriend",
        "man",
        "boy",
        "prince",
        "king",
        "councilman",
        "assemblyman",
        "alderman",
        "anchorman",
        "frontman",
        "sportsman",
    }
)
"""Role nouns that tell a person's gender ("his wife, Jane" is female; "the spokesman" male)."""
FEMALE_ROLE_WORDS = frozenset(
    {
        "spokeswoman",
        "congresswoman",
        "businesswoman",
        "chairwoman",
        "wife",
        "mother",
        "daughter",
        "sister",
        "aunt",
        "niece",
        "grandmother",
        "widow",
        "girlfriend",
        "woman",
        "girl",
        "princess",
        "queen",
        "actress",
        "councilwoman",
        "assemblywoman",
        "anchorwoman",
        "sportswoman",
        "first lady",
        "lady",
    }
)

THOUGHT_VERBS = frozenset(
    ["think", "believe", "hope", "fear", "worry", "wonder", "feel", "expect", "suspect", "indicate"]
)
"""Cues of a belief or an impression rather than of speech: `he thinks X` reports no statement,
so they give no indirect statement (a direct quote they introduce is still attributed)."""

OBJECT_REPORT_VERBS = frozenset(
    [
        "report",
        "reveal",
        "disclose",
        "note",
        "cite",
        "describe",
        "detail",
        "tout",
        "mention",
        "highlight",
        "stress",
        "emphasize",
        "emphasise",
        "acknowledge",
        "admit",
        "dismiss",
        "accuse",
        "blame",
        "claim",
    ]
)
"""More verbs whose direct object is what was said (`police reported 906 attacks`), besides
OBJECT_STATEMENT_VERBS."""

CHARGE_PREPOSITIONS = {"accuse": "of", "blame": "for", "criticize": "for", "criticise": "for"}
"""`accused Smith of lying`: the statement is the object with this prepositional phrase."""

TOPIC_PREPOSITIONS = {
    "warn": frozenset({"of", "about", "against"}),
    "point": frozenset({"to"}),
    "talk": frozenset({"about"}),
    "speak": frozenset({"about", "of"}),
    "complain": frozenset({"about", "of"}),
    "comment": frozenset({"on"}),
    "write": frozenset({"about"}),
    "boast": frozenset({"of", "about"}),
    "brag": frozenset({"about"}),
    "joke": frozenset({"about"}),
    "argue": frozenset({"for", "against"}),
    "testify": frozenset({"about"}),
}
"""`warned of a crisis`, `pointed to the deficit`: speech verbs whose prepositional object is
the gist of what was said."""

AS_REPORT_VERBS = frozenset(
    [
        "say",
        "report",
        "note",
        "point",
        "write",
        "tell",
        "explain",
        "observe",
        "remark",
        "mention",
        "state",
        "recall",
        "reveal",
        "disclose",
        "acknowledge",
        "admit",
        "confirm",
        "argue",
        "claim",
        "insist",
        "stress",
        "emphasize",
        "emphasise",
        "announce",
        "testify",
        "tweet",
        "post",
        "add",
        "conclude",
    ]
)
"""Cues that attribute a whole clause from an `as` clause (`as the paper reported, ...`); with
others `as` tells how rather than who (`a tax, as Sanders proposes`, `as he promised`)."""

STANCE_VERBS = frozenset(["express", "voice"])
"""`expressed concern that ...`: verbs that state a position through a noun and its clause."""

STANCE_NOUNS = frozenset(
    [
        "concern",
        "alarm",
        "doubt",
        "outrage",
        "hope",
        "confidence",
        "fear",
        "worry",
        "frustration",
        "optimism",
        "skepticism",
        "scepticism",
        "regret",
        "surprise",
        "disappointment",
        "dismay",
        "anger",
        "belief",
        "conviction",
        "certainty",
        "satisfaction",
        "relief",
    ]
)
"""Objects of a stance verb whose `that` clause is what was said (`voiced alarm that ...`)."""

QUANTIFIER_SUBJECTS = frozenset(
    [
        "one",
        "another",
        "others",
        "some",
        "many",
        "most",
        "few",
        "several",
        "both",
        "all",
        "each",
        "either",
        "neither",
        "none",
    ]
)
"""`another says ...`, `most said ...`: pronoun-like subjects that are the speakers as written."""

PRINCIPAL_NOUNS = frozenset(
    ["campaign", "administration", "camp", "spokesman", "spokeswoman", "spokesperson", "aide"]
)
"""`the Clinton campaign said`, `a spokesman for Obama said`: people or bodies that speak for
the person named with them."""

REPORT_NOUNS = frozenset(
    [
        "calculation",
        "tally",
        "count",
        "analysis",
        "data",
        "survey",
        "poll",
        "study",
        "estimate",
        "figure",
        "report",
        "review",
        "record",
        "filing",
        "summary",
    ]
)
"""`according to calculations by X`, `an AP tally`: documents whose author is the source."""

HEARER_VERBS = frozenset(["tell", "inform", "assure", "remind", "ask", "warn", "advise", "brief"])
"""Speech verbs whose object is the hearer (`told reporters`), not something said."""

NAMING_NOUNS = frozenset(
    [
        "term",
        "word",
        "phrase",
        "expression",
        "slogan",
        "tagline",
        "motto",
        "name",
        "nickname",
        "label",
        "hashtag",
        "title",
        "song",
        "film",
        "movie",
        "book",
        "novel",
        "album",
        "series",
        "brand",
        "category",
        "option",
        "button",
        "setting",
        "mode",
    ]
)
"""`the term "X"`, `the song "X"`: a noun that introduces a quoted name, not quoted speech
(matched on the word as written: `the words "..."` introduce what someone wrote)."""

NAMING_VERBS = frozenset(
    ["dub", "nickname", "name", "title", "label", "rename", "christen", "entitle", "style"]
)
"""`dubbed "X"`, `a plan named "X"`: verbs that give a name; `call` names only when nobody is
its subject (`what is called "X"`), see `partials`."""

REFERENCE_VERBS = frozenset(
    [
        "praise",
        "criticize",
        "criticise",
        "welcome",
        "reject",
        "dismiss",
        "cite",
        "mention",
        "highlight",
        "describe",
        "detail",
        "tout",
        "stress",
        "emphasize",
        "emphasise",
        "acknowledge",
        "admit",
        "note",
        "blame",
        "accuse",
    ]
)
"""Speech verbs whose noun-phrase object is what they talk about, not what they state:
`praised the electoral body`, `cited his proximity to the president` (with a verb in it the
object is a statement again: `acknowledged having met him`). `reported 906 attacks` and
`proposed a tax on trading` state a fact or a proposal and are not here."""

STANCE_ACT_VERBS = frozenset(
    [
        "condemn",
        "denounce",
        "deplore",
        "welcome",
        "applaud",
        "hail",
        "reject",
        "regret",
        "oppose",
        "support",
        "endorse",
        "back",
        "vilify",
        "betray",
        "object",
        "apologize",
        "apologise",
    ]
)
"""`France “condemned” the coup`: verbs that take a public position; quoted as the writer's
verb, the quotation marks vouch that the subject used that very word."""

REQUEST_VERBS = frozenset(
    ["urge", "ask", "tell", "call", "warn", "advise", "instruct", "order", "beg", "plead"]
)
"""`urged parliament to approve the budget`: speech verbs whose hearer is the object and whose
infinitive is what was asked for; the statement is the infinitive, not the hearer."""

DEMAND_PREPOSITIONS = {
    "call": frozenset({"for"}),
    "ask": frozenset({"for"}),
    "plead": frozenset({"for"}),
    "beg": frozenset({"for"}),
    "demand": frozenset({"for"}),
}
"""`called for an immediate halt to the layoffs`: the prepositional object is what was asked
for, as `TOPIC_PREPOSITIONS` gives what was spoken about."""

QUESTION_VERBS = frozenset(["ask", "wonder", "inquire", "enquire", "question", "query"])
"""`Asked whether he would resign, ...`: verbs whose `whether`/`if`/wh- clause is a question
put to someone, not a statement of the asker's (nor of whoever answers)."""

QUESTION_WORDS = frozenset(
    ["whether", "if", "why", "how", "what", "when", "where", "who", "whom", "which", "whose"]
)

BACK_POINTING_NOUNS = frozenset(
    [
        "word",
        "pledge",
        "promise",
        "warning",
        "remark",
        "comment",
        "message",
        "statement",
        "verdict",
        "assessment",
        "plea",
        "appeal",
        "vow",
        "admission",
        "boast",
        "claim",
    ]
)
"""`Those were the words of Jane Roe`, `The warning came from ...`: nouns for something said
that, with a definite determiner, point back at the quotation just before."""

ORG_DESCRIPTION_NOUNS = frozenset(
    [
        "company",
        "firm",
        "group",
        "agency",
        "utility",
        "label",
        "organisation",
        "organization",
        "coalition",
        "union",
        "ministry",
        "department",
        "office",
        "committee",
        "network",
        "newspaper",
        "outlet",
        "broadcaster",
        "publisher",
        "channel",
        "club",
        "team",
        "party",
        "airline",
        "carrier",
        "bank",
        "lender",
        "insurer",
        "charity",
        "watchdog",
        "regulator",
        "retailer",
        "giant",
        "startup",
        "manufacturer",
        "carmaker",
        "automaker",
        "developer",
        "operator",
        "platform",
        "studio",
        "council",
        "board",
        "commission",
        "authority",
        "foundation",
        "institute",
        "university",
        "hospital",
        "body",
        "movement",
        "alliance",
        "association",
        "federation",
        "league",
        "consortium",
        "conglomerate",
        "chain",
        "brand",
        "service",
        "organiser",
        "organizer",
    ]
)
"""`the company said`, `the group added`: words for a kind of organisation that, definite,
refer back to the organisation the article named in that role (or the one it is about)."""

ORG_OFFICE_ONLY_NOUNS = frozenset(
    [
        "government",
        "administration",
        "court",
        "police",
        "military",
        "army",
        "ministry",
        "newspaper",
        "paper",
        "outlet",
        "broadcaster",
        "network",
        "channel",
        "publisher",
        "commission",
        "university",
        "hospital",
    ]
)
"""`the government said`, `the newspaper wrote`: bodies that the article need not have named
(a country's government, the court of a case) or that it names beside others as sources (the
outlets it cites); they refer back only to an organisation named with that word."""

DOCUMENT_NOUNS = frozenset(
    ["statement", "letter", "release", "email", "memo", "message", "tweet", "post", "note"]
)
"""`the statement said`: a document speaks for whoever issued it (`X said in a statement`,
`X issued a statement`, `a statement from X`)."""

ISSUING_VERBS = frozenset(
    ["issue", "release", "send", "publish", "post", "write", "sign", "put", "share", "email"]
)
"""Verbs whose subject is the author of the document they take as object."""

PERSON_DESCRIPTION_NOUNS = frozenset(
    [
        "boss",
        "star",
        "actor",
        "actress",
        "singer",
        "musician",
        "artist",
        "veteran",
        "suspect",
        "defendant",
        "aunt",
        "uncle",
        "grandmother",
        "grandfather",
        "nephew",
        "niece",
        "cousin",
        "widow",
        "striker",
        "midfielder",
        "defender",
        "goalkeeper",
        "forward",
        "winger",
        "champion",
        "athlete",
        "politician",
        "businessman",
        "businesswoman",
        "entrepreneur",
        "billionaire",
        "tycoon",
        "novelist",
        "poet",
        "director",
        "filmmaker",
        "producer",
        "comedian",
        "rapper",
        "lawmaker",
        "physician",
        "surgeon",
        "nurse",
        "survivor",
        "mother-of-two",
        "father-of-two",
        "prisoner",
        "inmate",
        "refugee",
        "migrant",
        "teenager",
        "youngster",
        "pensioner",
    ]
)
"""Descriptions that, definite and singular (`the suspect`, `the Portuguese boss`), refer back
to the person the article is about, where `PERSON_ROLE_NOUNS` name an office someone holds."""

ANONYMOUS_ROLE_NOUNS = frozenset(
    [
        "official",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "aide",
        "adviser",
        "advisor",
        "lawyer",
        "attorney",
        "expert",
        "analyst",
        "economist",
        "witness",
        "resident",
        "source",
        "member",
        "worker",
        "student",
        "teacher",
        "researcher",
        "scientist",
        "doctor",
        "officer",
        "soldier",
        "activist",
        "campaigner",
        "strategist",
        "pollster",
        "consultant",
        "journalist",
        "reporter",
        "friend",
        "insider",
        "spokesperson",
        "representative",
        "owner",
        "farmer",
        "host",
        "anchor",
    ]
)
"""`the spokesman said`, `an official said`: roles that news gives people it does not name,
beside the person the story is about; with no one named in that role they stay unresolved
rather than falling back to whoever the article is about."""

RULER_TITLES = frozenset(["emir", "emira", "sultan", "sultana", "sheikha", "shah", "khan", "tsar"])
"""Titles of rulers missing from `PERSON_TITLES`: `Emir Tamim` is Tamim, in the role of emir."""

ROLE_QUALIFIERS = frozenset(
    [
        "crown",
        "federal",
        "assistant",
        "deputy",
        "vice",
        "prime",
        "foreign",
        "interior",
        "home",
        "defence",
        "defense",
        "finance",
        "health",
        "education",
        "justice",
        "state",
        "senior",
        "junior",
        "acting",
        "former",
        "grand",
        "supreme",
        "high",
        "chief",
        "police",
        "of",
        "the",
        "for",
        "and",
        "first",
        "lord",
        "general",
        "attorney",
        "labour",
        "trade",
        "culture",
        "environment",
        "economy",
        "energy",
        "agriculture",
        "transport",
        "press",
        "information",
        "public",
        "security",
        "national",
        "regional",
        "provincial",
        "district",
        "county",
        "city",
        "municipal",
        "army",
        "navy",
        "air",
        "force",
        "staff",
        "joint",
        "executive",
        "managing",
        "heir",
        "apparent",
        "opposition",
        "party",
    ]
)
"""Words that qualify a role (`Federal Chancellor`, `Assistant Commissioner of Police`): a
phrase of these and role words alone names a role, never a person."""

NAME_PARTICLES = frozenset(
    [
        "bin",
        "bint",
        "ibn",
        "al",
        "el",
        "abu",
        "ben",
        "da",
        "de",
        "di",
        "do",
        "dos",
        "das",
        "del",
        "della",
        "degli",
        "du",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "ter",
        "ten",
        "zu",
        "y",
        "e",
    ]
)
"""Lowercase words inside names (`bin Hamad`, `da Silva`, `von der Leyen`): parts of the name,
not role words before it."""

RELATIONAL_ROLE_NOUNS = frozenset(
    [
        "father",
        "mother",
        "son",
        "daughter",
        "wife",
        "husband",
        "brother",
        "sister",
        "friend",
        "aide",
        "adviser",
        "advisor",
        "lawyer",
        "attorney",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "deputy",
        "assistant",
        "envoy",
        "representative",
    ]
)
"""Roles held towards someone else (`the wife of X`, `a lawyer for X`): the person named at the
end of such a phrase is the other one, not the holder."""

MEDIA_NAME_WORDS = frozenset(
    ["press", "presse", "news", "newswire", "broadcasting", "radio", "television", "media"]
)
"""Words of a news outlet's full name (`Associated Press`, `British Broadcasting
Corporation`): an outlet's initials are its masthead (AP, BBC), the name it is cited by."""

AUTHORED_NOUNS = frozenset(
    [
        "document",
        "testimony",
        "filing",
        "affidavit",
        "paper",
        "article",
        "column",
        "essay",
        "op-ed",
        "speech",
        "remarks",
        "blog",
        "presentation",
        "deposition",
        "submission",
        "transcript",
    ]
)
"""Things someone wrote or gave that may speak in a report (`Cooke's testimony concluded
that ...`, `according to a document she prepared`), besides `DOCUMENT_NOUNS` and
`REPORT_NOUNS`: they speak for their author when the phrase names one."""

AUTHORING_VERBS = frozenset(
    [
        "prepare",
        "draft",
        "file",
        "submit",
        "give",
        "author",
        "compile",
        "deliver",
        "present",
        "produce",
        "pen",
        "sign",
        "issue",
        "release",
        "send",
        "publish",
        "post",
        "write",
        "share",
        "email",
    ]
)
"""`a document she prepared`, `an email sent by the chairman`: verbs whose subject (or agent)
is the author of the document they describe; `a report Smith criticized` names no author."""

CHARGE_VERBS = frozenset(CHARGE_PREPOSITIONS) | {"condemn", "fault"}
"""`accused Beijing of ...`: verbs whose object is the one spoken about, never an inverted
speaker (`“...,” added Murphy`)."""

CLAUSE_SPEECH_VERBS = frozenset(
    ["dispute", "contest", "rebut", "refute", "volunteer", "hint", "swear", "guarantee"]
)
"""Verbs that report speech only with a content clause (`disputed that he was estranged`,
`volunteered that they had written`); without one they are no cue (`disputed the bill`)."""

ABBREVIATED_TITLES = frozenset(
    [
        "capt",
        "cpt",
        "col",
        "lt",
        "gen",
        "maj",
        "brig",
        "sgt",
        "cpl",
        "pvt",
        "adm",
        "cmdr",
        "cdr",
        "supt",
        "insp",
        "det",
        "cmdt",
        "gov",
        "sen",
        "rep",
        "amb",
        "prof",
        "rev",
        "hon",
        "dr",
    ]
)
"""Titles written short with a full stop (`Navy Capt. Ravi Menon`, `Supt. Anil Kumar`): the
small model often ends the sentence at the stop, leaving the title as the speaker and the
name in a sentence of its own."""

DESCRIBING_VERBS = frozenset(
    [
        "describe",
        "brand",
        "label",
        "dub",
        "portray",
        "characterize",
        "characterise",
        "depict",
        "paint",
        "cast",
        "denounce",
        "hail",
    ]
)
"""`described Okonkwo as “a liar”`: verbs whose object is the one described, never an inverted
speaker, however the parse hangs the verb."""

STAFF_BODY_STEMS = {
    "prosecutor": ("prosecut", "attorney", "procura"),
    "auditor": ("audit",),
    "regulator": ("regulat",),
    "inspector": ("inspect",),
    "investigator": ("investigat",),
}
"""`prosecutors said`, `auditors found`: the staff of a body, speaking for it; the words that
begin a word of that body's name (`Prosecutors' Office`, `Crown Prosecution Service`,
`District Attorney's Office`, `Procuratorate`, `National Audit Office`)."""
