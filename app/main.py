"""The application: routers under /v1, HTTP manners, and one error shape for every 4xx and 5xx.

Every error is an RFC 9457 problem (`application/problem+json`), whether it comes from
validation, routing, our own checks, or the database, so clients parse errors one way.
Successful GETs carry an ETag and Cache-Control (see `app.http`); large ones are gzipped.
"""

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES

from app import __version__, limits
from app.api import articles, health, people, places, quotes, topics
from app.api.docs import add_docs
from app.api.params import document_parameter_rules
from app.config import get_settings
from app.db import is_interrupted
from app.errors import ApiError
from app.http import (
    ConditionalGetMiddleware,
    HeadMiddleware,
    ProblemCORSMiddleware,
    UnexpectedErrorMiddleware,
    problem,
)
from app.web import add_web

DESCRIPTION = """Who said what in the news: quotes extracted from articles, with their speakers,
dates, places and topics.

Lists are paginated by cursor: pass a page's `next_cursor` back as `cursor`. Errors are
[RFC 9457](https://www.rfc-editor.org/rfc/rfc9457) problem documents whose `param` names the
offending parameter.

Parameters: a list parameter takes a comma list, repeats, or both (`kind=direct,partial`;
`"King, Jr."` in double quotes keeps its comma); an empty value (`speaker=`, a blank form
field) is the same as leaving the parameter out; a parameter the route does not take is a
422 that lists those it does (names starting with `_`, such as cache-busters, are ignored);
numbers have bounds and no value may hold a NUL character. HEAD works wherever GET does.

Successful responses carry an `ETag`: send it back in `If-None-Match` to get an empty
`304 Not Modified` when nothing changed. Large responses are gzipped for clients that
send `Accept-Encoding: gzip`."""

TAGS = [
    {"name": "quotes", "description": "Who said what, when: search and filter the quotes."},
    {"name": "articles", "description": "The news articles quotes were extracted from."},
    {"name": "people", "description": "Speakers: people and organisations, with aliases."},
    {"name": "places", "description": "Places named in articles and around quotes."},
    {"name": "topics", "description": "Topics quotes and articles are tagged with."},
    {"name": "health", "description": "Liveness of the service and its database."},
]
# What a browser client may read besides the CORS-safelisted headers: the validator, and the
# RFC 8288 `Link: <...>; rel="next"` of paged lists.
EXPOSED_HEADERS = ["ETag", "Link"]


def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
    return problem(exc.status, exc.detail, exc.param)


def _invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
    """Name the parameter: `loc` is `("query", "limit")`, `("path", "quote_id")`, or for one
    value of a repeated parameter `("query", "kind", 1)`."""
    errors = exc.errors()
    names = [str(error["loc"][1]) if len(error["loc"]) > 1 else None for error in errors]
    detail = "; ".join(
        f"{name}: {error['msg']}" if name else error["msg"]
        for name, error in zip(names, errors, strict=True)
    )
    return problem(HTTPStatus.UNPROCESSABLE_ENTITY, detail, names[0] if names else None)


def _http_error(_request: Request, exc: HTTPException) -> JSONResponse:
    """Routing errors (unknown path, wrong method) in the same shape as ours. Where GET is
    allowed, so is HEAD (`HeadMiddleware`), and `Allow` says so."""
    headers = dict(exc.headers or {})
    if headers.get("Allow") == "GET":
        headers["Allow"] = "GET, HEAD"
    return problem(exc.status_code, exc.detail, headers=headers or None)


def _database_error(_request: Request, exc: OperationalError) -> JSONResponse:
    """SQLite's progress handler and PostgreSQL's `statement_timeout` stop slow statements
    (see `app.db.is_interrupted`): a 503 that says so, the same on both."""
    if is_interrupted(exc):
        limit = get_settings().query_time_limit_ms
        detail = f"The query ran longer than {limit} ms; narrow it with more filters."
    else:
        detail = "The database is unavailable; try again shortly."
    return problem(HTTPStatus.SERVICE_UNAVAILABLE, detail)


def _unexpected_error(_request: Request, _exc: Exception) -> JSONResponse:
    return problem(HTTPStatus.INTERNAL_SERVER_ERROR, "Unexpected error; it has been logged.")


def _document_page_size(app: FastAPI, max_page_size: int) -> None:
    """`limit`'s upper bound is a setting that `Pagination` checks at request time; state it in
    the OpenAPI schema too, so clients and generated tests know a larger one is refused."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            for item in generate()["paths"].values():
                for operation in item.values():
                    for parameter in operation.get("parameters", []):
                        if parameter["name"] != "limit":
                            continue
                        for schema in parameter["schema"].get("anyOf", [parameter["schema"]]):
                            if schema.get("type") == "integer":
                                schema["maximum"] = max_page_size
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]


GZIP_LEVEL = 6
"""zlib's own default: a few percent larger than level 9 at a fraction of the CPU."""
STREAMED_EXPORTS = ("text/csv", "application/x-ndjson")
"""Sent uncompressed: gzip would cost more CPU than building the rows, halving the export
rate; a compressing proxy can take that work off the API's worker."""


def create_app() -> FastAPI:
    settings = get_settings()
    app = FastAPI(
        title="Verbatim",
        description=DESCRIPTION,
        version=__version__,
        openapi_tags=TAGS,
        docs_url=None,  # FastAPI's pages load from a CDN; `add_docs` serves installed copies
        redoc_url=None,
    )
    # The last added runs first: CORS sees every response, 304s and 500s included; the ETag
    # is taken of the bytes GZip sends; a HEAD is a GET to all of them (`HeadMiddleware`).
    app.add_middleware(UnexpectedErrorMiddleware)
    app.add_middleware(
        GZipMiddleware,
        minimum_size=settings.gzip_minimum_size,
        compresslevel=GZIP_LEVEL,
        exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES, *STREAMED_EXPORTS),
    )
    app.add_middleware(
        ConditionalGetMiddleware, max_age=settings.cache_max_age, no_store=["/v1/health"]
    )
    # Inside CORS, so that a browser can read a 503 of the admission queue.
    limits.install(app, settings)
    app.add_middleware(
        ProblemCORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "HEAD"],
        allow_headers=["If-None-Match"],
        expose_headers=EXPOSED_HEADERS,
    )
    app.add_middleware(HeadMiddleware)
    for module in (quotes, articles, people, places, topics, health):
        app.include_router(module.router, prefix="/v1")
    add_docs(app)
    add_web(app)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_error)
    app.add_exception_handler(Exception, _unexpected_error)
    _document_page_size(app, settings.max_page_size)
    document_parameter_rules(app)
    return app


app = create_app()
