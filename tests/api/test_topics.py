"""Topics: listed by quote count, found by slug or by name."""

from collections import Counter

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.api.paging import every_item
from tests.conftest import migrated_engine, serve


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


def test_top_speakers_are_ten_at_most(
    tmp_path_factory: pytest.TempPathFactory, backend: str
) -> None:
    """Twelve speakers on a topic, speaker n quoted n times: the ten most quoted are listed."""
    engine = migrated_engine(tmp_path_factory, "top_speakers", backend)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO articles (id, source_key, title, body, content_hash, word_count, "
                "ingested_at) VALUES (1, 'k', 'T', 'B', 'h', 1, '2025-11-12 00:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO topics (id, slug, name, key) "
                "VALUES (1, 'harbour', 'Harbour', 'harbour')"
            )
        )
        quote_id = 0
        for n in range(1, 13):
            connection.execute(
                text(
                    "INSERT INTO people (id, name, key, surname_key, kind) "
                    "VALUES (:n, :name, :key, :key, 'person')"
                ),
                {"n": n, "name": f"Speaker {n:02d}", "key": f"speaker {n:02d}"},
            )
            for _ in range(n):
                quote_id += 1
                connection.execute(
                    text(
                        "INSERT INTO quotes (id, article_id, text, kind, speaker_id, start, "
                        "\"end\", context) VALUES (:q, 1, 'Words', 'direct', :n, 0, 5, '')"
                    ),
                    {"q": quote_id, "n": n},
                )
                connection.execute(
                    text(
                        "INSERT INTO quote_topics (quote_id, topic_id, speaker_id) "
                        "VALUES (:q, 1, :n)"
                    ),
                    {"q": quote_id, "n": n},
                )
    with serve(engine) as client:
        top = client.get("/v1/topics/harbour").json()["top_speakers"]
    engine.dispose()
    assert [(s["name"], s["count"]) for s in top] == [
        (f"Speaker {n:02d}", n) for n in range(12, 2, -1)
    ]


def test_topic_detail_has_a_monthly_timeline_of_its_quotes(client: TestClient) -> None:
    topic = client.get("/v1/topics/istanbul-talks").json()
    timeline = topic["timeline"]
    assert timeline["interval"] == "month"
    assert [b["start"] for b in timeline["buckets"]] == ["2025-11-01"]
    assert (
        sum(b["count"] for b in timeline["buckets"]) + timeline["undated"] == (topic["quote_count"])
    )
    same = client.get("/v1/quotes/timeline", params={"topic": "istanbul-talks"}).json()
    assert same == timeline
