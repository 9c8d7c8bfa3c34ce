"""Page furniture around the seed articles (headline lists, captions) yields nothing."""

import pytest
from fastapi.testclient import TestClient

from tests.api.paging import every_item

ELSEWHERE_ON_THE_PAGE = [
    "Heavy snow in Poland", "Jake Paul", "Camilla", "Epstein", "Gerasimov", "Bangladesh",
    "Burkina Faso", "Uganda", "Odesa", "Odessa", "Ramallah", "Ghana", "Elon Musk", "Daesh",
    "Honduran", "Florida", "Joshua", "Trump", "Indonesia", "Dhaka",
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/v1/quotes", ("text", "context")),
        ("/v1/people", ("name",)),
        ("/v1/places", ("name",)),
        ("/v1/topics", ("name",)),
    ],
)
def test_nothing_from_page_furniture(client: TestClient, path: str, fields: tuple[str]) -> None:
    texts = [item[field] for item in every_item(client, path) for field in fields]
    assert [(n, t) for t in texts for n in ELSEWHERE_ON_THE_PAGE if n.lower() in t.lower()] == []
