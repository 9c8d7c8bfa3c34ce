"""Facets: the most frequent speakers, topics, places, sources and kinds among matching quotes.

The matching quotes (the newest `VERBATIM_FACET_WINDOW` of them when more match: counting a
million would take seconds) are read once,
with their speaker, article and kind, which are counted here; topics and places are counted
by one GROUP BY each over their link tables. Every facet runs under its own short time limit:
one that would still be slow is dropped and named rather than failing the request.
"""

import dataclasses
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ARRAY,
    BigInteger,
    ColumnElement,
    Select,
    Text,
    bindparam,
    cast,
    column,
    func,
    select,
)
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app.config import get_settings
from app.db import is_interrupted, is_sqlite, statement_time_limit
from app.errors import InvalidParameter
from app.models import Article, Person, Place, Quote, QuotePlace, QuoteTopic, Topic
from app.schemas import FacetValue
from app.search.plan import QuotePlan

FACET_SIZE = 10


@dataclass(frozen=True)
class Matches:
    """The quotes a request's facets count, read once: ids, and each one's speaker, article
    and kind when a facet counts those."""

    ids: list[int]
    speakers: list[int | None]
    articles: list[int]
    kinds: list[str]


Facet = Callable[[Session, Matches], list[FacetValue]]


def _id_set(session: Session, ids: Iterable[int]) -> Select[Any] | list[int]:
    """`ids` for an IN test. Binding thousands of parameters would cost more than the counting
    they feed (on PostgreSQL, 40 ms of a facet request went to writing and splitting a
    thousand placeholders), so the ids go as one value: on SQLite a JSON array read by
    `json_each`, on PostgreSQL an array literal read by `unnest` (written here as text: the
    driver's list dumper took 2 ms per thousand ids)."""
    ids = list(ids)
    engine = session.get_bind()
    if is_sqlite(engine):  # type: ignore[arg-type]
        return select(column("value")).select_from(func.json_each(json.dumps(ids)))
    if engine.dialect.name == "postgresql":
        array = "{" + ",".join(map(str, ids)) + "}"
        return select(func.unnest(cast(bindparam(None, array, type_=Text), ARRAY(BigInteger))))
    return ids


def _top(counts: Counter[Any], named: dict[Any, tuple[str, Any]]) -> list[FacetValue]:
    """The `FACET_SIZE` most frequent named values: count descending, then value, then id."""
    ranked = sorted(
        (-count, *named[key]) for key, count in counts.items() if key in named and count
    )
    return [FacetValue(value=value, id=id_, count=-n) for n, value, id_ in ranked[:FACET_SIZE]]


def _contenders(counts: Counter[Any]) -> list[Any]:
    """The keys that can make the top `FACET_SIZE` once ties are broken by name: every key
    counted at least as often as the last of the first `FACET_SIZE`."""
    ranked = counts.most_common()
    if len(ranked) <= FACET_SIZE:
        return [key for key, _ in ranked]
    floor = ranked[FACET_SIZE - 1][1]
    return [key for key, count in ranked if count >= floor]


def _speaker(session: Session, matches: Matches) -> list[FacetValue]:
    counts = Counter(s for s in matches.speakers if s is not None)
    wanted = _id_set(session, _contenders(counts))
    people = session.exec(select(Person.id, Person.name).where(Person.id.in_(wanted)))  # type: ignore[call-overload]
    return _top(counts, {id_: (name, id_) for id_, name in people})


def _source(session: Session, matches: Matches) -> list[FacetValue]:
    """Quotes per outlet: counted per article here, then summed over each article's source."""
    per_article = Counter(matches.articles)
    wanted = _id_set(session, per_article)
    rows = session.exec(
        select(Article.id, Article.source).where(
            Article.id.in_(wanted), Article.source.is_not(None)
        )
    )  # type: ignore[call-overload]
    counts: Counter[str] = Counter()
    for article_id, source in rows:
        counts[source] += per_article[article_id]
    return _top(counts, {source: (source, None) for source in counts})


def _kind(_session: Session, matches: Matches) -> list[FacetValue]:
    counts = Counter(matches.kinds)
    return _top(counts, {kind: (kind, None) for kind in counts})


def _tagged(
    tag: ColumnElement[int], quote_id: ColumnElement[int], owner: Any, name: Any, key: Any
) -> Facet:
    """A facet over a link table: grouped on the tag id, and only the top groups named."""

    def facet(session: Session, matches: Matches) -> list[FacetValue]:
        per = (
            select(tag.label("tag"), func.count().label("n"))
            .where(quote_id.in_(_id_set(session, matches.ids)))
            .group_by(tag)
            .subquery()
        )
        rows = session.exec(
            select(name, key, per.c.n)
            .join(per, per.c.tag == owner)
            .order_by(per.c.n.desc(), name, key)
            .limit(FACET_SIZE)
        )  # type: ignore[call-overload]
        return [FacetValue(value=value, id=id_, count=n) for value, id_, n in rows]

    return facet


FACETS: dict[str, Facet] = {
    "speaker": _speaker,
    "topic": _tagged(QuoteTopic.topic_id, QuoteTopic.quote_id, Topic.id, Topic.name, Topic.slug),
    "place": _tagged(QuotePlace.place_id, QuotePlace.quote_id, Place.id, Place.name, Place.id),
    "source": _source,
    "kind": _kind,
}
"""Each facet's top values among the matches given."""

_FROM_QUOTE_ROWS = {"speaker", "source", "kind"}
"""The facets counted from the quote rows themselves, which `_matching` then reads."""


def facet_names(requested: Iterable[str]) -> list[str]:
    """`facets=speaker,topic&facets=place` → the distinct names in order; unknown ones are a 422."""
    names = [n.strip() for value in requested for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in FACETS]
    if unknown:
        raise InvalidParameter(
            "facets", f"unknown facet {', '.join(unknown)}; choose from {', '.join(FACETS)}"
        )
    return list(dict.fromkeys(names))


def _matching(session: Session, plan: QuotePlan, limit: int, rows: bool) -> Matches:
    """The newest `limit` matches of the plan, read once, with speaker, article and kind when
    `rows` (a single topic or place from its walk index, see `TagWalkPlan`)."""
    columns: list[Any] = [Quote.speaker_id, Quote.article_id, Quote.kind] if rows else []
    found = session.exec(plan.matches(columns, limit)).all()  # type: ignore[call-overload]
    if not rows:
        return Matches([row[0] for row in found], [], [], [])
    ids, speakers, articles, kinds = zip(*found, strict=True) if found else ((), (), (), ())
    return Matches(list(ids), list(speakers), list(articles), list(kinds))


def quote_facets(
    session: Session, plan: QuotePlan, names: Sequence[str]
) -> tuple[dict[str, list[FacetValue]], list[str], int | None]:
    """The facets that finished within the facet time limit, the names of those that did not,
    and, when more than the facet window's quotes match, how many the facets counted (the
    newest that many); None when they counted every match."""
    limit_ms = get_settings().facet_time_limit_ms
    size = get_settings().facet_window
    facets: dict[str, list[FacetValue]] = {}
    timed_out: list[str] = []
    try:
        with statement_time_limit(session, limit_ms):
            rows = bool(_FROM_QUOTE_ROWS & set(names))
            matches = _matching(session, plan, size + 1, rows)
    except OperationalError as error:
        if not is_interrupted(error):
            raise
        return facets, list(names), None
    window = None
    if len(matches.ids) > size:
        matches = Matches(*(getattr(matches, f.name)[:size] for f in dataclasses.fields(matches)))
        window = size
    for name in names:
        try:
            with statement_time_limit(session, limit_ms):
                facets[name] = FACETS[name](session, matches)
        except OperationalError as error:
            if not is_interrupted(error):
                raise
            timed_out.append(name)
    return facets, timed_out, window
