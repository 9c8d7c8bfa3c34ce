"""Quotes: who said what, when, filtered by speaker, topic, place, date and words."""

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Depends, Path

from app import search
from app.api.deps import PageDep, SessionDep, problems
from app.schemas import QuoteFilters, QuotePublic, QuotesPublic

router = APIRouter(prefix="/quotes", tags=["quotes"])


@router.get(
    "",
    response_model=QuotesPublic,
    responses=problems(HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="Search quotes",
)
def list_quotes(
    session: SessionDep, filters: Annotated[QuoteFilters, Depends()], page: PageDep
) -> QuotesPublic:
    """Newest first (undated last); all filters combine with AND."""
    return search.search_quotes(session, filters, page)


@router.get(
    "/{quote_id}",
    response_model=QuotePublic,
    responses=problems(HTTPStatus.NOT_FOUND, HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="One quote",
)
def get_quote(
    session: SessionDep,
    quote_id: Annotated[int, Path(description="Quote id.", examples=[1])],
) -> QuotePublic:
    """With its speaker, article, topics, places and the sentences around it."""
    return search.get_quote(session, quote_id)
