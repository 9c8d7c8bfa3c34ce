"""Articles: the sources of the quotes, with their text."""

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

from app import search
from app.api.deps import PageDep, SessionDep, link_next, problems
from app.api.params import CheckedRoute
from app.schemas import MAX_ID, ArticleDetail, ArticleFilters, ArticlesPublic

router = APIRouter(prefix="/articles", tags=["articles"], route_class=CheckedRoute)


@router.get(
    "",
    response_model=ArticlesPublic,
    responses=problems(HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="List articles",
)
def list_articles(
    request: Request,
    response: Response,
    session: SessionDep,
    filters: Annotated[ArticleFilters, Depends()],
    page: PageDep,
) -> ArticlesPublic:
    """Best match first with `q`, else newest published first (undated last). A repeated
    `source` means any of them. A `Link: <...>; rel="next"` header points to the next page."""
    articles = search.search_articles(session, filters, page)
    link_next(request, response, articles.next_cursor)
    return articles


@router.get(
    "/{article_id}",
    response_model=ArticleDetail,
    responses=problems(HTTPStatus.NOT_FOUND, HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="One article with its body and quotes",
)
def get_article(
    session: SessionDep,
    article_id: Annotated[int, Path(ge=1, le=MAX_ID, description="Article id.", examples=[1])],
) -> ArticleDetail:
    """The cleaned text and every quote extracted from it, in reading order."""
    return search.get_article(session, article_id)
