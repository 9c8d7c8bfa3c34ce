"""People and organisations as speakers: search by name, counts, detail."""

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from tests.api.paging import every_item, ids
from tests.conftest import serve
from tests.test_migrations import alembic_config


def test_name_variants_are_one_person(client: TestClient) -> None:
    found = every_item(client, "/v1/people", q="zelensk")
    assert len(found) == 1
    assert ids(found) == ids(every_item(client, "/v1/people", q="ZELENSK"))


def test_search_ignores_accents(client: TestClient) -> None:
    erdogan = every_item(client, "/v1/people", q="erdoğan")
    assert len(erdogan) == 1
    assert ids(erdogan) == ids(every_item(client, "/v1/people", q="erdogan"))


def test_most_quoted_first_then_by_name(client: TestClient) -> None:
    people = every_item(client, "/v1/people")
    assert [(-p["quote_count"], p["name"]) for p in people] == sorted(
        (-p["quote_count"], p["name"]) for p in people
    )


def test_quote_count_matches_the_quotes(client: TestClient) -> None:
    for person in every_item(client, "/v1/people"):
        quotes = every_item(client, "/v1/quotes", speaker_id=person["id"])
        assert person["quote_count"] == len(quotes), person


def test_detail(client: TestClient) -> None:
    (peskov,) = every_item(client, "/v1/people", q="peskov")
    detail = client.get(f"/v1/people/{peskov['id']}").json()
    assert detail.items() >= peskov.items()
    assert detail["name"] not in detail["aliases"]
    quotes = every_item(client, "/v1/quotes", speaker_id=peskov["id"])
    dates = sorted(quote["date"] for quote in quotes if quote["date"] is not None)
    assert (detail["first_quoted"], detail["last_quoted"]) == (dates[0], dates[-1])


def test_combined_filters_intersect(client: TestClient) -> None:
    combined = every_item(client, "/v1/people", q="peskov", kind="person")
    assert [p["name"] for p in combined] == ["Dmitry Peskov"]
    by_name = set(ids(every_item(client, "/v1/people", q="peskov")))
    by_kind = set(ids(every_item(client, "/v1/people", kind="person")))
    assert set(ids(combined)) == by_name & by_kind
    assert every_item(client, "/v1/people", q="peskov", kind="organization") == []


@pytest.mark.parametrize(
    ("prefix", "name"),
    [
        ("pes", "Dmitry Peskov"),
        ("dmitry pes", "Dmitry Peskov"),
        ("erdo", "Recep Tayyip Erdogan"),
        ("ERDOĞ", "Recep Tayyip Erdogan"),
        ("tayyip", "Recep Tayyip Erdogan"),
        ("zelenskyy", "Volodymyr Zelenskiy"),
    ],
    ids=["surname", "name", "lower", "accent", "middle-name", "alias"],
)
def test_q_is_the_start_of_a_word_of_the_name_or_an_alias(
    client: TestClient, prefix: str, name: str
) -> None:
    assert [p["name"] for p in every_item(client, "/v1/people", q=prefix)] == [name]


@pytest.mark.parametrize("inside", ["eskov", "yyip", "mitry"])
def test_q_is_a_prefix_not_a_substring(client: TestClient, inside: str) -> None:
    assert every_item(client, "/v1/people", q=inside) == []


def test_q_without_letters_finds_nobody(client: TestClient) -> None:
    assert every_item(client, "/v1/people", q="--") == []


def test_role_is_a_substring_any_case(client: TestClient) -> None:
    presidents = every_item(client, "/v1/people", role="PRESIDENT")
    assert {p["name"] for p in presidents} >= {"Recep Tayyip Erdogan", "Vladimir Putin"}
    everyone = every_item(client, "/v1/people")
    assert ids(presidents) == [
        p["id"] for p in everyone if "president" in (p["role"] or "").lower()
    ]
    assert [p["name"] for p in every_item(client, "/v1/people", role="spokes", q="d")] == [
        "Dmitry Peskov"
    ]


def test_a_persons_quotes_are_the_quotes_of_that_speaker(client: TestClient) -> None:
    for person in every_item(client, "/v1/people"):
        own = every_item(client, f"/v1/people/{person['id']}/quotes", limit=1)
        assert own == every_item(client, "/v1/quotes", speaker_id=person["id"])
        assert len(own) == person["quote_count"]


def test_a_persons_quotes_take_the_quote_filters(client: TestClient) -> None:
    (erdogan,) = every_item(client, "/v1/people", q="erdogan")
    path = f"/v1/people/{erdogan['id']}/quotes"
    for params in ({"kind": "direct"}, {"q": "talks"}, {"topic": "russia-ukraine-talks"}):
        found = every_item(client, path, **params)
        assert found == every_item(client, "/v1/quotes", speaker_id=erdogan["id"], **params)
        assert all(quote["speaker"]["id"] == erdogan["id"] for quote in found)
    assert every_item(client, path, speaker="Peskov") == []


def test_quotes_of_an_unknown_person_are_a_404_problem(client: TestClient) -> None:
    response = client.get("/v1/people/999999/quotes")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert client.get("/v1/people/1/quotes", params={"kind": "sung"}).status_code == 422


def test_names_of_people_stored_before_the_tokens_are_found(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Migration 0003 writes the word tokens of people that were stored before it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('tokens') / 'verbatim.db'}"
    command.upgrade(alembic_config(url), "0001")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO people (id, name, key, surname_key, kind) "
                "VALUES (1, 'Ewa Nowak-Lis', 'ewa nowak lis', 'lis', 'person')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO person_aliases (person_id, alias, key) "
                "VALUES (1, 'Ewa Nowak-Lis', 'ewa nowak lis'), (1, 'Pani Ewa', 'pani ewa')"
            )
        )
    engine.dispose()
    command.upgrade(alembic_config(url), "head")
    engine = create_engine(url)
    with serve(engine) as client:
        for prefix in ("ewa", "nowak-l", "lis", "pani"):
            assert [p["name"] for p in every_item(client, "/v1/people", q=prefix)] == [
                "Ewa Nowak-Lis"
            ], prefix
        assert every_item(client, "/v1/people", q="owak") == []
    engine.dispose()
