"""store (through ingest_paths): new, unchanged and updated articles, shared entities, FTS.

Every test ingests small invented articles into its own migrated SQLite file.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from app.db import make_engine, upgrade_database
from app.ingest.pipeline import ingest_paths

LEVY = """Gdansk harbour levy to double, minister says

Wednesday, 12 Nov 2025

GDANSK (Baltic Wire) - Maria Kowalska, the maritime minister, said on Monday that the \
harbour levy would double next year.

"Our ports must pay for their own repairs," she said.

Tomasz Wojcik, who runs the shipyard, said the levy would drive ships to Rostock.
"""

LEVY_REVISED = """Gdansk harbour levy to rise, minister says

Wednesday, 12 Nov 2025

GDANSK (Baltic Wire) - Maria Kowalska, the maritime minister, said on Monday that the \
harbour levy would rise by a third next year.

"The quays are crumbling and someone has to fix them," she said.
"""

AIR_DEFENCE = """Kyiv seeks more air defence, president says

Wednesday, 12 Nov 2025

KYIV (Baltic Wire) - President Volodymyr Zelenskiy said on Tuesday that Ukraine needed \
more air defence systems before winter.
"""

THANKS = """Zelenskyy thanks allies in Warsaw

Thursday, 13 Nov 2025

WARSAW (Baltic Wire) - Volodymyr Zelenskyy thanked Poland on Thursday for its support.

"Poland has stood with us from the first day," he said.
"""

BUDGET = """Two Kowalskas clash over budget

Friday, 14 Nov 2025

WARSAW (Baltic Wire) - Maria Kowalska said the budget would be balanced next year.

Anna Kowalska, an opposition deputy, said the deficit would grow sharply instead.
"""

UNDATED = """Harbour levy note

Maria Kowalska said the harbour levy would double next year.
"""


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'verbatim.db'}"
    upgrade_database(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def write(folder: Path, name: str, content: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


def rows(engine: Engine, sql: str, **params: object) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql), params)]


def table_counts(engine: Engine) -> dict[str, int]:
    tables = ("articles", "quotes", "people", "places", "topics")
    return {t: rows(engine, f"SELECT count(*) FROM {t}")[0][0] for t in tables}


def fts(engine: Engine, word: str) -> list[int]:
    sql = "SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :word"
    return [rowid for (rowid,) in rows(engine, sql, word=word)]


def test_new_article_is_stored_with_its_quotes(tmp_path: Path, engine: Engine) -> None:
    path = write(tmp_path / "in", "levy.txt", LEVY)
    report = ingest_paths([path], engine)
    assert (report.documents, report.new, report.updated, report.unchanged) == (1, 1, 0, 0)
    assert report.failures == []
    assert report.totals == table_counts(engine)
    [(title, published, source, dateline)] = rows(
        engine, "SELECT title, published, source, dateline FROM articles"
    )
    assert (title, published, source, dateline) == (
        "Gdansk harbour levy to double, minister says",
        "2025-11-12",
        "Baltic Wire",
        "GDANSK",
    )
    quotes = rows(
        engine,
        "SELECT q.text, q.kind, p.name, q.date FROM quotes q "
        "LEFT JOIN people p ON p.id = q.speaker_id ORDER BY q.start",
    )
    assert quotes == [
        ("the harbour levy would double next year", "indirect", "Maria Kowalska", "2025-11-10"),
        ("Our ports must pay for their own repairs", "direct", "Maria Kowalska", "2025-11-12"),
        ("the levy would drive ships to Rostock", "indirect", "Tomasz Wojcik", "2025-11-12"),
    ]


def test_quote_offsets_point_into_the_stored_body(tmp_path: Path, engine: Engine) -> None:
    ingest_paths([write(tmp_path / "in", "levy.txt", LEVY)], engine)
    [(body,)] = rows(engine, "SELECT body FROM articles")
    for quote, start, end in rows(engine, 'SELECT text, start, "end" FROM quotes'):
        assert body[start:end] == quote


def test_reingest_of_the_same_file_is_unchanged(tmp_path: Path, engine: Engine) -> None:
    path = write(tmp_path / "in", "levy.txt", LEVY)
    first = ingest_paths([path], engine)
    ids = rows(engine, "SELECT id FROM quotes ORDER BY id")
    second = ingest_paths([path], engine)
    assert (second.documents, second.new, second.updated, second.unchanged) == (1, 0, 0, 1)
    assert second.words == 0, "unchanged articles skip the NLP"
    assert second.totals == first.totals == table_counts(engine)
    assert rows(engine, "SELECT id FROM quotes ORDER BY id") == ids


def test_modified_file_updates_the_article_in_place(tmp_path: Path, engine: Engine) -> None:
    path = write(tmp_path / "in", "levy.txt", LEVY)
    ingest_paths([path], engine)
    [(article_id,)] = rows(engine, "SELECT id FROM articles")
    path.write_text(LEVY_REVISED, encoding="utf-8")
    report = ingest_paths([path], engine)
    assert (report.new, report.updated, report.unchanged) == (0, 1, 0)
    assert rows(engine, "SELECT id, title FROM articles") == [
        (article_id, "Gdansk harbour levy to rise, minister says")
    ]
    texts = [t for (t,) in rows(engine, "SELECT text FROM quotes ORDER BY start")]
    assert texts == [
        "the harbour levy would rise by a third next year",
        "The quays are crumbling and someone has to fix them",
    ]
    assert report.totals == table_counts(engine)
    assert fts(engine, "repairs") == [], "the old quotes are gone from the index too"
    assert len(fts(engine, "crumbling")) == 1
    assert rows(engine, "SELECT count(*) FROM quotes_fts") == [(2,)]


def test_update_leaves_the_same_rows_as_a_fresh_ingest(tmp_path: Path, engine: Engine) -> None:
    path = write(tmp_path / "in", "levy.txt", LEVY)
    ingest_paths([path], engine)
    path.write_text(LEVY_REVISED, encoding="utf-8")
    updated = ingest_paths([path], engine)
    fresh_url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade_database(fresh_url)
    fresh_engine = make_engine(fresh_url)
    try:
        fresh = ingest_paths([write(tmp_path / "fresh", "levy.txt", LEVY_REVISED)], fresh_engine)
    finally:
        fresh_engine.dispose()
    assert updated.totals == fresh.totals


def test_spelling_variants_of_a_name_are_one_person(tmp_path: Path, engine: Engine) -> None:
    folder = tmp_path / "in"
    write(folder, "a.txt", AIR_DEFENCE)
    write(folder, "b.txt", THANKS)
    ingest_paths([folder], engine)
    [(person_id, name)] = rows(engine, "SELECT id, name FROM people")
    assert name in {"Volodymyr Zelenskiy", "Volodymyr Zelenskyy"}
    aliases = {a for (a,) in rows(engine, "SELECT alias FROM person_aliases")}
    assert {"Volodymyr Zelenskiy", "Volodymyr Zelenskyy"} <= aliases
    speakers = rows(engine, "SELECT DISTINCT speaker_id FROM quotes")
    assert speakers == [(person_id,)]
    assert rows(engine, "SELECT count(*) FROM quotes") == [(2,)]


def test_shared_surname_with_different_first_names_is_two_people(
    tmp_path: Path, engine: Engine
) -> None:
    ingest_paths([write(tmp_path / "in", "budget.txt", BUDGET)], engine)
    people = rows(engine, "SELECT name, surname_key FROM people ORDER BY name")
    assert people == [("Anna Kowalska", "kowalska"), ("Maria Kowalska", "kowalska")]
    speakers = rows(
        engine, "SELECT p.name FROM quotes q JOIN people p ON p.id = q.speaker_id ORDER BY q.start"
    )
    assert speakers == [("Maria Kowalska",), ("Anna Kowalska",)]


def test_same_name_in_two_articles_is_one_person(tmp_path: Path, engine: Engine) -> None:
    folder = tmp_path / "in"
    write(folder, "a.txt", LEVY)
    write(folder, "b.txt", BUDGET)
    ingest_paths([folder], engine)
    names = [n for (n,) in rows(engine, "SELECT name FROM people ORDER BY name")]
    assert names == ["Anna Kowalska", "Maria Kowalska", "Tomasz Wojcik"]
    assert rows(
        engine,
        "SELECT count(*) FROM article_people ap JOIN people p ON p.id = ap.person_id "
        "WHERE p.name = 'Maria Kowalska'",
    ) == [(2,)]


def test_a_failing_file_does_not_stop_the_others(tmp_path: Path, engine: Engine) -> None:
    folder = tmp_path / "in"
    write(folder, "a.txt", LEVY)
    write(folder, "b.txt", "  \n")
    write(folder, "c.jsonl", '{"text": "Maria Kowalska said so.", "published": "soonish"}\n')
    write(folder, "d.txt", BUDGET)
    report = ingest_paths([folder], engine)
    assert [(Path(f.path).name, f.reason) for f in report.failures] == [
        ("b.txt", "empty file"),
        ("c.jsonl:1", "unparseable date 'soonish'"),
    ]
    assert (report.documents, report.new) == (2, 2)
    assert rows(engine, "SELECT count(*) FROM articles") == [(2,)]


def test_failures_are_reported_as_they_happen(tmp_path: Path, engine: Engine) -> None:
    seen: list[str] = []
    missing = tmp_path / "missing.txt"
    ingest_paths([missing], engine, on_failure=lambda f: seen.append(f.reason))
    assert seen == ["file not found"]


def test_article_without_a_date_is_stored_undated(tmp_path: Path, engine: Engine) -> None:
    folder = tmp_path / "in"
    write(folder, "a.txt", LEVY)
    write(folder, "b.txt", UNDATED)
    report = ingest_paths([folder], engine)
    assert (report.new, report.undated) == (2, 1)
    assert rows(engine, "SELECT title, published FROM articles ORDER BY title") == [
        ("Gdansk harbour levy to double, minister says", "2025-11-12"),
        ("Harbour levy note", None),
    ]
    assert rows(
        engine,
        "SELECT q.date FROM quotes q JOIN articles a ON a.id = q.article_id "
        "WHERE a.title = 'Harbour levy note'",
    ) == [(None,)]


def test_full_text_index_finds_stored_quotes(tmp_path: Path, engine: Engine) -> None:
    ingest_paths([write(tmp_path / "in", "levy.txt", LEVY)], engine)
    [(quote_id,)] = rows(engine, "SELECT id FROM quotes WHERE text LIKE '%repairs%'")
    assert fts(engine, "repairs") == [quote_id]
    assert fts(engine, "crumbling") == []
