"""Topics that quotes and articles are tagged with."""

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

from app import search
from app.api.deps import PageDep, SessionDep, link_next, problems
from app.api.params import CheckedRoute
from app.schemas import QuoteFilters, QuotesPublic, TopicDetail, TopicFilters, TopicsPublic

router = APIRouter(prefix="/topics", tags=["topics"], route_class=CheckedRoute)

TopicSlug = Annotated[
    str, Path(description="Topic slug (or name), from /v1/topics.", examples=["istanbul-talks"])
]


@router.get(
    "",
    response_model=TopicsPublic,
    responses=problems(HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="List topics",
)
def list_topics(
    request: Request,
    response: Response,
    session: SessionDep,
    filters: Annotated[TopicFilters, Depends()],
    page: PageDep,
) -> TopicsPublic:
    """Most quoted first, then by name."""
    listing = search.search_topics(session, filters, page)
    link_next(request, response, listing.next_cursor)
    return listing


@router.get(
    "/{slug}",
    response_model=TopicDetail,
    responses=problems(HTTPStatus.NOT_FOUND, HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="One topic with its most quoted speakers",
)
def get_topic(session: SessionDep, slug: TopicSlug) -> TopicDetail:
    """By slug or by name: how many quotes and articles it tags, and the ten speakers quoted
    most often on it."""
    return search.get_topic(session, slug)


@router.get(
    "/{slug}/quotes",
    response_model=QuotesPublic,
    responses=problems(HTTPStatus.NOT_FOUND, HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="Quotes on one topic",
)
def list_topic_quotes(
    request: Request,
    response: Response,
    session: SessionDep,
    slug: TopicSlug,
    filters: Annotated[QuoteFilters, Depends()],
    page: PageDep,
) -> QuotesPublic:
    """Quotes tagged with the topic: every /v1/quotes filter applies, with the same order,
    paging and shape. 404 if there is no such topic."""
    listing = search.topic_quotes(session, slug, filters, page)
    link_next(request, response, listing.next_cursor)
    return listing
