"""Articles: listed newest first with their quote counts; one with its quotes."""

import datetime as dt

from sqlalchemy import (
    ColumnElement,
    func,
    select,
)
from sqlmodel import Session

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
_ARTICLE_ORDER = Ordering(
    SortKey(Article.published, dt.date, descending=True, nullable=True),
    SortKey(Article.id, int, descending=True),
)


def _article_conditions(f: ArticleFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if f.q is not None:
        conditions.append(Article.title.icontains(f.q, autoescape=True))
    if f.source is not None:
        conditions.append(func.lower(Article.source) == f.source.lower())
    if f.date_from is not None:
        conditions.append(Article.published >= f.date_from)
    if f.date_to is not None:
        conditions.append(Article.published <= f.date_to)
    return conditions


def search_articles(session: Session, filters: ArticleFilters, page: Pagination) -> ArticlesPublic:
    stmt = _ARTICLES.where(*_article_conditions(filters))
    rows, cursor = fetch_page(session, stmt, _ARTICLE_ORDER, page)
    return ArticlesPublic(
        items=[ArticlePublic.model_validate(row._mapping) for row in rows], next_cursor=cursor
    )


def get_article(session: Session, article_id: int) -> ArticleDetail:
    row = session.exec(_ARTICLES.add_columns(Article.body).where(Article.id == article_id)).first()
    if row is None:
        raise NotFound(f"No article with id {article_id}.")
    quotes = session.exec(
        select(Quote).where(Quote.article_id == article_id).order_by(Quote.start)
    ).scalars()
    return ArticleDetail(**row._mapping, quotes=quote_items(session, quotes.all()))
