"""Quotes: filters, full-text matching, and the related rows of a page loaded per relation."""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    column,
    false,
    func,
    or_,
    select,
    table,
)
from sqlmodel import Session

from app.db import is_sqlite
from app.errors import NotFound
from app.models import (
    Article,
    Person,
    Place,
    Quote,
    QuotePlace,
    QuoteTopic,
    Topic,
)
from app.schemas import (
    ArticleRef,
    Pagination,
    PersonRef,
    PlaceRef,
    QuoteAppearance,
    QuoteFilters,
    QuotePublic,
    QuotesPublic,
    TopicRef,
)
from app.search.names import people_named, places_named, topics_named
from app.search.paging import Ordering, SortKey, fetch_page

M = TypeVar("M", bound=BaseModel)

_QUOTES_FTS = table("quotes_fts", column("rowid"), column("quotes_fts"))
QUOTE_ORDER = Ordering(
    SortKey(Quote.date, dt.date, descending=True, nullable=True),
    SortKey(Quote.id, int, descending=True),
)


def _has_words(session: Session, text: str) -> ColumnElement[bool]:
    """Quotes containing every word of `text`.

    On SQLite each word becomes an FTS5 string literal, so quotes, `*`, `NEAR` or `-` in user
    input are searched for rather than parsed as query syntax. Elsewhere, a LIKE per word.
    Blank text matches nothing, like a blank name.
    """
    words = text.split()
    if not words:
        return false()
    if not is_sqlite(session.get_bind()):  # type: ignore[arg-type]
        return and_(*(Quote.text.icontains(w, autoescape=True) for w in words))
    phrase = " ".join('"' + word.replace('"', '""') + '"' for word in words)
    matching = select(_QUOTES_FTS.c.rowid).where(_QUOTES_FTS.c.quotes_fts.match(phrase))
    return Quote.id.in_(matching)


def quote_conditions(session: Session, f: QuoteFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if f.speaker is not None:
        conditions.append(Quote.speaker_id.in_(people_named(f.speaker)))
    if f.speaker_id is not None:
        conditions.append(Quote.speaker_id == f.speaker_id)
    if f.topic is not None:
        tagged = select(QuoteTopic.quote_id).where(QuoteTopic.topic_id.in_(topics_named(f.topic)))
        conditions.append(Quote.id.in_(tagged))
    if f.place is not None:
        placed = select(QuotePlace.quote_id).where(QuotePlace.place_id.in_(places_named(f.place)))
        conditions.append(Quote.id.in_(placed))
    if f.date_from is not None:
        conditions.append(Quote.date >= f.date_from)
    if f.date_to is not None:
        conditions.append(Quote.date <= f.date_to)
    if f.q is not None:
        conditions.append(_has_words(session, f.q))
    if f.kind is not None:
        conditions.append(Quote.kind == f.kind)
    if f.article_id is not None:
        conditions.append(Quote.article_id == f.article_id)
    if f.appearances == "first" and not f.article_id:
        conditions = [_first_of_matching_groups(conditions)]
    return conditions


def _first_of_matching_groups(conditions: list[ColumnElement[bool]]) -> ColumnElement[bool]:
    """Each wire group once, as its first quote, if that quote or any later copy meets
    `conditions`: the copy in the filtered-for source or dated in range may be a later one.

    The subquery selects from `quotes` again without correlating, so inside it `quotes.*`
    names the subquery's own rows (SQL's innermost scope): the conditions, written against
    `Quote`, test each copy. It looks at copies only (`duplicate_of` is set), so that a broad
    filter costs a pass over the matching copies, not over every matching quote.
    """
    first = Quote.duplicate_of.is_(None)
    if not conditions:
        return first
    copies = select(Quote.duplicate_of).where(Quote.duplicate_of.is_not(None), *conditions)
    return and_(first, or_(and_(*conditions), Quote.id.in_(copies.correlate(None))))


def _grouped(session: Session, stmt: Select[Any], model: type[M]) -> defaultdict[int, list[M]]:
    """Rows of `stmt` as `model`s, grouped by the owner id in the first column."""
    groups: defaultdict[int, list[M]] = defaultdict(list)
    for row in session.exec(stmt):
        groups[row[0]].append(model.model_validate(row._mapping))
    return groups


def _appearances(session: Session, quotes: Sequence[Quote]) -> dict[int, list[QuoteAppearance]]:
    """Every copy of each quote's wire group, first published first, by group (the id of the
    group's first quote): one query for the page."""
    group_ids = {q.duplicate_of or q.id for q in quotes}
    group = func.coalesce(Quote.duplicate_of, Quote.id)
    rows = session.exec(
        select(group, Quote.id, Article.id, Article.title, Article.published, Article.source)
        .join(Article, Article.id == Quote.article_id)
        .where(or_(Quote.id.in_(group_ids), Quote.duplicate_of.in_(group_ids)))
        .order_by(Article.published.asc().nulls_last(), Quote.id)
    )
    appearances: dict[int, list[QuoteAppearance]] = defaultdict(list)
    for group_id, quote_id, article_id, title, published, source in rows:
        article = ArticleRef(id=article_id, title=title, published=published, source=source)
        appearances[group_id].append(
            QuoteAppearance(quote_id=quote_id, article=article, date=published)
        )
    return appearances


def quote_items(session: Session, quotes: Sequence[Quote]) -> list[QuotePublic]:
    """Quotes with speaker, article, topics, places and wire copies: one query per relation,
    not per quote."""
    if not quotes:
        return []
    ids = [q.id for q in quotes]
    speaker_ids = {q.speaker_id for q in quotes if q.speaker_id is not None}
    speakers = {
        row.id: PersonRef.model_validate(row._mapping)
        for row in session.exec(
            select(Person.id, Person.name, Person.kind).where(Person.id.in_(speaker_ids))
        )
    }
    articles = {
        row.id: ArticleRef.model_validate(row._mapping)
        for row in session.exec(
            select(Article.id, Article.title, Article.published, Article.source).where(
                Article.id.in_({q.article_id for q in quotes})
            )
        )
    }
    topics = _grouped(
        session,
        select(QuoteTopic.quote_id, Topic.slug, Topic.name)
        .join(Topic, Topic.id == QuoteTopic.topic_id)
        .where(QuoteTopic.quote_id.in_(ids))
        .order_by(Topic.name),
        TopicRef,
    )
    places = _grouped(
        session,
        select(QuotePlace.quote_id, Place.id, Place.name)
        .join(Place, Place.id == QuotePlace.place_id)
        .where(QuotePlace.quote_id.in_(ids))
        .order_by(Place.name),
        PlaceRef,
    )
    appearances = _appearances(session, quotes)
    return [
        QuotePublic(
            **quote.model_dump(),
            speaker=speakers.get(quote.speaker_id),  # type: ignore[arg-type]
            article=articles[quote.article_id],
            topics=topics[quote.id],  # type: ignore[index]
            places=places[quote.id],  # type: ignore[index]
            appearance_count=len(appearances[quote.duplicate_of or quote.id]),  # type: ignore[index]
            appearances=appearances[quote.duplicate_of or quote.id],  # type: ignore[index]
        )
        for quote in quotes
    ]


def search_quotes(
    session: Session,
    filters: QuoteFilters,
    page: Pagination,
    scope: Sequence[ColumnElement[bool]] = (),
) -> QuotesPublic:
    """`scope` narrows the listing for sub-resources (a person's, a place's quotes) on top of
    whatever filters the client sent."""
    stmt = select(Quote).where(*scope, *quote_conditions(session, filters))
    rows, cursor = fetch_page(session, stmt, QUOTE_ORDER, page)
    return QuotesPublic(items=quote_items(session, [row[0] for row in rows]), next_cursor=cursor)


def get_quote(session: Session, quote_id: int) -> QuotePublic:
    quote = session.get(Quote, quote_id)
    if quote is None:
        raise NotFound(f"No quote with id {quote_id}.")
    return quote_items(session, [quote])[0]
