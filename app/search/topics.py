"""Topics, listed by how often quotes are tagged with them."""

from sqlalchemy import (
    select,
)
from sqlmodel import Session

from app.errors import NotFound
from app.models import (
    ArticleTopic,
    QuoteTopic,
    Topic,
)
from app.schemas import (
    Pagination,
    TopicFilters,
    TopicPublic,
    TopicsPublic,
)
from app.search.names import topics_named
from app.search.paging import by_count, fetch_page, tally
from app.text import fold

_TOPIC_QUOTED, _TOPIC_QUOTES = tally(QuoteTopic.topic_id, "topic_quoted")
_TOPIC_ARTICLED, _TOPIC_ARTICLES = tally(ArticleTopic.topic_id, "topic_articled")
_TOPICS = (
    select(
        Topic.slug,
        Topic.name,
        _TOPIC_QUOTES.label("quote_count"),
        _TOPIC_ARTICLES.label("article_count"),
    )
    .outerjoin(_TOPIC_QUOTED, _TOPIC_QUOTED.c.id == Topic.id)
    .outerjoin(_TOPIC_ARTICLED, _TOPIC_ARTICLED.c.id == Topic.id)
)
_TOPIC_ORDER = by_count(_TOPIC_QUOTES, Topic.name, Topic.id)


def search_topics(session: Session, filters: TopicFilters, page: Pagination) -> TopicsPublic:
    stmt = _TOPICS
    if filters.q is not None:
        stmt = stmt.where(Topic.key.contains(fold(filters.q), autoescape=True))
    rows, cursor = fetch_page(session, stmt, _TOPIC_ORDER, page)
    return TopicsPublic(
        items=[TopicPublic.model_validate(row._mapping) for row in rows], next_cursor=cursor
    )


def get_topic(session: Session, slug: str) -> TopicPublic:
    """By slug, or by name so that `/v1/topics/Istanbul talks` works like the quote filter."""
    row = session.exec(_TOPICS.where(Topic.id.in_(topics_named(slug))).order_by(Topic.id)).first()
    if row is None:
        raise NotFound(f"No topic {slug!r}.")
    return TopicPublic.model_validate(row._mapping)
