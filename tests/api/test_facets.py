"""Facets on /v1/quotes: counts of the matching quotes per speaker, topic, place, source, kind."""

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import get_settings
from tests.api.bulk import SPEAKERS, bulk_engine
from tests.api.paging import every_item
from tests.conftest import serve

ALL = "speaker,topic,place,source,kind"


@pytest.fixture(scope="module")
def bulk(tmp_path_factory: pytest.TempPathFactory, backend: str) -> Iterator[TestClient]:
    engine = bulk_engine(tmp_path_factory, "facets", 2000, backend)
    with serve(engine) as client:
        yield client
    engine.dispose()


def facets(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/v1/quotes", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def as_counts(values: list[dict[str, Any]]) -> dict[tuple[str, Any], int]:
    return {(v["value"], v["id"]): v["count"] for v in values}


def test_counts_match_the_items(client: TestClient) -> None:
    items = every_item(client, "/v1/quotes")
    found = facets(client, facets=ALL)["facets"]
    assert as_counts(found["kind"]) == {
        (k, None): n for k, n in Counter(i["kind"] for i in items).items()
    }
    speakers = Counter((i["speaker"]["name"], i["speaker"]["id"]) for i in items if i["speaker"])
    assert as_counts(found["speaker"]) == dict(speakers.most_common(10))
    topics = Counter((t["name"], t["slug"]) for i in items for t in i["topics"])
    assert as_counts(found["topic"]) == dict(topics.most_common(10))
    places = Counter((p["name"], p["id"]) for i in items for p in i["places"])
    assert as_counts(found["place"]) == dict(places.most_common(10))
    sources = Counter((i["article"]["source"], None) for i in items if i["article"]["source"])
    assert as_counts(found["source"]) == dict(sources)


def test_facets_follow_the_filters(client: TestClient) -> None:
    body = facets(client, speaker="Peskov", facets="speaker,kind")
    [peskov] = body["facets"]["speaker"]
    assert peskov["value"].endswith("Peskov")
    total = len(every_item(client, "/v1/quotes", speaker="Peskov"))
    assert peskov["count"] == total == sum(v["count"] for v in body["facets"]["kind"])


def test_comma_separated_and_repeated(client: TestClient) -> None:
    response = client.get("/v1/quotes", params=[("facets", "speaker,topic"), ("facets", "kind")])
    body = response.json()
    assert set(body["facets"]) == {"speaker", "topic", "kind"}
    assert body["facets_timed_out"] == []


def test_absent_unless_asked(client: TestClient) -> None:
    body = facets(client)
    assert body["facets"] is None and body["facets_timed_out"] is None
    assert body["items"]


def test_unknown_facet_is_a_problem(client: TestClient) -> None:
    response = client.get("/v1/quotes", params={"facets": "speaker,colour"})
    assert response.status_code == 422
    problem = response.json()
    assert problem["param"] == "facets"
    assert "colour" in problem["detail"]
    assert all(name in problem["detail"] for name in ALL.split(","))


def test_top_ten_by_count_then_value(bulk: TestClient) -> None:
    speakers = facets(bulk, facets="speaker")["facets"]["speaker"]
    assert len(speakers) == 10 < SPEAKERS
    order = [(-s["count"], s["value"]) for s in speakers]
    assert order == sorted(order)
    assert all(isinstance(s["id"], int) for s in speakers)
    assert len({s["count"] for s in speakers}) > 1


@pytest.fixture
def tiny_facet_limit(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("VERBATIM_FACET_TIME_LIMIT_MS", "0.000001")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_slow_facets_are_left_out_and_named(bulk: TestClient, tiny_facet_limit: None) -> None:
    body = facets(bulk, facets="topic,speaker")
    assert body["facets"] == {}
    assert body["facets_timed_out"] == ["topic", "speaker"]
    assert len(body["items"]) == 20, "the page itself keeps the normal time limit"


def test_facets_within_the_limit_are_kept(bulk: TestClient) -> None:
    body = facets(bulk, facets="topic,speaker")
    assert set(body["facets"]) == {"topic", "speaker"}
    assert body["facets_timed_out"] == []


@pytest.fixture
def facet_window(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[int], None]]:
    """Sets `VERBATIM_FACET_WINDOW` for the rest of the test."""

    def resize(size: int) -> None:
        monkeypatch.setenv("VERBATIM_FACET_WINDOW", str(size))
        get_settings.cache_clear()

    yield resize
    monkeypatch.undo()
    get_settings.cache_clear()


def test_beyond_the_window_facets_count_the_newest_matches(
    bulk: TestClient, facet_window: Callable[[int], None]
) -> None:
    """Beyond the facet window, facets count the newest that many matches, and say so."""
    facet_window(120)
    page = facets(bulk, facets="speaker,kind", kind=["direct", "indirect"], limit=100)
    assert (page["total"], page["facets_window"]) == (1333, 120)
    newest = (
        page["items"]
        + facets(bulk, kind=["direct", "indirect"], limit=100, cursor=page["next_cursor"])["items"]
    )
    newest = newest[:120]
    assert as_counts(page["facets"]["kind"]) == {
        (k, None): n for k, n in Counter(i["kind"] for i in newest).items()
    }
    speakers = Counter(i["speaker"]["name"] for i in newest if i["speaker"])
    listed = {value: n for (value, _id), n in as_counts(page["facets"]["speaker"]).items()}
    assert listed == {name: speakers[name] for name in listed}
    assert min(listed.values()) >= max(
        (n for name, n in speakers.items() if name not in listed), default=0
    )


def test_facets_count_every_match_up_to_the_window(
    bulk: TestClient, facet_window: Callable[[int], None]
) -> None:
    total = facets(bulk, kind="direct", limit=1)["total"]
    facet_window(total)
    page = facets(bulk, facets="kind", kind="direct", limit=1)
    assert page["facets_window"] is None
    assert page["facets"]["kind"] == [{"value": "direct", "id": None, "count": total}]
    facet_window(total - 1)
    page = facets(bulk, facets="kind", kind="direct", limit=1)
    assert page["facets_window"] == total - 1
    assert page["facets"]["kind"] == [{"value": "direct", "id": None, "count": total - 1}]
