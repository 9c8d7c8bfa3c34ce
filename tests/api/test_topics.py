"""Topics: listed by quote count, found by slug or by name."""

from collections import Counter

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


def test_top_speakers_are_the_most_quoted_on_the_topic(client: TestClient) -> None:
    for topic in every_item(client, "/v1/topics"):
        quotes = every_item(client, "/v1/quotes", topic=topic["slug"])
        said = Counter(q["speaker"]["id"] for q in quotes if q["speaker"] is not None)
        top = client.get(f"/v1/topics/{topic['slug']}").json()["top_speakers"]
        assert {s["id"]: s["count"] for s in top} == dict(said.most_common(10)), topic["slug"]
        assert [(-s["count"], s["name"]) for s in top] == sorted(
            (-s["count"], s["name"]) for s in top
        )
    talks = client.get("/v1/topics/istanbul-talks").json()["top_speakers"]
    assert talks[0]["name"] == "Recep Tayyip Erdogan"
    assert set(talks[0]) == {"id", "name", "kind", "count"}


def test_a_topics_quotes_are_the_quotes_tagged_with_it(client: TestClient) -> None:
    for topic in every_item(client, "/v1/topics"):
        own = every_item(client, f"/v1/topics/{topic['slug']}/quotes", limit=2)
        assert own == every_item(client, "/v1/quotes", topic=topic["slug"])
        assert len(own) == topic["quote_count"]
    by_name = every_item(client, "/v1/topics/Istanbul talks/quotes", speaker="Peskov")
    assert by_name == every_item(client, "/v1/quotes", topic="istanbul-talks", speaker="Peskov")
    assert by_name


def test_quotes_of_an_unknown_topic_are_a_404_problem(client: TestClient) -> None:
    response = client.get("/v1/topics/no-such-topic/quotes")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert client.get("/v1/topics/no-such-topic").status_code == 404
