"""Plain data passed between the ingest stages: read → clean → extract → resolve → store.

Stages are pure functions over these classes so that each can be tested without a database,
a server or (except extraction) the spaCy model.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Format = Literal["text", "html", "record"]
StatementKind = Literal["direct", "partial", "indirect"]
EntityKind = Literal["person", "organization"]


class InputError(ValueError):
    """A file or record that cannot be ingested; the message is shown to the user as the reason."""


@dataclass(frozen=True)
class RawDocument:
    """One article as read from disk, before any cleaning."""

    path: str
    """Where it came from, for messages: a file path, or `file.jsonl:LINE` for a record."""
    source_key: str
    """Identity across re-ingests: the URL when known, else the resolved path (+ line)."""
    fmt: Format
    content: str
    """Plain text, an HTML page, or a record's `text`/`html` field."""
    meta: dict[str, str] = field(default_factory=dict)
    """Metadata given alongside the content (`url`, `title`, `published`, `source`)."""


@dataclass(frozen=True)
class CleanArticle:
    """An article with page boilerplate removed and its header fields read."""

    source_key: str
    path: str
    title: str
    body: str
    """Paragraphs joined by blank lines; quote offsets point into this string."""
    published: dt.date | None = None
    source: str | None = None
    byline: str | None = None
    dateline: str | None = None
    url: str | None = None

    @property
    def paragraphs(self) -> list[str]:
        return self.body.split("\n\n")


@dataclass(frozen=True)
class SpeakerRef:
    name: str
    kind: EntityKind = "person"
    role: str | None = None


@dataclass(frozen=True)
class SpeakerMention:
    """Who a statement is attributed to, as the text put it."""

    text: str
    """The words of the mention, without determiner ("the official", "he", "Dmitry Peskov")."""
    start: int
    name: str | None = None
    """A proper name, with titles and possessives removed; None for pronouns and nominals."""
    role: str | None = None
    kind: str = "person"
    pronoun: str | None = None
    office: str | None = None
    """For a definite role mention ("the senator"), the role word, to find who holds it."""
    gender: str | None = None
    """Gender told by a word in the name's lead ("Mrs. Lee", "King Harald"): evidence for the
    pronouns that refer to this person later."""


@dataclass(frozen=True)
class RawStatement:
    """A statement as extraction found it: its speaker as the text put it, not yet resolved
    to one of the article's entities."""

    text: str
    kind: str
    start: int
    end: int
    cue: str | None
    speaker: SpeakerMention | None
    reported_by: str | None = None
    context: str = ""
    continues: bool = False
    """No cue of its own: carries on the previous quote, so it takes that quote's speaker."""
    unclosed: bool = False
    """A piece of a multi-paragraph quote: its closing mark is in a later paragraph."""


@dataclass(frozen=True)
class NameMention:
    """A person or organisation named in the body, for the article's entity list."""

    name: str
    kind: str
    start: int
    role: str | None = None
    in_quote: bool = False


@dataclass(frozen=True)
class Findings:
    """What extraction found in one article body, for `resolve`."""

    statements: list[RawStatement] = field(default_factory=list)
    names: list[NameMention] = field(default_factory=list)
    places: list[tuple[str, int]] = field(default_factory=list)
    """Place names as written, with their offsets."""


@dataclass
class Statement:
    text: str
    kind: StatementKind
    start: int
    end: int
    """Character offsets of `text` in `CleanArticle.body`; an indirect statement's text leaves
    out an attribution that interrupts it (`The risk, he said, is small`)."""
    cue: str | None
    speaker: SpeakerRef | None
    context: str
    """The sentence(s) around the statement."""
    speaker_mention: str | None = None
    """How the text referred to the speaker ("he", "the official"), if not by name."""
    reported_by: str | None = None
    """An agency that relayed the statement ("TASS quoted him as saying")."""
    date: dt.date | None = None
    places: list[str] = field(default_factory=list)
    """Canonical names of places mentioned in the statement's context."""
    topics: list[str] = field(default_factory=list)
    """Slugs of the topics the statement belongs to."""


@dataclass
class EntityRef:
    """A person or organisation mentioned in one article, with the names it went by there."""

    name: str
    kind: EntityKind = "person"
    role: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: int = 1


@dataclass
class PlaceRef:
    name: str
    kind: str = "place"
    """city | country | region | place"""
    country_code: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: int = 1
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class TopicRef:
    slug: str
    name: str


@dataclass
class ParsedArticle:
    """Everything the extractor found in one article; what `store` writes in one transaction."""

    article: CleanArticle
    statements: list[Statement] = field(default_factory=list)
    people: list[EntityRef] = field(default_factory=list)
    places: list[PlaceRef] = field(default_factory=list)
    topics: list[TopicRef] = field(default_factory=list)
    dateline_place: str | None = None
    """Canonical name of the dateline's place, one of `places`."""
