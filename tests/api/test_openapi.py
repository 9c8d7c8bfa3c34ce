"""/docs is the API's manual: every route and parameter described, with an example."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"
ROUTES = [
    "/v1/quotes",
    "/v1/quotes/timeline",
    "/v1/quotes/{quote_id}",
    "/v1/articles",
    "/v1/articles/{article_id}",
    "/v1/people",
    "/v1/people/{person_id}",
    "/v1/people/{person_id}/quotes",
    "/v1/places",
    "/v1/places/{place_id}",
    "/v1/places/{place_id}/quotes",
    "/v1/topics",
    "/v1/topics/{slug}",
    "/v1/topics/{slug}/quotes",
    "/v1/health",
]


@pytest.fixture(scope="module")
def spec(empty_client: TestClient) -> dict[str, Any]:
    return empty_client.get("/openapi.json").json()


def operations(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every operation of every path, whatever its method."""
    return [
        (f"{method.upper()} {path}", operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
    ]


def test_describes_the_app(spec: dict[str, Any]) -> None:
    assert spec["info"]["title"] == "Verbatim"
    assert spec["info"]["version"] and spec["info"]["description"]
    assert set(spec["paths"]) >= set(ROUTES)
    assert {method for item in spec["paths"].values() for method in item} == {"get"}


def test_every_operation_is_tagged_summarised_and_described(spec: dict[str, Any]) -> None:
    declared = {tag["name"]: tag.get("description") for tag in spec["tags"]}
    assert all(declared.values()), declared
    for where, operation in operations(spec):
        assert operation.get("tags"), where
        assert set(operation["tags"]) <= set(declared), where
        assert operation.get("summary"), where
        assert operation.get("description"), where


def test_every_parameter_has_description_and_example(spec: dict[str, Any]) -> None:
    for path, operation in operations(spec):
        for parameter in operation.get("parameters", []):
            where = (path, parameter["name"])
            assert parameter.get("description"), where
            assert parameter["schema"].get("examples"), where


def test_every_route_declares_its_response(spec: dict[str, Any]) -> None:
    for where, operation in operations(spec):
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema["$ref"].startswith("#/components/schemas/"), where
        assert (
            schema["$ref"].removeprefix("#/components/schemas/") in spec["components"]["schemas"]
        ), where


def test_errors_are_documented_as_problems(spec: dict[str, Any]) -> None:
    for path, operation in operations(spec):
        expected = {"503"}
        if operation.get("parameters"):
            expected.add("422")
        if "{" in path:
            expected.add("404")
        documented = {code for code in operation["responses"] if code != "200"}
        assert documented >= expected, path
        for code in documented:
            content = operation["responses"][code]["content"]
            assert list(content) == [PROBLEM], (path, code)


def test_docs_page_is_served(empty_client: TestClient) -> None:
    assert empty_client.get("/docs").status_code == 200
