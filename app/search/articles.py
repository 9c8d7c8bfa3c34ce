"""Articles: searched and listed with their quote counts; one with its quotes."""

import datetime as dt
from typing import Any

from sqlalchemy import (
    DOUBLE_PRECISION,
    ColumnElement,
    Select,
    and_,
    cast,
    func,
    literal_column,
    or_,
    select,
)
from sqlmodel import Session

from app.config import get_settings
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
    ts_config,
    ts_headlines,
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


ARTICLE_WORDS = func.to_tsvector(
    ts_config(), Article.title.op("||")(literal_column("' '")).op("||")(Article.body)
)
"""The words of an article on PostgreSQL, written as its GIN index (migration 0011) has them
(literals, not parameters), so that the planner sees the index's own expression."""
TITLE_WEIGHTS = literal_column("'{0.25,0.1,0.1,1.0}'::real[]")
"""`ts_rank` weights (D, C, B, A): a title word (A) weighs 4 times a body word (D), as the
FTS5 ranking's weights say on SQLite."""


def _ts_rank(query: Query) -> ColumnElement[float]:
    """The article's rank, title words weighted A; a double, so that cursors compare it
    exactly (see `TsQueryPlan.rank`)."""
    title = func.setweight(func.to_tsvector(ts_config(), Article.title), literal_column("'A'"))
    words = title.op("||")(func.to_tsvector(ts_config(), Article.body))
    return cast(func.ts_rank(TITLE_WEIGHTS, words, query.ts), DOUBLE_PRECISION)


def _search_articles_ts(
    session: Session, filters: ArticleFilters, query: Query, page: Pagination
) -> ArticlesPublic:
    """`q` on PostgreSQL: the tsquery against the title and body; `relevance` ranks the
    newest `rank_window` matches (and `total` counts those), as FTS5's plan does."""
    sort = filters.sort or "relevance"
    stmt = _ARTICLES.where(*_article_conditions(filters), ARTICLE_WORDS.op("@@")(query.ts))
    total, exact = capped_count(session, stmt, Article.id)
    ordering = OLDEST_FIRST if sort == "date" else NEWEST_FIRST
    if sort == "relevance":
        window = get_settings().rank_window
        newest = stmt.with_only_columns(Article.id).order_by(Article.id.desc()).limit(window)
        kept = session.exec(select(func.count()).select_from(newest.subquery())).scalar_one()  # type: ignore[call-overload]
        if kept < total:
            stmt = stmt.where(Article.id.in_(newest.scalar_subquery()))
            total, exact = kept, False
        ordering = Ordering(
            SortKey(_ts_rank(query), float, descending=True),
            SortKey(Article.id, int, descending=True),
        )
    rows, cursor = fetch_page(session, stmt.add_columns(Article.body), ordering, page)
    texts = [f"{row.title}\n{row.body}" for row in rows]
    items = []
    for row, highlight in zip(rows, ts_headlines(session, query, texts), strict=True):
        item = ArticlePublic.model_validate(row._mapping)
        item.highlight = highlight
        items.append(item)
    return ArticlesPublic(items=items, next_cursor=cursor, total=total, total_exact=exact)


def search_articles(session: Session, filters: ArticleFilters, page: Pagination) -> ArticlesPublic:
    """Like `search_quotes`: FTS5 over title and body (title words weigh 4 times as much);
    on PostgreSQL its tsquery (`_search_articles_ts`)."""
    query = parse_query(filters.q) if filters.q is not None else None
    if query is not None and session.get_bind().dialect.name == "postgresql":  # type: ignore[union-attr]
        return _search_articles_ts(session, filters, query, page)
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
