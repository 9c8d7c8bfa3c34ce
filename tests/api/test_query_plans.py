"""The listing picks its SQL by how common a tag or a word is, or walks a single tag's index;
every plan must give the same answer. Each case is run with the thresholds forcing one plan,
then the other, and the pages (followed to the end) and totals must agree."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.search import quotes as quote_search
from app.search import timeline
from tests.api.bulk import bulk_engine
from tests.api.paging import every_item
from tests.conftest import serve

CASES: list[dict[str, Any]] = [
    {"topic": "topic-0"},
    {"topic": ["topic-1", "topic-2"]},
    {"place": "Place 0"},
    {"topic": "topic-0", "speaker": "Speaker 03"},
    {"topic": "topic-2", "date_from": "2024-01-05", "date_to": "2024-01-20"},
    {"topic": "topic-1", "kind": "partial", "sort": "date"},
    {"place": "Place 1", "date_from": "2024-01-10", "min_length": 40},
    {"place": "Place 0", "appearances": "all"},
    {"q": "1* OR 2*", "speaker": "Speaker 04"},
    {"q": "1* OR 2*", "speaker": "Speaker 04", "sort": "-date"},
    {"q": "1* OR 2*", "speaker": "Speaker 04", "sort": "date"},
    {"q": "1* OR 2*", "kind": "direct", "date_from": "2024-01-10"},
    {"q": "3* OR 4*", "topic": "topic-1"},
    {"q": "1* OR 2*"},
    {"q": "1* OR 2*", "sort": "-date"},
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    engine = bulk_engine(tmp_path_factory, "plans", 600)
    with serve(engine) as client:
        yield client
    engine.dispose()


def listing(client: TestClient, params: dict[str, Any]) -> tuple[list[int], int, bool]:
    first = client.get("/v1/quotes", params={**params, "limit": 7}).json()
    items = every_item(client, "/v1/quotes", **params, limit=7)
    return [item["id"] for item in items], first["total"], first["total_exact"]


@pytest.mark.parametrize("params", CASES, ids=lambda params: str(params))
def test_every_plan_gives_the_same_listing(
    client: TestClient, params: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    plans = {
        "rare": (10**9, 1.0, 1.0, False),
        "common": (1, 0.0, 1.0, False),
        "everywhere": (1, 0.0, 0.0, False),
        "walk": (10**9, 1.0, 1.0, True),
    }
    listings = {}
    for plan, (dense_links, common_share, everywhere_share, walks) in plans.items():
        monkeypatch.setattr(quote_search, "DENSE_LINKS", dense_links)
        monkeypatch.setattr(quote_search, "COMMON_SHARE", common_share)
        monkeypatch.setattr(quote_search, "EVERYWHERE_SHARE", everywhere_share)
        monkeypatch.setattr(quote_search, "TAG_WALKS", walks)
        listings[plan] = listing(client, params)
    assert 0 < len(listings["rare"][0]) < 600, "the case must match some quotes, not all"
    assert listings["common"] == listings["rare"]
    assert listings["everywhere"] == listings["rare"]
    assert listings["walk"] == listings["rare"]


@pytest.mark.parametrize("params", [c for c in CASES if "topic" in c or "place" in c], ids=str)
def test_timelines_and_facets_agree_across_plans(
    client: TestClient, params: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading every match (timelines, facets) picks a tag's form by its share of all quotes,
    or walks a single tag's index."""
    answers = []
    for share, dense_links, walks in ((1.0, 10**9, False), (0.0, 1, False), (1.0, 10**9, True)):
        monkeypatch.setattr(quote_search, "WHOLE_DENSE_SHARE", share)
        monkeypatch.setattr(quote_search, "DENSE_LINKS", dense_links)
        monkeypatch.setattr(quote_search, "TAG_WALKS", walks)
        timeline = client.get("/v1/quotes/timeline", params={**params, "interval": "day"})
        faceted = client.get("/v1/quotes", params={**params, "facets": "speaker,topic,kind"})
        assert timeline.status_code == faceted.status_code == 200
        answers.append((timeline.json(), faceted.json()["facets"]))
    assert sum(b["count"] for b in answers[0][0]["buckets"]) > 0
    assert answers[1] == answers[0]
    assert answers[2] == answers[0]


@pytest.mark.parametrize(
    "params", [{}, {"date_from": "2024-01-05"}, {"date_to": "2024-01-20"}], ids=str
)
def test_timelines_by_date_alone_read_the_day_counts_right(
    client: TestClient, params: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kept per-day counts give the same series, undated quotes included, as grouping."""
    kept = client.get("/v1/quotes/timeline", params={**params, "interval": "day"}).json()
    monkeypatch.setattr(timeline, "_only_dated", lambda _filters: False)
    grouped = client.get("/v1/quotes/timeline", params={**params, "interval": "day"}).json()
    assert sum(b["count"] for b in grouped["buckets"]) > 0
    assert kept == grouped
