"""store (through ingest_paths): new, unchanged and updated articles, shared entities, FTS,
and the session cache (one run stores what a run per article stores).

Every test ingests small invented articles into its own migrated SQLite file.
"""

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, text
from sqlmodel import Session

from app.db import make_engine, upgrade_database
from app.ingest import entities, store
from app.ingest.document import CleanArticle, EntityRef, ParsedArticle
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


# The store's session cache: one run must store what a run per article stores

SURNAME_ONLY = """Levy row deepens in Gdansk

Tuesday, 11 Nov 2025

GDANSK (Baltic Wire) - Minister Kowalska said on Tuesday that the harbour levy was needed.

"The port cannot wait," she said.
"""

SHIPYARD = """Shipyard chief warns on levy

Saturday, 15 Nov 2025

ROSTOCK (Baltic Wire) - Tomasz Wojcik, who runs the Gdansk shipyard, said on Saturday that \
ships were already moving to Rostock.
"""

SURNAME_AFTER_TWO = """Levy stays, minister says

Saturday, 15 Nov 2025

WARSAW (Baltic Wire) - Ms. Kowalska said on Saturday that the levy would not be withdrawn.
"""

MEDIATION = """China offers to mediate in Baltic dispute

Monday, 17 Nov 2025

BEIJING (Baltic Wire) - Chinese Foreign Minister Wang Yi said on Monday that China was ready \
to host talks on the harbour levy.
"""

MEDIATION_AGAIN = """Beijing repeats offer of talks

Tuesday, 18 Nov 2025

BEIJING (Baltic Wire) - Wang Yi said on Tuesday that the offer of talks in Beijing still stood.

"We are patient," Wang said.
"""

REPO = Path(__file__).resolve().parent.parent.parent
HANDWRITTEN = sorted((REPO / "tests" / "ingest" / "articles").glob("*.txt"))
SEED_FILES = sorted((REPO / "seeds").glob("*.txt"))
LEVY_URL = "https://example.test/levy"


def cache_corpus(folder: Path) -> list[Path]:
    """Articles sharing people, places and topics, in an order that takes each path of the
    lookups: a surname first seen alone, then with a first name (one person, renamed); an
    update in the middle (two records of one URL) that leaves a person and a place orphaned,
    then an article naming them again; a surname two people share; a surname too short to
    match on, seen twice."""
    write(folder, "a_kowalska.txt", SURNAME_ONLY)
    write(folder, "b_levy.jsonl", json.dumps({"url": LEVY_URL, "text": LEVY}) + "\n")
    write(folder, "c_air.txt", AIR_DEFENCE)
    write(folder, "d_levy.jsonl", json.dumps({"url": LEVY_URL, "text": LEVY_REVISED}) + "\n")
    write(folder, "e_shipyard.txt", SHIPYARD)
    write(folder, "f_thanks.txt", THANKS)
    write(folder, "g_budget.txt", BUDGET)
    write(folder, "h_kowalska.txt", SURNAME_AFTER_TWO)
    write(folder, "i_undated.txt", UNDATED)
    write(folder, "j_mediation.txt", MEDIATION)
    write(folder, "k_mediation.txt", MEDIATION_AGAIN)
    for i, source in enumerate([*HANDWRITTEN, *SEED_FILES]):
        write(folder, f"x{i:02d}_{source.name}", source.read_text(encoding="utf-8"))
    return sorted(folder.iterdir())


DUMPED_TABLES = {
    "articles": "id, source_key, title, published, source, dateline, dateline_place_id, body",
    "people": "id, name, key, surname_key, kind, role",
    "person_aliases": "id, person_id, alias, key",
    "places": "id, name, key, kind, country_code",
    "place_aliases": "id, place_id, alias, key",
    "topics": "id, slug, name, key",
    "quotes": "id, article_id, text, kind, speaker_id, speaker_mention, reported_by, cue, start, "
    '"end", date, context',
    "quote_topics": "quote_id, topic_id",
    "quote_places": "quote_id, place_id",
    "article_people": "article_id, person_id, mentions",
    "article_places": "article_id, place_id, mentions",
    "article_topics": "article_id, topic_id",
    "quotes_fts": "rowid, text",
}


def dump(engine: Engine, folder: Path) -> dict[str, list[tuple]]:
    """Every stored row (paths made relative to `folder`), ordered."""
    tables = {
        t: rows(engine, f"SELECT {c} FROM {t} ORDER BY 1, 2") for t, c in DUMPED_TABLES.items()
    }
    tables["articles"] = [
        (row[0], row[1].replace(str(folder), "IN"), *row[2:]) for row in tables["articles"]
    ]
    return tables


def fresh_engine(tmp_path: Path, name: str) -> Engine:
    url = f"sqlite:///{tmp_path / name}"
    upgrade_database(url)
    return make_engine(url)


@pytest.fixture(scope="module")
def one_run_per_article(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    """The corpus stored one article per run, so every lookup starts from the database."""
    tmp_path = tmp_path_factory.mktemp("per_article")
    folder = tmp_path / "in"
    engine = fresh_engine(tmp_path, "verbatim.db")
    try:
        for path in cache_corpus(folder):
            report = ingest_paths([path], engine)
            assert report.failures == []
        return dump(engine, folder)
    finally:
        engine.dispose()


@pytest.mark.parametrize("cache_limit", [entities.CACHE_LIMIT, 0, 5])
def test_one_run_stores_the_rows_of_one_run_per_article(
    tmp_path: Path,
    cache_limit: int,
    monkeypatch: pytest.MonkeyPatch,
    one_run_per_article: dict[str, list[tuple]],
) -> None:
    monkeypatch.setattr(entities, "CACHE_LIMIT", cache_limit)
    folder = tmp_path / "in"
    cache_corpus(folder)
    engine = fresh_engine(tmp_path, "verbatim.db")
    try:
        report = ingest_paths([folder], engine)
        assert (report.new, report.updated, report.failures) == (len(HANDWRITTEN) + 12, 1, [])
        assert dump(engine, folder) == one_run_per_article
    finally:
        engine.dispose()
    assert one_run_per_article["people"], "the corpus has people to share"


def test_people_stored_by_an_earlier_run_are_found_again(tmp_path: Path, engine: Engine) -> None:
    folder = tmp_path / "in"
    ingest_paths([write(folder, "a.txt", AIR_DEFENCE)], engine)
    ingest_paths([write(folder, "b.txt", THANKS), write(folder, "c.txt", LEVY)], engine)
    people = rows(engine, "SELECT name FROM people ORDER BY id")
    assert people[0][0] in {"Volodymyr Zelenskiy", "Volodymyr Zelenskyy"}
    assert sorted(people[1:]) == [("Maria Kowalska",), ("Tomasz Wojcik",)]
    [(speaker,)] = rows(
        engine,
        "SELECT DISTINCT q.speaker_id FROM quotes q JOIN articles a ON a.id = q.article_id "
        "WHERE a.path LIKE '%b.txt'",
    )
    assert speaker == rows(engine, "SELECT min(id) FROM people")[0][0]


TRUMPS = [
    EntityRef("Donald Trump", aliases=["Donald J. Trump", "Trump"]),
    EntityRef("Donald J. Trump", aliases=["Donald Trump", "Trump"]),
    EntityRef("Certainly Donald Trump", aliases=["Donald", "Donald Trump"]),  # an NER slip
]


@pytest.mark.parametrize("order", list(itertools.permutations(range(len(TRUMPS)))))
def test_names_of_one_person_make_one_person_in_any_order(
    engine: Engine, order: tuple[int, ...]
) -> None:
    """Before a person was looked up by their other full names too, "Certainly Donald Trump"
    found "Donald Trump" (its name ends his) only if "Donald J. Trump" had not renamed him
    first: two people in four orders of six, in one process as with concurrent writers (the
    200 development articles, forward and backward)."""
    with Session(engine) as session:
        for number in order:
            name = f"{number}.txt"
            clean = CleanArticle(source_key=name, path=name, title=name, body=TRUMPS[number].name)
            assert store.store_article(session, ParsedArticle(clean, people=[TRUMPS[number]]))
    [(person_id,)] = rows(engine, "SELECT id FROM people")
    aliases = rows(engine, "SELECT alias FROM person_aliases WHERE person_id = :p", p=person_id)
    assert {"Donald Trump", "Donald J. Trump", "Certainly Donald Trump"} <= {a for (a,) in aliases}


def test_a_failed_article_leaves_nothing_and_the_next_one_is_whole(
    tmp_path: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The failing article had stored its people before failing: after the rollback the next
    article must not take them for stored."""
    write_quotes = store._write_quotes

    def failing(connection: Connection, article_id: int, parsed: ParsedArticle, *args: Any) -> None:
        write_quotes(connection, article_id, parsed, *args)
        if parsed.article.path.endswith("a.txt"):
            raise RuntimeError("disk full")

    monkeypatch.setattr(store, "_write_quotes", failing)
    folder = tmp_path / "in"
    write(folder, "a.txt", LEVY)
    write(folder, "b.txt", BUDGET)
    report = ingest_paths([folder], engine)
    assert [(Path(f.path).name, f.reason) for f in report.failures] == [
        ("a.txt", "could not be stored: disk full")
    ]
    assert rows(engine, "SELECT path FROM articles") == [(str(folder / "b.txt"),)]
    assert rows(engine, "SELECT name FROM people ORDER BY name") == [
        ("Anna Kowalska",),
        ("Maria Kowalska",),
    ]
    assert rows(engine, "SELECT count(*) FROM places WHERE name = 'Gdansk'") == [(0,)]
    dangling = (
        "SELECT count(*) FROM quotes q LEFT JOIN people p ON p.id = q.speaker_id "
        "WHERE q.speaker_id IS NOT NULL AND p.id IS NULL"
    )
    assert rows(engine, dangling) == [(0,)]
    assert rows(engine, "SELECT count(*) FROM quotes") == [(2,)]
    assert rows(engine, "SELECT count(*) FROM quotes_fts") == [(2,)]


def test_the_cache_corpus_takes_each_lookup_path(
    one_run_per_article: dict[str, list[tuple]],
) -> None:
    """What `cache_corpus` says it does, so that the comparison above covers those paths."""
    people = {
        name: (person_id, role)
        for person_id, name, _k, _s, _kind, role in one_run_per_article["people"]
    }
    assert people["Maria Kowalska"] == (1, "Minister"), "renamed from the surname alone"
    assert "Kowalska" not in people
    names = [row[1] for row in one_run_per_article["people"]]
    assert [names.count(n) for n in ("Anna Kowalska", "Tomasz Wojcik", "Wang Yi")] == [1, 1, 1]
    articles = {
        source_key.split("/")[-1]: article_id
        for article_id, source_key, *_ in one_run_per_article["articles"]
    }
    speakers = {
        (article_id, speaker_id)
        for _id, article_id, _t, _k, speaker_id, *_ in one_run_per_article["quotes"]
    }
    assert (articles["h_kowalska.txt"], 1) in speakers, "a shared surname: the first stored"
    wang = people["Wang Yi"][0]
    assert {(articles[f"{a}_mediation.txt"], wang) for a in "jk"} <= speakers
