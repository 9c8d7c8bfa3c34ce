"""People and organisations, as speakers."""

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

from app import search
from app.api.deps import PageDep, SessionDep, link_next, problems
from app.api.params import CheckedRoute
from app.schemas import (
    MAX_ID,
    PeopleFilters,
    PeoplePublic,
    PersonDetail,
    QuoteFilters,
    QuotesPublic,
)

router = APIRouter(prefix="/people", tags=["people"], route_class=CheckedRoute)

PersonId = Annotated[
    int, Path(ge=1, le=MAX_ID, description="Person id, from /v1/people.", examples=[1])
]


@router.get(
    "",
    response_model=PeoplePublic,
    responses=problems(HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="List people",
)
def list_people(
    request: Request,
    response: Response,
    session: SessionDep,
    filters: Annotated[PeopleFilters, Depends()],
    page: PageDep,
) -> PeoplePublic:
    """Most quoted first, then by name. `q` is a prefix match for autocomplete: it matches the
    start of the name, of any word in it, or of any alias."""
    listing = search.search_people(session, filters, page)
    link_next(request, response, listing.next_cursor)
    return listing


@router.get(
    "/{person_id}",
    response_model=PersonDetail,
    responses=problems(HTTPStatus.NOT_FOUND, HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="One person with aliases and when they were quoted",
)
def get_person(session: SessionDep, person_id: PersonId) -> PersonDetail:
    """Other names they went by, how often and between which dates they were quoted."""
    return search.get_person(session, person_id)


@router.get(
    "/{person_id}/quotes",
    response_model=QuotesPublic,
    responses=problems(HTTPStatus.NOT_FOUND, HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="Quotes of one person",
)
def list_person_quotes(
    request: Request,
    response: Response,
    session: SessionDep,
    person_id: PersonId,
    filters: Annotated[QuoteFilters, Depends()],
    page: PageDep,
) -> QuotesPublic:
    """What this person said: every /v1/quotes filter applies, with the same order, paging and
    shape. 404 if there is no such person; an empty page if they were never quoted."""
    listing = search.person_quotes(session, person_id, filters, page)
    link_next(request, response, listing.next_cursor)
    return listing
