"""Places: one row per real place whatever it was called, with counts and aliases."""

from collections import Counter

from fastapi.testclient import TestClient

from tests.api.paging import every_item, ids


def test_each_city_once(client: TestClient) -> None:
    names = Counter(place["name"] for place in every_item(client, "/v1/places"))
    assert {name: names[name] for name in ("Istanbul", "Moscow", "Ankara", "Kyiv")} == {
        "Istanbul": 1,
        "Moscow": 1,
        "Ankara": 1,
        "Kyiv": 1,
    }


def test_old_spelling_is_an_alias(client: TestClient) -> None:
    (kyiv,) = every_item(client, "/v1/places", q="kiev")
    assert kyiv["name"] == "Kyiv"
    assert "Kiev" in kyiv["aliases"]
    assert client.get(f"/v1/places/{kyiv['id']}").json() == kyiv


def test_counts_match_the_quotes(client: TestClient) -> None:
    for place in every_item(client, "/v1/places"):
        quotes = every_item(client, "/v1/quotes", place=place["name"])
        assert place["quote_count"] == len(quotes), place
        assert place["article_count"] >= len({q["article"]["id"] for q in quotes})


def test_combined_filters_intersect(client: TestClient) -> None:
    kyiv = every_item(client, "/v1/places", q="kiev")[0]
    combined = every_item(client, "/v1/places", q="kiev", kind=kyiv["kind"])
    assert ids(combined) == [kyiv["id"]]
    by_kind = set(ids(every_item(client, "/v1/places", kind=kyiv["kind"])))
    assert set(ids(every_item(client, "/v1/places", q="o", kind=kyiv["kind"]))) == by_kind & set(
        ids(every_item(client, "/v1/places", q="o"))
    )
