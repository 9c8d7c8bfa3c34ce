"""Topics, listed by how often quotes are tagged with them."""

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    func,
    select,
)
from sqlmodel import Session

from app.errors import NotFound
from app.models import (
    ArticleTopic,
    Person,
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
from app.search.paging import Ordering, by_count, fetch_page, link_counts, stored_counts
from app.search.quotes import search_quotes
from app.search.timeline import quote_timeline
from app.text import fold

TOP_SPEAKERS = 10


def _topics(session: Session, *conditions: ColumnElement[bool]) -> tuple[Select[Any], Ordering]:
    """Topics matching `conditions` with their counts: stored, or on databases without the
    triggers counted over their links only."""
    if stored_counts(session):
        columns = (Topic.slug, Topic.name, Topic.quote_count, Topic.article_count)
        stmt = select(*columns).where(*conditions)
        return stmt, by_count(Topic.quote_count, Topic.name, Topic.id)
    matched = select(Topic.id).where(*conditions) if conditions else None
    joined, quote_count, article_count = link_counts(
        Topic.id, QuoteTopic.topic_id, ArticleTopic.topic_id, "topic", matched
    )
    stmt = joined(
        select(
            Topic.slug,
            Topic.name,
            quote_count.label("quote_count"),
            article_count.label("article_count"),
        )
    ).where(*conditions)
    return stmt, by_count(quote_count, Topic.name, Topic.id)


def search_topics(session: Session, filters: TopicFilters, page: Pagination) -> TopicsPublic:
    conditions = []
    if filters.q is not None:
        conditions.append(Topic.key.contains(fold(filters.q), autoescape=True))
    stmt, ordering = _topics(session, *conditions)
    rows, cursor = fetch_page(session, stmt, ordering, page)
    return TopicsPublic(
        items=[TopicPublic.model_validate(row._mapping) for row in rows], next_cursor=cursor
    )


def _topic_id(session: Session, slug: str) -> int:
    """By slug, or by name so that `/v1/topics/Istanbul talks` works like the quote filter."""
    topic_id = session.exec(topics_named(slug).order_by(Topic.id)).scalars().first()
    if topic_id is None:
        raise NotFound(f"No topic {slug!r}.")
    return topic_id


def _top_speakers(session: Session, topic_id: int) -> list[SpeakerCount]:
    """Statements (first copies) per speaker, grouped within the topic's links, which repeat
    each quote's speaker: one index range, and only the top groups joined to names."""
    said = (
        select(QuoteTopic.speaker_id, func.count().label("count"))
        .where(
            QuoteTopic.topic_id == topic_id,
            QuoteTopic.first_copy.is_(True),
            QuoteTopic.speaker_id.is_not(None),
        )
        .group_by(QuoteTopic.speaker_id)
        .subquery("said")
    )
    stmt = (
        select(Person.id, Person.name, Person.kind, said.c.count)
        .join(said, said.c.speaker_id == Person.id)
        .order_by(said.c.count.desc(), Person.name, Person.id)
        .limit(TOP_SPEAKERS)
    )
    return [SpeakerCount.model_validate(row._mapping) for row in session.exec(stmt)]


def get_topic(session: Session, slug: str) -> TopicDetail:
    """The topic's counts, then one query per part of the detail."""
    topic_id = _topic_id(session, slug)
    stmt, _ordering = _topics(session, Topic.id == topic_id)
    summary = session.exec(stmt).one()
    return TopicDetail(
        **summary._mapping,
        top_speakers=_top_speakers(session, topic_id),
        timeline=quote_timeline(session, QuoteFilters(topic=[summary.slug]), "month"),
    )


def topic_quotes(
    session: Session, slug: str, filters: QuoteFilters, page: Pagination
) -> QuotesPublic:
    return search_quotes(session, filters, page, within=("topic", _topic_id(session, slug)))
