"""Resolution: one canonical name per person, organisation and place of an article.

Pure functions over the extractor's findings. Within an article a bare surname links to the
full name seen there ("Erdogan" → "Recep Tayyip Erdogan"); across articles `same_person`
decides whether two canonical names are one entity (the store applies it against the database).
"""

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache

from rapidfuzz.distance import Levenshtein

from app.ingest import gazetteer
from app.ingest.coref import name_gender as coref_name_gender
from app.ingest.document import EntityRef, ParsedArticle, PlaceRef, SpeakerRef, Statement
from app.ingest.extract import NameMention, RawStatement, SpeakerMention
from app.ingest.lexicon import COURTESY_TITLES, ORG_WORDS
from app.ingest.mentions import described_as_body
from app.ingest.names import (
    ORG_ENDINGS,
    ROLE_WORDS,
    join_truncated,
    name_tokens,
    name_words,
    not_a_name,
    same_person,
    same_spelling,
    split_title,
    starts_capitalised,
    surname_key,
    tidy,
    usual_parts,
)
from app.ingest.nlp import load_model
from app.text import fold

TITLE_WORDS = ROLE_WORDS | COURTESY_TITLES
"""Words before a name that make it a person's: titles and roles ("Senator", "Mr")."""

DEMONYM_ENDINGS = ("ian", "ese", "ish", "ans", "ians")
MAX_NAME_WORDS = 5
"""The most words that name (`names.name_words`: particles and joining words not counted) a
name may have; a longer run of capitals is a title, a slogan or the tagger's slip."""
MIN_MISSPELT_SURNAME = 5
"""A surname one letter off another named in the article is that name misspelt ("Rute" for
"Rutte") only if the full name's surname is this long: short surnames one letter apart are
other names (Rao/Roy, Bush/Rush)."""

OTHER_SPELLING_EDITS = 2
"""A place the NER model took for a person is one if written as the gazetteer's name or a
spelling of it (Mykolaiv, Mykolayiv; Kiev, Kyiv), not by another name of the town (Rosetta is
"Rashid" in Arabic, and so are many men)."""


def _plausible_name(name: str) -> bool:
    return (
        0 < len(name_words(name)) <= MAX_NAME_WORDS
        and starts_capitalised(name)
        and not any(ch.isdigit() for ch in name)
    )


@dataclass
class _Cluster:
    name: str
    kinds: Counter
    role: str | None
    aliases: set[str]
    mentions: int
    key: str = ""
    """`name` folded."""
    alias_keys: set[str] = field(default_factory=set)
    """`aliases` folded, kept so that finding each mention's cluster does not fold the names
    of every cluster again."""


def resolve_people(
    names: list[NameMention], statements: list[RawStatement]
) -> tuple[list[EntityRef], dict[str, str]]:
    """Cluster the article's names; return the entities and a surface → canonical name map."""
    surnames = person_surnames(names)
    given = person_given_names(names)
    surfaces = [
        n for n in names if _plausible_name(n.name) and not _is_place_name(n, surnames, given)
    ]
    for statement in statements:
        speaker = statement.speaker
        if speaker is not None and speaker.name and _plausible_name(speaker.name):
            place = _is_place_name(speaker, surnames, given)
            kind = "organization" if place else speaker.kind
            surfaces.append(NameMention(speaker.name, kind, speaker.start, speaker.role))
    named = [(mention, *_as_name(mention)) for mention in surfaces]
    full = [name for _mention, name, _role in named]
    named = [(mention, join_truncated(name, full), role) for mention, name, role in named]
    clusters: list[_Cluster] = []
    canonical: dict[str, str] = {}
    name_words = {
        word
        for _mention, name, _role in named
        if len(name.split()) > 1 and not_a_name(name) is None
        for word in name_tokens(name)
    }
    spelled = initials_spelled_out(statements)
    for mention, written, role in sorted(named, key=_clustering_order):
        name = spelled.get(written, written)
        if not _plausible_name(name) or not _may_be_named(name, name_words):
            continue
        key = fold(name)
        cluster = _find_cluster(clusters, name, key)
        if cluster is None:
            cluster = _Cluster(name, Counter(), None, set(), 0, key)
            clusters.append(cluster)
        cluster.kinds[mention.kind] += 1
        cluster.role = cluster.role or role
        cluster.aliases.update({name, written})
        cluster.alias_keys.update({key, fold(written)})
        cluster.mentions += 1
        canonical[mention.name] = cluster.name
    entities = [
        EntityRef(
            name=c.name,
            kind=_cluster_kind(c),
            role=c.role,
            aliases=sorted(c.aliases - {c.name}),
            mentions=c.mentions,
        )
        for c in clusters
    ]
    return entities, canonical


def initials_spelled_out(statements: list[RawStatement]) -> dict[str, str]:
    """Initials a speaker was written as (`PKK`), and the full name the extraction found for
    them in the article (`Kurdistan Workers' Party`, `speakers.spelled_out`): every mention of
    the initials is that organisation, one entry known by both names, not two."""
    spelled = {}
    for statement in statements:
        speaker = statement.speaker
        if speaker is None or not speaker.name or speaker.kind != "organization":
            continue
        written = speaker.text[4:] if speaker.text[:4].lower() == "the " else speaker.text
        if written != speaker.name and _is_acronym(written):
            spelled[written] = speaker.name
    return spelled


def _clustering_order(named: tuple[NameMention, str, str | None]) -> tuple[bool, bool, int, int]:
    """Longer names first, so that shorter ones find them; but the names written outside
    quotations before those inside, whose words the NER model joins more loosely ("Certainly
    Donald Trump" in a quoted sentence must not become the name of Donald Trump)."""
    mention, name, _role = named
    words = len(name.split())
    return (words == 1, mention.in_quote, -words, mention.start)


def _may_be_named(name: str, name_words: set[str]) -> bool:
    """Whether `name` may name someone (`not_a_name`); a role word is a name where it is a word
    of a longer name in the article ("Prince" after "Matthew Prince", "Baron" after "Martin
    Baron")."""
    why = not_a_name(name)
    return why is None or (why == "role word" and fold(name) in name_words)


def _as_name(mention: NameMention) -> tuple[str, str | None]:
    """The mention's name and role with the tokenizer's spacing undone and the titles on the
    role's side ("Prosecutor Karim Khan" → "Karim Khan", role "Prosecutor")."""
    return split_title(tidy(mention.name), mention.role)


def _find_cluster(clusters: list[_Cluster], name: str, key: str) -> "_Cluster | None":
    """The cluster `name` (folded: `key`) belongs to, if any. The longer names were clustered
    first, so a shorter one is looked for among them: a surname ("Peskov"), spelled another
    way or misspelt by a letter ("Rute" after "Mark Rutte": a full name is never taken for a
    misspelling, "Mark Rutter" is someone else), another usual part of the name
    ("Lula", "Sánchez"), the given name ("Khalid"), or the name's last words ("Suu Kyi")."""
    tokens = key.split()
    for cluster in clusters:
        if cluster.key == key or key in cluster.alias_keys:
            return cluster
    if len(tokens) == 1:
        for match in (
            lambda c: surname_key(c.name) == tokens[0],
            lambda c: same_spelling(surname_key(c.name), tokens[0]),
            lambda c: _is_person(c) and key in _usual_keys(c.name),
            lambda c: name_tokens(c.name)[:1] == tokens,
            lambda c: _is_person(c) and _misspelt(surname_key(c.name), tokens[0]),
        ):
            matches = [c for c in clusters if match(c)]
            if matches:
                return max(matches, key=lambda c: c.mentions)
        return None
    for cluster in clusters:
        if len(name_tokens(cluster.name)) > 1 and same_person(cluster.name, name):
            return cluster
    tails = [c for c in clusters if _ends_with(c.key, key)]
    if len(tails) == 1:
        return tails[0]
    return None


def _is_person(cluster: _Cluster) -> bool:
    return cluster.kinds["person"] > 0 and len(cluster.name.split()) > 1


def _usual_keys(name: str) -> set[str]:
    return {fold(part) for part in usual_parts(name)}


def _ends_with(long_key: str, key: str) -> bool:
    """`key` is the last two words or more of `long_key` ("suu kyi", "aung san suu kyi")."""
    return long_key != key and long_key.endswith(" " + key)


def _misspelt(surname: str, word: str) -> bool:
    """One letter added, dropped or changed in a long surname: a misspelling in the article;
    not the family in the plural ("the Ebelings")."""
    longer = max(len(surname), len(word))
    plural = word == surname + "s" or surname == word + "s"
    return (
        longer >= MIN_MISSPELT_SURNAME and not plural and Levenshtein.distance(surname, word) == 1
    )


def _cluster_kind(cluster: _Cluster) -> str:
    words = name_tokens(cluster.name)
    if set(words) & ORG_WORDS or words[-1] in ORG_ENDINGS or _joined_by_mark(cluster.name):
        return "organization"
    if cluster.kinds["person"] and len(cluster.name.split()) >= 2:
        return "person"
    if _is_acronym(cluster.name):
        return "organization"  # "WHO", "RNC": people are rarely known by initials alone
    return cluster.kinds.most_common(1)[0][0]


def _joined_by_mark(name: str) -> bool:
    """A name with an ampersand or a plus in it (`Johnson & Johnson`, `AT&T`): a firm's, never
    a person's."""
    return "&" in name or " + " in name


def _is_place_name(
    mention: NameMention | SpeakerMention, surnames: set[str], given: set[str] = frozenset()
) -> bool:
    """A one-word 'person' or 'organisation' that the gazetteer knows as a place: an NER slip,
    or a capital standing for its government ("Moscow has signalled ...").

    Not the surname or given name of someone the article names in full ("Hale" after
    "Margaret Hale", "Vladimir" after "Vladimir Putin"), unless the place is a country or a
    big city; never an acronym ("UN" is no town "Un") nor a town's other name ("Rashid" is
    Rosetta's Arabic name, and a man's)."""
    name = mention.name or ""
    if len(name.split()) != 1:
        return False
    known = gazetteer.lookup(name)
    if known is None:
        return False
    if gazetteer.is_prominent(known):
        return True
    key = fold(name)
    return (
        key not in surnames
        and key not in given
        and not _is_acronym(name)
        and Levenshtein.distance(key, fold(known.name)) <= OTHER_SPELLING_EDITS
    )


def _is_acronym(text: str) -> bool:
    """Letters in capitals, too short to be a place written in capitals ("UN", "ISA"; not
    "MOSCOW"), and not how the news abbreviates a country ("US", "UK")."""
    return gazetteer.is_acronym(text) and text not in gazetteer.COUNTRY_ABBREVIATIONS


def person_surnames(names: list[NameMention]) -> set[str]:
    """Folded surnames of the people an article names with at least two words."""
    return {surname_key(n.name) for n in names if n.kind == "person" and len(n.name.split()) > 1}


def person_given_names(names: list[NameMention]) -> set[str]:
    """Folded words before the surname of the people an article names with at least two words:
    a town so called is not what "Vladimir" means there."""
    return {
        word
        for n in names
        if n.kind == "person" and len(n.name.split()) > 1
        for word in name_tokens(n.name)[:-1]
    }


def speaker_ref(
    statement: RawStatement, canonical: dict[str, str], people: list[EntityRef]
) -> SpeakerRef | None:
    """The resolved speaker of a statement, or None when only a pronoun or a role was given."""
    mention = statement.speaker
    if mention is None or not mention.name:
        return None
    name = canonical.get(mention.name)
    if name is None:
        return None
    entity = next(e for e in people if e.name == name)
    return SpeakerRef(name=name, kind=entity.kind, role=entity.role or mention.role)


def resolve_places(
    mentions: list[tuple[str, int]], names: list[NameMention], dateline: str | None
) -> tuple[list[PlaceRef], dict[str, str]]:
    """Canonical places of an article (gazetteer first) and a surface → canonical name map."""
    surnames = person_surnames(names)
    given = person_given_names(names)
    named = {n.name for n in names}
    surfaces = [
        (text, start) for text, start in mentions if _place_evidence(text, surnames | given, named)
    ]
    surfaces += [(n.name, n.start) for n in names if _is_place_name(n, surnames, given)]
    if dateline:
        surfaces.append((dateline, -1))
    places: dict[str, PlaceRef] = {}
    canonical: dict[str, str] = {}
    for text, _start in surfaces:
        known = gazetteer.lookup(text)
        if known is not None:
            ref = places.setdefault(known.name, _known_place_ref(known))
        elif _looks_like_place(text):
            name = text.title() if text.isupper() and len(text) > 3 else text
            ref = places.setdefault(name, PlaceRef(name, "place", None, [], 0))
        else:
            continue
        ref.mentions += 1
        if fold(text) != fold(ref.name) and text not in ref.aliases:
            ref.aliases.append(text)
        canonical[text] = ref.name
    return list(places.values()), canonical


def _place_evidence(text: str, name_words: set[str], named: set[str]) -> bool:
    """Whether a place the NER model found is one: a country, a US state or a big city always;
    an acronym only if it stands for one of these ("NYC", "DRC"; not "UN", the small town
    "Un", nor an organisation's initials the model took for a place, "NRA"); not a
    word of a person's name in the article ("Vladimir", "Leyen"), not a name the article
    gives a person or an organisation elsewhere ("the NRA")."""
    known = gazetteer.lookup(text)
    if known is not None and gazetteer.is_prominent(known):
        return True
    if _is_acronym(text):
        return gazetteer.lookup_acronym(text) is not None
    if len(text.split()) == 1 and fold(text) in name_words:
        return False
    return known is not None or text not in named


def _known_place_ref(known: gazetteer.KnownPlace) -> PlaceRef:
    return PlaceRef(
        known.name,
        known.kind,
        known.country_code,
        aliases=[],
        mentions=0,
        latitude=known.latitude,
        longitude=known.longitude,
    )


def _looks_like_place(text: str) -> bool:
    key = fold(text)
    return (
        bool(key)
        and text[:1].isupper()
        and len(text.split()) <= 4
        and not key.endswith(DEMONYM_ENDINGS)
        and not key.startswith("the ")
    )


def without_words(parsed: ParsedArticle) -> ParsedArticle:
    """The article without the one-word "people" that are words, and with the one-word
    "people" that are platforms, publications or firms as organisations.

    A word: one the article writes in lower case as often as capitalised, words the NER model
    took for names ("Meth", "Lung", "Ranking" at the start of a sentence or a caption), or that
    it writes after an article with nothing to qualify ("the Gateway would ...", "the
    Gospel,"): whose statements keep the words the text used as their mention. Also a word of
    English that nobody quotes and that the article writes capitalised only where any word is
    (`_capitalised_as_a_word`: "Locally, ...", "Feather Blanket Fever", "Harbour Lantern
    Publishing"). A word of English that the article writes as a medium or a firm ("Chirrup
    users", "on Chirrup", "Compass reported", "Anvil workers") is an organisation; so is any
    one-word name the article describes as one ("Kwelo, the ride-hailing company", "Kwelo's
    app", `mentions.described_as_body`).
    Neither when the article gives it a person's title or first name ("Mr. Rice", "Senator
    Bush", "Lena Baker").

    A surname alone whose full name the article gives was joined to it by `resolve_people`,
    so a name also used as a word ("values should trump interests") keeps its person."""
    spoken = {s.speaker.name for s in parsed.statements if s.speaker is not None}
    dropped: set[str] = set()
    firms: set[str] = set()
    for entity in parsed.people:
        reading = (
            _one_word_reading(entity, parsed, spoken) if len(entity.name.split()) == 1 else None
        )
        if reading == "word":
            dropped.add(entity.name)
        elif reading == "firm":
            firms.add(entity.name)
    if not dropped and not firms:
        return parsed
    statements = [
        replace(s, speaker=None, speaker_mention=s.speaker_mention or s.speaker.name)
        if s.speaker is not None and s.speaker.name in dropped
        else replace(s, speaker=replace(s.speaker, kind="organization"))
        if s.speaker is not None and s.speaker.name in firms
        else s
        for s in parsed.statements
    ]
    people = [
        replace(e, kind="organization") if e.name in firms else e
        for e in parsed.people
        if e.name not in dropped
    ]
    return replace(parsed, statements=statements, people=people)


def _one_word_reading(entity: EntityRef, parsed: ParsedArticle, spoken: set[str]) -> str | None:
    """ "word" or "firm" for a one-word entity that is one (`without_words`), else None."""
    if _used_as_word(entity, parsed):
        return "word"
    body = parsed.article.body
    name = entity.name
    if entity.kind != "person" or _named_as_person(name, body):
        return None
    if not _english_word(name):
        return "firm" if described_as_body(name, body) else None
    if name not in spoken and _capitalised_as_a_word(name, body):
        return "word"
    return "firm" if _written_as_firm(name, body) or described_as_body(name, body) else None


@cache
def _english_words() -> frozenset[str]:
    """The nouns, verbs, adjectives and adverbs of English as the lemmatizer of the installed
    model lists them (WordNet's): what makes a capitalised word a word as well as a name. Its
    nouns hold some famous surnames too ("Putin", "Clinton"), so a word found here is a name
    that may be a word, never a word on this evidence alone."""
    nlp = load_model()
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    if not lookups.has_table("lemma_index"):
        return frozenset()
    index = lookups.get_table("lemma_index")
    return frozenset(w for pos in ("noun", "verb", "adj", "adv") for w in index.get(pos, []))


def _english_word(name: str) -> bool:
    """Whether a one-word name is also a word of English (also as a plural: "Rumours")."""
    word = name.lower()
    words = _english_words()
    return word in words or (word.endswith("s") and word[:-1] in words)


def _occurrences(name: str, body: str) -> list[re.Match[str]]:
    return list(re.finditer(rf"(?<![\w-]){re.escape(name)}(?!\w)", body))


def _named_as_person(name: str, body: str) -> bool:
    """A first name ("Joke"), or written once right after a title, a role or a first name on
    its line ("Mr. Rice", "Senator Bush", "Lena Baker"): a person's name, whatever else the
    word means. "Miss" is no evidence: it names pageants as often as women ("Miss World")."""
    if coref_name_gender(f"{name} x") is not None:
        return True
    for match in _occurrences(name, body):
        before = _WORD_BEFORE.search(body, 0, match.start())
        if before is None:
            continue
        word = before.group(1)
        key = fold(word)
        if key in TITLE_WORDS and key != "miss":
            return True
        if not word.endswith(".") and coref_name_gender(f"{word} x") is not None:
            return True
    return False


def _capitalised_as_a_word(name: str, body: str) -> bool:
    """Written capitalised only where any word may be: at the start of a sentence, a line, a
    list item or a quotation, after a colon, or inside a longer run of capitalised words
    ("Feather Blanket Fever", "Harbour Lantern Publishing", "Anvil's Forge"), or joined
    by a hyphen ("Hard-fought") -- or written in lower case somewhere."""
    if re.search(rf"(?<![\w-]){re.escape(name.lower())}(?!\w)", body):
        return True
    found = _occurrences(name, body)
    return bool(found) and all(_where_any_word_is(match, body) for match in found)


def _where_any_word_is(match: re.Match[str], body: str) -> bool:
    before = body[max(0, match.start() - 40) : match.start()]
    after = body[match.end() : match.end() + 40]
    if _OPENS.search(before) or after.startswith("-"):
        return True
    previous = _WORD_BEFORE.search(before)
    if previous is not None and previous.group(1)[:1].isupper():
        return True
    following = _WORD_AFTER.match(after)
    return following is not None and following.group(1)[:1].isupper()


def _written_as_firm(name: str, body: str) -> bool:
    """Written as a medium or a firm: with what only those have ("Chirrup users", "Anvil
    workers", "Chirrup CEO", "Anvil's parent"), where a medium is ("on Chirrup", "across
    Chirrup", "on Facebook, Chirrup and ...", "according to Compass", "a report by Compass",
    "told Compass", "in an interview with Compass"), or reporting ("Compass reported")."""
    word = re.escape(name)
    return any(
        re.search(pattern.format(name=word), body)
        for pattern in (_FIRM_NOUN_AFTER, _MEDIUM_BEFORE, _REPORTING_AFTER)
    )


_WORD_BEFORE = re.compile(r"([^\W\d_][\w’'&]*\.?)[ \t]+$")
"""The word right before a position on its line, with the full stop of an abbreviation."""
_WORD_AFTER = re.compile(r"(?:['’]s)?\s([^\W\d_][\w’'-]*)")
_OPENS = re.compile(r"(?:^|\n|[.!?:;•]\s*[\"“‘'”’)]*\s*|[\"“‘(]\s*)$")
"""What comes before a word that is capitalised wherever it stands."""
_FIRM_NOUNS = (
    "users|account|accounts|post|posts|feed|platform|app|website|followers|subscribers|readers|"
    "reporter|reporters|editor|editors|correspondent|columnist|magazine|newspaper|workers|"
    "employees|executive|executives|CEO|headquarters|shares|stock|products|factory|plant|plants|"
    "subsidiary"
)
_FIRM_NOUN_AFTER = (
    rf"(?<![\w-]){{name}}(?:['’]s)?\s+(?:{_FIRM_NOUNS})\b|(?<![\w-]){{name}}['’]s\s+parent\b"
)
_MEDIUM_BEFORE = (
    r"\b(?:[Aa]ccording to|reported by|published by|report by|reported in|[Oo]n|[Aa]cross|[Vv]ia|"
    r"told|interview with)"
    r"\s+(?:[A-Z][\w.]*,\s+)*{name}(?![\w-])"
)
_REPORTING_AFTER = r"(?<![\w-]){name}\s+(?:reported|reports)\b"


def _used_as_word(entity: EntityRef, parsed: ParsedArticle) -> bool:
    if not entity.name[:1].isupper() or entity.name.isupper():
        return False
    body = parsed.article.body
    written = re.findall(rf"(?<!\w){re.escape(entity.name)}(?!\w)", body, re.I)
    lower = sum(1 for w in written if w.islower())
    if lower > 0 and lower >= len(written) - lower:
        return True
    if entity.kind != "person":
        return False  # `the Kremlin said`, `the Treasury warned`: organisations go by the article
    things = len(re.findall(_THING_USE.format(name=re.escape(entity.name)), body))
    return things > 0 and 2 * things >= len(written) - lower


_THING_USE = (
    r"\b(?:the|a|an|The|A|An)\s+{name}(?=\s*[.,;:!?)]|\s+(?:in|of|for|to|from|on|at|with|"
    r"would|will|could|can|may|is|are|was|were|has|have|had|and|or)\b)"
)
"""`the Gateway would be launched`, `the indications of the Gospel,`: a one-word "person" after
an article, with nothing after it that it qualifies, is a thing (or a family: `the Obamas`); a
person's name after an article qualifies a noun (`the Obama administration`, `a Lula
government`)."""


INSTITUTIONS = frozenset(
    [
        "court",
        "tribunal",
        "ministry",
        "parliament",
        "senate",
        "congress",
        "assembly",
        "government",
        "cabinet",
        "presidency",
        "police",
        "army",
        "navy",
        "military",
        "bank",
        "commission",
        "office",
        "opposition",
    ]
)
"""Institutions that every country has, so that "the Supreme Court" of one article is not the
one of another."""

INSTITUTION_QUALIFIERS = frozenset(
    [
        "supreme",
        "constitutional",
        "high",
        "federal",
        "national",
        "central",
        "state",
        "foreign",
        "interior",
        "defence",
        "defense",
        "health",
        "finance",
        "justice",
        "education",
        "electoral",
        "election",
        "appeals",
        "appeal",
        "district",
        "prosecutor",
        "prosecutors",
        "public",
        "air",
        "force",
        "of",
        "the",
    ]
)


def tidy_article(parsed: ParsedArticle) -> ParsedArticle:
    """What the extraction found, tidied with what only the whole article tells:
    `without_words`, then `qualified_institutions`."""
    return qualified_institutions(without_words(parsed))


def qualified_institutions(parsed: ParsedArticle) -> ParsedArticle:
    """Institutions named by their kind alone ("Supreme Court", "Foreign Ministry") with the
    article's country after them ("Supreme Court (Brazil)"): three countries' supreme courts
    are three organisations. Without a country to tell, they are no entity: their statements
    keep the words the text used."""
    generic = {e.name for e in parsed.people if e.kind == "organization" and is_institution(e.name)}
    if not generic:
        return parsed
    country = article_country(parsed)
    renamed = {name: f"{name} ({country})" if country else None for name in generic}
    people = [
        replace(e, name=renamed[e.name], aliases=sorted({*e.aliases, e.name}))
        if e.name in renamed
        else e
        for e in parsed.people
        if renamed.get(e.name, e.name) is not None
    ]
    statements = [_renamed_speaker(s, renamed) for s in parsed.statements]
    return replace(parsed, people=people, statements=statements)


def _renamed_speaker(statement: Statement, renamed: dict[str, str | None]) -> Statement:
    speaker = statement.speaker
    if speaker is None or speaker.name not in renamed:
        return statement
    name = renamed[speaker.name]
    mention = statement.speaker_mention or speaker.name
    if name is None:
        return replace(statement, speaker=None, speaker_mention=mention)
    return replace(statement, speaker=replace(speaker, name=name), speaker_mention=mention)


def is_institution(name: str) -> bool:
    """A name made of an institution that every country has and its qualifiers only."""
    words = name_tokens(name)
    return (
        bool(words)
        and any(w in INSTITUTIONS for w in words)
        and all(w in INSTITUTIONS or w in INSTITUTION_QUALIFIERS for w in words)
    )


def article_country(parsed: ParsedArticle) -> str | None:
    """The country the article is from: its dateline's, else the one country it names most
    (no tie)."""
    by_name = {p.name: p for p in parsed.places}
    dateline = by_name.get(parsed.dateline_place or "")
    if dateline is not None and dateline.country_code:
        country = gazetteer.country(dateline.country_code)
        if country is not None:
            return country.name
    countries = sorted((p for p in parsed.places if p.kind == "country"), key=lambda p: -p.mentions)
    if countries and (len(countries) == 1 or countries[0].mentions > countries[1].mentions):
        return countries[0].name
    return None
