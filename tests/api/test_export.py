"""Export of /v1/quotes as CSV or NDJSON: every matching quote, not one page, streamed."""

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, text
from sqlmodel import Session

from app.config import get_settings
from app.db import get_session
from app.main import create_app
from app.schemas import QuoteFilters
from app.search import export
from app.search.export import CSV_COLUMNS, export_filename
from tests.api.bulk import AWKWARD_TEXT, bulk_engine
from tests.api.paging import every_item, ids
from tests.api.test_errors import problem
from tests.conftest import serve
from tests.postgres import slow_selects

BULK = 260
URLS = {1: "https://news.example/1?a=1&b=2", 2: '=HYPERLINK("https://evil.example")'}
"""Article URLs as the bulk database's first two articles get them (the third has none)."""


@pytest.fixture(scope="module")
def bulk_db(tmp_path_factory: pytest.TempPathFactory, backend: str) -> Iterator[Engine]:
    engine = bulk_engine(tmp_path_factory, "export", BULK, backend)
    with engine.begin() as connection:
        for article_id, url in URLS.items():
            connection.execute(
                text("UPDATE articles SET url = :url WHERE id = :id"),
                {"url": url, "id": article_id},
            )
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def bulk(bulk_db: Engine) -> Iterator[TestClient]:
    with serve(bulk_db) as client:
        yield client


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
            "article_url": formula_safe(URLS.get(item["article"]["id"], "")),
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
    batch of a big database would: SQLite's progress handler interrupts it at once (on
    PostgreSQL, the server sleeps past the limit first)."""
    if engine.dialect.name == "postgresql":
        slow_selects(engine, slower_than_ms)
        return

    def on_connect(dbapi_connection: Any, record: Any) -> None:
        clock = record.info["verbatim_clock"]
        dbapi_connection.set_progress_handler(
            lambda: int(0 < (clock["limit_ms"] or 0) <= slower_than_ms), 1
        )

    event.listen(engine, "connect", on_connect)


def test_export_is_not_cut_off_by_the_query_time_limit(
    tmp_path_factory: pytest.TempPathFactory, batch_size: int, backend: str
) -> None:
    engine = bulk_engine(tmp_path_factory, "export-limit", BULK, backend)
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
    tmp_path_factory: pytest.TempPathFactory, backend: str
) -> None:
    engine = bulk_engine(tmp_path_factory, "export-too-slow", BULK, backend)
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


def formula_safe(value: str) -> str:
    """What a text cell holds: a `'` first when a spreadsheet would read it as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


FORMULAS = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", '=HYPERLINK("x","y")']
"""Texts a spreadsheet would run; the 4th and 5th from OWASP's list of starting characters."""


@pytest.fixture(scope="module")
def formulas(tmp_path_factory: pytest.TempPathFactory, backend: str) -> Iterator[TestClient]:
    """The first quotes' text, speaker mention and cue, and a topic's name, begin with what
    starts a formula."""
    engine = bulk_engine(tmp_path_factory, "export-formulas", 20, backend)
    with engine.begin() as connection:
        for quote_id, formula in enumerate(FORMULAS, start=1):
            connection.execute(
                text("UPDATE quotes SET text = :t, speaker_mention = :m, cue = :c WHERE id = :id"),
                {"t": formula, "m": formula, "c": formula, "id": quote_id},
            )
        connection.execute(text("UPDATE topics SET name = '-Topic 0' WHERE slug = 'topic-0'"))
    with serve(engine) as client:
        yield client
    engine.dispose()


def test_text_cells_that_would_be_formulas_begin_with_a_quote(formulas: TestClient) -> None:
    rows = {int(row["id"]): row for row in csv_rows(formulas.get("/v1/quotes?format=csv"))}
    for quote_id, formula in enumerate(FORMULAS, start=1):
        row = rows[quote_id]
        assert row["text"] == row["speaker_mention"] == row["cue"] == "'" + formula
    assert rows[len(FORMULAS) + 1]["text"] == AWKWARD_TEXT.format(k=len(FORMULAS))
    topics = {row["topics"] for row in rows.values()}
    assert topics == {"Topic 1", "Topic 2", "'-Topic 0", "'-Topic 0;Topic 1", "'-Topic 0;Topic 2"}
    json_item = formulas.get("/v1/quotes/1").json()
    assert json_item["text"] == FORMULAS[0], "only CSV cells are changed"


def test_numbers_and_dates_are_written_bare(bulk: TestClient) -> None:
    """They are not text cells: never quoted, never prefixed."""
    body = bulk.get("/v1/quotes", params={"format": "csv", "speaker": "Speaker 03"}).text
    line = body.split("\r\n")[1]
    assert re.match(r'^\d+,2024-\d\d-\d\d,"', line), line
    assert re.search(r',\d+,"Article \d, with a comma",', line), line


def test_csv_has_each_article_s_url(bulk: TestClient) -> None:
    rows = csv_rows(bulk.get("/v1/quotes", params={"format": "csv"}))
    urls = {int(row["article_id"]): row["article_url"] for row in rows}
    assert urls == {1: URLS[1], 2: "'" + URLS[2], 3: ""}


def disposition(response: Any) -> str:
    """The attachment's file name, its date (the day of the request, UTC) written `DAY`."""
    assert response.status_code == 200, response.text
    header = response.headers["content-disposition"]
    match = re.fullmatch(r'attachment; filename="([a-z0-9.-]+)"', header)
    assert match, header
    name = match.group(1)
    today = dt.datetime.now(dt.UTC).date()
    days = {today.isoformat(), (today - dt.timedelta(days=1)).isoformat()}
    assert any(f"-{day}." in name for day in days), "dated the day it was exported"
    return re.sub(r"\d{4}-\d\d-\d\d(?=\.)", "DAY", name)


def test_the_file_name_says_what_was_exported(bulk: TestClient) -> None:
    exported = {
        "format=csv": "verbatim-quotes-DAY.csv",
        "format=csv&speaker=Speaker 03": "verbatim-quotes-speaker-speaker-03-DAY.csv",
        "format=ndjson&speaker=Peskov&speaker=Erdoğan&kind=direct&sort=date": (
            "verbatim-quotes-speaker-peskov-erdogan-kind-direct-DAY.ndjson"
        ),
        'format=csv&q="peace talks" -oil&date_from=2025-11-01&appearances=all': (
            "verbatim-quotes-date-from-2025-11-01-q-peace-talks-oil-appearances-all-DAY.csv"
        ),
    }
    for query, name in exported.items():
        assert disposition(bulk.get(f"/v1/quotes?{query}")) == name, query


def test_a_file_name_is_safe_and_short_whatever_the_filters(bulk: TestClient) -> None:
    nasty = 'a"b/c\\d\r\nContent-Type: x;é' * 15
    name = disposition(bulk.get("/v1/quotes", params={"format": "csv", "q": nasty}))
    assert name.startswith("verbatim-quotes-q-a-b-c-d-content-type-x-ea-b-c-d-")
    assert len(name) <= len("verbatim-quotes-") + export.FILENAME_FILTERS + len("-DAY.csv")


def test_export_filename_is_dated() -> None:
    filters = QuoteFilters(speaker=["Peskov"])
    assert export_filename(filters, ".csv", dt.date(2025, 11, 20)) == (
        "verbatim-quotes-speaker-peskov-2025-11-20.csv"
    )


def test_excel_gets_a_byte_order_mark(bulk: TestClient) -> None:
    excel = bulk.get("/v1/quotes", params={"format": "csv", "excel": "true"})
    assert excel.content.startswith(b"\xef\xbb\xbf" + ",".join(CSV_COLUMNS).encode())
    plain = bulk.get("/v1/quotes", params={"format": "csv"})
    assert excel.content[3:] == plain.content
    assert not plain.content.startswith(b"\xef\xbb\xbf")
    ndjson = bulk.get("/v1/quotes", params={"format": "ndjson", "excel": "true"})
    assert ndjson.content.startswith(b"{"), "a byte-order mark is for CSV only"


def test_an_export_leaves_the_connection_s_memory_mapping_alone(bulk_db: Engine) -> None:
    """`VERBATIM_SQLITE_MMAP_MB=0` (this engine's) must hold for every request, including
    those served by a connection an export used before."""
    if bulk_db.dialect.name != "sqlite":
        pytest.skip("memory mapping is SQLite's (`PRAGMA mmap_size`)")
    app = create_app()
    seen: list[int] = []

    def session() -> Iterator[Session]:
        with Session(bulk_db) as session:
            seen.append(session.execute(text("PRAGMA mmap_size")).scalar_one())
            yield session

    app.dependency_overrides[get_session] = session
    with TestClient(app) as client:
        for _ in range(3):
            assert client.get("/v1/quotes", params={"format": "csv"}).status_code == 200
            assert client.get("/v1/quotes", params={"limit": 1}).status_code == 200
    assert seen == [0] * 6
