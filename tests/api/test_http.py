"""HTTP manners: problems for every error, CORS, ETags and 304s, gzip, and the query time limit."""

import datetime as dt
import gc
import gzip
import json
from collections.abc import Callable, Iterator
from typing import Any

import anyio
import pytest
from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine, insert
from sqlmodel import Session
from starlette.requests import ClientDisconnect

from app.config import get_settings
from app.db import get_session, make_engine
from app.http import ClosingStreamingResponse, ConditionalGetMiddleware, HeadMiddleware
from app.main import create_app
from app.models import Article
from tests.conftest import migrated_engine, serve
from tests.postgres import slow_selects_matching

PROBLEM = "application/problem+json"
PLAIN = {"accept-encoding": "identity"}
GZIP = {"accept-encoding": "gzip"}


def problem(response: Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    assert "etag" not in response.headers
    assert "max-age" not in response.headers.get("cache-control", "")
    body = response.json()
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


# Errors


@pytest.mark.parametrize(
    ("method", "path", "params", "status", "param"),
    [
        ("GET", "/v1/no-such-thing", {}, 404, None),
        ("GET", "/v1/quotes/999999", {}, 404, None),
        ("GET", "/v1/topics/no-such-topic", {}, 404, None),
        ("POST", "/v1/quotes", {}, 405, None),
        ("DELETE", "/v1/people/1", {}, 405, None),
        ("GET", "/v1/quotes", {"limit": "ten"}, 422, "limit"),
        ("GET", "/v1/articles/abc", {}, 422, "article_id"),
        ("GET", "/v1/quotes", {"date_from": "2025-11-20", "date_to": "2025-11-01"}, 422, "date_to"),
        ("GET", "/v1/people", {"kind": "robot"}, 422, "kind"),
    ],
)
def test_errors_are_problems_without_cache_headers(
    client: TestClient,
    method: str,
    path: str,
    params: dict[str, str],
    status: int,
    param: str | None,
) -> None:
    body = problem(client.request(method, path, params=params, headers=PLAIN), status)
    assert body.get("param") == param


def test_unexpected_error_is_500_problem_a_browser_can_read() -> None:
    def broken() -> Session:
        raise RuntimeError("boom")

    app = create_app()
    app.dependency_overrides[get_session] = broken
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/v1/quotes", headers={"origin": "https://a.example"})
    assert "boom" not in problem(response, 500)["detail"]
    assert response.headers["access-control-allow-origin"] == "*"


# CORS


@pytest.mark.parametrize(
    "origins",
    ["https://a.example, https://b.example", '["https://a.example", "https://b.example"]'],
    ids=["comma-list", "json"],
)
def test_cors_allows_only_configured_origins(
    seeded_engine: Engine, settings_env: Callable[..., None], origins: str
) -> None:
    settings_env(cors_origins=origins)
    with serve(seeded_engine) as client:
        for allowed in ("https://a.example", "https://b.example"):
            response = client.get("/v1/quotes", headers={"origin": allowed})
            assert response.headers["access-control-allow-origin"] == allowed
            exposed = response.headers["access-control-expose-headers"].lower().split(", ")
            assert {"etag", "link"} <= set(exposed)
        refused = client.get("/v1/quotes", headers={"origin": "https://evil.example"})
    assert refused.status_code == 200
    assert "access-control-allow-origin" not in refused.headers


def test_cors_allows_any_origin_by_default(client: TestClient) -> None:
    response = client.get("/v1/topics", headers={"origin": "https://anywhere.example"})
    assert response.headers["access-control-allow-origin"] == "*"


def test_cors_preflight(seeded_engine: Engine, settings_env: Callable[..., None]) -> None:
    """A revalidating browser sends If-None-Match, so the preflight must allow that header."""
    settings_env(cors_origins="https://a.example")
    preflight = {"access-control-request-method": "GET", "access-control-request-headers": ""}
    with serve(seeded_engine) as client:
        allowed = client.options(
            "/v1/quotes",
            headers={
                **preflight,
                "origin": "https://a.example",
                "access-control-request-headers": "if-none-match",
            },
        )
        refused = client.options(
            "/v1/quotes", headers={**preflight, "origin": "https://evil.example"}
        )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://a.example"
    assert "If-None-Match" in allowed.headers["access-control-allow-headers"]
    assert "origin" in problem(refused, 400)["detail"]
    assert "access-control-allow-origin" not in refused.headers


# ETag, Cache-Control, 304


def test_successful_get_has_etag_and_cache_control(client: TestClient) -> None:
    first = client.get("/v1/quotes", headers=PLAIN)
    again = client.get("/v1/quotes", headers=PLAIN)
    other = client.get("/v1/quotes", params={"limit": 1}, headers=PLAIN)
    assert first.headers["cache-control"] == "public, max-age=60"
    assert first.headers["etag"].startswith('"') and first.headers["etag"].endswith('"')
    assert again.headers["etag"] == first.headers["etag"]
    assert other.headers["etag"] != first.headers["etag"]


@pytest.mark.parametrize(
    "if_none_match",
    [
        "{etag}",
        "W/{etag}",
        '"something-else", {etag}',
        '"a",W/{etag} , "b"',
        "*",
    ],
)
def test_matching_if_none_match_is_304(client: TestClient, if_none_match: str) -> None:
    fresh = client.get("/v1/people", headers=PLAIN)
    etag = fresh.headers["etag"]
    response = client.get(
        "/v1/people", headers={**PLAIN, "if-none-match": if_none_match.format(etag=etag)}
    )
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == etag
    assert response.headers["cache-control"] == fresh.headers["cache-control"]
    assert "content-type" not in response.headers


@pytest.mark.parametrize("if_none_match", ['"stale"', 'W/"stale", "older"', "", '"'])
def test_other_if_none_match_gets_the_body(client: TestClient, if_none_match: str) -> None:
    fresh = client.get("/v1/people", headers=PLAIN)
    response = client.get("/v1/people", headers={**PLAIN, "if-none-match": if_none_match})
    assert response.status_code == 200
    assert response.json() == fresh.json()
    assert response.headers["etag"] == fresh.headers["etag"]


def test_health_is_never_cached(client: TestClient) -> None:
    response = client.get("/v1/health", headers={"if-none-match": "*"})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert "etag" not in response.headers


def test_max_age_is_a_setting(seeded_engine: Engine, settings_env: Callable[..., None]) -> None:
    settings_env(cache_max_age="5")
    with serve(seeded_engine) as client:
        assert client.get("/v1/topics").headers["cache-control"] == "public, max-age=5"


def _app_with_export() -> FastAPI:
    """The app with a streamed CSV route, as an export is: no length known in advance."""
    app = create_app()

    @app.get("/v1/test-export")
    def export() -> StreamingResponse:
        rows = (f"{n},quote {n}\n" for n in range(200))
        return StreamingResponse(rows, media_type="text/csv")

    return app


def test_streamed_responses_pass_through_untagged() -> None:
    with TestClient(_app_with_export()) as client:
        plain = client.get("/v1/test-export", headers=PLAIN)
        zipped = client.get("/v1/test-export", headers=GZIP)
    assert plain.status_code == 200
    assert "etag" not in plain.headers
    assert plain.headers["cache-control"] == "public, max-age=60"
    assert plain.text.splitlines()[199] == "199,quote 199"
    assert "content-encoding" not in zipped.headers, "exports stream uncompressed"
    assert zipped.text == plain.text


def test_streaming_is_not_buffered() -> None:
    """Each chunk reaches the client before the next is made."""
    sent: list[dict[str, Any]] = []

    async def streaming_app(scope: Any, receive: Any, send: Any) -> None:
        headers = [(b"content-type", b"application/x-ndjson")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        for n in range(3):
            await send({"type": "http.response.body", "body": b"{}\n", "more_body": n < 2})
            assert len(sent) == n + 2, "the middleware held a chunk back"

    async def record(message: dict[str, Any]) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    middleware = ConditionalGetMiddleware(streaming_app, max_age=60)
    scope = {"type": "http", "method": "GET", "path": "/v1/quotes", "headers": []}
    anyio.run(middleware, scope, receive, record)
    assert [m.get("body") for m in sent[1:]] == [b"{}\n"] * 3


# gzip


def test_large_responses_are_gzipped(client: TestClient) -> None:
    params = {"limit": 100}
    plain = client.get("/v1/quotes", params=params, headers=PLAIN)
    assert len(plain.content) > 5000
    assert "content-encoding" not in plain.headers
    with client.stream("GET", "/v1/quotes", params=params, headers=GZIP) as zipped:
        raw = b"".join(zipped.iter_raw())
    assert zipped.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["vary"]
    assert int(zipped.headers["content-length"]) == len(raw) < len(plain.content) / 2
    assert json.loads(gzip.decompress(raw)) == plain.json()


@pytest.mark.parametrize("export", ["csv", "ndjson"])
def test_exports_stream_uncompressed(client: TestClient, export: str) -> None:
    """Compressing an export would cost more than building it (see `STREAMED_EXPORTS`)."""
    with client.stream("GET", "/v1/quotes", params={"format": export}, headers=GZIP) as response:
        raw = b"".join(response.iter_raw())
    assert response.status_code == 200
    assert len(raw) > 1000
    assert "content-encoding" not in response.headers


def test_small_responses_are_not_gzipped(client: TestClient) -> None:
    response = client.get("/v1/topics", params={"limit": 1}, headers=GZIP)
    assert len(response.content) < 1000
    assert "content-encoding" not in response.headers


def test_each_encoding_has_its_own_etag(client: TestClient) -> None:
    """A strong ETag names exact bytes, so gzipped and plain bodies cannot share one."""
    plain = client.get("/v1/quotes", params={"limit": 100}, headers=PLAIN)
    zipped = client.get("/v1/quotes", params={"limit": 100}, headers=GZIP)
    assert zipped.headers["etag"] != plain.headers["etag"]
    revalidated = client.get(
        "/v1/quotes",
        params={"limit": 100},
        headers={**GZIP, "if-none-match": zipped.headers["etag"]},
    )
    assert revalidated.status_code == 304
    assert "Accept-Encoding" in revalidated.headers["vary"]
    crossed = client.get(
        "/v1/quotes",
        params={"limit": 100},
        headers={**PLAIN, "if-none-match": zipped.headers["etag"]},
    )
    assert crossed.status_code == 200
    assert crossed.json() == plain.json()


# Query time limit


@pytest.fixture(scope="module")
def many_articles(tmp_path_factory: pytest.TempPathFactory, backend: str) -> Iterator[str]:
    """10,000 articles from one outlet: a search for another, which compares `lower(source)`
    of every row, takes several ms on them."""
    engine = migrated_engine(tmp_path_factory, "many", backend)
    now = dt.datetime(2025, 11, 20, tzinfo=dt.UTC)
    rows = [
        {
            "source_key": f"wire/{n}",
            "title": f"Talks in Istanbul, day {n}",
            "published": dt.date(2025, 1, 1) + dt.timedelta(days=n % 300),
            "source": "Reuters",
            "body": "Delegations met again.",
            "content_hash": f"{n:064x}",
            "ingested_at": now,
        }
        for n in range(10_000)
    ]
    with Session(engine) as session:
        session.execute(insert(Article), rows)
        session.commit()
    yield engine.url.render_as_string(hide_password=False)
    engine.dispose()


def test_slow_query_is_503_and_frees_the_worker(
    many_articles: str, settings_env: Callable[..., None]
) -> None:
    settings_env(query_time_limit_ms="1")
    engine = make_engine(many_articles, get_settings().query_time_limit_ms)
    if engine.dialect.name == "postgresql":
        # The server's clock is wall time for every statement, where SQLite's handler looks
        # at it only every 10,000 instructions: 1 ms would stop a primary key lookup on a
        # busy machine too. So the limit is a second, and the outlet search made slow.
        engine.dispose()
        engine = make_engine(many_articles, 1000)
        slow_selects_matching(engine, "lower(articles.source)")
    try:
        with serve(engine) as client:
            slow = client.get("/v1/articles", params={"source": "No Such Outlet"})
            assert engine.pool.checkedout() == 0
            after = client.get("/v1/articles/7")
            quotes = client.get("/v1/quotes")
    finally:
        engine.dispose()
    assert "1 ms" in problem(slow, 503)["detail"]
    assert after.status_code == 200
    assert after.json()["title"] == "Talks in Istanbul, day 6"
    assert quotes.status_code == 200
    assert quotes.json()["items"] == []


# HEAD

HEAD_URLS = [
    "/v1/quotes",
    "/v1/quotes?q=negotiat*&limit=1",
    "/v1/quotes?facets=speaker",
    "/v1/quotes/timeline",
    "/v1/quotes/1",
    "/v1/articles",
    "/v1/articles/1",
    "/v1/people",
    "/v1/people/1",
    "/v1/people/1/quotes",
    "/v1/places",
    "/v1/places/1",
    "/v1/places/1/quotes",
    "/v1/topics",
    "/v1/topics/istanbul-talks",
    "/v1/topics/istanbul-talks/quotes",
    "/v1/health",
    "/v1/quotes/999999",
    "/v1/quotes?limit=0",
    "/v1/no-such-thing",
]


def test_head_covers_every_get_route(client: TestClient) -> None:
    """The list above names every route of the schema, so a new route is tested too."""
    templates = client.get("/openapi.json").json()["paths"]
    covered = {url.partition("?")[0] for url in HEAD_URLS}
    for template in templates:
        example = template.format(
            quote_id=1, article_id=1, person_id=1, place_id=1, slug="istanbul-talks"
        )
        assert example in covered, template


@pytest.mark.parametrize("encoding", [PLAIN, GZIP], ids=["plain", "gzip"])
@pytest.mark.parametrize("url", HEAD_URLS)
def test_head_gets_the_status_and_headers_of_get(
    client: TestClient, url: str, encoding: dict[str, str]
) -> None:
    got = client.get(url, headers=encoding)
    head = client.head(url, headers=encoding)
    assert head.status_code == got.status_code
    assert head.content == b""
    assert {**head.headers, "date": ""} == {**got.headers, "date": ""}


def test_head_is_conditional_too(client: TestClient) -> None:
    etag = client.get("/v1/people", headers=PLAIN).headers["etag"]
    head = client.head("/v1/people", headers={**PLAIN, "if-none-match": etag})
    assert head.status_code == 304
    assert head.headers["etag"] == etag
    assert head.content == b""


def test_head_of_an_export_sends_no_rows(client: TestClient) -> None:
    head = client.head("/v1/quotes", params={"format": "csv"})
    assert head.status_code == 200
    assert head.headers["content-type"].startswith("text/csv")
    assert "attachment" in head.headers["content-disposition"]
    assert head.content == b""


def test_head_stops_a_streamed_body_at_its_first_chunk() -> None:
    """A HEAD of a whole-database export must not build the export only to drop it, whether
    or not the server tells the app that the client has gone (ASGI 2.4 servers do not)."""
    chunks_made = 0
    start = {"type": "http.response.start", "status": 200, "headers": [(b"x-rows", b"1000")]}

    async def streaming_app(scope: Any, receive: Any, send: Any) -> None:
        nonlocal chunks_made
        assert scope["method"] == "GET"
        await send(start)
        for _ in range(1000):
            chunks_made += 1
            await send({"type": "http.response.body", "body": b"row\n", "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    sent: list[dict[str, Any]] = []

    async def record(message: dict[str, Any]) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    scope = {"type": "http", "method": "HEAD", "path": "/v1/quotes", "headers": []}
    anyio.run(HeadMiddleware(streaming_app), scope, receive, record)
    assert chunks_made == 1
    assert sent == [start, {"type": "http.response.body", "body": b"", "more_body": False}]


class _Rows:
    """A streamed body that records how far it got and whether it was closed."""

    def __init__(self) -> None:
        self.made = 0
        self.closed = False

    def __iter__(self) -> Iterator[str]:
        try:
            for _ in range(1000):
                self.made += 1
                yield "row\n"
        finally:
            self.closed = True


async def _receive() -> dict[str, Any]:
    return {"type": "http.request", "body": b""}


def test_a_head_closes_the_streamed_body_it_stopped() -> None:
    """An export's iterator holds a database session: left to the garbage collector after a
    HEAD, it would roll back a savepoint on a connection already reset, in some later request."""
    rows = _Rows()
    body = iter(rows)
    sent: list[dict[str, Any]] = []

    async def record(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "HEAD",
        "path": "/",
        "headers": [],
        "asgi": {"spec_version": "2.4"},
    }
    anyio.run(HeadMiddleware(ClosingStreamingResponse(body)), scope, _receive, record)
    assert rows.made == 1
    assert rows.closed, "the stopped body was left open for the garbage collector"
    assert sent[-1] == {"type": "http.response.body", "body": b"", "more_body": False}


def test_a_client_that_hangs_up_closes_the_streamed_body() -> None:
    rows = _Rows()
    body = iter(rows)

    async def hang_up(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            raise OSError("connection reset by peer")

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/",
        "headers": [],
        "asgi": {"spec_version": "2.4"},
    }
    with pytest.raises(ClientDisconnect):
        anyio.run(ClosingStreamingResponse(body), scope, _receive, hang_up)
    assert rows.made == 1
    assert rows.closed


def test_a_head_of_an_export_gives_its_connection_back_at_once(seeded_engine: Engine) -> None:
    """Measured without the garbage collector: the export's own session is closed when the HEAD
    ends, on both databases."""
    gc.disable()
    try:
        with serve(seeded_engine) as client:
            before = seeded_engine.pool.checkedout()  # type: ignore[attr-defined]
            head = client.head("/v1/quotes", params={"format": "csv"})
            after = seeded_engine.pool.checkedout()  # type: ignore[attr-defined]
    finally:
        gc.enable()
    assert head.status_code == 200
    assert after == before


def test_cors_preflight_allows_a_conditional_head(
    seeded_engine: Engine, settings_env: Callable[..., None]
) -> None:
    """If-None-Match is not a safelisted header, so a browser asks before a conditional HEAD."""
    settings_env(cors_origins="https://a.example")
    with serve(seeded_engine) as client:
        allowed = client.options(
            "/v1/quotes",
            headers={
                "origin": "https://a.example",
                "access-control-request-method": "HEAD",
                "access-control-request-headers": "if-none-match",
            },
        )
    assert allowed.status_code == 200, allowed.text
    assert "HEAD" in allowed.headers["access-control-allow-methods"]
