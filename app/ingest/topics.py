"""Topics: what a statement is about, found by general rules plus an optional user taxonomy.

The rule: an event noun with the place it happens in, or the organisation, group or person
holding it, names a topic — "talks in Istanbul", "the Istanbul process", "Istanbul
negotiation track" are all "Istanbul talks"; "the NATO summit" is "NATO summit", "the
Republican primary" "Republican primary", "the trial of Chinedu Okafor" "Chinedu Okafor
trial". An event between two places is named by both, sorted ("Ukraine–Russia war" =
"Russia-Ukraine war"); an event that is itself a named entity keeps its name ("the Munich
Security Conference"), so that no topic repeats its own noun ("Summit summit").

A place needs evidence: the parser tagged it as a place, or the gazetteer knows it as a country
or a large city. A capitalised common word that is also some small town ("Summit", "Deal",
"Alliance") is not a place. A taxonomy file (`VERBATIM_TOPICS_FILE`, TOML) adds named topics
matched by phrase:

    [topics]
    "Climate policy" = ["carbon tax", "emissions target"]
"""

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from app.ingest import gazetteer
from app.ingest.docindex import doc_text
from app.ingest.document import InputError, TopicRef
from app.ingest.lexicon import EVENT_NOUNS, PAIRED_EVENTS
from app.text import fold, slugify

TOPIC_EVENTS: dict[str, str] = {
    **EVENT_NOUNS,
    "trial": "trial",
    "retrial": "trial",
    "impeachment": "impeachment",
    "hearing": "hearing",
    "hearings": "hearing",
    "inquiry": "inquiry",
    "investigation": "inquiry",
    "probe": "inquiry",
    "lawsuit": "lawsuit",
    "coup": "coup",
    "uprising": "uprising",
    "riot": "riots",
    "riots": "riots",
    "crackdown": "crackdown",
    "shutdown": "shutdown",
    "lockdown": "lockdown",
    "outbreak": "outbreak",
    "epidemic": "outbreak",
    "pandemic": "pandemic",
    "wildfire": "wildfires",
    "wildfires": "wildfires",
    "bushfire": "wildfires",
    "bushfires": "wildfires",
    "hurricane": "hurricane",
    "typhoon": "typhoon",
    "cyclone": "cyclone",
    "crash": "crash",
    "explosion": "explosion",
    "blast": "explosion",
    "airstrike": "strikes",
    "airstrikes": "strikes",
    "massacre": "massacre",
    "primary": "primary",
    "primaries": "primary",
    "caucus": "caucuses",
    "caucuses": "caucuses",
    "debate": "debate",
    "vote": "vote",
    "merger": "merger",
    "takeover": "takeover",
    "tariff": "tariffs",
    "tariffs": "tariffs",
    "visit": "visit",
    "walkout": "strikes",
}
"""Event nouns that name a topic with their place or holder: the lexicon's diplomatic and
disaster events, plus the trials, inquiries, votes and business events news also follows."""

HELD_EVENTS = frozenset(
    {
        "summit",
        "conference",
        "election",
        "referendum",
        "primary",
        "caucuses",
        "vote",
        "debate",
        "sanctions",
        "protests",
        "strikes",
        "inquiry",
        "hearing",
        "trial",
        "impeachment",
        "lawsuit",
        "deal",
        "merger",
        "takeover",
        "tariffs",
        "crackdown",
        "shutdown",
        "visit",
    }
)
"""Events an organisation, a group or a person holds or carries out ("NATO summit", "Israeli
strikes", "Senate hearing"). Not talks: "process", "track" and "format" are too often other
things ("the Kowalska process"); not attacks, which in politics are words ("Republican
attacks"); nor wars and disasters, which are named by their places."""
PERSON_EVENTS = frozenset({"trial", "impeachment", "hearing", "lawsuit", "visit"})
"""Events that a person alone can name ("Okafor trial"); a person's summit or war is not one."""
LOCATION_PREPS = frozenset({"in", "at", "on", "against", "across", "near"})
"""Where an event happens or whom it strikes: "talks in Istanbul", "sanctions on Iran"."""
PARTY_PREPS = frozenset({"between", "with"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
"""Entity types that are places by themselves; a building (FAC) is checked like any name:
"the White House" is a Spanish name of Casablanca in the gazetteer."""
HOLDER_LABELS = frozenset({"ORG", "NORP"})
"""Organisations and groups that hold an event ("NATO summit", "Republican primary")."""
MAX_EVENT_NAME_WORDS = 6
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "poss"})


@dataclass(frozen=True)
class TopicHit:
    topic: TopicRef
    start: int


def topic_ref(name: str) -> TopicRef:
    return TopicRef(slug=slugify(name), name=name)


_PAIR = re.compile(
    r"\b([A-Z][\w.]+(?: [A-Z][\w.]+)?)\s?[-–—/]\s?([A-Z][\w.]+(?: [A-Z][\w.]+)?)\s+("
    + "|".join(sorted(TOPIC_EVENTS, key=len, reverse=True))
    + r")\b"
)


def find_event_topics(doc: Doc, place_name: Callable[[str], str | None]) -> list[TopicHit]:
    """Topics named by an event noun and the place(s) or holder it belongs to.

    `place_name` maps a surface string to its canonical place name, or None if not a place.
    """
    hits = _paired_hits(doc, place_name)
    paired_at = {h.start for h in hits}
    for token in doc:
        if token.idx in paired_at:
            continue
        label = _event_label(token)
        if label is None:
            continue
        name = _topic_name(token, label, place_name)
        if name is not None:
            hits.append(TopicHit(topic_ref(name), token.idx))
    return hits


def _event_label(token: Token) -> str | None:
    """The topic word of an event noun ("negotiations" → talks), None for other tokens."""
    if token.pos_ not in {"NOUN", "PROPN"}:
        return None
    return TOPIC_EVENTS.get(token.lower_) or TOPIC_EVENTS.get(token.lemma_.lower())


def _topic_name(event: Token, label: str, place_name: Callable[[str], str | None]) -> str | None:
    """Where the event is, between whom, or who holds it — in that order of evidence."""
    located, parties = _event_places(event, place_name)
    if label in PAIRED_EVENTS and len(set(parties)) >= 2 and not located:
        return _named("-".join(sorted(set(parties))[:2]), label)
    if located or (label in PAIRED_EVENTS and parties):
        return _named((located or parties)[0], label)
    named_event = _named_event(event)
    if named_event is not None:
        return named_event
    holder = _holder(event, label) if label in HELD_EVENTS else None
    return _named(holder, label) if holder else None


def _named_event(event: Token) -> str | None:
    """An event noun that ends a multi-word name ("the Munich Security Conference", "the
    G20 Summit") is that named event: the name is the topic as it stands. A show's or a
    book's title ("Daily News: A World at War") is not: a name has no colon and at most
    `MAX_EVENT_NAME_WORDS` words, all capitalised but the small ones."""
    entity = _entity_of(event)
    if entity is None or entity.label_ not in {"EVENT", *HOLDER_LABELS}:
        return None
    if entity.end - 1 != event.i or not 2 <= len(entity) <= MAX_EVENT_NAME_WORDS:
        return None
    if event.nbor(-1).pos_ == "ADP":
        return None  # a body named after what it oversees: "Illinois Board of Elections"
    words = [t for t in entity if t.is_alpha and t.lower_ not in {"the", "of", "on", "for"}]
    if any(t.is_punct and t.text not in "-&." for t in entity) or any(
        not t.text[:1].isupper() for t in words
    ):
        return None
    return _clean(entity.text)


def _named(who: str, label: str) -> str | None:
    """`who label`, unless `who` already ends with the event's word (never "Summit summit")."""
    words = fold(who).split()
    if not words:
        return None
    if words[-1] in {fold(label), fold(label).rstrip("s")}:
        return who
    return f"{who} {label}"


def _paired_hits(doc: Doc, place_name: Callable[[str], str | None]) -> list[TopicHit]:
    """`Ukraine–Russia war`, `US-China talks`: written pairs the parser often mangles."""
    hits = []
    for match in _PAIR.finditer(doc_text(doc)):
        first = _place_of(doc, match.start(1), match.end(1), place_name)
        second = _place_of(doc, match.start(2), match.end(2), place_name)
        if first and second and first != second:
            name = f"{'-'.join(sorted((first, second)))} {TOPIC_EVENTS[match.group(3)]}"
            hits.append(TopicHit(topic_ref(name), match.start(3)))
    return hits


def _place_of(
    doc: Doc, start: int, end: int, place_name: Callable[[str], str | None]
) -> str | None:
    """The canonical place a stretch of the text names, when there is evidence it is one."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return _place(span, place_name)


def _place(span: Span, place_name: Callable[[str], str | None]) -> str | None:
    """A place needs evidence: an entity of a place type, or a country or large city the
    gazetteer knows (the small model often tags "Vilnius" or "Niger" as a person). A
    lower-case word or an event noun is never one ("summit" is also a town in New Jersey),
    nor is a small town's name the parser did not read as a place ("Union", "Liberty")."""
    text = _clean(span.text)
    if not text[:1].isupper() or fold(text) in TOPIC_EVENTS:
        return None
    name = place_name(text)
    if name is None or any(t.ent_type_ in PLACE_LABELS for t in span):
        return name
    known = gazetteer.lookup(text)
    if known is None:
        return name  # a place the article's resolver found elsewhere
    if fold(known.name) != fold(text) and any(t.ent_type_ in {"FAC", "ORG"} for t in span):
        return None  # a building or a body by a place's other name: "White House" ≠ Casablanca
    if known.kind == "country" or known.population >= gazetteer.ALIAS_MIN_POPULATION:
        return name
    return None


def _event_places(
    event: Token, place_name: Callable[[str], str | None]
) -> tuple[list[str], list[str]]:
    """(places where the event is, places taking part) from the noun's and its verb's modifiers."""
    located: list[str] = []
    parties: list[str] = []
    modifiers = [t for t in event.lefts if t.dep_ in MODIFIER_DEPS]
    for modifier in list(modifiers):
        modifiers.extend(t for t in modifier.lefts if t.dep_ in {"compound", "amod"})
        modifiers.extend(t for t in modifier.children if t.dep_ == "conj")
    compound_places = list(
        dict.fromkeys(
            p
            for t in sorted(modifiers, key=lambda t: t.i)
            if (p := _place(_entity_or_token(t), place_name))
        )
    )
    paired = _event_label(event) in PAIRED_EVENTS
    if len(compound_places) >= 2 or paired:
        parties.extend(compound_places)
    preps = [c for c in event.children if c.dep_ == "prep"]
    if event.dep_ in {"dobj", "nsubj", "nsubjpass"} and event.head.pos_ == "VERB":
        preps += [c for c in event.head.children if c.dep_ == "prep" and c.i > event.i]
    for prep in list(preps):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            preps.extend(c for c in obj.children if c.dep_ == "prep")
    for prep in preps:
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        objects += [g for o in objects for g in o.children if g.dep_ == "conj"]
        found = [p for o in objects if (p := _place(_entity_or_token(o), place_name))]
        if prep.lower_ in LOCATION_PREPS:
            located.extend(found)
        elif prep.lower_ in PARTY_PREPS or (prep.lower_ == "of" and paired):
            parties.extend(found)  # "war between X and Y", "Russia's invasion of Ukraine"
    if len(compound_places) == 1 and not (paired and len(set(parties)) >= 2):
        located.append(compound_places[0])  # after "in Gaza": "Israel's war in Gaza"
    return located, parties


def _holder(event: Token, label: str) -> str | None:
    """The organisation or group whose event it is ("NATO summit", "Labour's leadership
    vote", "the election of the European Parliament"), or for a trial or visit the person.
    A group after "of" is what the event acts on, not who holds it."""
    labels = HOLDER_LABELS | ({"PERSON"} if label in PERSON_EVENTS else set())
    candidates = [t for t in event.lefts if t.dep_ in MODIFIER_DEPS]
    of_objects = [
        o
        for prep in event.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for o in prep.children
        if o.dep_ == "pobj"
    ]
    for token in candidates + of_objects:
        entity = _entity_of(token)
        if entity is None or entity.label_ not in labels or entity.start <= event.i < entity.end:
            continue
        if token in of_objects and entity.label_ == "NORP":
            continue  # "a shutdown of Muslims entering" is not the Muslims' shutdown
        name = _clean(entity.text)
        if name[:1].isupper() and fold(name) not in TOPIC_EVENTS:
            return name
    return None


def _entity_of(token: Token) -> Span | None:
    """The entity `token` is part of, read from its IOB tags: `doc.ents` builds every span
    of the document on each access, and this runs for many tokens of every article."""
    if token.ent_iob_ not in {"B", "I"}:
        return None
    doc = token.doc
    start = token.i
    while doc[start].ent_iob_ == "I" and start > 0:
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)


def _entity_or_token(token: Token) -> Span:
    """The whole entity a token is part of (`United States`), or the token alone."""
    entity = _entity_of(token)
    return entity if entity is not None else token.doc[token.i : token.i + 1]


def _clean(text: str) -> str:
    """An entity's text as a topic word: without a leading "the" and a possessive "'s"."""
    text = re.sub(r"^(?:the|The|THE)\s+", "", text.strip())
    return re.sub(r"\s*['’]s?$", "", text)


@lru_cache
def load_taxonomy(path: Path | None) -> dict[str, tuple[str, ...]]:
    """Topic name → folded phrases, from the user's TOML file."""
    if path is None:
        return {}
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise InputError(f"cannot read topics file {path}: {error}") from error
    topics = data.get("topics", {})
    return {
        name: tuple(fold(p) for p in [name, *phrases] if fold(p))
        for name, phrases in topics.items()
        if isinstance(phrases, list)
    }


def taxonomy_topics(text: str, taxonomy: dict[str, tuple[str, ...]]) -> list[TopicRef]:
    if not taxonomy:
        return []  # without a taxonomy file, spare folding the whole text
    folded = f" {fold(text)} "
    return [
        topic_ref(name)
        for name, phrases in taxonomy.items()
        if any(f" {phrase} " in folded for phrase in phrases)
    ]
