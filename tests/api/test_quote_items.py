"""What one quote looks like, in a list and on its own, and what it costs to load."""

from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from tests.api.paging import every_item
from tests.offsets import is_text_of

ITEM_KEYS = {
    "id", "text", "kind", "cue", "date", "speaker", "speaker_mention", "reported_by",
    "article", "topics", "places", "context", "start", "end", "highlight", "appearance_count",
    "appearances",
}  # fmt: skip


def test_item_shape(client: TestClient) -> None:
    items = every_item(client, "/v1/quotes")
    assert items
    for item in items:
        assert set(item) == ITEM_KEYS
        assert set(item["article"]) == {"id", "title", "published", "source", "url"}
        assert item["speaker"] is None or set(item["speaker"]) == {"id", "name", "kind"}
        assert all(set(topic) == {"slug", "name"} for topic in item["topics"])
        assert all(set(place) == {"id", "name"} for place in item["places"])
        assert item["start"] < item["end"]
        assert item["appearance_count"] == len(item["appearances"]) >= 1
        assert item["id"] in {appearance["quote_id"] for appearance in item["appearances"]}


def test_quote_by_id_equals_its_list_item(client: TestClient) -> None:
    for item in every_item(client, "/v1/quotes"):
        assert client.get(f"/v1/quotes/{item['id']}").json() == item


def test_text_is_where_the_offsets_say(client: TestClient) -> None:
    for article in every_item(client, "/v1/articles"):
        detail = client.get(f"/v1/articles/{article['id']}").json()
        for quote in detail["quotes"]:
            assert is_text_of(detail["body"][quote["start"] : quote["end"]], quote["text"])


def test_a_page_costs_a_fixed_number_of_queries(client: TestClient, seeded_engine: Engine) -> None:
    """The capped count, quotes, then one query each for speakers, articles, topics, places
    and wire copies: never one per quote."""
    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(seeded_engine, "before_cursor_execute", record)
    try:
        page = client.get("/v1/quotes", params={"limit": 100}).json()
    finally:
        event.remove(seeded_engine, "before_cursor_execute", record)
    assert len(page["items"]) > 5
    assert len(statements) <= 7
