"""Articles: the sources of the quotes, with their text."""

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Depends, Path

from app import search
from app.api.deps import PageDep, SessionDep, problems
from app.schemas import ArticleDetail, ArticleFilters, ArticlesPublic

router = APIRouter(prefix="/articles", tags=["articles"])


@router.get(
    "",
    response_model=ArticlesPublic,
    responses=problems(HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="List articles",
)
def list_articles(
    session: SessionDep, filters: Annotated[ArticleFilters, Depends()], page: PageDep
) -> ArticlesPublic:
    """Newest published first (undated last)."""
    return search.search_articles(session, filters, page)


@router.get(
    "/{article_id}",
    response_model=ArticleDetail,
    responses=problems(HTTPStatus.NOT_FOUND, HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="One article with its body and quotes",
)
def get_article(
    session: SessionDep,
    article_id: Annotated[int, Path(description="Article id.", examples=[1])],
) -> ArticleDetail:
    """The cleaned text and every quote extracted from it, in reading order."""
    return search.get_article(session, article_id)
