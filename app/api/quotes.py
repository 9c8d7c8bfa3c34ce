"""Quotes: who said what, when, filtered by speaker, topic, place, date and words."""

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

from app import search
from app.api.deps import PageDep, SessionDep, link_next, problems
from app.schemas import QuoteFilters, QuotePublic, QuotesPublic

router = APIRouter(prefix="/quotes", tags=["quotes"])


@router.get(
    "",
    response_model=QuotesPublic,
    responses=problems(HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="Search quotes",
)
def list_quotes(
    request: Request,
    response: Response,
    session: SessionDep,
    filters: Annotated[QuoteFilters, Depends()],
    page: PageDep,
) -> QuotesPublic:
    """Best match first with `q`, else newest first (undated last). Different filters combine
    with AND; a repeated filter with OR (`speaker=Peskov&speaker=Erdogan&topic=istanbul-talks`:
    either speaker, on that topic). A `Link: <...>; rel="next"` header points to the next page.
    """
    quotes = search.search_quotes(session, filters, page)
    link_next(request, response, quotes.next_cursor)
    return quotes


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
    return search.get_quote(session, quote_id)
