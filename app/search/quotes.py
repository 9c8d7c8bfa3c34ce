"""Quotes: filters, full-text matching, and the related rows of a page loaded per relation."""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    and_,
    func,
    literal_column,
    select,
    table,
    union,
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
    QuoteFilters,
    QuotePublic,
    QuotesPublic,
    TopicRef,
)
from app.search.fulltext import (
    FtsTable,
    Query,
    capped_count,
    highlight_words,
    marked_html,
    parse_query,
)
from app.search.names import people_named, places_named, topics_named
from app.search.paging import Ordering, SortKey, fetch_page

M = TypeVar("M", bound=BaseModel)

QUOTES_FTS = FtsTable("quotes_fts", Quote.id)  # type: ignore[arg-type]
NEWEST_FIRST = Ordering(
    SortKey(Quote.date, dt.date, descending=True, nullable=True),
    SortKey(Quote.id, int, descending=True),
)
OLDEST_FIRST = Ordering(
    SortKey(Quote.date, dt.date, nullable=True),
    SortKey(Quote.id, int),
)
QUOTE_ORDER = NEWEST_FIRST


def _has_words(session: Session, query: Query) -> ColumnElement[bool]:
    """Quotes matching `query`: through FTS5 on SQLite; elsewhere a LIKE per required word
    (operators other than AND are then not honoured)."""
    if not is_sqlite(session.get_bind()):  # type: ignore[arg-type]
        return and_(*(Quote.text.icontains(w, autoescape=True) for w in query.required))
    matching = (
        select(QUOTES_FTS.rowid)
        .select_from(table("quotes_fts"))
        .where(literal_column("quotes_fts").match(query.fts))
    )
    return Quote.id.in_(matching)


def _any_of(named: Callable[[str], Select[Any]], names: list[str]) -> Select[Any] | CompoundSelect:
    """The ids any of `names` stands for: repeated parameters are alternatives."""
    selects = [named(name) for name in names]
    return selects[0] if len(selects) == 1 else union(*selects)


def _filter_conditions(f: QuoteFilters) -> list[ColumnElement[bool]]:
    """Every filter but `q`, which a listing joins rather than tests, to read rank and snippet."""
    conditions: list[ColumnElement[bool]] = []
    if f.speaker:
        conditions.append(Quote.speaker_id.in_(_any_of(people_named, f.speaker)))
    if f.speaker_id:
        conditions.append(Quote.speaker_id.in_(f.speaker_id))
    if f.topic:
        topics = _any_of(topics_named, f.topic)
        tagged = select(QuoteTopic.quote_id).where(QuoteTopic.topic_id.in_(topics))
        conditions.append(Quote.id.in_(tagged))
    if f.place:
        places = _any_of(places_named, f.place)
        placed = select(QuotePlace.quote_id).where(QuotePlace.place_id.in_(places))
        conditions.append(Quote.id.in_(placed))
    if f.source:
        outlets = {source.strip().lower() for source in f.source}
        published = select(Article.id).where(func.lower(Article.source).in_(outlets))
        conditions.append(Quote.article_id.in_(published))
    if f.date_from is not None:
        conditions.append(Quote.date >= f.date_from)
    if f.date_to is not None:
        conditions.append(Quote.date <= f.date_to)
    if f.kind:
        conditions.append(Quote.kind.in_(f.kind))
    if f.article_id:
        conditions.append(Quote.article_id.in_(f.article_id))
    if f.min_length is not None:
        conditions.append(func.length(Quote.text) >= f.min_length)
    return conditions


def quote_conditions(session: Session, f: QuoteFilters) -> list[ColumnElement[bool]]:
    """The WHERE conditions of every /v1/quotes filter, `q` included: for facets, timelines and
    exports that select from `quotes` on their own terms."""
    conditions = _filter_conditions(f)
    if f.q is not None:
        conditions.append(_has_words(session, parse_query(f.q)))
    return conditions


def _grouped(session: Session, stmt: Select[Any], model: type[M]) -> defaultdict[int, list[M]]:
    """Rows of `stmt` as `model`s, grouped by the owner id in the first column."""
    groups: defaultdict[int, list[M]] = defaultdict(list)
    for row in session.exec(stmt):
        groups[row[0]].append(model.model_validate(row._mapping))
    return groups


def quote_items(
    session: Session, quotes: Sequence[Quote], highlights: Sequence[str | None] = ()
) -> list[QuotePublic]:
    """Quotes with speaker, article, topics and places: one query per relation, not per quote.

    `highlights`, when given, are the search snippets of `quotes`, in the same order."""
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
    return [
        QuotePublic(
            **quote.model_dump(),
            speaker=speakers.get(quote.speaker_id),  # type: ignore[arg-type]
            article=articles[quote.article_id],
            topics=topics[quote.id],  # type: ignore[index]
            places=places[quote.id],  # type: ignore[index]
            highlight=highlight,
        )
        for quote, highlight in zip(quotes, highlights or [None] * len(quotes), strict=True)
    ]


def search_quotes(
    session: Session,
    filters: QuoteFilters,
    page: Pagination,
    scope: Sequence[ColumnElement[bool]] = (),
) -> QuotesPublic:
    """`scope` narrows the listing for sub-resources (a person's, a place's quotes) on top of
    whatever filters the client sent.

    With `q` on SQLite the quotes are joined to their FTS5 rows, so that one statement filters,
    ranks and cuts the snippet; elsewhere `q` is a LIKE test and `relevance` sorts by date.
    """
    query = parse_query(filters.q) if filters.q is not None else None
    sort = filters.sort or ("relevance" if query else "-date")
    fts = query is not None and is_sqlite(session.get_bind())  # type: ignore[arg-type]
    stmt = select(Quote).where(*scope, *_filter_conditions(filters))
    if fts:
        stmt = QUOTES_FTS.join(stmt, query)  # type: ignore[arg-type]
    elif query is not None:
        stmt = stmt.where(_has_words(session, query))
    total, exact = capped_count(session, stmt, Quote.id)
    if fts and sort == "relevance":
        if not exact:
            stmt = QUOTES_FTS.newest_window(session, stmt)
        ordering = Ordering(
            SortKey(QUOTES_FTS.rank(), float), SortKey(Quote.id, int, descending=True)
        )
    else:
        ordering = OLDEST_FIRST if sort == "date" else NEWEST_FIRST
    if fts:
        stmt = stmt.add_columns(QUOTES_FTS.snippet().label("highlight"))
    rows, cursor = fetch_page(session, stmt, ordering, page)
    quotes = [row[0] for row in rows]
    if fts:
        highlights = [marked_html(row.highlight) for row in rows]
    elif query is not None:
        highlights = [highlight_words(quote.text, query.required) for quote in quotes]
    else:
        highlights = [None] * len(rows)
    return QuotesPublic(
        items=quote_items(session, quotes, highlights),
        next_cursor=cursor,
        total=total,
        total_exact=exact,
    )


def get_quote(session: Session, quote_id: int) -> QuotePublic:
    quote = session.get(Quote, quote_id)
    if quote is None:
        raise NotFound(f"No quote with id {quote_id}.")
    return quote_items(session, [quote])[0]
