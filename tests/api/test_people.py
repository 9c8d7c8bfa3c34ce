"""People and organisations as speakers: search by name, counts, detail."""

from fastapi.testclient import TestClient

from tests.api.paging import every_item, ids


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
