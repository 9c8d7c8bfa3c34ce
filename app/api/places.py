"""Places mentioned in articles and around quotes."""

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Depends, Path

from app import search
from app.api.deps import PageDep, SessionDep, problems
from app.schemas import PlaceFilters, PlacePublic, PlacesPublic, QuoteFilters, QuotesPublic

router = APIRouter(prefix="/places", tags=["places"])

PlaceId = Annotated[int, Path(description="Place id, from /v1/places.", examples=[1])]


@router.get(
    "",
    response_model=PlacesPublic,
    responses=problems(HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="List places",
)
def list_places(
    session: SessionDep, filters: Annotated[PlaceFilters, Depends()], page: PageDep
) -> PlacesPublic:
    """Most quoted first, then by name; with country code and coordinates where the gazetteer
    knows the place."""
    return search.search_places(session, filters, page)


@router.get(
    "/{place_id}",
    response_model=PlacePublic,
    responses=problems(HTTPStatus.NOT_FOUND, HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="One place",
)
def get_place(session: SessionDep, place_id: PlaceId) -> PlacePublic:
    return search.get_place(session, place_id)


@router.get(
    "/{place_id}/quotes",
    response_model=QuotesPublic,
    responses=problems(HTTPStatus.NOT_FOUND, HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="Quotes mentioning one place",
)
def list_place_quotes(
    session: SessionDep,
    place_id: PlaceId,
    filters: Annotated[QuoteFilters, Depends()],
    page: PageDep,
) -> QuotesPublic:
    """Quotes with this place mentioned around them: every /v1/quotes filter applies, with the
    same order, paging and shape. 404 if there is no such place."""
    return search.place_quotes(session, place_id, filters, page)
