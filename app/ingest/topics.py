"""Topics: what a statement is about, found by general rules plus an optional user taxonomy.

The rule: an event noun with a place names a topic — "talks in Istanbul", "the Istanbul
process", "Istanbul negotiation track" are all "Istanbul talks"; an event between two places is
named by both, sorted ("Ukraine–Russia war" = "Russia-Ukraine war"). A taxonomy file
(`VERBATIM_TOPICS_FILE`, TOML) adds named topics matched by phrase:

    [topics]
    "Climate policy" = ["carbon tax", "emissions target"]
"""

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

from app.ingest.document import InputError, TopicRef
from app.ingest.lexicon import EVENT_NOUNS, PAIRED_EVENTS
from app.text import fold, slugify

LOCATION_PREPS = frozenset({"in", "at"})
PARTY_PREPS = frozenset({"between", "with"})


@dataclass(frozen=True)
class TopicHit:
    topic: TopicRef
    start: int


def topic_ref(name: str) -> TopicRef:
    return TopicRef(slug=slugify(name), name=name)


_PAIR = re.compile(
    r"\b([A-Z][\w.]+(?: [A-Z][\w.]+)?)\s?[-–—/]\s?([A-Z][\w.]+(?: [A-Z][\w.]+)?)\s+("
    + "|".join(sorted(EVENT_NOUNS, key=len, reverse=True))
    + r")\b"
)


def find_event_topics(doc: Doc, place_name: Callable[[str], str | None]) -> list[TopicHit]:
    """Topics named by an event noun and the place(s) it happens in or between.

    `place_name` maps a surface string to its canonical place name, or None if not a place.
    """
    hits = _paired_hits(doc.text, place_name)
    paired_at = {h.start for h in hits}
    for token in doc:
        if token.idx in paired_at:
            continue
        label = EVENT_NOUNS.get(token.lower_) if token.pos_ in {"NOUN", "PROPN"} else None
        if label is None:
            continue
        located, parties = _event_places(token, place_name)
        places = located or (parties if label in PAIRED_EVENTS else [])
        if label in PAIRED_EVENTS and len(parties) >= 2 and not located:
            name = f"{'-'.join(sorted(set(parties))[:2])} {label}"
        elif places:
            name = f"{places[0]} {label}"
        else:
            continue
        hits.append(TopicHit(topic_ref(name), token.idx))
    return hits


def _paired_hits(text: str, place_name: Callable[[str], str | None]) -> list[TopicHit]:
    """`Ukraine–Russia war`, `US-China talks`: written pairs the parser often mangles."""
    hits = []
    for match in _PAIR.finditer(text):
        first, second = place_name(match.group(1)), place_name(match.group(2))
        if first and second and first != second:
            name = f"{'-'.join(sorted((first, second)))} {EVENT_NOUNS[match.group(3)]}"
            hits.append(TopicHit(topic_ref(name), match.start(3)))
    return hits


def _event_places(
    event: Token, place_name: Callable[[str], str | None]
) -> tuple[list[str], list[str]]:
    """(places where the event is, places taking part) from the noun's and its verb's modifiers."""
    located: list[str] = []
    parties: list[str] = []
    modifiers = [t for t in event.lefts if t.dep_ in {"compound", "amod", "nmod", "npadvmod"}]
    for modifier in list(modifiers):
        modifiers.extend(t for t in modifier.lefts if t.dep_ in {"compound", "amod"})
        modifiers.extend(t for t in modifier.children if t.dep_ == "conj")
    compound_places = [p for t in sorted(modifiers, key=lambda t: t.i) if (p := place_name(t.text))]
    if len(compound_places) >= 2 or EVENT_NOUNS.get(event.lower_) in PAIRED_EVENTS:
        parties.extend(compound_places)
    if len(compound_places) == 1:
        located.extend(compound_places)
    preps = [c for c in event.children if c.dep_ == "prep"]
    if event.dep_ in {"dobj", "pobj"} and event.head.pos_ == "VERB":
        preps += [c for c in event.head.children if c.dep_ == "prep" and c.i > event.i]
    for prep in list(preps):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            preps.extend(c for c in obj.children if c.dep_ == "prep")
    for prep in preps:
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        objects += [g for o in objects for g in o.children if g.dep_ == "conj"]
        found = [p for o in objects if (p := place_name(_entity_text(o)))]
        if prep.lower_ in LOCATION_PREPS:
            located.extend(found)
        elif prep.lower_ in PARTY_PREPS:
            parties.extend(found)
    if len(set(compound_places)) >= 2:
        located = [p for p in located if p not in compound_places]
    return located, parties


def _entity_text(token: Token) -> str:
    """The whole entity a token is part of (`United States`), or the token alone."""
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent.text
    return token.text


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
