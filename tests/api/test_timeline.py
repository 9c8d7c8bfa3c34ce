"""/v1/quotes/timeline: matching quotes per day, week or month, zeros filled in."""

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.bulk import bulk_engine, quote_date
from tests.api.paging import every_item
from tests.conftest import serve

BULK = 120


@pytest.fixture(scope="module")
def bulk(tmp_path_factory: pytest.TempPathFactory, backend: str) -> Iterator[TestClient]:
    engine = bulk_engine(tmp_path_factory, "timeline", BULK, backend)
    with serve(engine) as client:
        yield client
    engine.dispose()


def timeline(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/v1/quotes/timeline", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def series(body: dict[str, Any]) -> dict[str, int]:
    return {bucket["start"]: bucket["count"] for bucket in body["buckets"]}


def test_days_between_the_two_articles_are_zeros(client: TestClient) -> None:
    body = timeline(client, interval="day")
    per_day = Counter(item["date"] for item in every_item(client, "/v1/quotes") if item["date"])
    expected = {f"2025-11-{day}": per_day.get(f"2025-11-{day}", 0) for day in range(12, 20)}
    assert body["interval"] == "day"
    assert series(body) == expected
    assert expected["2025-11-12"] and expected["2025-11-19"] and not expected["2025-11-15"]


def test_weeks_start_on_monday(client: TestClient) -> None:
    body = timeline(client, interval="week")
    assert list(series(body)) == ["2025-11-10", "2025-11-17"]
    assert all(dt.date.fromisoformat(b["start"]).weekday() == 0 for b in body["buckets"])
    assert sum(series(body).values()) == sum(series(timeline(client, interval="day")).values())


def test_month_is_the_default(client: TestClient) -> None:
    body = timeline(client)
    total = len(every_item(client, "/v1/quotes"))
    assert body["interval"] == "month"
    assert series(body) == {"2025-11-01": total - body["undated"]}


def test_filters_apply(client: TestClient) -> None:
    peskov = every_item(client, "/v1/quotes", speaker="Peskov")
    body = timeline(client, speaker="Peskov", interval="day")
    assert {k: v for k, v in series(body).items() if v} == dict(Counter(q["date"] for q in peskov))


def test_date_range_sets_the_span(client: TestClient) -> None:
    body = timeline(client, interval="day", date_from="2025-11-01", date_to="2025-11-30")
    assert len(body["buckets"]) == 30
    assert body["buckets"][0]["start"] == "2025-11-01"
    assert body["buckets"][-1]["start"] == "2025-11-30"
    months = timeline(client, date_from="2025-10-15", date_to="2026-01-02")
    assert list(series(months)) == ["2025-10-01", "2025-11-01", "2025-12-01", "2026-01-01"]


def test_nothing_matching_is_an_empty_series(client: TestClient) -> None:
    assert timeline(client, speaker="Nobody Atall") == {
        "interval": "month",
        "buckets": [],
        "undated": 0,
    }


def test_undated_quotes_are_counted_apart(bulk: TestClient) -> None:
    body = timeline(bulk, interval="week")
    dates = [quote_date(k) for k in range(BULK)]
    assert body["undated"] == dates.count(None) > 0
    assert sum(series(body).values()) == BULK - body["undated"]
    assert body["buckets"][0]["start"] == "2024-01-01"  # a Monday
    assert len(body["buckets"]) == 6  # 40 days from Monday 1 January


@pytest.mark.parametrize(
    "params",
    [
        {"interval": "year"},
        {"interval": "day", "date_from": "1900-01-01", "date_to": "2025-01-01"},
    ],
)
def test_bad_interval_is_a_problem(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/v1/quotes/timeline", params=params)
    assert response.status_code == 422
    assert response.json()["param"] == "interval"


def test_a_long_range_fits_in_months(client: TestClient) -> None:
    body = timeline(client, date_from="1900-01-01", date_to="2025-12-31")
    assert len(body["buckets"]) == 126 * 12
