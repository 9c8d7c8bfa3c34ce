"""Person-name comparison shared by the in-article resolver and the cross-article store.

Two names are one person when they are *spellings* of one name: what transliteration,
diacritics and house styles make of it (Dmitri/Dmitry, Aleksandr/Alexander,
Zelenskiy/Zelenskyy, Mohamed/Mohammed, Schröder/Schroeder). Each word is rewritten to a
spelling key by a few transliteration rules, and keys must be equal or one edit apart, where
the edit is itself a spelling difference (a vowel more or less inside a long word, y for i in
a long word). Edit distance alone, or a sounds-alike code (Soundex, Metaphone), would also
join different common names that differ by a letter or sound alike: Harris/Morris,
Miller/Mills, Miller/Müller, Hansen/Hanson, Christina/Christine, Smith/Smyth.
"""

import calendar
import re
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from app.ingest.lexicon import NAME_PARTICLES, ORG_WORDS, PERSON_ROLE_NOUNS, PERSON_TITLES
from app.text import fold

SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})

NAME_CACHE_SIZE = 65_536
"""Names whose folded words are kept: the resolver and the store compare every name with many
others, and folding (`anyascii`, a regex) was most of what a comparison cost."""

VOWELS = frozenset("aeiouy")

MIN_VOWEL_EDIT_LENGTH = 6
"""A vowel more or less is a spelling difference only in a word this long (Rouhani/Rohani,
Mueller/Müller): in short words one vowel makes another name."""

MIN_Y_FOR_I_LENGTH = 7
"""y for i inside a word is a transliteration difference in long words (Yanukovych/Yanukovich);
in short English names it is another name (Smith/Smyth, Lynn/Linn)."""

_SPELLING_RULES = (
    # Cyrillic х is kh or h (Mikhail/Mihail); not at the start, where Khan and Han differ
    (re.compile(r"(?<=.)kh"), "h"),
    # кс is ks or x (Aleksei/Alexei, Ksenia/Xenia); not at the end, where Marks and Marx differ
    (re.compile(r"ks(?=.)"), "x"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck"), "k"),
    # Cyrillic е at the start is ye or e (Yevgeny/Evgeny)
    (re.compile(r"^ye"), "e"),
    # й and ий at the end: Dmitri/Dmitry, Sergei/Sergey, Zelenskiy/Zelenskyy/Zelensky/Zelenskyi
    (re.compile(r"(?:iy|yy|ii|yi|ij|yj|y)$"), "i"),
    # ия at the end: Yuliya/Yulia, Natalya/Natalia
    (re.compile(r"(?:iya|(?<=[^aeiou])ya)$"), "ia"),
    # й after a vowel inside a word: Shoygu/Shoigu
    (re.compile(r"(?<=[aeou])y"), "i"),
    # ie for y at the end of a longer name: Kellie/Kelly (not Marie/Mary)
    (re.compile(r"(?<=.{4})ie$"), "i"),
    # doubled letters: Mohammed/Mohamed, Matthews/Mathews
    (re.compile(r"(.)\1+"), r"\1"),
)


@lru_cache(maxsize=NAME_CACHE_SIZE)
def _tokens(name: str) -> tuple[str, ...]:
    return tuple(fold(name).split())


def name_tokens(name: str) -> list[str]:
    return list(_tokens(name))


@lru_cache(maxsize=NAME_CACHE_SIZE)
def _words(name: str) -> tuple[str, ...]:
    """The folded words of a name without suffixes (Jr., III): given names, then the surname."""
    return tuple(t for t in _tokens(name) if t not in SUFFIXES)


def surname_key(name: str) -> str:
    words = _words(name)
    return words[-1] if words else ""


@lru_cache(maxsize=NAME_CACHE_SIZE)
def spelling(word: str) -> str:
    """The spelling key of one folded word: spellings of one name that differ only by a
    transliteration or house-style rule get one key (`zelenskyy`, `zelenskiy` → `zelenski`)."""
    for pattern, replacement in _SPELLING_RULES:
        word = pattern.sub(replacement, word)
    return word


def surname_spelling(name: str) -> str:
    """The surname's spelling key without its vowels after the first letter: every surname
    `same_spelling` joins to this one has it (the edits it allows are vowels: one more or less,
    y for i), so the store compares a new person only with the people stored under it
    ("Rouhani", "Rohani" → `rhn`)."""
    key = spelling(surname_key(name))
    return key[:1] + "".join(ch for ch in key[1:] if ch not in VOWELS)


def same_spelling(a: str, b: str) -> bool:
    """Whether two folded words are spellings of one name: equal spelling keys, or keys one
    edit apart where the edit is a spelling difference (Aleksandr/Alexander: an `e` more)."""
    ka, kb = spelling(a), spelling(b)
    if ka == kb:
        return True
    if Levenshtein.distance(ka, kb, score_cutoff=1) > 1:
        return False
    [op] = Levenshtein.editops(ka, kb)
    longer = max(ka, kb, key=len)
    if op.tag == "replace":
        pair = {ka[op.src_pos], kb[op.dest_pos]}
        inside = 0 < op.src_pos < len(ka) - 1
        return pair == {"i", "y"} and inside and len(longer) >= MIN_Y_FOR_I_LENGTH
    # an insertion or a deletion: the letter that one key has and the other has not
    at = op.dest_pos if op.tag == "insert" else op.src_pos
    letter = kb[at] if op.tag == "insert" else ka[at]
    return letter in VOWELS and 0 < at < len(longer) - 1 and len(longer) >= MIN_VOWEL_EDIT_LENGTH


def _given_names_agree(a: str, b: str) -> bool:
    """One given name spelled two ways, or an initial and a name it can stand for (J./John)."""
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return same_spelling(a, b)


def _middle_initials_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Middle initials tell people apart (George W. Bush, George H. W. Bush) when both names
    give nothing else; a middle name written out may be a second surname, so it never
    conflicts (Andrés Manuel López Obrador, Andrés López Obrador)."""
    if not a or not b or any(len(t) > 1 for t in a + b):
        return True
    return a == b


def same_person(a: str, b: str) -> bool:
    """Whether two names denote one person: surnames that are spellings of one name, and
    given names that agree (Hillary vs Bill Clinton do not; J. and John Smith do)."""
    ta, tb = _words(a), _words(b)
    if not ta or not tb or not same_spelling(ta[-1], tb[-1]):
        return False
    given_a, given_b = ta[:-1], tb[:-1]
    if not given_a or not given_b:
        return True
    return _given_names_agree(given_a[0], given_b[0]) and _middle_initials_agree(
        given_a[1:], given_b[1:]
    )


# What a name is not: the word classes that the extractor sometimes hands over as a name.

PRONOUNS = frozenset(
    [
        "i",
        "me",
        "my",
        "mine",
        "myself",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "he",
        "him",
        "his",
        "himself",
        "she",
        "her",
        "hers",
        "herself",
        "it",
        "its",
        "itself",
        "we",
        "us",
        "our",
        "ours",
        "ourselves",
        "they",
        "them",
        "their",
        "theirs",
        "themselves",
        "one",
        "who",
        "whom",
        "whose",
        "someone",
        "somebody",
        "anyone",
        "anybody",
        "everyone",
        "everybody",
        "nobody",
        "none",
        "this",
        "that",
        "these",
        "those",
    ]
)

DATE_WORDS = frozenset(
    fold(word)
    for names in (calendar.month_name, calendar.month_abbr, calendar.day_name, calendar.day_abbr)
    for word in names
    if word
)
"""English month and weekday names and their abbreviations (`calendar` in the C locale)."""

ROLE_WORDS = (
    PERSON_TITLES
    | PERSON_ROLE_NOUNS
    | frozenset(
        [
            "emir",
            "amir",
            "sultan",
            "shah",
            "crown",
            "monarch",
            "sovereign",
            "caliph",
            "mufti",
            "grand",
            "vice",
            "deputy",
            "assistant",
            "associate",
            "senior",
            "junior",
            "chief",
            "head",
            "acting",
            "interim",
            "former",
            "federal",
            "national",
            "state",
            "foreign",
            "interior",
            "home",
            "defence",
            "defense",
            "finance",
            "justice",
            "health",
            "education",
            "trade",
            "economy",
            "labour",
            "labor",
            "energy",
            "environment",
            "culture",
            "information",
            "communications",
            "transport",
            "agriculture",
            "affairs",
            "security",
            "public",
            "prosecutor",
            "attorney",
            "police",
            "inspector",
            "superintendent",
            "constable",
            "detective",
            "marshal",
            "councillor",
            "councilor",
            "alderman",
            "mp",
            "mep",
            "envoy",
            "consul",
            "commissioner",
            "commander",
            "admiral",
            "brigadier",
            "major",
            "colonel",
            "captain",
            "lieutenant",
            "sergeant",
            "corporal",
            "chairman",
            "chairwoman",
            "chairperson",
            "ceo",
            "cfo",
            "coo",
            "cto",
            "founder",
            "duke",
            "duchess",
            "earl",
            "baron",
            "majesty",
            "highness",
            "excellency",
            "royal",
            "cardinal",
            "archbishop",
            "ayatollah",
            "pastor",
            "reverend",
            "magistrate",
            "coroner",
            "supervisor",
            "treasurer",
            "whip",
            "adviser",
            "advisor",
            "actress",
            "actor",
            "anchor",
            "editor",
            "author",
        ]
    )
)
"""Titles, roles and the words that qualify them ("Federal", "Crown", "Assistant"): a name made
only of these (and `ROLE_JOINERS`) is a role, and a name's leading ones are its bearer's role."""

ROLE_JOINERS = frozenset(["of", "the", "for", "and", "his", "her"])
"""Words inside a role that are no role themselves ("Commissioner of Police", "His Highness")."""

CREDIT_WORDS = frozenset(
    [
        "photo",
        "photos",
        "photograph",
        "photographer",
        "picture",
        "pictures",
        "image",
        "images",
        "pool",
        "getty",
        "shutterstock",
        "alamy",
        "handout",
        "file",
        "stringer",
        "credit",
        "courtesy",
        "illustration",
        "caption",
        "video",
        "screenshot",
        "screengrab",
    ]
)
"""What picture credits and captions are made of ("Photo: Pool / Getty Images")."""

PARTICLES = NAME_PARTICLES | frozenset(["st"])
"""Lower-case words inside a surname ("da Silva", "von der Leyen", "bin Laden", "Al Thani",
"Ortega y Gasset"): part of the surname, never a surname alone."""


ORG_ENDINGS = ORG_WORDS | frozenset(
    [
        "forum",
        "summit",
        "conference",
        "allah",
        "movement",
        "front",
        "brigade",
        "brigades",
        "alliance",
        "coalition",
        "tribunal",
        "secretariat",
        "initiative",
        "partnership",
        "observatory",
        "academy",
        "society",
    ]
)
"""Last words that make a name an organisation's or an event's ("Doha Forum", "Ansar Allah"),
whatever the NER model called it."""

HONORIFICS = PERSON_TITLES | frozenset(
    [
        "admiral",
        "chairman",
        "emir",
        "amir",
        "sultan",
        "prosecutor",
        "superintendent",
        "inspector",
        "archbishop",
        "cardinal",
        "pastor",
        "reverend",
        "brigadier",
        "colonel",
        "captain",
        "lieutenant",
        "sergeant",
        "commander",
        "marshal",
    ]
)
"""Titles that stand before a bare surname ("Admiral Harris", "Chairman Gowdy"); not "Major"
or "Bishop", which are surnames as often as titles."""


def not_a_name(name: str) -> str | None:
    """Why `name` (as the extractor wrote it) cannot be a person's or an organisation's name,
    or None: a pronoun, a weekday or month, a role or title with no name ("Minister", "Crown
    Prince"), a picture credit, or a description (lower case, digits: "56-year-old")."""
    words = _tokens(name)
    if not words:
        return "description"
    acronym = len(words) == 1 and name.isupper() and len(name) > 1
    if len(words) == 1 and words[0] in PRONOUNS and not acronym:
        return "pronoun"
    if all(w in DATE_WORDS for w in words):
        return "date word"
    if is_role(name):
        return "role word"
    if all(w in CREDIT_WORDS for w in words):
        return "credit"
    if not starts_capitalised(name) or any(ch.isdigit() for ch in name):
        return "description"
    return None


def starts_capitalised(name: str) -> bool:
    """The name's first word after its particles is capitalised ("von der Leyen", "al-Rashid"
    are names; "physicians" is none)."""
    for word in name.split():
        head, _, tail = word.partition("-")
        if tail and fold(head) in PARTICLES:
            return tail[:1].isupper()
        if fold(word) not in PARTICLES:
            return word[:1].isupper()
    return False


NAME_JOINING_WORDS = frozenset(["of", "and", "for", "the", "&", "+"])
"""Small words that join the words of an organisation's name (`Bank of England`, `Procter &
Gamble`): they make a name longer to write, not longer to say who it is."""


def name_words(name: str) -> list[str]:
    """The words of a name that name (as written): not its particles ("bin", "al", "da", "von
    der") nor the small words joining an organisation's name ("of", "and", "&"), so that "Sheikh
    Khalid bin Hamad bin Abdullah Al Thani" has four and "Department of Health and Human
    Services" four. The first word always counts ("Al Gore", "Van Morrison")."""
    words = name.split()
    return [
        word
        for i, word in enumerate(words)
        if i == 0 or (fold(word) not in PARTICLES and word.lower() not in NAME_JOINING_WORDS)
    ]


def join_truncated(name: str, others: list[str]) -> str:
    """A name cut before its particle surname, joined to the surname written after it: the NER
    model's "Ursula von" with "von der Leyen" → "Ursula von der Leyen"."""
    words = name.split()
    if len(words) < 2 or fold(words[-1]) not in PARTICLES:
        return name
    for other in others:
        rest = other.split()
        if len(rest) > 1 and rest[0] == words[-1] and not starts_capitalised(rest[0]):
            return " ".join([*words[:-1], *rest])
    return name


def is_role(name: str) -> bool:
    """Whether every word of `name` is a title, a role or a word that qualifies one."""
    words = _tokens(name)
    return (
        bool(words)
        and all(w in ROLE_WORDS or w in ROLE_JOINERS for w in words)
        and any(w in ROLE_WORDS for w in words)
    )


def split_title(name: str, role: str | None) -> tuple[str, str | None]:
    """The name without the titles the NER model kept in it, and the role with them:
    ("Prosecutor Karim Khan", None) → ("Karim Khan", "Prosecutor"). Also the reverse slip,
    where the words before a name's last ones went to the role: ("Silva", "president Luiz
    Inácio Lula da") → ("Luiz Inácio Lula da Silva", "president").

    The reverse slip is taken only where the role ends in a particle ("da", "bin", "von der"),
    the sign that a name was cut: "Republican" before "Marco Rubio" is a role. An
    organisation keeps its first word ("National Golf Foundation").
    A leading title comes off only if a name of two words remains, or one capitalised word
    after a title proper ("Admiral Harris"), so that "Major" or "King" in a surname stays."""
    words = name.split()
    lead: list[str] = []
    organisation = fold(words[-1]) in ORG_ENDINGS if words else False
    while len(words) > 1 and fold(words[0]) in ROLE_WORDS and not organisation:
        rest = words[1:]
        if len(rest) < 2 and fold(words[0]) not in HONORIFICS:
            break
        lead.append(words.pop(0))
    tail: list[str] = []
    role_words = role.split() if role else []
    if role_words and fold(role_words[-1]) in PARTICLES:
        while role_words and _name_word(role_words[-1]):
            tail.insert(0, role_words.pop())
    new_role = " ".join([*role_words, *lead]) or None
    return " ".join([*tail, *words]), new_role


def _name_word(word: str) -> bool:
    """A word of a role that belongs to the name after it: capitalised and no role word, or
    a particle ("da", "von", "bin")."""
    key = fold(word)
    if not key or key in ROLE_WORDS or key in ROLE_JOINERS:
        return False
    return key in PARTICLES or (word[:1].isupper() and word[1:2].islower())


_SPACED_HYPHEN = re.compile(r"\s+([-‐‑–])\s+")
_NO_LETTER = re.compile(r"^[^\w]+$")
_NAME_ENDS = frozenset([":", ";", "|", "/", "•"])
"""Marks that no name runs across: what follows is another phrase."""


def tidy(name: str) -> str:
    """A name as written, with the tokenizer's spacing undone: "Holtz - Eakin" → "Holtz-Eakin",
    "Hillary ] Clinton" → "Hillary Clinton", "Luciana Lopez : Saying" → "Luciana Lopez", and a
    dateline's "(CNN)" cut off: "CNN)President Donald Trump" → "President Donald Trump". An
    ampersand between two words is a word of the name ("Procter & Gamble", "Marks & Spencer")."""
    joined = _SPACED_HYPHEN.sub(r"\1", name)
    joined = joined.rpartition(")")[2] if ")" in joined and "(" not in joined else joined
    written = joined.split()
    words = []
    for i, word in enumerate(written):
        if word in _NAME_ENDS:
            break
        joins = word in _JOINING_MARKS and bool(words) and _letters_after(written, i)
        if joins or not _NO_LETTER.match(word):
            words.append(word)
    return " ".join(words)


_JOINING_MARKS = frozenset(["&", "+"])
"""Marks that join the words of an organisation's name (`Procter & Gamble`, `Dolce + Gabbana`)."""


def _letters_after(words: list[str], index: int) -> bool:
    """Whether a word with letters follows `words[index]` before the name ends."""
    for word in words[index + 1 :]:
        if word in _NAME_ENDS:
            return False
        if not _NO_LETTER.match(word):
            return True
    return False


def surname_words(name: str) -> list[str]:
    """The surname as written with its particles: "Luiz Inácio Lula da Silva" → ["da",
    "Silva"], "Ursula von der Leyen" → ["von", "der", "Leyen"], "Majid al-Rashid" →
    ["al-Rashid"]."""
    words = [w for w in name.split() if fold(w) not in SUFFIXES]
    if not words:
        return []
    start = len(words) - 1
    while start > 1 and fold(words[start - 1]) in PARTICLES:
        start -= 1
    return words[start:]


def usual_parts(name: str) -> list[str]:
    """The shorter names a person of this full name is also called by, for search and for
    linking a later mention: the surname with its particles ("von der Leyen", "Al Thani"),
    and in a name of three words or more the word before it, the first surname of Spanish and
    Portuguese names ("Sánchez" of "Pedro Sánchez Pérez", "Lula" of "Luiz Inácio Lula da
    Silva"), alone and with the surname."""
    words = [w for w in name.split() if fold(w) not in SUFFIXES]
    if len(words) < 2:
        return []
    surname = surname_words(name)
    parts = [" ".join(surname), words[-1]]
    before = words[: len(words) - len(surname)]
    given = before[1:]
    if given and fold(given[-1]) not in PARTICLES and len(fold(given[-1])) > 1:
        parts += [given[-1], " ".join([given[-1], *surname])]
    return list(dict.fromkeys(p for p in parts if p))
