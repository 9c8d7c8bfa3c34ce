"""Articles: searched and listed with their quote counts; one with its quotes."""

import datetime as dt
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    func,
    or_,
    select,
)
from sqlmodel import Session

from app.db import is_sqlite
from app.errors import NotFound
from app.models import (
    Article,
    Quote,
)
from app.schemas import (
    ArticleDetail,
    ArticleFilters,
    ArticlePublic,
    ArticlesPublic,
    Pagination,
)
from app.search.fulltext import (
    FtsTable,
    Query,
    capped_count,
    highlight_words,
    marked_html,
    parse_query,
)
from app.search.paging import Ordering, SortKey, fetch_page
from app.search.quotes import quote_items

_ARTICLE_QUOTES = (
    select(func.count()).select_from(Quote).where(Quote.article_id == Article.id).scalar_subquery()
)
_ARTICLES = select(
    Article.id,
    Article.title,
    Article.published,
    Article.source,
    Article.url,
    Article.byline,
    Article.dateline,
    Article.word_count,
    _ARTICLE_QUOTES.label("quote_count"),
)
ARTICLES_FTS = FtsTable("articles_fts", Article.id, weights=(4.0, 1.0))  # type: ignore[arg-type]
NEWEST_FIRST = Ordering(
    SortKey(Article.published, dt.date, descending=True, nullable=True),
    SortKey(Article.id, int, descending=True),
)
OLDEST_FIRST = Ordering(
    SortKey(Article.published, dt.date, nullable=True),
    SortKey(Article.id, int),
)


def _article_conditions(f: ArticleFilters) -> list[ColumnElement[bool]]:
    """Every filter but `q`."""
    conditions: list[ColumnElement[bool]] = []
    if f.source:
        outlets = {source.strip().lower() for source in f.source}
        conditions.append(func.lower(Article.source).in_(outlets))
    if f.date_from is not None:
        conditions.append(Article.published >= f.date_from)
    if f.date_to is not None:
        conditions.append(Article.published <= f.date_to)
    return conditions


def _has_words(query: Query) -> ColumnElement[bool]:
    """Without FTS5: every required word in the title or the body, any case."""
    return and_(
        *(
            or_(
                Article.title.icontains(word, autoescape=True),
                Article.body.icontains(word, autoescape=True),  # type: ignore[attr-defined]
            )
            for word in query.required
        )
    )


def _ranked_window(
    session: Session, stmt: Select[Any], query: Query, total: int, exact: bool
) -> tuple[Select[Any], int, bool]:
    """`stmt` cut to the newest `rank_window` matches that BM25 ranks, and its total: what
    the listing pages through, as on /v1/quotes. Exact only when the window kept every match."""
    windowed = ARTICLES_FTS.newest_window(session, stmt, query)
    if windowed is stmt:
        return stmt, total, exact
    kept, _ = capped_count(session, windowed, Article.id)
    return windowed, kept, exact and kept == total


def search_articles(session: Session, filters: ArticleFilters, page: Pagination) -> ArticlesPublic:
    """Like `search_quotes`: FTS5 over title and body (title words weigh 4 times as much)."""
    query = parse_query(filters.q) if filters.q is not None else None
    sort = filters.sort or ("relevance" if query else "-date")
    fts = query is not None and is_sqlite(session.get_bind())  # type: ignore[arg-type]
    stmt = _ARTICLES.where(*_article_conditions(filters))
    if fts:
        stmt = ARTICLES_FTS.join(stmt, query)  # type: ignore[arg-type]
    elif query is not None:
        stmt = stmt.where(_has_words(query))
    total, exact = capped_count(session, stmt, Article.id)
    if fts and sort == "relevance":
        stmt, total, exact = _ranked_window(session, stmt, query, total, exact)  # type: ignore[arg-type]
        ordering = Ordering(
            SortKey(ARTICLES_FTS.rank(), float), SortKey(Article.id, int, descending=True)
        )
    else:
        ordering = OLDEST_FIRST if sort == "date" else NEWEST_FIRST
    if fts:
        stmt = stmt.add_columns(ARTICLES_FTS.snippet().label("highlight"))
    elif query is not None:
        stmt = stmt.add_columns(Article.title.label("highlight"))
    rows, cursor = fetch_page(session, stmt, ordering, page)
    items = []
    for row in rows:
        item = ArticlePublic.model_validate(row._mapping)
        if fts:
            item.highlight = marked_html(row.highlight)
        elif query is not None:
            item.highlight = highlight_words(row.highlight, query.required)
        items.append(item)
    return ArticlesPublic(items=items, next_cursor=cursor, total=total, total_exact=exact)


def get_article(session: Session, article_id: int) -> ArticleDetail:
    row = session.exec(_ARTICLES.add_columns(Article.body).where(Article.id == article_id)).first()
    if row is None:
        raise NotFound(f"No article with id {article_id}.")
    quotes = session.exec(
        select(Quote).where(Quote.article_id == article_id).order_by(Quote.start)
    ).scalars()
    return ArticleDetail(**row._mapping, quotes=quote_items(session, quotes.all()))
