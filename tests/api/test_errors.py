"""Every 4xx and 5xx is an RFC 9457 problem document naming the parameter at fault."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event
from sqlmodel import Session

from app.db import get_session, make_engine
from app.main import create_app
from tests.conftest import serve
from tests.postgres import slow_selects

PROBLEM = "application/problem+json"


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


@pytest.mark.parametrize(
    ("path", "params", "param"),
    [
        ("/v1/quotes", {"date_from": "yesterday"}, "date_from"),
        ("/v1/quotes", {"date_to": "2025-13-01"}, "date_to"),
        ("/v1/quotes", {"date_from": "2025-11-20", "date_to": "2025-11-01"}, "date_to"),
        ("/v1/quotes", {"limit": 0}, "limit"),
        ("/v1/quotes", {"limit": 101}, "limit"),
        ("/v1/quotes", {"limit": "ten"}, "limit"),
        ("/v1/quotes", {"kind": "bogus"}, "kind"),
        ("/v1/quotes", {"speaker_id": "x"}, "speaker_id"),
        ("/v1/quotes", {"q": "x" * 501}, "q"),
        ("/v1/quotes", {"q": " "}, "q"),
        ("/v1/quotes", {"cursor": "not-a-cursor"}, "cursor"),
        ("/v1/quotes", {"cursor": "WyJ4Il0"}, "cursor"),
        ("/v1/articles", {"date_from": "2025-11-20", "date_to": "2025-11-01"}, "date_to"),
        ("/v1/articles", {"cursor": "W10"}, "cursor"),
        ("/v1/people", {"kind": "robot"}, "kind"),
        ("/v1/people", {"limit": 101}, "limit"),
        ("/v1/places", {"cursor": "%%%"}, "cursor"),
        ("/v1/topics", {"limit": -1}, "limit"),
        ("/v1/quotes/abc", {}, "quote_id"),
    ],
)
def test_invalid_parameter_is_422_naming_it(
    empty_client: TestClient, path: str, params: dict[str, Any], param: str
) -> None:
    body = problem(empty_client.get(path, params=params), 422)
    assert body["param"] == param
    assert body["detail"].startswith(f"{param}: ")


def test_cursor_of_another_listing(empty_client: TestClient) -> None:
    people_cursor = "WzEsIktyZW1saW4iLDJd"  # [1, "Kremlin", 2]: count, name, id
    body = problem(empty_client.get("/v1/quotes", params={"cursor": people_cursor}), 422)
    assert body["param"] == "cursor"


@pytest.mark.parametrize(
    "path",
    [
        "/v1/quotes/999999",
        "/v1/articles/999999",
        "/v1/people/999999",
        "/v1/places/999999",
        "/v1/topics/no-such-topic",
        "/v1/no-such-thing",
    ],
)
def test_unknown_is_404(empty_client: TestClient, path: str) -> None:
    assert "param" not in problem(empty_client.get(path), 404)


def test_wrong_method_is_405_naming_get_and_head(empty_client: TestClient) -> None:
    response = empty_client.post("/v1/quotes")
    problem(response, 405)
    assert response.headers["allow"] == "GET, HEAD"


@pytest.fixture
def interrupting_engine(empty_engine: Engine) -> Iterator[Engine]:
    """Every statement is interrupted at once, as the query time limit does to slow ones (on
    PostgreSQL: every SELECT sleeps past a 100 ms `statement_timeout`)."""
    url = empty_engine.url.render_as_string(hide_password=False)
    if empty_engine.dialect.name == "postgresql":
        engine = make_engine(url, time_limit_ms=100)
        slow_selects(engine, float("inf"))
        yield engine
        engine.dispose()
        return
    engine = make_engine(url)
    event.listen(engine, "connect", lambda dbapi, _: dbapi.set_progress_handler(lambda: 1, 1))
    yield engine
    engine.dispose()


def test_query_time_limit_is_503(interrupting_engine: Engine) -> None:
    with serve(interrupting_engine) as client:
        body = problem(client.get("/v1/quotes"), 503)
    assert "ms" in body["detail"]


def test_unexpected_error_is_500_problem() -> None:
    def broken() -> Session:
        raise RuntimeError("boom")

    app = create_app()
    app.dependency_overrides[get_session] = broken
    with TestClient(app, raise_server_exceptions=False) as client:
        problem(client.get("/v1/health"), 500)
