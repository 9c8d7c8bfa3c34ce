"""Topics: listed by quote count, found by slug or by name."""

from fastapi.testclient import TestClient

from tests.api.paging import every_item


def test_istanbul_talks(client: TestClient) -> None:
    topics = {topic["slug"]: topic for topic in every_item(client, "/v1/topics")}
    talks = topics["istanbul-talks"]
    assert talks["name"] == "Istanbul talks"
    assert talks["quote_count"] == len(every_item(client, "/v1/quotes", topic="istanbul-talks"))


def test_most_quoted_first(client: TestClient) -> None:
    counts = [topic["quote_count"] for topic in every_item(client, "/v1/topics")]
    assert counts == sorted(counts, reverse=True)


def test_by_slug_or_name(client: TestClient) -> None:
    by_slug = client.get("/v1/topics/istanbul-talks").json()
    assert by_slug["slug"] == "istanbul-talks"
    assert client.get("/v1/topics/Istanbul talks").json() == by_slug


def test_combined_filters_intersect(client: TestClient) -> None:
    talks = every_item(client, "/v1/topics", q="TALKS", limit=1)
    assert "istanbul-talks" in {topic["slug"] for topic in talks}
    assert all("talks" in topic["name"].lower() for topic in talks)
