"""Wire copies through HTTP: one agency statement carried by several outlets is one item with
its appearances; `appearances=all` lists every copy; re-ingest and deletion keep the group.

Each test ingests small invented articles with the real pipeline into its own database: one
statement by Maria Kowalska carried by three outlets with small edits (curly quotes, `US` for
`U.S.`, a dash, a comma and a full stop), the same words again three weeks later (a separate
statement), and other quotes.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlmodel import Session

from app.config import get_settings
from app.ingest.pipeline import ingest_paths
from app.ingest.store import delete_article
from app.search import people as people_search
from app.search import places as places_search
from app.search import topics as topics_search
from tests.conftest import migrated_engine, serve
from tests.wire_stories import AGENCY, ARTICLES

STATEMENT = {"q": "carriers", "date_to": "2025-11-30"}
"""The statement's three copies; the words said again in December are left out."""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, body in ARTICLES.items():
        (folder / name).write_text(body, encoding="utf-8")
    return folder


@pytest.fixture
def engine(
    tmp_path_factory: pytest.TempPathFactory, corpus: Path, backend: str
) -> Iterator[Engine]:
    engine = migrated_engine(tmp_path_factory, "wire", backend)
    ingest_paths([corpus], engine)
    yield engine
    engine.dispose()


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    with serve(engine) as client:
        yield client


def quotes(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/v1/quotes", params={"limit": 100, **params})
    assert response.status_code == 200, response.text
    return response.json()["items"]


def sources(item: dict[str, Any]) -> list[str]:
    return [appearance["article"]["source"] for appearance in item["appearances"]]


def article_id(client: TestClient, source: str, day: str) -> int:
    [article] = [
        a
        for a in client.get("/v1/articles", params={"limit": 100}).json()["items"]
        if a["source"] == source and a["published"] == day
    ]
    return article["id"]


def test_copies_are_one_item_with_every_appearance(client: TestClient) -> None:
    [item] = quotes(client, **STATEMENT)
    assert item["article"]["source"] == "Baltic Wire"
    assert item["appearance_count"] == 3
    assert sources(item) == ["Baltic Wire", "Harbour Daily", "Coastal Post"]
    assert [a["date"] for a in item["appearances"]] == ["2025-11-12", "2025-11-13", "2025-11-14"]
    assert item["appearances"][0]["quote_id"] == item["id"]


def test_the_same_words_weeks_later_are_another_statement(client: TestClient) -> None:
    items = quotes(client, q="carriers")
    assert [i["appearance_count"] for i in items] == [1, 3]
    assert items[0]["date"] == "2025-12-04"


def test_appearances_all_lists_each_copy(client: TestClient) -> None:
    items = quotes(client, **STATEMENT, appearances="all")
    assert sorted(i["article"]["source"] for i in items) == [
        "Baltic Wire",
        "Coastal Post",
        "Harbour Daily",
    ]
    assert {i["appearance_count"] for i in items} == {3}
    assert {a["quote_id"] for a in items[0]["appearances"]} == {i["id"] for i in items}
    for item in items:
        alone = client.get(f"/v1/quotes/{item['id']}").json()
        assert alone == {**item, "highlight": None}


def test_other_quotes_are_not_grouped(client: TestClient) -> None:
    collapsed = quotes(client)
    assert len(quotes(client, appearances="all")) == len(collapsed) + 2
    assert [i["appearance_count"] for i in collapsed].count(1) == len(collapsed) - 1


def test_a_filter_met_only_by_a_later_copy_finds_the_statement(client: TestClient) -> None:
    """Harbour Daily carried a copy, not the first one: the statement is still found, and
    listed as its first copy."""
    [item] = quotes(client, source="Harbour Daily", q="carriers")
    assert item["article"]["source"] == "Baltic Wire"
    assert item["appearance_count"] == 3
    [copy] = quotes(client, source="Harbour Daily", q="carriers", appearances="all")
    assert copy["article"]["source"] == "Harbour Daily"


def test_an_article_lists_its_own_copy(client: TestClient) -> None:
    copy_article = article_id(client, "Harbour Daily", "2025-11-13")
    items = quotes(client, article_id=copy_article, q="carriers")
    assert [i["article"]["id"] for i in items] == [copy_article]
    assert items[0]["appearance_count"] == 3


def links_out_of_step(engine: Engine) -> int:
    """Topic and place links whose copy of their quote's date or first-copy flag is stale."""
    with engine.connect() as connection:
        return sum(
            connection.execute(
                text(
                    f"SELECT count(*) FROM {links} l JOIN quotes q ON q.id = l.quote_id "
                    "WHERE l.date IS DISTINCT FROM q.date "
                    "OR l.first_copy != (q.duplicate_of IS NULL)"
                    + (
                        " OR l.speaker_id IS DISTINCT FROM q.speaker_id"
                        if links == "quote_topics"
                        else ""
                    )
                )
            ).scalar_one()
            for links in ("quote_topics", "quote_places")
        )


def days_out_of_step(engine: Engine) -> int:
    """Days whose kept count of first copies differs from a count of the quotes."""
    counted = (
        "SELECT date, count(*) FROM quotes WHERE date IS NOT NULL AND duplicate_of IS NULL "
        "GROUP BY date"
    )
    kept = "SELECT date, quotes FROM quote_dates WHERE quotes != 0"
    with engine.connect() as connection:
        return connection.execute(
            text(
                f"SELECT (SELECT count(*) FROM ({counted} EXCEPT {kept}) AS missing) "
                f"+ (SELECT count(*) FROM ({kept} EXCEPT {counted}) AS extra)"
            )
        ).scalar_one()


def counts_agree(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> bool:
    """People, places and topics listings show the same counts kept by triggers as counted
    at query time (as on databases without the triggers), and a person's count is the total
    of their quotes."""
    listings = []
    for stored in (True, False):
        for module in (people_search, places_search, topics_search):
            monkeypatch.setattr(module, "stored_counts", lambda _session, kept=stored: kept)
        listings.append(
            [
                client.get(f"/v1/{kind}", params={"limit": 100}).json()["items"]
                for kind in ("people", "places", "topics")
            ]
        )
    monkeypatch.undo()
    for person in listings[0][0]:
        total = client.get("/v1/quotes", params={"speaker_id": person["id"]}).json()["total"]
        assert person["quote_count"] == total, person
    return listings[0] == listings[1]


def tag_listings_agree(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Each place's and topic's quotes are the same read from its walk index (which repeats
    the first-copy flag) as tested on the quotes themselves."""
    paths = [
        f"/v1/places/{place['id']}/quotes"
        for place in client.get("/v1/places", params={"limit": 100}).json()["items"]
    ] + [
        f"/v1/topics/{topic['slug']}/quotes"
        for topic in client.get("/v1/topics", params={"limit": 100}).json()["items"]
    ]
    assert paths
    listings = []
    for walks in (True, False):
        monkeypatch.setenv("VERBATIM_PLAN_TAG_WALKS", str(walks))
        get_settings.cache_clear()
        listings.append([client.get(path, params={"limit": 100}).json() for path in paths])
    monkeypatch.undo()
    get_settings.cache_clear()
    return listings[0] == listings[1]


def test_tag_links_follow_the_first_copy(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert links_out_of_step(engine) == days_out_of_step(engine) == 0
    assert tag_listings_agree(client, monkeypatch)
    assert counts_agree(client, monkeypatch)


def test_re_ingest_of_unchanged_articles_changes_nothing(
    client: TestClient, engine: Engine, corpus: Path
) -> None:
    before = quotes(client)
    report = ingest_paths([corpus], engine)
    assert report.unchanged == len(ARTICLES)
    assert quotes(client) == before


def test_changed_first_copy_keeps_its_id_and_its_group(
    client: TestClient, engine: Engine, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The article changed around the statement: the statement keeps its id (saved links
    work) and stays the group's first copy."""
    [before] = quotes(client, **STATEMENT)
    first = corpus / "01_agency.txt"
    first.write_text(AGENCY.replace("to double", "will double"), encoding="utf-8")
    assert ingest_paths([corpus], engine).updated == 1
    [after] = quotes(client, **STATEMENT)
    assert after["id"] == before["id"]
    assert after["article"]["title"] == "Gdansk harbour levy will double, minister says"
    assert after["appearances"][1:] == before["appearances"][1:]
    assert len(quotes(client, **STATEMENT, appearances="all")) == 3
    assert links_out_of_step(engine) == days_out_of_step(engine) == 0
    assert tag_listings_agree(client, monkeypatch)
    assert counts_agree(client, monkeypatch)


def test_deleted_first_copy_leaves_the_others_grouped(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Session(engine) as session:
        delete_article(session, article_id(client, "Baltic Wire", "2025-11-12"))
    [item] = quotes(client, **STATEMENT)
    assert item["article"]["source"] == "Harbour Daily"
    assert sources(item) == ["Harbour Daily", "Coastal Post"]
    assert links_out_of_step(engine) == days_out_of_step(engine) == 0
    assert tag_listings_agree(client, monkeypatch)
    assert counts_agree(client, monkeypatch)


def test_a_copy_deleted_behind_the_store_s_back_is_not_lost(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the hand-over, the foreign key's ON DELETE SET NULL makes each remaining copy
    a statement of its own: split, but every copy still listed."""
    first = article_id(client, "Baltic Wire", "2025-11-12")
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM articles WHERE id = :id"), {"id": first})
    items = quotes(client, **STATEMENT)
    assert sorted(sources(i)[0] for i in items) == ["Coastal Post", "Harbour Daily"]
    assert links_out_of_step(engine) == 0, "the SQLite trigger follows the foreign key"
    assert days_out_of_step(engine) == 0
    assert tag_listings_agree(client, monkeypatch)
    assert counts_agree(client, monkeypatch)


def test_an_unknown_appearances_value_is_a_422_naming_it(client: TestClient) -> None:
    response = client.get("/v1/quotes", params={"appearances": "some"})
    assert response.status_code == 422
    assert response.json()["param"] == "appearances"
