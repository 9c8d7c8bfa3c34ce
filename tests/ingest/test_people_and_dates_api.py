"""Names and statement dates as an API user sees them, after the real ingest of two articles.

Two articles spell one spokesman two ways (Dmitri and Dmitry Sokolov) and name different people
a letter or two apart (David Miller and David Mills in two articles, John Harris and John
Morris in one); their statements name days the
statements are about, and days they were made.
"""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.ingest.pipeline import ingest_paths
from tests.api.paging import every_item
from tests.conftest import migrated_engine, serve

FIRST = """Harbour bridge to reopen after repairs, spokesman says

Wednesday, 12 Nov 2025

RIVERTON (Coastal Wire) - The harbour bridge will reopen to traffic before the winter, city \
spokesman Dmitri Sokolov said on Monday.

"We will meet the contractors again on Friday," Sokolov told reporters.

David Miller, a city councillor, said last week that the repairs had cost twice the estimate.
"""

SECOND = """Councillors split over the cost of the bridge repairs

Thursday, 13 Nov 2025

RIVERTON (Coastal Wire) - City spokesman Dmitry Sokolov said on Thursday that the contractors \
had agreed to finish the work by December.

David Mills, a city councillor, said the council would vote on the budget next Monday.

John Harris, who runs the ferry company, said the ferries would keep running.

John Morris, the harbour master, said the port had not been consulted.
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("articles")
    (folder / "first.txt").write_text(FIRST, encoding="utf-8")
    (folder / "second.txt").write_text(SECOND, encoding="utf-8")
    engine = migrated_engine(tmp_path_factory, "names")
    assert ingest_paths([folder], engine).failures == []
    with serve(engine) as client:
        yield client
    engine.dispose()


def quote(client: TestClient, words: str) -> dict:
    found = [q for q in every_item(client, "/v1/quotes", q=words) if words in q["text"]]
    assert len(found) == 1, found
    return found[0]


def test_two_spellings_of_one_name_are_one_person(client: TestClient) -> None:
    found = every_item(client, "/v1/people", q="sokolov")
    assert [p["name"] for p in found] in (["Dmitri Sokolov"], ["Dmitry Sokolov"])
    assert found[0]["quote_count"] == 3


@pytest.mark.parametrize(("a", "b"), [("Miller", "Mills"), ("Harris", "Morris")])
def test_names_a_letter_or_two_apart_are_two_people(client: TestClient, a: str, b: str) -> None:
    people_a = every_item(client, "/v1/people", q=a)
    people_b = every_item(client, "/v1/people", q=b)
    assert [p["name"].split()[-1] for p in people_a] == [a]
    assert [p["name"].split()[-1] for p in people_b] == [b]
    assert people_a[0]["id"] != people_b[0]["id"]


@pytest.mark.parametrize(
    ("words", "date"),
    [
        ("We will meet the contractors again on Friday", "2025-11-12"),
        ("The harbour bridge will reopen to traffic before the winter", "2025-11-10"),
        ("the contractors had agreed to finish the work by December", "2025-11-13"),
        ("the council would vote on the budget next Monday", "2025-11-13"),
        ("the repairs had cost twice the estimate", None),
    ],
    ids=[
        "future-friday-in-the-quote",
        "said-on-monday",
        "said-on-thursday",
        "next-monday",
        "last-week",
    ],
)
def test_statement_dates(client: TestClient, words: str, date: str | None) -> None:
    assert quote(client, words)["date"] == date
