"""Export of /v1/quotes as CSV or NDJSON: every matching quote, not one page, streamed."""

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from app.config import get_settings
from app.search import export
from app.search.export import CSV_COLUMNS
from tests.api.bulk import AWKWARD_TEXT, bulk_engine
from tests.api.paging import every_item, ids
from tests.api.test_errors import problem
from tests.conftest import serve

BULK = 260


@pytest.fixture(scope="module")
def bulk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    engine = bulk_engine(tmp_path_factory, "export", BULK)
    with serve(engine) as client:
        yield client
    engine.dispose()


@pytest.fixture(scope="module")
def listing(bulk: TestClient) -> list[dict[str, Any]]:
    """The whole result as the JSON listing pages it, to compare every export with."""
    return every_item(bulk, "/v1/quotes", limit=100)


@pytest.fixture(params=[1000, 7], ids=["one-batch", "many-batches"])
def batch_size(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Small batches cross many keyset boundaries, ties on a date among them."""
    monkeypatch.setattr(export, "BATCH_SIZE", request.param)
    return int(request.param)


def csv_rows(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text, newline="")))


def ndjson_items(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    assert response.text.endswith("\n")
    return [json.loads(line) for line in response.text.splitlines()]


def test_csv_has_every_matching_quote_in_listing_order(
    bulk: TestClient, listing: list[dict[str, Any]], batch_size: int
) -> None:
    response = bulk.get("/v1/quotes", params={"format": "csv", "limit": 5})
    rows = csv_rows(response)
    assert len(rows) == BULK > 100
    assert [int(row["id"]) for row in rows] == ids(listing)
    assert response.headers["content-disposition"] == 'attachment; filename="quotes.csv"'
    assert response.text.startswith(",".join(CSV_COLUMNS) + "\r\n")


def test_csv_fields_match_the_json(bulk: TestClient, listing: list[dict[str, Any]]) -> None:
    rows = csv_rows(bulk.get("/v1/quotes", params={"format": "csv"}))
    for row, item in zip(rows, listing, strict=True):
        speaker = item["speaker"] or {}
        assert row == {
            "id": str(item["id"]),
            "date": item["date"] or "",
            "kind": item["kind"],
            "text": item["text"],
            "speaker": speaker.get("name", ""),
            "speaker_id": str(speaker.get("id", "")),
            "speaker_mention": item["speaker_mention"] or "",
            "cue": item["cue"] or "",
            "article_id": str(item["article"]["id"]),
            "article_title": item["article"]["title"],
            "source": item["article"]["source"] or "",
            "published": item["article"]["published"] or "",
            "topics": ";".join(t["name"] for t in item["topics"]),
            "places": ";".join(p["name"] for p in item["places"]),
        }
    assert rows[0]["text"] == AWKWARD_TEXT.format(k=int(rows[0]["id"]) - 1)
    assert any(";" in row["topics"] for row in rows)
    assert any(row["date"] == "" for row in rows)


def test_ndjson_lines_are_listing_items(
    bulk: TestClient, listing: list[dict[str, Any]], batch_size: int
) -> None:
    response = bulk.get("/v1/quotes", params={"format": "ndjson"})
    assert ndjson_items(response) == listing
    assert response.headers["content-disposition"] == 'attachment; filename="quotes.ndjson"'


def test_export_follows_the_filters(bulk: TestClient) -> None:
    listing = every_item(bulk, "/v1/quotes", speaker="Speaker 03", kind="partial")
    assert listing
    params = {"speaker": "Speaker 03", "kind": "partial"}
    rows = csv_rows(bulk.get("/v1/quotes", params={**params, "format": "csv"}))
    assert [int(row["id"]) for row in rows] == ids(listing)
    assert ndjson_items(bulk.get("/v1/quotes", params={**params, "format": "ndjson"})) == listing


def test_seeded_csv_matches_the_listing(client: TestClient) -> None:
    rows = csv_rows(client.get("/v1/quotes", params={"format": "csv"}))
    assert [int(row["id"]) for row in rows] == ids(every_item(client, "/v1/quotes"))


def test_nothing_matching_is_a_header_alone(client: TestClient) -> None:
    response = client.get("/v1/quotes", params={"format": "csv", "speaker": "Nobody Atall"})
    assert response.text == ",".join(CSV_COLUMNS) + "\r\n"
    assert client.get("/v1/quotes", params={"format": "ndjson", "q": "zzzqqq"}).text == ""


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/csv", "text/csv"),
        ("application/x-ndjson", "application/x-ndjson"),
        ("text/csv, */*;q=0.1", "text/csv"),
        ("application/json", "application/json"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/json"),
        ("application/json, text/csv", "application/json"),
        ("application/json;q=0.5, text/csv", "text/csv"),
        ("text/csv;q=0", "application/json"),
    ],
)
def test_accept_chooses_the_format(client: TestClient, accept: str, expected: str) -> None:
    response = client.get("/v1/quotes", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(expected)
    assert "Accept" in response.headers["vary"]


def test_format_wins_over_accept(client: TestClient) -> None:
    response = client.get("/v1/quotes", params={"format": "json"}, headers={"Accept": "text/csv"})
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["items"]


def test_bad_format_and_bad_filter_are_problems(client: TestClient) -> None:
    response = client.get("/v1/quotes", params={"format": "xml"})
    assert (response.status_code, response.json()["param"]) == (422, "format")
    response = client.get(
        "/v1/quotes",
        params={"date_from": "2025-12-01", "date_to": "2025-11-01"},
        headers={"Accept": "text/csv"},
    )
    assert (response.status_code, response.json()["param"]) == (422, "date_to")


def test_export_is_documented(empty_client: TestClient) -> None:
    operation = empty_client.get("/openapi.json").json()["paths"]["/v1/quotes"]["get"]
    content = operation["responses"]["200"]["content"]
    assert {"application/json", "text/csv", "application/x-ndjson"} <= set(content)
    assert ",".join(CSV_COLUMNS) in content["text/csv"]["example"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["format"]["schema"]["examples"] == ["csv"]
    assert "facets" in parameters


def _slow_statements(engine: Engine, slower_than_ms: float) -> None:
    """Make every statement held to `slower_than_ms` or less run past its limit, as a slow
    batch of a big database would: SQLite's progress handler interrupts it at once."""

    def on_connect(dbapi_connection: Any, record: Any) -> None:
        clock = record.info["verbatim_clock"]
        dbapi_connection.set_progress_handler(
            lambda: int(0 < (clock["limit_ms"] or 0) <= slower_than_ms), 1
        )

    event.listen(engine, "connect", on_connect)


def test_export_is_not_cut_off_by_the_query_time_limit(
    tmp_path_factory: pytest.TempPathFactory, batch_size: int
) -> None:
    engine = bulk_engine(tmp_path_factory, "export-limit", BULK)
    engine.dispose()
    limit = get_settings().query_time_limit_ms
    _slow_statements(engine, limit)
    try:
        with serve(engine) as client:
            assert problem(client.get("/v1/quotes"), 503)
            response = client.get("/v1/quotes", params={"format": "csv"})
    finally:
        engine.dispose()
    assert len(csv_rows(response)) == BULK


def test_export_too_slow_to_begin_is_a_problem_not_a_cut_off_csv(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    engine = bulk_engine(tmp_path_factory, "export-too-slow", BULK)
    engine.dispose()
    _slow_statements(engine, float("inf"))
    try:
        with serve(engine) as client:
            response = client.get("/v1/quotes", params={"format": "csv"})
            ndjson = client.get("/v1/quotes", params={"format": "ndjson"})
    finally:
        engine.dispose()
    assert "ms" in problem(response, 503)["detail"]
    assert "ms" in problem(ndjson, 503)["detail"]
