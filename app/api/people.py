"""People and organisations, as speakers."""

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Depends, Path

from app import search
from app.api.deps import PageDep, SessionDep, problems
from app.schemas import PeopleFilters, PeoplePublic, PersonDetail

router = APIRouter(prefix="/people", tags=["people"])


@router.get(
    "",
    response_model=PeoplePublic,
    responses=problems(HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="List people",
)
def list_people(
    session: SessionDep, filters: Annotated[PeopleFilters, Depends()], page: PageDep
) -> PeoplePublic:
    """Most quoted first, then by name."""
    return search.search_people(session, filters, page)


@router.get(
    "/{person_id}",
    response_model=PersonDetail,
    responses=problems(HTTPStatus.NOT_FOUND, HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="One person with aliases and when they were quoted",
)
def get_person(
    session: SessionDep,
    person_id: Annotated[int, Path(description="Person id.", examples=[1])],
) -> PersonDetail:
    """Other names they went by, how often and between which dates they were quoted."""
    return search.get_person(session, person_id)
