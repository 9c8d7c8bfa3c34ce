"""Re-ingest of a changed article: quotes whose text and speaker did not change keep their ids
(saved links stay good), and the wire groups and every kept count come out as a fresh ingest
of the same final files would make them.

One statement by Maria Kowalska is carried by three outlets within three days (one wire group)
and said again three weeks later; each test edits one article and compares with a new database.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.db import make_engine, upgrade_database
from app.ingest.pipeline import ingest_paths
from tests.ingest.stored import consistent, groups, rows
from tests.wire_stories import AGENCY, ARTICLES, COPY, WEEKS_LATER

STATEMENT = "carriers will pay"
NEWS = "The port of Gdansk handled a record number of ships this year.\n\n"


EDITS = {
    # name: (file, its new content)
    "first copy gains a paragraph": (
        "01_agency.txt",
        AGENCY.replace("GDANSK (Baltic Wire) - ", f"GDANSK (Baltic Wire) - {NEWS}"),
    ),
    "first copy loses a quote and gains one": (
        "01_agency.txt",
        AGENCY.replace(
            "Tomasz Wojcik, who runs the shipyard, said the levy would drive ships to Rostock.",
            '"Nobody likes a new fee, but the quays are falling apart," Kowalska added.',
        ),
    ),
    "first copy loses the statement": (
        "01_agency.txt",
        AGENCY.replace("the U.S. carriers will pay their share too", "nobody else will pay"),
    ),
    "first copy is redated three weeks later": (
        "01_agency.txt",
        AGENCY.replace("Wednesday, 12 Nov 2025", "Wednesday, 3 Dec 2025"),
    ),
    "a copy changes around its copy of the statement": (
        "02_copy.txt",
        COPY.replace("in December", "in January"),
    ),
    "an article gains a copy of the statement": (
        "04_weeks_later.txt",
        WEEKS_LATER.replace("Thursday, 4 Dec 2025", "Saturday, 15 Nov 2025"),
    ),
    "the newest quote is replaced": (
        "04_weeks_later.txt",
        WEEKS_LATER.replace("and the U.S. carriers will pay their share too", "and they will"),
    ),
}
"""SQLite gives a new row the highest id plus one: the last edit replaces the quote with the
highest id, whose id a careless store would give to the new quote."""


def write_corpus(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, content in articles.items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


def new_engine(path: Path) -> Engine:
    url = f"sqlite:///{path}"
    upgrade_database(url)
    return make_engine(url)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = new_engine(tmp_path / "verbatim.db")
    yield engine
    engine.dispose()


def quote_ids(engine: Engine) -> dict[tuple[str, str, str | None], int]:
    """Quote id by (article file, text, speaker)."""
    found = rows(
        engine,
        "SELECT a.path, q.text, p.name, q.id FROM quotes q JOIN articles a ON a.id = q.article_id "
        "LEFT JOIN people p ON p.id = q.speaker_id",
    )
    ids = {(Path(path).name, said, speaker): quote_id for path, said, speaker, quote_id in found}
    assert len(ids) == len(found), "no quote is repeated within an article here"
    return ids


def fresh(tmp_path: Path, articles: dict[str, str]) -> Engine:
    engine = new_engine(tmp_path / "fresh.db")
    report = ingest_paths([write_corpus(tmp_path / "fresh", articles)], engine)
    assert report.failures == []
    return engine


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_edited_article_keeps_its_unchanged_quotes_and_a_fresh_ingest_s_groups(
    tmp_path: Path, engine: Engine, edit: str
) -> None:
    folder = write_corpus(tmp_path / "in", ARTICLES)
    ingest_paths([folder], engine)
    before = quote_ids(engine)
    name, content = EDITS[edit]
    (folder / name).write_text(content, encoding="utf-8")

    report = ingest_paths([folder], engine)

    assert (report.updated, report.unchanged, report.failures) == (1, len(ARTICLES) - 1, [])
    after = quote_ids(engine)
    kept = before.keys() & after.keys()
    assert {key: after[key] for key in kept} == {key: before[key] for key in kept}
    assert len(kept) >= len(before) - 2, "most quotes are unchanged"
    assert not (set(after.values()) - {after[key] for key in kept}) & set(before.values()), (
        "a new quote never takes an old id"
    )
    final = fresh(tmp_path, {**ARTICLES, name: content})
    try:
        assert groups(engine) == groups(final)
        assert consistent(engine) == consistent(final)
    finally:
        final.dispose()


def test_the_edits_move_the_statement_s_wire_groups(tmp_path: Path) -> None:
    """What the comparisons above cover: each edit changes the group of the statement (or
    keeps it while its offsets move), so that a store that regrouped wrongly would differ."""
    sizes = {}
    for edit, (name, content) in EDITS.items():
        engine = fresh(tmp_path / edit.replace(" ", "_"), {**ARTICLES, name: content})
        try:
            sizes[edit] = sorted(
                len(group)
                for group in groups(engine)
                if any(STATEMENT in said for _file, said, _start in group)
            )
        finally:
            engine.dispose()
    assert sizes == {
        "first copy gains a paragraph": [1, 3],
        "first copy loses a quote and gains one": [1, 3],
        "first copy loses the statement": [1, 2],
        "first copy is redated three weeks later": [2, 2],
        "a copy changes around its copy of the statement": [1, 3],
        "an article gains a copy of the statement": [4],
        "the newest quote is replaced": [3],
    }


def test_kept_quotes_point_into_the_new_body(tmp_path: Path, engine: Engine) -> None:
    folder = write_corpus(tmp_path / "in", ARTICLES)
    ingest_paths([folder], engine)
    name, content = EDITS["first copy gains a paragraph"]
    (folder / name).write_text(content, encoding="utf-8")
    ingest_paths([folder], engine)
    for body, said, start, end in rows(
        engine, 'SELECT a.body, q.text, q.start, q."end" FROM quotes q JOIN articles a '
        "ON a.id = q.article_id"
    ):  # fmt: skip
        assert body[start:end] == said
    [(matches,)] = rows(engine, "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'carriers'")
    assert matches == 4
