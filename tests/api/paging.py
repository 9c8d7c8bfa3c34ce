"""Helpers for reading whole listings through their cursors."""

from typing import Any

from fastapi.testclient import TestClient


def every_item(client: TestClient, path: str, **params: Any) -> list[dict[str, Any]]:
    """All items of a listing, following `next_cursor` to the end."""
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        response = client.get(path, params={**params, "cursor": cursor} if cursor else params)
        assert response.status_code == 200, response.text
        page = response.json()
        items.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return items


def ids(items: list[dict[str, Any]]) -> list[int]:
    return [item["id"] for item in items]
