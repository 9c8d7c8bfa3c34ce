"""Places mentioned in articles and around quotes."""

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Depends, Path

from app import search
from app.api.deps import PageDep, SessionDep, problems
from app.schemas import PlaceFilters, PlacePublic, PlacesPublic

router = APIRouter(prefix="/places", tags=["places"])


@router.get(
    "",
    response_model=PlacesPublic,
    responses=problems(HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="List places",
)
def list_places(
    session: SessionDep, filters: Annotated[PlaceFilters, Depends()], page: PageDep
) -> PlacesPublic:
    """Most quoted first, then by name."""
    return search.search_places(session, filters, page)


@router.get(
    "/{place_id}",
    response_model=PlacePublic,
    responses=problems(HTTPStatus.NOT_FOUND, HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="One place",
)
def get_place(
    session: SessionDep,
    place_id: Annotated[int, Path(description="Place id.", examples=[1])],
) -> PlacePublic:
    """Its kind, country, aliases, and how many quotes and articles mention it."""
    return search.get_place(session, place_id)
