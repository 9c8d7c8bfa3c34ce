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
    or_,
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
    QuoteAppearance,
    QuoteFilters,
    QuotePublic,
    QuotesPublic,
    TopicRef,
)
from app.search.fulltext import (
    COMMON,
    COUNT_LIMIT,
    FtsTable,
    Query,
    capped_count,
    highlight_words,
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
    appearances = _appearances(session, quotes)
    return [
        QuotePublic(
            **quote.model_dump(),
            speaker=speakers.get(quote.speaker_id),  # type: ignore[arg-type]
            article=articles[quote.article_id],
            topics=topics[quote.id],  # type: ignore[index]
            places=places[quote.id],  # type: ignore[index]
            highlight=highlight,
            appearance_count=len(appearances[quote.duplicate_of or quote.id]),  # type: ignore[index]
            appearances=appearances[quote.duplicate_of or quote.id],  # type: ignore[index]
        )
        for quote, highlight in zip(quotes, highlights or [None] * len(quotes), strict=True)
    ]


def _text_page(
    session: Session,
    stmt: Select[Any],
    query: Query,
    sort: str,
    page: Pagination,
    filtered: bool,
) -> tuple[Sequence[Any], str | None, int, bool]:
    """A page of `stmt` matching `query` through FTS5, with its capped total.

    Counting FTS5 alone costs about a millisecond per 10,000 matches, so it picks the plan: a
    common word sorted by date walks the date index and tests each quote (a few rows per page),
    a rarer one is found through FTS5 and sorted. Relevance always goes through FTS5, which
    alone can compute BM25, over the newest `RANK_WINDOW` matches at most.
    """
    matches = QUOTES_FTS.match_count(session, query, COMMON)
    joined = QUOTES_FTS.join(stmt, query)
    if filtered:
        total, exact = capped_count(session, joined, Quote.id)
    else:
        total, exact = min(matches, COUNT_LIMIT), matches <= COUNT_LIMIT
    if sort == "relevance":
        if not exact:
            joined = QUOTES_FTS.newest_window(session, joined)
        ordering = Ordering(
            SortKey(QUOTES_FTS.rank(), float), SortKey(Quote.id, int, descending=True)
        )
        rows, cursor = fetch_page(session, joined, ordering, page)
    else:
        ordering = OLDEST_FIRST if sort == "date" else NEWEST_FIRST
        walk = stmt.where(QUOTES_FTS.contains(query)) if matches >= COMMON else joined
        rows, cursor = fetch_page(session, walk, ordering, page)
    return rows, cursor, total, exact


def search_quotes(
    session: Session,
    filters: QuoteFilters,
    page: Pagination,
    scope: Sequence[ColumnElement[bool]] = (),
) -> QuotesPublic:
    """`scope` narrows the listing for sub-resources (a person's, a place's quotes) on top of
    whatever filters the client sent.

    With `q` on SQLite, see `_text_page`; snippets are cut for the page's quotes only.
    Elsewhere `q` is a LIKE test per required word and `relevance` sorts newest first.
    """
    query = parse_query(filters.q) if filters.q is not None else None
    sort = filters.sort or ("relevance" if query else "-date")
    conditions = [*scope, *_filter_conditions(filters)]
    filtered = bool(conditions)
    if filters.appearances == "first" and not filters.article_id:
        conditions = [_first_of_matching_groups(conditions)]
    stmt = select(Quote).where(*conditions)
    if query is None or not is_sqlite(session.get_bind()):  # type: ignore[arg-type]
        if query is not None:
            stmt = stmt.where(_has_words(session, query))
        total, exact = capped_count(session, stmt, Quote.id)
        ordering = OLDEST_FIRST if sort == "date" else NEWEST_FIRST
        rows, cursor = fetch_page(session, stmt, ordering, page)
        quotes = [row[0] for row in rows]
        highlights = [highlight_words(q.text, query.required) if query else None for q in quotes]
    else:
        rows, cursor, total, exact = _text_page(session, stmt, query, sort, page, filtered)
        quotes = [row[0] for row in rows]
        found = QUOTES_FTS.snippets(session, query, [q.id for q in quotes])  # type: ignore[misc]
        highlights = [found.get(q.id) for q in quotes]
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
