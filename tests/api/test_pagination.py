"""Keyset cursors: every row once, in order, whatever the page size."""

import pytest
from fastapi.testclient import TestClient

from tests.api.paging import every_item, ids

LISTINGS = ["/v1/quotes", "/v1/articles", "/v1/people", "/v1/places", "/v1/topics"]


@pytest.mark.parametrize("path", LISTINGS)
def test_one_per_page_walks_everything_once(client: TestClient, path: str) -> None:
    walked = [item.get("id", item.get("slug")) for item in every_item(client, path, limit=1)]
    whole = client.get(path, params={"limit": 100}).json()["items"]
    assert walked == [item.get("id", item.get("slug")) for item in whole]
    assert len(set(walked)) == len(walked) > 0


def test_quotes_newest_first_undated_last(client: TestClient) -> None:
    dates = [item["date"] for item in every_item(client, "/v1/quotes", limit=2)]
    dated = [d for d in dates if d is not None]
    assert dates == dated + [None] * (len(dates) - len(dated))
    assert dated == sorted(dated, reverse=True)


def test_cursor_keeps_filters_working(client: TestClient) -> None:
    walked = every_item(client, "/v1/quotes", topic="istanbul-talks", limit=1)
    assert ids(walked) == ids(every_item(client, "/v1/quotes", topic="istanbul-talks"))


def test_last_page_has_no_cursor(client: TestClient) -> None:
    assert client.get("/v1/quotes", params={"limit": 100}).json()["next_cursor"] is None
