"""Who and what the ingest stored, checked for what a journalist would call wrong at a glance.

    .venv/bin/python bench/entities.py CORPUS [--db PATH] [--no-ingest] [--show N] [--workers N]

CORPUS is a .jsonl file (each record's `html`, else its `text`, is written to a file of its
own, as `../shared/eval/predict.py` does: no record metadata helps the pipeline), a folder or a
single article file. It is ingested with the real pipeline (`app.ingest.pipeline.ingest_paths`)
into a new SQLite file (`--db` keeps it; `--no-ingest` reads one kept before), and the people,
places and topics stored are listed where a rule below finds them SUSPICIOUS, with counts
(quotes and articles) and the reasons, worst first.

The rules are general word classes and evidence from the corpus itself, never names:

people (both kinds, as `/v1/people` lists them)
- pronoun: the name is a personal or indefinite pronoun ("He", "Someone");
- date word: a weekday or a month ("Monday", "April");
- role word: every word is a title, a role or a modifier of one ("Minister", "Crown Prince",
  "Federal Chancellor", "Assistant Commissioner of Police");
- credit: a photo or caption credit word ("Photo", "Pool", "Getty Images", "Handout");
- description: lower case, or with digits ("56-year-old", "physicians");
- common word (people only): one word that English uses as a word (wordfreq) and that the
  corpus itself writes in lower case ("Statement", "Group");
- organisation (people only): a name ending in a word that names an organisation ("Party",
  "Forum", "Court", "Ministry", "Council", "Allah", see `ORG_LOOKING_ENDINGS`).

places
- acronym: a short place that the corpus only ever writes in capitals away from a dateline
  ("Un" from "UN");
- first name: a one-word place that the corpus only writes as the first word of a person's
  name ("Vladimir" from "Vladimir Putin").

topics
- doubled word: a word twice in a row ("Summit summit").

Listed too, not counted as suspicious: people whose name starts with a title ("Prosecutor
Karim Khan"), and pairs of people who may be one (one name the tail of the other, "Suu Kyi"
and "Aung San Suu Kyi", or surnames one edit apart with agreeing given names).
"""

import argparse
import itertools
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import wordfreq
from rapidfuzz.distance import Levenshtein
from spacy.lang.en.stop_words import STOP_WORDS
from sqlalchemy import Connection, Engine, func, select

from app.db import make_engine, upgrade_database
from app.ingest.names import (
    CREDIT_WORDS,
    DATE_WORDS,
    ORG_ENDINGS,
    PRONOUNS,
    ROLE_JOINERS,
    starts_capitalised,
)
from app.ingest.names import ROLE_WORDS as NAME_ROLE_WORDS
from app.ingest.pipeline import ingest_paths
from app.models import (
    Article,
    ArticlePerson,
    ArticlePlace,
    ArticleTopic,
    Person,
    Place,
    Quote,
    QuotePlace,
    QuoteTopic,
    Topic,
)
from app.text import fold

ROLE_WORDS = NAME_ROLE_WORDS | ROLE_JOINERS
"""Titles, roles and the words that qualify them; a name made only of these is a role."""

TITLE_WORDS = NAME_ROLE_WORDS


ORG_LOOKING_ENDINGS = ORG_ENDINGS | frozenset(["institution"])
"""Last words that make a name an organisation's or an event's, not a person's."""

COMMON_WORD_ZIPF = 3.0
"""wordfreq's Zipf frequency above which a word is a word of English (3: once per million
words), as well as possibly a name."""

ACRONYM_MAX_LETTERS = 5
_WORD = re.compile(r"[^\W\d_]+")


@dataclass
class Entry:
    """A stored person, place or topic with how much the corpus used it and why it looks wrong."""

    kind: str
    name: str
    quotes: int
    articles: int
    reasons: list[str] = field(default_factory=list)

    @property
    def weight(self) -> int:
        return self.quotes + self.articles


@dataclass
class Corpus:
    """What the rules look up in the stored article bodies: how each word is written."""

    lower: Counter[str]
    """Folded word → times written all in lower case."""
    other: Counter[str]
    """Folded word → times written otherwise (capitalised, in capitals)."""
    caps_inside: Counter[str]
    """Folded word → times written in capitals, not in the words in capitals that open a
    paragraph (a dateline: `NEW DELHI (Reuters) -`)."""
    followers: dict[str, Counter[str]]
    """Folded word → the folded words that follow it, with counts."""


def read_corpus(bodies: Iterable[str]) -> Corpus:
    lower: Counter[str] = Counter()
    other: Counter[str] = Counter()
    caps_inside: Counter[str] = Counter()
    followers: dict[str, Counter[str]] = defaultdict(Counter)
    for body in bodies:
        for paragraph in body.split("\n\n"):
            words = _WORD.findall(paragraph)
            dateline = next((i for i, w in enumerate(words) if not w.isupper()), len(words))
            for index, word in enumerate(words):
                key = fold(word)
                if not key:
                    continue
                if word.islower():
                    lower[key] += 1
                else:
                    other[key] += 1
                    if word.isupper() and index >= dateline:
                        caps_inside[key] += 1
                if index + 1 < len(words):
                    followers[key][fold(words[index + 1])] += 1
    return Corpus(lower, other, caps_inside, followers)


def person_reasons(name: str, kind: str, corpus: Corpus) -> list[str]:
    """Why a stored person or organisation's name is not a name (empty if it may be one)."""
    words = fold(name).split()
    reasons = []
    if not words:
        return ["description"]
    acronym = len(words) == 1 and name.isupper() and len(name) > 1
    if len(words) == 1 and words[0] in PRONOUNS and not acronym:
        reasons.append("pronoun")
    if all(w in DATE_WORDS for w in words):
        reasons.append("date word")
    if all(w in ROLE_WORDS for w in words) and not all(w in STOP_WORDS for w in words):
        reasons.append("role word")
    if all(w in CREDIT_WORDS for w in words) or (kind == "person" and set(words) & CREDIT_WORDS):
        reasons.append("credit")
    if not starts_capitalised(name) or _has_digit(name):
        reasons.append("description")
    if kind == "person":
        if len(words) == 1 and not reasons and _common_word(words[0], corpus):
            reasons.append("common word")
        elif acronym and len(name) <= ACRONYM_MAX_LETTERS and not reasons:
            reasons.append("acronym")
        if len(words) > 1 and words[-1] in ORG_LOOKING_ENDINGS:
            reasons.append("organisation")
    return reasons


def _has_digit(name: str) -> bool:
    return any(ch.isdigit() for ch in name)


def _common_word(word: str, corpus: Corpus) -> bool:
    """A word of English that this corpus also writes in lower case: used as a word here."""
    common = word in STOP_WORDS or wordfreq.zipf_frequency(word, "en") >= COMMON_WORD_ZIPF
    return common and corpus.lower[word] > 0


def place_reasons(name: str, people: list[str], corpus: Corpus) -> list[str]:
    """Why a stored place is not a place the corpus named (empty if it may be one)."""
    words = fold(name).split()
    reasons = []
    if len(words) != 1:
        return reasons
    word = words[0]
    written = corpus.lower[word] + corpus.other[word]
    if (
        len(word) <= ACRONYM_MAX_LETTERS
        and corpus.caps_inside[word] > 0
        and corpus.caps_inside[word] == written - _paragraph_starts(word, corpus)
    ):
        reasons.append("acronym")
    next_names = {fold(p).split()[1] for p in people if len(fold(p).split()) > 1}
    followed = corpus.followers.get(word, Counter())
    in_names = sum(n for follower, n in followed.items() if follower in next_names)
    first_names = {fold(p).split()[0] for p in people if len(fold(p).split()) > 1}
    if word in first_names and written > 0 and in_names == written:
        reasons.append("first name")
    return reasons


def _paragraph_starts(word: str, corpus: Corpus) -> int:
    """Capitalised uses that are not `caps_inside`: datelines and a paragraph's first word."""
    return corpus.other[word] - corpus.caps_inside[word]


def topic_reasons(name: str) -> list[str]:
    words = fold(name).split()
    doubled = any(a == b for a, b in itertools.pairwise(words))
    return ["doubled word"] if doubled else []


def title_prefixed(name: str) -> bool:
    """A person's name whose first word is a title or role ("Prosecutor Karim Khan")."""
    words = fold(name).split()
    return len(words) > 1 and words[0] in TITLE_WORDS and words[0] not in STOP_WORDS


def maybe_one(a: str, b: str) -> bool:
    """Two people's names that may name one person: one the tail of the other ("Suu Kyi",
    "Aung San Suu Kyi"), or the same given name and surnames one edit apart ("Mark Rute")."""
    wa, wb = fold(a).split(), fold(b).split()
    if not wa or not wb or wa == wb:
        return False
    short, long = sorted((wa, wb), key=len)
    if len(short) > 1 and long[-len(short) :] == short:
        return True
    if len(wa) == len(wb) > 1 and wa[:-1] == wb[:-1]:
        return min(len(wa[-1]), len(wb[-1])) >= 4 and Levenshtein.distance(wa[-1], wb[-1]) == 1
    return False


@dataclass
class Findings:
    people: list[Entry]
    places: list[Entry]
    topics: list[Entry]
    totals: dict[str, int]
    titled: list[Entry]
    pairs: list[tuple[str, str]]


def check(engine: Engine) -> Findings:
    """Every stored person, place and topic run through the rules."""
    with engine.connect() as connection:
        corpus = read_corpus(connection.scalars(select(Article.body)))
        spoken = _counts(connection, Quote.speaker_id)
        named_in = _counts(connection, ArticlePerson.person_id)
        people = [
            Entry(kind, name, spoken.get(pid, 0), named_in.get(pid, 0))
            for pid, name, kind in connection.execute(select(Person.id, Person.name, Person.kind))
        ]
        quoted_at = _counts(connection, QuotePlace.place_id, QuotePlace.first_copy)
        named_at = _counts(connection, ArticlePlace.place_id)
        places = [
            Entry("place", name, quoted_at.get(pid, 0), named_at.get(pid, 0))
            for pid, name in connection.execute(select(Place.id, Place.name))
        ]
        topic_quotes = _counts(connection, QuoteTopic.topic_id, QuoteTopic.first_copy)
        topic_articles = _counts(connection, ArticleTopic.topic_id)
        topics = [
            Entry("topic", name, topic_quotes.get(tid, 0), topic_articles.get(tid, 0))
            for tid, name in connection.execute(select(Topic.id, Topic.name))
        ]
    person_names = [p.name for p in people if p.kind == "person"]
    for person in people:
        person.reasons = person_reasons(person.name, person.kind, corpus)
    for place in places:
        place.reasons = place_reasons(place.name, person_names, corpus)
    for topic in topics:
        topic.reasons = topic_reasons(topic.name)
    titled = [p for p in people if p.kind == "person" and title_prefixed(p.name)]
    pairs = list(_pairs(person_names))
    return Findings(
        [p for p in people if p.reasons],
        [p for p in places if p.reasons],
        [t for t in topics if t.reasons],
        {"people": len(people), "places": len(places), "topics": len(topics)},
        titled,
        pairs,
    )


def _counts(connection: Connection, column: Any, *where: Any) -> dict[int, int]:
    """Rows per value of `column` (an id), counted in the link tables rather than read from
    the stored counts, which only some databases keep."""
    query = select(column, func.count()).where(*where).group_by(column)
    return {key: count for key, count in connection.execute(query)}


def _pairs(names: list[str]) -> Iterator[tuple[str, str]]:
    """Pairs that `maybe_one` joins, compared only within a shared last word or first word
    (the corpus may hold thousands of people)."""
    groups: dict[str, set[str]] = defaultdict(set)
    for name in names:
        words = fold(name).split()
        if words:
            groups["l:" + words[-1]].add(name)
            groups["f:" + words[0]].add(name)
    seen = set()
    for group in groups.values():
        ordered = sorted(group)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if (a, b) not in seen and maybe_one(a, b):
                    seen.add((a, b))
                    yield a, b


def report(findings: Findings, show: int) -> str:
    lines = []
    for label, entries, total in (
        ("people", findings.people, findings.totals["people"]),
        ("places", findings.places, findings.totals["places"]),
        ("topics", findings.topics, findings.totals["topics"]),
    ):
        kinds = Counter(reason for entry in entries for reason in entry.reasons)
        per_kind = ", ".join(f"{reason} {n}" for reason, n in kinds.most_common()) or "-"
        lines.append(f"suspicious {label}: {len(entries)} of {total} ({per_kind})")
    lines.append(
        f"listed, not counted: {len(findings.titled)} people named with a title, "
        f"{len(findings.pairs)} pairs of people who may be one"
    )
    for label, entries in (
        ("people", findings.people),
        ("places", findings.places),
        ("topics", findings.topics),
        ("named with a title", findings.titled),
    ):
        if not entries or not show:
            continue
        lines.append(f"\n{label}, worst first (quotes + articles):")
        for entry in sorted(entries, key=lambda e: (-e.weight, e.name))[:show]:
            why = f"  [{', '.join(entry.reasons)}]" if entry.reasons else ""
            lines.append(
                f"  {entry.name!r} ({entry.kind}): {entry.quotes} quotes, "
                f"{entry.articles} articles{why}"
            )
    if findings.pairs and show:
        lines.append("\nmay be one person:")
        lines += [f"  {a!r} / {b!r}" for a, b in findings.pairs[:show]]
    return "\n".join(lines)


def write_corpus(corpus: Path, folder: Path) -> Path:
    """The corpus as files the ingest reads: a .jsonl's records one file each (`html` as .html,
    else `text` as .txt); a folder or a file as it is."""
    if corpus.suffix not in (".jsonl", ".ndjson"):
        return corpus
    folder.mkdir(parents=True, exist_ok=True)
    with corpus.open(encoding="utf-8") as lines:
        for i, line in enumerate(lines):
            if not line.strip():
                continue
            record = json.loads(line)
            if record.get("html"):
                (folder / f"{i:05d}.html").write_text(record["html"], encoding="utf-8")
            else:
                (folder / f"{i:05d}.txt").write_text(record["text"], encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, nargs="?")
    parser.add_argument("--db", type=Path, help="keep the database here")
    parser.add_argument("--no-ingest", action="store_true", help="read --db as it is")
    parser.add_argument("--show", type=int, default=15, help="examples of each kind")
    parser.add_argument("--workers", type=int, default=1)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="verbatim-entities-") as tmp:
        db = options.db or Path(tmp) / "entities.db"
        url = f"sqlite:///{db}"
        if not options.no_ingest:
            if options.corpus is None:
                sys.exit("a corpus is needed (or --db PATH --no-ingest)")
            if db.exists():
                db.unlink()
            started = time.perf_counter()
            source = write_corpus(options.corpus, Path(tmp) / "articles")
            upgrade_database(url)
            ingest = ingest_paths([source], make_engine(url), workers=options.workers)
            print(
                f"corpus: {options.corpus}: {ingest.documents} documents, "
                f"{len(ingest.failures)} failed, ingested in {time.perf_counter() - started:.0f} s"
            )
        print(report(check(make_engine(url)), options.show))


if __name__ == "__main__":
    main()
