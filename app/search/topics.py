"""Topics, listed by how often quotes are tagged with them."""

from sqlalchemy import (
    Select,
    func,
    select,
)
from sqlmodel import Session

from app.errors import NotFound
from app.models import (
    ArticleTopic,
    Person,
    Quote,
    QuoteTopic,
    Topic,
)
from app.schemas import (
    Pagination,
    QuoteFilters,
    QuotesPublic,
    SpeakerCount,
    TopicDetail,
    TopicFilters,
    TopicPublic,
    TopicsPublic,
)
from app.search.names import topics_named
from app.search.paging import by_count, fetch_page, tally
from app.search.quotes import search_quotes
from app.text import fold

TOP_SPEAKERS = 10

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


def _topic_id(session: Session, slug: str) -> int:
    """By slug, or by name so that `/v1/topics/Istanbul talks` works like the quote filter."""
    topic_id = session.exec(topics_named(slug).order_by(Topic.id)).scalars().first()
    if topic_id is None:
        raise NotFound(f"No topic {slug!r}.")
    return topic_id


def _tagged(topic_id: int) -> Select[tuple[int]]:
    return select(QuoteTopic.quote_id).where(QuoteTopic.topic_id == topic_id)


def _top_speakers(session: Session, topic_id: int) -> list[SpeakerCount]:
    n = func.count().label("count")
    stmt = (
        select(Person.id, Person.name, Person.kind, n)
        .join(Quote, Quote.speaker_id == Person.id)
        .where(Quote.id.in_(_tagged(topic_id)))
        .group_by(Person.id, Person.name, Person.kind)
        .order_by(n.desc(), Person.name, Person.id)
        .limit(TOP_SPEAKERS)
    )
    return [SpeakerCount.model_validate(row._mapping) for row in session.exec(stmt)]


def get_topic(session: Session, slug: str) -> TopicDetail:
    """The topic's counts, then one query per part of the detail."""
    topic_id = _topic_id(session, slug)
    summary = session.exec(_TOPICS.where(Topic.id == topic_id)).one()
    return TopicDetail(**summary._mapping, top_speakers=_top_speakers(session, topic_id))


def topic_quotes(
    session: Session, slug: str, filters: QuoteFilters, page: Pagination
) -> QuotesPublic:
    return search_quotes(
        session, filters, page, scope=[Quote.id.in_(_tagged(_topic_id(session, slug)))]
    )
