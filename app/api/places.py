"""Places mentioned in articles and around quotes."""

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

from app import search
from app.api.deps import PageDep, SessionDep, link_next, problems
from app.api.params import CheckedRoute
from app.schemas import MAX_ID, PlaceFilters, PlacePublic, PlacesPublic, QuoteFilters, QuotesPublic

router = APIRouter(prefix="/places", tags=["places"], route_class=CheckedRoute)

PlaceId = Annotated[
    int, Path(ge=1, le=MAX_ID, description="Place id, from /v1/places.", examples=[1])
]


@router.get(
    "",
    response_model=PlacesPublic,
    responses=problems(HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="List places",
)
def list_places(
    request: Request,
    response: Response,
    session: SessionDep,
    filters: Annotated[PlaceFilters, Depends()],
    page: PageDep,
) -> PlacesPublic:
    """Most quoted first, then by name; with country code and coordinates where the gazetteer
    knows the place."""
    listing = search.search_places(session, filters, page)
    link_next(request, response, listing.next_cursor)
    return listing


@router.get(
    "/{place_id}",
    response_model=PlacePublic,
    responses=problems(HTTPStatus.NOT_FOUND, HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="One place",
)
def get_place(session: SessionDep, place_id: PlaceId) -> PlacePublic:
    """Its kind, country, coordinates, aliases, and how many quotes and articles mention it."""
    return search.get_place(session, place_id)


@router.get(
    "/{place_id}/quotes",
    response_model=QuotesPublic,
    responses=problems(HTTPStatus.NOT_FOUND, HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="Quotes mentioning one place",
)
def list_place_quotes(
    request: Request,
    response: Response,
    session: SessionDep,
    place_id: PlaceId,
    filters: Annotated[QuoteFilters, Depends()],
    page: PageDep,
) -> QuotesPublic:
    """Quotes with this place mentioned around them: every /v1/quotes filter applies, with the
    same order, paging and shape. 404 if there is no such place."""
    listing = search.place_quotes(session, place_id, filters, page)
    link_next(request, response, listing.next_cursor)
    return listing
