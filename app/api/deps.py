"""What every router shares: typed dependencies and the documented error responses."""

from http import HTTPStatus
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from sqlmodel import Session

from app.db import get_session
from app.schemas import Pagination, Problem

SessionDep = Annotated[Session, Depends(get_session)]
PageDep = Annotated[Pagination, Depends()]

_PROBLEM_SCHEMA = Problem.model_json_schema()
_WHEN = {
    HTTPStatus.NOT_FOUND: "Nothing has that id.",
    HTTPStatus.UNPROCESSABLE_ENTITY: "A parameter is invalid, or not one this route takes; "
    "`param` names it.",
    HTTPStatus.SERVICE_UNAVAILABLE: "The query ran past the time limit, the server is busy "
    "(retry after `Retry-After` seconds), or the database is down.",
}


def problems(*statuses: HTTPStatus) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for error responses, all RFC 9457 `application/problem+json`. Every
    route can answer 422 (a parameter it does not take, see `app.api.params`) and 503."""
    always = (HTTPStatus.UNPROCESSABLE_ENTITY, HTTPStatus.SERVICE_UNAVAILABLE)
    return {
        status.value: {
            "description": _WHEN[status],
            "content": {"application/problem+json": {"schema": _PROBLEM_SCHEMA}},
        }
        for status in sorted({*statuses, *always})
    }


def link_next(request: Request, response: Response, next_cursor: str | None) -> None:
    """RFC 8288 `Link: <...>; rel="next"`: this request's URL with `cursor` replaced, every
    other parameter (repeated ones included) kept, so clients can page without building URLs."""
    if next_cursor is not None:
        url = request.url.include_query_params(cursor=next_cursor)
        response.headers.append("Link", f'<{url}>; rel="next"')
