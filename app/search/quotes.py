"""Quotes: a listing from its query plan, and the related rows of a page loaded per relation."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlmodel import Session

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
from app.search.plan import QuotePlan, choose_plan

M = TypeVar("M", bound=BaseModel)


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
        select(
            group,
            Quote.id,
            Article.id,
            Article.title,
            Article.published,
            Article.source,
            Article.url,
        )
        .join(Article, Article.id == Quote.article_id)
        .where(or_(Quote.id.in_(group_ids), Quote.duplicate_of.in_(group_ids)))
        .order_by(Article.published.asc().nulls_last(), Quote.id)
    )
    appearances: dict[int, list[QuoteAppearance]] = defaultdict(list)
    for group_id, quote_id, article_id, title, published, source, url in rows:
        article = ArticleRef(
            id=article_id, title=title, published=published, source=source, url=url
        )
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
            select(Article.id, Article.title, Article.published, Article.source, Article.url).where(
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


def quote_listing(session: Session, plan: QuotePlan, page: Pagination) -> QuotesPublic:
    """A page of the plan's quotes with their relations, and the plan's `total` of them."""
    found = plan.listing(session, page)
    return QuotesPublic(
        items=quote_items(session, found.quotes, found.highlights),
        next_cursor=found.cursor,
        total=found.total,
        total_exact=found.exact,
    )


def search_quotes(
    session: Session,
    filters: QuoteFilters,
    page: Pagination,
    scope: Sequence[ColumnElement[bool]] = (),
    within: tuple[str, int] | None = None,
) -> QuotesPublic:
    """`scope` narrows the listing for sub-resources (a person's quotes) on top of whatever
    filters the client sent; `within` does so for a topic's or place's, as ("topic", id), so
    that it can be walked (`choose_plan`)."""
    return quote_listing(session, choose_plan(session, filters, scope, within), page)


def get_quote(session: Session, quote_id: int) -> QuotePublic:
    quote = session.get(Quote, quote_id)
    if quote is None:
        raise NotFound(f"No quote with id {quote_id}.")
    return quote_items(session, [quote])[0]
