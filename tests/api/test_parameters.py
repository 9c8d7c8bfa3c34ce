"""The rules every parameter of every route follows: bounds, NUL characters, unknown names,
empty values and comma lists.

Routes and their parameters are read from the app's own OpenAPI document, so a route or a
parameter added later is held to the same rules without editing these tests; the document
is the oracle for which names are valid.
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.main import create_app
from app.models import Article
from tests.api.paging import every_item, ids
from tests.conftest import migrated_engine, serve

SPEC = create_app().openapi()
SAMPLE_PATH = {
    "quote_id": "1",
    "article_id": "1",
    "person_id": "1",
    "place_id": "1",
    "slug": "istanbul-talks",
}
"""Path values that exist in the seeded database."""
TOO_BIG = 2**63
"""One past SQLite's largest integer: the value that overflowed into a 500."""


def operations() -> list[tuple[str, list[dict[str, Any]]]]:
    """Every GET operation as a URL with sample path values, and its declared parameters."""
    found = []
    for path, item in SPEC["paths"].items():
        if "get" in item:
            found.append((path.format(**SAMPLE_PATH), item["get"].get("parameters", [])))
    return found


def parameters(location: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(operation path template, name, schema) of every parameter at `location`."""
    return [
        (path, parameter["name"], parameter["schema"])
        for path, item in SPEC["paths"].items()
        for parameter in item.get("get", {}).get("parameters", [])
        if parameter["in"] == location
    ]


def alternatives(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The schema's own alternatives (`anyOf`) and array items: where a type is stated."""
    options = schema.get("anyOf", [schema])
    return [*options, *(option["items"] for option in options if "items" in option)]


def is_integer(schema: dict[str, Any]) -> bool:
    return any(option.get("type") == "integer" for option in alternatives(schema))


def query_names(declared: list[dict[str, Any]]) -> list[str]:
    return [p["name"] for p in declared if p["in"] == "query"]


def problem(response: Any, param: str) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["param"] == param, body
    assert body["detail"].startswith(f"{param}: "), body
    return body


URLS = [url for url, _ in operations()]
OPERATIONS = operations()


# Bounds


def test_every_integer_parameter_is_bounded_in_the_schema() -> None:
    unbounded = [
        (path, name)
        for path, name, schema in parameters("query") + parameters("path")
        for option in alternatives(schema)
        if option.get("type") == "integer" and not {"minimum", "maximum"} <= set(option)
    ]
    assert unbounded == []


INTEGER_QUERY = [(path, name) for path, name, schema in parameters("query") if is_integer(schema)]


@pytest.mark.parametrize(("path", "name"), INTEGER_QUERY)
def test_integer_past_any_bound_is_a_422_naming_it(
    client: TestClient, path: str, name: str
) -> None:
    url = path.format(**SAMPLE_PATH)
    for value in (TOO_BIG, -TOO_BIG, 0):
        problem(client.get(url, params={name: value}), name)


@pytest.mark.parametrize(
    "url",
    [
        "/v1/quotes",
        "/v1/quotes?format=csv",
        "/v1/quotes?format=ndjson",
        "/v1/quotes?facets=speaker",
        "/v1/quotes/timeline",
        "/v1/people/1/quotes",
        "/v1/places/1/quotes",
        "/v1/topics/istanbul-talks/quotes",
    ],
)
def test_huge_min_length_is_a_422_on_listings_timeline_and_export(
    client: TestClient, url: str
) -> None:
    """It was an OverflowError, a 500, binding the value to SQLite."""
    joiner = "&" if "?" in url else "?"
    problem(client.get(f"{url}{joiner}min_length=9223372036854775808"), "min_length")


# NUL characters


@pytest.mark.parametrize(("path", "name", "schema"), parameters("query"))
def test_nul_in_any_query_parameter_is_a_422_naming_it(
    client: TestClient, path: str, name: str, schema: dict[str, Any]
) -> None:
    url = path.format(**SAMPLE_PATH)
    problem(client.get(url, params={name: "Pes\x00kov"}), name)


@pytest.mark.parametrize(("path", "name", "schema"), parameters("path"))
def test_nul_in_any_path_parameter_is_a_422_naming_it(
    client: TestClient, path: str, name: str, schema: dict[str, Any]
) -> None:
    url = path.format(**{**SAMPLE_PATH, name: quote(SAMPLE_PATH[name] + "\x00")})
    problem(client.get(url), name)


def test_the_schema_states_that_strings_carry_no_nul() -> None:
    """Generated clients and Schemathesis read the rule from the schema."""
    for path, name, schema in parameters("query") + parameters("path"):
        for option in alternatives(schema):
            if option.get("type") == "string" and "enum" not in option:
                assert "pattern" in option, (path, name)


# Unknown parameters


@pytest.mark.parametrize(("url", "declared"), OPERATIONS)
def test_unknown_parameter_is_a_422_listing_the_valid_ones(
    client: TestClient, url: str, declared: list[dict[str, Any]]
) -> None:
    body = problem(client.get(url, params={"foo": "bar"}), "foo")
    for name in query_names(declared):
        assert f"`{name}`" in body["detail"], (name, body["detail"])


@pytest.mark.parametrize(("url", "declared"), OPERATIONS)
def test_every_route_documents_the_422(url: str, declared: list[dict[str, Any]]) -> None:
    """Even a route without parameters refuses unknown ones, so its schema must say so."""
    (path,) = [p for p in SPEC["paths"] if p.format(**SAMPLE_PATH) == url]
    assert "422" in SPEC["paths"][path]["get"]["responses"]


@pytest.mark.parametrize(
    ("query", "param", "hint"),
    [
        ("Speaker=Peskov", "Speaker", "speaker"),
        ("speakers=", "speakers", "speaker"),
        ("speaker=Peskov&Topic=istanbul-talks", "Topic", "topic"),
        ("limt=5", "limt", "limit"),
        ("format=csv&facet=speaker", "facet", "facets"),
    ],
)
def test_misspelt_parameter_is_a_422_suggesting_the_right_one(
    client: TestClient, query: str, param: str, hint: str
) -> None:
    body = problem(client.get(f"/v1/quotes?{query}"), param)
    assert f"did you mean `{hint}`" in body["detail"]


@pytest.mark.parametrize("url", URLS)
def test_underscore_parameters_are_ignored(client: TestClient, url: str) -> None:
    """`_=1690000` is how browsers and jQuery bust caches."""
    plain = client.get(url)
    busted = client.get(url, params={"_": "1690000", "_ts": "x"})
    assert busted.status_code == plain.status_code == 200
    assert busted.content == plain.content


@pytest.mark.parametrize("url", ["/docs", "/openapi.json", "/redoc"])
def test_documentation_pages_take_any_parameter(client: TestClient, url: str) -> None:
    assert client.get(url, params={"foo": "bar"}).status_code == 200


# Empty values


@pytest.mark.parametrize(("url", "declared"), OPERATIONS)
def test_empty_values_mean_no_filter(
    client: TestClient, url: str, declared: list[dict[str, Any]]
) -> None:
    """What an HTML form sends for fields left blank: `?speaker=&q=&limit=`."""
    plain = client.get(url)
    blank = client.get(url, params=dict.fromkeys(query_names(declared), ""))
    assert blank.status_code == plain.status_code == 200, blank.text
    assert blank.content == plain.content


def test_an_empty_value_among_repeated_ones_is_ignored(client: TestClient) -> None:
    alone = client.get("/v1/quotes", params={"speaker": "Peskov"})
    with_blank = client.get("/v1/quotes?speaker=&speaker=Peskov&speaker=")
    assert with_blank.status_code == 200
    assert with_blank.json()["items"] == alone.json()["items"] != []


@pytest.mark.parametrize("query", ["speaker=%20", "speaker=,", "kind=%20,%20", "facets=,"])
def test_a_list_of_blank_items_is_no_filter(client: TestClient, query: str) -> None:
    response = client.get(f"/v1/quotes?{query}")
    assert response.status_code == 200, response.text
    assert response.content == client.get("/v1/quotes").content


# Comma lists


def list_parameters() -> list[tuple[str, str]]:
    return [
        (path, name)
        for path, name, schema in parameters("query")
        if any(option.get("type") == "array" for option in schema.get("anyOf", [schema]))
    ]


@pytest.mark.parametrize(("path", "name"), list_parameters())
def test_every_list_parameter_documents_the_comma_rule(path: str, name: str) -> None:
    operation = SPEC["paths"][path]["get"]
    (parameter,) = [p for p in operation["parameters"] if p["name"] == name]
    assert "comma-separated" in parameter["description"].lower(), (path, name)


def speaker_ids(client: TestClient, *names: str) -> list[int]:
    return [client.get("/v1/people", params={"q": n}).json()["items"][0]["id"] for n in names]


@pytest.mark.parametrize(
    ("path", "name", "values"),
    [
        ("/v1/quotes", "speaker", ["Peskov", "Erdogan"]),
        ("/v1/quotes", "topic", ["Russia-Ukraine talks", "russia-ukraine-war"]),
        ("/v1/quotes", "place", ["Kyiv", "Moscow"]),
        ("/v1/quotes", "source", ["Reuters", "Anadolu Agency"]),
        ("/v1/quotes", "kind", ["direct", "partial"]),
        ("/v1/quotes", "article_id", ["1", "2"]),
        ("/v1/quotes/timeline", "speaker", ["Peskov", "Erdogan"]),
        ("/v1/articles", "source", ["Reuters", "Anadolu Agency"]),
        ("/v1/topics/istanbul-talks/quotes", "kind", ["indirect", "partial"]),
    ],
)
def test_a_comma_list_is_the_same_as_repeating_the_parameter(
    client: TestClient, path: str, name: str, values: list[str]
) -> None:
    repeated = client.get(path, params={name: values})
    for joined in (",".join(values), ", ".join(values), f" {values[0]} ,,{values[1]}, "):
        listed = client.get(path, params={name: joined})
        assert listed.status_code == 200, listed.text
        assert listed.json() == repeated.json()
    one = client.get(path, params={name: values[0]}).json()
    assert listed.json() != one, "the second item must widen the answer"


def test_speaker_ids_as_a_comma_list(client: TestClient) -> None:
    first, second = speaker_ids(client, "peskov", "erdo")
    both = every_item(client, "/v1/quotes", speaker_id=f"{first},{second}")
    assert {item["speaker"]["id"] for item in both} == {first, second}
    assert ids(both) == ids(every_item(client, "/v1/quotes", speaker_id=[first, second]))


def test_facets_follow_the_same_rule(client: TestClient) -> None:
    listed = client.get("/v1/quotes", params={"facets": " speaker , kind,"}).json()
    repeated = client.get("/v1/quotes", params={"facets": ["speaker", "kind"]}).json()
    assert listed["facets"] == repeated["facets"]
    assert set(listed["facets"]) == {"speaker", "kind"}


ENUMERATED = {"kind", "facets"}
"""List parameters of a few fixed words: they cannot list 100 different items."""


def distinct_items(name: str, count: int) -> str:
    """`count` different items for list parameter `name`, as one comma list."""
    return ",".join(str(n) if name.endswith("_id") else f"Name {n}" for n in range(1, count + 1))


@pytest.mark.parametrize(
    ("path", "name"), [(path, name) for path, name in list_parameters() if name not in ENUMERATED]
)
def test_a_list_of_more_than_100_items_is_a_422_naming_it(
    client: TestClient, path: str, name: str
) -> None:
    """1,000 names made SQLite refuse the query (a 503 that blamed the database)."""
    url = path.format(**SAMPLE_PATH)
    assert client.get(url, params={name: distinct_items(name, 100)}).status_code == 200
    problem(client.get(url, params={name: distinct_items(name, 101)}), name)
    problem(client.get(url, params={name: distinct_items(name, 1000).split(",")}), name)


def test_repeated_items_count_once(client: TestClient) -> None:
    many = client.get("/v1/quotes", params={"kind": ["direct,partial"] * 99, "speaker_id": 7})
    assert many.json() == client.get("/v1/quotes?kind=direct,partial&speaker_id=7").json()


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("kind=direct,bogus", "kind"),
        ("speaker_id=1,007", "speaker_id"),
        ("speaker_id=%2B7", "speaker_id"),
        ("speaker_id=1,x", "speaker_id"),
        ("facets=speaker,x", "facets"),
    ],
)
def test_a_bad_item_in_a_comma_list_is_a_422_naming_the_parameter(
    client: TestClient, query: str, param: str
) -> None:
    problem(client.get(f"/v1/quotes?{query}"), param)


@pytest.fixture(scope="module")
def outlets(tmp_path_factory: pytest.TempPathFactory, backend: str) -> Iterator[TestClient]:
    """Articles from outlets whose names hold a comma and a double quote."""
    engine = migrated_engine(tmp_path_factory, "outlets", backend)
    sources = ["Smith, Jones & Co", 'The "Daily" Post', "Reuters"]
    with Session(engine) as session:
        for n, source in enumerate(sources):
            session.add(
                Article(
                    source_key=f"outlet-{n}",
                    title=f"Article {n}",
                    published=dt.date(2025, 11, 1 + n),
                    source=source,
                    body="Text.",
                    content_hash=str(n),
                    ingested_at=dt.datetime(2025, 11, 1, tzinfo=dt.UTC),
                )
            )
        session.commit()
    with serve(engine) as client:
        yield client
    engine.dispose()


def outlets_found(client: TestClient, source: str) -> set[str]:
    return {item["source"] for item in every_item(client, "/v1/articles", source=source)}


def test_a_double_quoted_item_keeps_its_commas(outlets: TestClient) -> None:
    assert outlets_found(outlets, '"Smith, Jones & Co"') == {"Smith, Jones & Co"}
    assert outlets_found(outlets, ' "Smith, Jones & Co" ,reuters') == {
        "Smith, Jones & Co",
        "Reuters",
    }
    assert outlets_found(outlets, "Smith, Jones & Co") == set(), "two items: Smith, Jones & Co"


def test_a_double_quote_inside_a_quoted_item_is_doubled(outlets: TestClient) -> None:
    assert outlets_found(outlets, '"The ""Daily"" Post",Reuters') == {'The "Daily" Post', "Reuters"}
    assert outlets_found(outlets, 'The "Daily" Post') == {'The "Daily" Post'}, "quotes inside"
