"""Topics that quotes and articles are tagged with."""

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Depends, Path

from app import search
from app.api.deps import PageDep, SessionDep, problems
from app.schemas import TopicFilters, TopicPublic, TopicsPublic

router = APIRouter(prefix="/topics", tags=["topics"])


@router.get(
    "",
    response_model=TopicsPublic,
    responses=problems(HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="List topics",
)
def list_topics(
    session: SessionDep, filters: Annotated[TopicFilters, Depends()], page: PageDep
) -> TopicsPublic:
    """Most quoted first, then by name."""
    return search.search_topics(session, filters, page)


@router.get(
    "/{slug}",
    response_model=TopicPublic,
    responses=problems(HTTPStatus.NOT_FOUND, HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="One topic",
)
def get_topic(
    session: SessionDep,
    slug: Annotated[str, Path(description="Topic slug (or name).", examples=["istanbul-talks"])],
) -> TopicPublic:
    """By slug or by name, with how many quotes and articles it tags."""
    return search.get_topic(session, slug)
