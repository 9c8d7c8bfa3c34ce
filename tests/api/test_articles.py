"""Articles: the listing, its filters, and one article with its quotes."""

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.api.paging import every_item, ids


def test_newest_first(client: TestClient) -> None:
    articles = every_item(client, "/v1/articles")
    assert [a["published"] for a in articles] == ["2025-11-19", "2025-11-12"]


def test_date_range_on_published(client: TestClient) -> None:
    (later,) = every_item(client, "/v1/articles", date_from="2025-11-15")
    assert later["published"] == "2025-11-19"
    (earlier,) = every_item(client, "/v1/articles", date_to="2025-11-12")
    assert earlier["published"] == "2025-11-12"


def test_title_and_source(client: TestClient) -> None:
    assert len(every_item(client, "/v1/articles", q="istanbul")) == 2
    for article in every_item(client, "/v1/articles"):
        source = article["source"].upper()
        assert article["id"] in ids(every_item(client, "/v1/articles", source=source))


def test_detail_has_body_and_quotes_in_text_order(client: TestClient) -> None:
    for article in every_item(client, "/v1/articles"):
        detail = client.get(f"/v1/articles/{article['id']}").json()
        assert detail.items() >= article.items()
        assert detail["body"] and {"url", "byline", "dateline"} <= set(detail)
        starts = [quote["start"] for quote in detail["quotes"]]
        assert starts == sorted(starts)
        assert len(starts) == article["quote_count"] > 0
        assert {quote["article"]["id"] for quote in detail["quotes"]} == {article["id"]}


def test_combined_filters_intersect(client: TestClient) -> None:
    first = every_item(client, "/v1/articles")[-1]
    filters = {"q": "Istanbul", "source": first["source"], "date_to": first["published"]}
    combined = every_item(client, "/v1/articles", **filters)
    assert ids(combined) == [first["id"]]
    one_by_one = [
        set(ids(every_item(client, "/v1/articles", **{k: v}))) for k, v in filters.items()
    ]
    assert set(ids(combined)) == set.intersection(*one_by_one)


def test_relevance_total_counts_the_ranked_window(
    client: TestClient, settings_env: Callable[..., None]
) -> None:
    """`sort=relevance` ranks the newest `VERBATIM_RANK_WINDOW` matches only; `total` must
    count what the listing pages through, as on /v1/quotes, and say it is not every match."""
    settings_env(rank_window="1")
    ranked = every_item(client, "/v1/articles", q="istanbul", limit=1)
    first = client.get("/v1/articles", params={"q": "istanbul"}).json()
    by_date = client.get("/v1/articles", params={"q": "istanbul", "sort": "-date"}).json()
    assert len(ranked) == first["total"] == 1
    assert first["total_exact"] is False
    assert (by_date["total"], by_date["total_exact"]) == (2, True)
