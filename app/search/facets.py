"""Facets: the most frequent speakers, topics, places, sources and kinds among matching quotes.

Each facet is one GROUP BY over the quotes that the filters match (the newest `FACET_WINDOW`
of them when `total` is capped), run under its own short time limit: a facet that would still
be slow is dropped and named rather than failing the request.
"""

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, Subquery, column, func, null, select
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app.config import get_settings
from app.db import is_interrupted, is_sqlite, statement_time_limit
from app.errors import InvalidParameter
from app.models import Article, Person, Place, Quote, QuotePlace, QuoteTopic, Topic
from app.schemas import FacetValue, QuoteFilters
from app.search.fulltext import COUNT_LIMIT
from app.search.quotes import quote_conditions

FACET_SIZE = 10
FACET_WINDOW = 5_000
"""When more quotes match than `total` counts, facets count the newest this many: a GROUP BY
over a million quotes takes seconds, over five thousand a few milliseconds."""


Ids = Select[Any] | Sequence[int]
"""The quotes a facet counts: a select of their ids, or the ids themselves."""


def _per(key: ColumnElement[Any], owner: ColumnElement[int], ids: Ids) -> Subquery:
    """Rows per `key` among the quotes `ids` (`owner` holds the quote id): grouped on the id
    before any name is joined, so that names are read for each value, not for each quote."""
    return (
        select(key.label("key"), func.count().label("n"))
        .where(owner.in_(ids), key.is_not(None))
        .group_by(key)
        .subquery()
    )


def _speaker(ids: Ids) -> Select[Any]:
    per = _per(Quote.speaker_id, Quote.id, ids)
    return select(Person.name, Person.id, per.c.n).join(per, per.c.key == Person.id)


def _topic(ids: Ids) -> Select[Any]:
    per = _per(QuoteTopic.topic_id, QuoteTopic.quote_id, ids)
    return select(Topic.name, Topic.slug, per.c.n).join(per, per.c.key == Topic.id)


def _place(ids: Ids) -> Select[Any]:
    per = _per(QuotePlace.place_id, QuotePlace.quote_id, ids)
    return select(Place.name, Place.id, per.c.n).join(per, per.c.key == Place.id)


def _source(ids: Ids) -> Select[Any]:
    per = _per(Quote.article_id, Quote.id, ids)
    count = func.sum(per.c.n)
    return (
        select(Article.source, null(), count)
        .join(per, per.c.key == Article.id)
        .where(Article.source.is_not(None))
        .group_by(Article.source)
    )


def _kind(ids: Ids) -> Select[Any]:
    per = _per(Quote.kind, Quote.id, ids)
    return select(per.c.key, null(), per.c.n)


FACETS: dict[str, Callable[[Ids], Select[Any]]] = {
    "speaker": _speaker,
    "topic": _topic,
    "place": _place,
    "source": _source,
    "kind": _kind,
}
"""Each facet as (value, id or null, count) rows over the quotes given."""


def facet_names(requested: Iterable[str]) -> list[str]:
    """`facets=speaker,topic&facets=place` → the distinct names in order; unknown ones are a 422."""
    names = [n.strip() for value in requested for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in FACETS]
    if unknown:
        raise InvalidParameter(
            "facets", f"unknown facet {', '.join(unknown)}; choose from {', '.join(FACETS)}"
        )
    return list(dict.fromkeys(names))


def _facet(session: Session, name: str, ids: Ids) -> list[FacetValue]:
    """The facet's `FACET_SIZE` most frequent values, count descending, then value."""
    counted = FACETS[name](ids).subquery()
    value, id_, count = counted.c
    top = select(value, id_, count).order_by(count.desc(), value, id_).limit(FACET_SIZE)
    rows = session.exec(top)  # type: ignore[call-overload]
    return [FacetValue(value=value, id=id_, count=count) for value, id_, count in rows]


def _matching(
    session: Session, conditions: list[ColumnElement[bool]], limit: int
) -> tuple[Ids, int]:
    """The ids of the newest `limit` matches of `conditions`, read once.

    Every facet then groups a known set of quotes, rather than re-running the filters inside
    a join the planner may order badly (a tag's link list against every speaker). On SQLite
    the ids go in as one JSON array, read by `json_each`: binding thousands of parameters for
    each facet would cost more than counting."""
    newest = session.exec(
        select(Quote.id)
        .where(*conditions)
        .order_by(Quote.date.desc().nulls_last(), Quote.id.desc())
        .limit(limit)
    ).scalars()  # type: ignore[call-overload]
    ids = newest.all()
    if not is_sqlite(session.get_bind()):  # type: ignore[arg-type]
        return ids, len(ids)
    return select(column("value")).select_from(func.json_each(json.dumps(ids))), len(ids)


def quote_facets(
    session: Session, filters: QuoteFilters, names: Sequence[str], every_match: bool
) -> tuple[dict[str, list[FacetValue]], list[str], int | None]:
    """The facets that finished within the facet time limit, the names of those that did not,
    and how many quotes they counted when not `every_match` (the newest `FACET_WINDOW`)."""
    conditions = quote_conditions(session, filters, whole=True)
    if every_match:
        ids, _ = _matching(session, conditions, COUNT_LIMIT)
        window = None
    else:
        ids, window = _matching(session, conditions, FACET_WINDOW)
    limit_ms = get_settings().facet_time_limit_ms
    facets: dict[str, list[FacetValue]] = {}
    timed_out: list[str] = []
    for name in names:
        try:
            with statement_time_limit(session, limit_ms):
                facets[name] = _facet(session, name, ids)
        except OperationalError as error:
            if not is_interrupted(error):
                raise
            timed_out.append(name)
    return facets, timed_out, window
