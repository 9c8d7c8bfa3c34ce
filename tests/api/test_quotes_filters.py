"""The quote filters, checked against what the ingest of seeds/ yields."""

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.paging import every_item, ids

PESKOV = "Moscow is open to continuation; Moscow is open to negotiations"
POLISHCHUK = "The Russian team is ready for this, the ball is in the Ukrainian court"


def said(items: list[dict[str, Any]], text: str) -> dict[str, Any]:
    """The one item whose text is `text`, give or take closing punctuation."""
    found = [item for item in items if item["text"].rstrip(",.;: ") == text]
    assert len(found) == 1, [item["text"] for item in items]
    return found[0]


def test_surname_alone_finds_the_speaker(client: TestClient) -> None:
    quote = said(every_item(client, "/v1/quotes", speaker="Peskov"), PESKOV)
    assert (quote["kind"], quote["date"]) == ("direct", "2025-11-19")
    assert quote["speaker"]["name"].endswith("Peskov")


def test_speaker_named_through_an_agency(client: TestClient) -> None:
    quote = said(every_item(client, "/v1/quotes", speaker="Polishchuk"), POLISHCHUK)
    assert (quote["kind"], quote["date"]) == ("direct", "2025-11-12")


@pytest.mark.parametrize("spelling", ["Erdoğan", "erdogan", "ERDOGAN"])
def test_speaker_ignores_case_and_accents(client: TestClient, spelling: str) -> None:
    items = every_item(client, "/v1/quotes", speaker=spelling)
    assert len(items) >= 2
    assert any("comprehensive framework" in item["text"] for item in items)
    assert ids(items) == ids(every_item(client, "/v1/quotes", speaker="Erdoğan"))


def test_organisation_as_speaker(client: TestClient) -> None:
    items = every_item(client, "/v1/quotes", speaker="Kremlin")
    assert any("willing to meet Zelenskiy" in item["text"] for item in items)


def test_speaker_id(client: TestClient) -> None:
    peskov = said(every_item(client, "/v1/quotes", speaker="Peskov"), PESKOV)["speaker"]
    items = every_item(client, "/v1/quotes", speaker_id=peskov["id"])
    assert {item["speaker"]["id"] for item in items} == {peskov["id"]}
    said(items, PESKOV)


@pytest.mark.parametrize("topic", ["Istanbul talks", "istanbul-talks", "ISTANBUL TALKS"])
def test_topic_by_name_or_slug_spans_both_articles(client: TestClient, topic: str) -> None:
    items = every_item(client, "/v1/quotes", topic=topic)
    assert {item["article"]["id"] for item in items} == set(ids(every_item(client, "/v1/articles")))
    assert all("istanbul-talks" in {t["slug"] for t in item["topics"]} for item in items)


def test_date_from_keeps_only_the_later_article(client: TestClient) -> None:
    items = every_item(client, "/v1/quotes", date_from="2025-11-15")
    assert items
    assert all(item["date"] >= "2025-11-15" for item in items)
    assert {item["article"]["published"] for item in items} == {"2025-11-19"}


def test_date_to_is_inclusive(client: TestClient) -> None:
    items = every_item(client, "/v1/quotes", date_to="2025-11-12")
    said(items, POLISHCHUK)
    assert all(item["date"] <= "2025-11-12" for item in items)


def test_full_text_is_stemmed(client: TestClient) -> None:
    items = every_item(client, "/v1/quotes", q="negotiation")
    said(items, PESKOV)
    assert all(re.search("negotiat", item["text"], re.IGNORECASE) for item in items)
    assert ids(items) == ids(every_item(client, "/v1/quotes", q="negotiations"))


@pytest.mark.parametrize("q", ["open*", "NEAR(a b)", "a OR b", "'; DROP TABLE", "text:open"])
def test_full_text_takes_odd_input(empty_client: TestClient, q: str) -> None:
    assert empty_client.get("/v1/quotes", params={"q": q}).status_code == 200


def test_place_by_alias(client: TestClient) -> None:
    items = every_item(client, "/v1/quotes", place="Kiev")
    assert items
    assert ids(items) == ids(every_item(client, "/v1/quotes", place="kyiv"))
    assert all("Kyiv" in {p["name"] for p in item["places"]} for item in items)


def test_kind(client: TestClient) -> None:
    items = every_item(client, "/v1/quotes", kind="direct")
    said(items, PESKOV)
    said(items, POLISHCHUK)
    assert {item["kind"] for item in items} == {"direct"}


def test_article_id(client: TestClient) -> None:
    article = said(every_item(client, "/v1/quotes", speaker="Peskov"), PESKOV)["article"]
    items = every_item(client, "/v1/quotes", article_id=article["id"])
    assert {item["article"]["id"] for item in items} == {article["id"]}


def test_unknown_names_match_nothing(client: TestClient) -> None:
    for param in ("speaker", "topic", "place"):
        assert every_item(client, "/v1/quotes", **{param: "Nobody Atall"}) == []


def test_combined_filters_intersect(client: TestClient) -> None:
    filters = {"speaker": "peskov", "kind": "direct", "q": "open", "date_from": "2025-11-19"}
    combined = every_item(client, "/v1/quotes", **filters)
    said(combined, PESKOV)
    one_by_one = [set(ids(every_item(client, "/v1/quotes", **{k: v}))) for k, v in filters.items()]
    assert set(ids(combined)) == set.intersection(*one_by_one)
