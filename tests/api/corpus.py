"""A generated database with agency copies, and an oracle that answers /v1/quotes from its rows.

The database is small enough to build in a few seconds and large enough for every query plan
to matter: about 10,500 statements (more than the 10,000 that `total` counts), one in eight
quotes an agency copy (a later article carrying the same statement: same speaker, words,
topics and places, a day later; the copies in Copy Wire also on topic 3, which their first
copy may lack), one in 25 statements undated, and words whose share of the
quotes is known (`alpha` in 98 % of them, `bravo` in one in eleven, `charlie` in one in 97).
Topics and places are rarer (a few hundred to two thousand statements each), so that most
cases list hundreds of quotes: the oracle pages through every listing to its end.

The oracle is Python over every row, read with plain SQL: it knows nothing of the plans, the
indexes or FTS5 beyond what a word is, so a plan that disagrees with it is wrong.
"""

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine, insert, text
from sqlmodel import Session

from app.models import Article, Person, Place, Quote, QuotePlace, QuoteTopic, Topic
from tests.conftest import migrated_engine

QUOTES = 12_000
SPEAKERS = 13
TOPICS = {0: (5, 0), 1: (11, 1), 2: (13, 2), 3: (29, 3)}
"""topic number: (modulus, remainder) of the statements on it."""
PLACES = {0: (7, 3), 1: (17, 5)}
FIRST_DAY = dt.date(2024, 1, 1)
SOURCES = ["Reuters", "AP", None]
"""Where statements first appear (by statement number modulo 3)."""
COPY_SOURCES = ["Copy Wire", "Echo Daily"]
"""Where copies appear: these outlets carry nothing first."""
WORDS = {"alpha": (50, 7, False), "bravo": (11, 0, True), "charlie": (97, 0, True)}
"""word: (modulus, remainder, whether `k % modulus == remainder` has it or lacks it)."""


def leader_of(k: int) -> int | None:
    """The statement quote `k` copies, or None when `k` is a statement's first quote: most
    copied statements have one copy, one in four of them two."""
    if k % 40 == 8:
        return k - 1
    if k % 10 == 9:
        return k - 2 if (k - 1) % 40 == 8 else k - 1
    return None


def has_word(word: str, g: int) -> bool:
    modulus, remainder, present = WORDS[word]
    return (g % modulus == remainder) == present


def statement_text(g: int) -> str:
    words = [w for w in WORDS if has_word(w, g)]
    if g % 4 == 1:
        words.append("delta")
    return f"Quote {g}: " + " ".join(words + ["echo"] * (g % 6))


def statement_date(g: int) -> dt.date | None:
    return None if g % 25 == 0 else FIRST_DAY + dt.timedelta(days=g % 45)


def statement_topics(g: int) -> set[int]:
    return {t for t, (modulus, remainder) in TOPICS.items() if g % modulus == remainder}


def statement_places(g: int) -> set[int]:
    return {p for p, (modulus, remainder) in PLACES.items() if g % modulus == remainder}


def build(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    quotes: int = QUOTES,
    copies: bool = True,
    backend: str = "sqlite",
) -> Engine:
    """The database, through the real schema (migrations, triggers, FTS5), in bulk inserts;
    without `copies`, every quote is a statement of its own."""
    engine = migrated_engine(tmp_path_factory, name, backend)
    with Session(engine) as session:
        people = [
            Person(name=f"Speaker {i:02}", key=f"speaker {i:02}", surname_key=f"{i:02}")
            for i in range(SPEAKERS)
        ]
        topics = [Topic(slug=f"topic-{i}", name=f"Topic {i}", key=f"topic {i}") for i in TOPICS]
        places = [Place(name=f"Place {i}", key=f"place {i}", kind="city") for i in PLACES]
        articles = [
            Article(
                source_key=f"corpus-{i}",
                url=None if source is None else f"https://news.example/{i}",
                title=f"Article {i}",
                published=FIRST_DAY,
                source=source,
                body="body",
                content_hash=str(i),
                ingested_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
            )
            for i, source in enumerate([*SOURCES, *COPY_SOURCES])
        ]
        session.add_all([*people, *topics, *places, *articles])
        session.flush()
        rows, topic_links, place_links = [], [], []
        for k in range(quotes):
            leader = leader_of(k) if copies else None
            g = k if leader is None else leader
            said = statement_date(g)
            if leader is not None and said is not None:
                said += dt.timedelta(days=1)
            speaker = None if g % 20 == 0 else people[g % SPEAKERS].id
            article = articles[g % 3] if leader is None else articles[3 + k % 2]
            rows.append(
                {
                    "id": k + 1,
                    "article_id": article.id,
                    "text": statement_text(g),
                    "kind": ("direct", "partial", "indirect")[g // 2 % 3],
                    "speaker_id": speaker,
                    "start": 0,
                    "end": 10,
                    "date": said,
                    "context": "context",
                    "duplicate_of": None if leader is None else leader + 1,
                }
            )
            first = leader is None
            topic_links += [
                {"quote_id": k + 1, "topic_id": topics[t].id, "date": said, "first_copy": first}
                | {"speaker_id": speaker}
                for t in statement_topics(g) | ({3} if k % 40 == 8 else set())
            ]
            place_links += [
                {"quote_id": k + 1, "place_id": places[p].id, "date": said, "first_copy": first}
                for p in statement_places(g)
            ]
        session.execute(insert(Quote), rows)
        session.execute(insert(QuoteTopic), topic_links)
        session.execute(insert(QuotePlace), place_links)
        session.commit()
    return engine


@dataclass(frozen=True)
class Row:
    """A quote as the oracle sees it."""

    id: int
    text: str
    kind: str
    speaker_id: int | None
    speaker: str | None
    date: dt.date | None
    article_id: int
    source: str | None
    first: int
    """The id of its statement's first quote (its own id for a first quote)."""
    topics: frozenset[tuple[str, str]]
    """(slug, name) pairs."""
    places: frozenset[tuple[int, str]]
    """(id, name) pairs."""
    words: frozenset[str]
    """The text's words, lower case: what `q` matches in these texts (no word is stemmed)."""


def read_rows(engine: Engine) -> list[Row]:
    """Every quote, by plain SQL."""
    with engine.connect() as connection:
        topics: defaultdict[int, set[tuple[str, str]]] = defaultdict(set)
        for quote_id, slug, name in connection.execute(
            text(
                "SELECT quote_id, slug, name FROM quote_topics JOIN topics ON topics.id = topic_id"
            )
        ):
            topics[quote_id].add((slug, name))
        places: defaultdict[int, set[tuple[int, str]]] = defaultdict(set)
        for quote_id, place_id, name in connection.execute(
            text(
                "SELECT quote_id, place_id, name FROM quote_places "
                "JOIN places ON places.id = place_id"
            )
        ):
            places[quote_id].add((place_id, name))
        quotes = connection.execute(
            text(
                "SELECT q.id, q.text, q.kind, q.speaker_id, p.name, q.date, q.article_id, "
                "a.source, coalesce(q.duplicate_of, q.id) FROM quotes q "
                "JOIN articles a ON a.id = q.article_id LEFT JOIN people p ON p.id = q.speaker_id"
            )
        ).all()
    return [
        Row(
            id=id_,
            text=text_,
            kind=kind,
            speaker_id=speaker_id,
            speaker=speaker,
            date=dt.date.fromisoformat(date) if isinstance(date, str) else date,
            article_id=article_id,
            source=source,
            first=first,
            topics=frozenset(topics[id_]),
            places=frozenset(places[id_]),
            words=frozenset(re.findall(r"\w+", text_.lower())),
        )
        for id_, text_, kind, speaker_id, speaker, date, article_id, source, first in quotes
    ]


def _values(params: dict[str, Any], name: str) -> list[Any]:
    value = params.get(name)
    return [] if value is None else value if isinstance(value, list) else [value]


def _query(q: str) -> Callable[[set[str]], bool]:
    """The queries the plan tests use: words that must all occur, or `a OR b`."""
    if " OR " in q:
        alternatives = q.split(" OR ")
        return lambda words: any(a in words for a in alternatives)
    required = q.split()
    return lambda words: all(w in words for w in required)


def _meets(row: Row, params: dict[str, Any]) -> bool:
    """Whether `row` itself meets every filter but `q`, as the README defines them."""
    day = row.date
    tests = {
        "speaker": lambda v: row.speaker is not None and row.speaker.lower() in map(str.lower, v),
        "speaker_id": lambda v: row.speaker_id in map(int, v),
        "topic": lambda v: any(slug in v for slug, _ in row.topics),
        "place": lambda v: any(name in v for _, name in row.places),
        "source": lambda v: row.source is not None and row.source.lower() in map(str.lower, v),
        "date_from": lambda v: day is not None and day >= dt.date.fromisoformat(v[0]),
        "date_to": lambda v: day is not None and day <= dt.date.fromisoformat(v[0]),
        "kind": lambda v: row.kind in v,
        "article_id": lambda v: row.article_id in map(int, v),
        "min_length": lambda v: len(row.text) >= int(v[0]),
    }
    return all(test(_values(params, name)) for name, test in tests.items() if name in params)


def newest_first(rows: Iterable[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (r.date is None, -(r.date or FIRST_DAY).toordinal(), -r.id))


def oldest_first(rows: Iterable[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (r.date is None, (r.date or FIRST_DAY).toordinal(), r.id))


class Oracle:
    """What /v1/quotes should answer, computed from every row of the database."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self.copies: defaultdict[int, list[Row]] = defaultdict(list)
        for row in rows:
            if row.first != row.id:
                self.copies[row.first].append(row)

    def matches(self, params: dict[str, Any]) -> list[Row]:
        """The items, unordered: every quote meeting the filters when copies are listed each
        (`appearances=all`, `article_id`); else each statement once, as its first quote, when
        that quote meets them, or, with `source`, when one of its copies does (the words are
        always tested on the first quote)."""
        words = _query(params["q"]) if "q" in params else lambda _words: True
        if params.get("appearances") == "all" or "article_id" in params:
            return [r for r in self.rows if words(r.words) and _meets(r, params)]
        return [
            r
            for r in self.rows
            if r.first == r.id
            and words(r.words)
            and (
                _meets(r, params)
                or ("source" in params and any(_meets(c, params) for c in self.copies[r.id]))
            )
        ]

    def listing(self, params: dict[str, Any]) -> list[int]:
        found = self.matches(params)
        ordered = oldest_first(found) if params.get("sort") == "date" else newest_first(found)
        return [r.id for r in ordered]

    def timeline(self, params: dict[str, Any]) -> dict[str, Any]:
        """`interval=day`: every day from the first to the last (or the filter's range)."""
        found = self.matches(params)
        counts = Counter(r.date for r in found if r.date is not None)
        first = dt.date.fromisoformat(params["date_from"]) if "date_from" in params else None
        last = dt.date.fromisoformat(params["date_to"]) if "date_to" in params else None
        first, last = first or min(counts, default=None), last or max(counts, default=None)
        days = [] if first is None or last is None else range((last - first).days + 1)
        return {
            "interval": "day",
            "buckets": [
                {
                    "start": (first + dt.timedelta(d)).isoformat(),
                    "count": counts[first + dt.timedelta(d)],
                }  # type: ignore[operator]
                for d in days
            ],
            "undated": sum(1 for r in found if r.date is None),
        }

    def facets(self, params: dict[str, Any], window: int) -> tuple[dict[str, Any], int | None]:
        """The five facets over the newest `window` items, and the window if it applied."""
        found = newest_first(self.matches(params))
        counted = found[:window]

        def top(counts: Counter[tuple[Any, Any]]) -> list[dict[str, Any]]:
            ranked = sorted(counts.items(), key=lambda kv: (-kv[1], *kv[0]))
            return [{"value": v, "id": i, "count": n} for (v, i), n in ranked[:10]]

        facets = {
            "speaker": top(Counter((r.speaker, r.speaker_id) for r in counted if r.speaker)),
            "topic": top(Counter((name, slug) for r in counted for slug, name in r.topics)),
            "place": top(Counter((name, id_) for r in counted for id_, name in r.places)),
            "source": top(Counter((r.source, None) for r in counted if r.source)),
            "kind": top(Counter((r.kind, None) for r in counted)),
        }
        return facets, window if len(found) > window else None
