"""The health check counts rows, so it proves the database answers."""

from fastapi.testclient import TestClient

from tests.api.paging import every_item


def test_counts_the_seeds(client: TestClient) -> None:
    assert client.get("/v1/health").json() == {
        "status": "ok",
        "database": "ok",
        "quotes": len(every_item(client, "/v1/quotes")),
        "articles": 2,
    }


def test_empty_database_is_healthy(empty_client: TestClient) -> None:
    response = empty_client.get("/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "quotes": 0, "articles": 0}


def test_cors(empty_client: TestClient) -> None:
    response = empty_client.get("/v1/health", headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
