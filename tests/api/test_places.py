"""Places: one row per real place whatever it was called, with counts and aliases."""

from collections import Counter

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from tests.api.paging import every_item, ids
from tests.conftest import serve
from tests.test_migrations import alembic_config

LAT_LON = ("latitude", "longitude")


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


def test_cities_have_their_coordinates(client: TestClient) -> None:
    (kyiv,) = every_item(client, "/v1/places", q="kyiv")
    assert (kyiv["country_code"], kyiv["kind"]) == ("UA", "city")
    assert (kyiv["latitude"], kyiv["longitude"]) == pytest.approx((50.45, 30.52), abs=0.01)


def test_a_country_is_placed_at_its_capital(client: TestClient) -> None:
    places = {place["name"]: place for place in every_item(client, "/v1/places")}
    assert places["Ukraine"]["kind"] == "country"
    for country, capital in (("Ukraine", "Kyiv"), ("Turkey", "Ankara"), ("Russia", "Moscow")):
        where = [places[name][axis] for name in (country, capital) for axis in LAT_LON]
        assert where[:2] == where[2:], country


def test_country_filter_is_the_iso_code_any_case(client: TestClient) -> None:
    ukrainian = every_item(client, "/v1/places", country="ua")
    assert {place["name"] for place in ukrainian} == {"Ukraine", "Kyiv"}
    assert ids(ukrainian) == ids(every_item(client, "/v1/places", country="UA"))
    assert [p["name"] for p in every_item(client, "/v1/places", country="TR", kind="city")] == [
        "Ankara",
        "Istanbul",
    ]
    assert every_item(client, "/v1/places", country="NZ") == []


@pytest.mark.parametrize("code", ["UKR", "U", "u1"])
def test_country_filter_rejects_what_is_not_a_code(client: TestClient, code: str) -> None:
    response = client.get("/v1/places", params={"country": code})
    assert response.status_code == 422
    assert response.json()["param"] == "country"


def test_a_places_quotes_are_the_quotes_mentioning_it(client: TestClient) -> None:
    for place in every_item(client, "/v1/places"):
        own = every_item(client, f"/v1/places/{place['id']}/quotes", limit=1)
        assert own == every_item(client, "/v1/quotes", place=place["name"])
        assert len(own) == place["quote_count"]
        assert all(place["id"] in ids(quote["places"]) for quote in own)


def test_a_places_quotes_take_the_quote_filters(client: TestClient) -> None:
    (moscow,) = every_item(client, "/v1/places", q="moscow", kind="city")
    path = f"/v1/places/{moscow['id']}/quotes"
    for params in ({"speaker": "Peskov"}, {"kind": "indirect"}, {"q": "Istanbul"}):
        assert every_item(client, path, **params) == every_item(
            client, "/v1/quotes", place="Moscow", **params
        )
    both = set(ids(every_item(client, "/v1/quotes", place="Moscow"))) & set(
        ids(every_item(client, "/v1/quotes", place="Ankara"))
    )
    assert set(ids(every_item(client, path, place="Ankara"))) == both


def test_quotes_of_an_unknown_place_are_a_404_problem(client: TestClient) -> None:
    response = client.get("/v1/places/999999/quotes")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_places_stored_before_coordinates_get_them(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Migration 0003 fills coordinates, and missing country codes, from the gazetteer."""
    url = f"sqlite:///{tmp_path_factory.mktemp('coordinates') / 'verbatim.db'}"
    command.upgrade(alembic_config(url), "0001")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO places (name, key, kind, country_code) VALUES "
                "('Kyiv', 'kyiv', 'city', NULL), ('Turkey', 'turkey', 'country', 'TR'), "
                "('Lower Brzeznica', 'lower brzeznica', 'place', NULL)"
            )
        )
    engine.dispose()
    command.upgrade(alembic_config(url), "head")
    engine = create_engine(url)
    with serve(engine) as client:
        places = {place["name"]: place for place in every_item(client, "/v1/places")}
    engine.dispose()
    assert places["Kyiv"]["country_code"] == "UA"
    assert places["Kyiv"]["latitude"] == pytest.approx(50.45, abs=0.01)
    assert places["Turkey"]["latitude"] == pytest.approx(39.92, abs=0.01)
    assert [places["Lower Brzeznica"][key] for key in ("country_code", *LAT_LON)] == [None] * 3
