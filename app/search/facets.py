"""Facets: the most frequent speakers, topics, places, sources and kinds among matching quotes.

Each facet is one GROUP BY over the quotes that the filters match (the newest `FACET_WINDOW`
of them when `total` is capped), run under its own short time limit: a facet that would still
be slow is dropped and named rather than failing the request.
"""

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, column, func, null, select
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


@dataclass(frozen=True)
class Facet:
    """A facet's value and id columns (no id: null) and the quotes joined to them."""

    value: ColumnElement[Any]
    id: ColumnElement[Any] | None
    joined: Callable[[Select[Any]], Select[Any]]

    def counts(self, conditions: Sequence[ColumnElement[bool]]) -> Select[Any]:
        keys = [self.value] if self.id is None else [self.value, self.id]
        count = func.count().label("count")
        id_ = null() if self.id is None else self.id
        stmt = select(self.value, id_, count).select_from(Quote)
        return (
            self.joined(stmt)
            .where(self.value.is_not(None), *conditions)
            .group_by(*keys)
            .order_by(count.desc(), *keys)
            .limit(FACET_SIZE)
        )


FACETS = {
    "speaker": Facet(
        Person.name, Person.id, lambda s: s.join(Person, Quote.speaker_id == Person.id)
    ),
    "topic": Facet(
        Topic.name,
        Topic.slug,
        lambda s: s.join(QuoteTopic, QuoteTopic.quote_id == Quote.id).join(
            Topic, Topic.id == QuoteTopic.topic_id
        ),
    ),
    "place": Facet(
        Place.name,
        Place.id,
        lambda s: s.join(QuotePlace, QuotePlace.quote_id == Quote.id).join(
            Place, Place.id == QuotePlace.place_id
        ),
    ),
    "source": Facet(
        Article.source, None, lambda s: s.join(Article, Article.id == Quote.article_id)
    ),
    "kind": Facet(Quote.kind, None, lambda s: s),
}


def facet_names(requested: Iterable[str]) -> list[str]:
    """`facets=speaker,topic&facets=place` → the distinct names in order; unknown ones are a 422."""
    names = [n.strip() for value in requested for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in FACETS]
    if unknown:
        raise InvalidParameter(
            "facets", f"unknown facet {', '.join(unknown)}; choose from {', '.join(FACETS)}"
        )
    return list(dict.fromkeys(names))


def _facet(
    session: Session, name: str, conditions: Sequence[ColumnElement[bool]]
) -> list[FacetValue]:
    rows = session.exec(FACETS[name].counts(conditions))  # type: ignore[call-overload]
    return [FacetValue(value=value, id=id_, count=count) for value, id_, count in rows]


def _matching(
    session: Session, conditions: list[ColumnElement[bool]], limit: int
) -> tuple[list[ColumnElement[bool]], int]:
    """`conditions` as the ids of the newest `limit` matches, read once.

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
        return [Quote.id.in_(ids)], len(ids)
    listed = select(column("value")).select_from(func.json_each(json.dumps(ids)))
    return [Quote.id.in_(listed)], len(ids)


def quote_facets(
    session: Session, filters: QuoteFilters, names: Sequence[str], every_match: bool
) -> tuple[dict[str, list[FacetValue]], list[str], int | None]:
    """The facets that finished within the facet time limit, the names of those that did not,
    and how many quotes they counted when not `every_match` (the newest `FACET_WINDOW`)."""
    conditions = quote_conditions(session, filters, whole=True)
    if every_match:
        conditions, _ = _matching(session, conditions, COUNT_LIMIT)
        window = None
    else:
        conditions, window = _matching(session, conditions, FACET_WINDOW)
    limit_ms = get_settings().facet_time_limit_ms
    facets: dict[str, list[FacetValue]] = {}
    timed_out: list[str] = []
    for name in names:
        try:
            with statement_time_limit(session, limit_ms):
                facets[name] = _facet(session, name, conditions)
        except OperationalError as error:
            if not is_interrupted(error):
                raise
            timed_out.append(name)
    return facets, timed_out, window
