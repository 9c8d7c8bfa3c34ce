"""`verbatim remove`: articles named by id, URL or path go with their quotes, in one
transaction, and the database is then what a fresh ingest of the remaining files makes it:
wire groups (the next copy leads), stored counts, orphan people, places and topics."""

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from app.cli import app
from app.config import get_settings
from app.db import make_engine
from app.ingest import store
from tests.ingest.stored import consistent, groups, rows
from tests.wire_stories import AGENCY, COPY, SECOND_COPY, WEEKS_LATER

LONE = """Ferry strike ends in Tallinn

Monday, 10 Nov 2025

TALLINN (Baltic Wire) - Kaja Tamm, who leads the ferry union, said the strike was over.
"""
"""The only article naming Kaja Tamm and Tallinn."""

RECORDS = [
    {"url": "https://news.example/levy", "text": WEEKS_LATER.replace("parliament", "the Sejm")},
    {"text": LONE.replace("Ferry", "Port").replace("ferry", "dockers'")},
]
FILES = {
    "01_agency.txt": AGENCY,
    "02_copy.txt": COPY,
    "03_second_copy.txt": SECOND_COPY,
    "04_weeks_later.txt": WEEKS_LATER,
    "05_lone.txt": LONE,
}


@pytest.fixture(autouse=True)
def isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("VERBATIM_DATABASE_URL", f"sqlite:///{tmp_path / 'default.db'}")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def write_files(folder: Path, files: dict[str, str], records: list[dict[str, str]]) -> Path:
    folder.mkdir()
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    if records:
        lines = "".join(json.dumps(record) + "\n" for record in records)
        (folder / "06_feed.jsonl").write_text(lines, encoding="utf-8")
    return folder


def ingested(tmp_path: Path, name: str, files: dict[str, str], records: list[dict]) -> str:
    url = f"sqlite:///{tmp_path / f'{name}.db'}"
    result = invoke("ingest", "--db", url, str(write_files(tmp_path / name, files, records)))
    assert result.exit_code == 0, result.output
    return url


def state(url: str) -> tuple[set, dict]:
    engine = make_engine(url)
    try:
        return groups(engine), consistent(engine)
    finally:
        engine.dispose()


def query(url: str, sql: str) -> list[tuple]:
    engine = make_engine(url)
    try:
        return rows(engine, sql)
    finally:
        engine.dispose()


@pytest.fixture
def db(tmp_path: Path) -> str:
    return ingested(tmp_path, "in", FILES, RECORDS)


def without(files: dict[str, str], name: str) -> dict[str, str]:
    return {other: text for other, text in files.items() if other != name}


def unwrapped(output: str) -> str:
    return re.sub(r"\s+", " ", output)


def test_removing_the_first_copy_leaves_what_a_fresh_ingest_of_the_rest_makes(
    tmp_path: Path, db: str
) -> None:
    result = invoke("remove", "--db", db, str(tmp_path / "in" / "01_agency.txt"))
    assert result.exit_code == 0, result.output
    assert "removed 1 article and its 3 quotes" in unwrapped(result.stderr)
    assert "database: 6 articles," in unwrapped(result.stderr)
    assert state(db) == state(ingested(tmp_path, "fresh", without(FILES, "01_agency.txt"), RECORDS))
    [(source,)] = query(
        db,
        "SELECT a.source FROM quotes q JOIN articles a ON a.id = q.article_id "
        "WHERE q.text LIKE '%carriers%' AND q.duplicate_of IS NULL AND a.published < '2025-12-01'",
    )
    assert source == "Harbour Daily", "the next copy leads the group"


def test_several_at_once_by_id_url_and_record_path(tmp_path: Path, db: str) -> None:
    [(lone_id,)] = query(db, "SELECT id FROM articles WHERE path LIKE '%05_lone.txt'")
    feed = tmp_path / "in" / "06_feed.jsonl"
    result = invoke(
        "remove", "--db", db, str(lone_id), "https://news.example/levy", f"{feed}:2", str(lone_id)
    )
    assert result.exit_code == 0, result.output
    assert "removed 3 articles" in unwrapped(result.stderr)
    assert query(db, "SELECT count(*) FROM people WHERE name = 'Kaja Tamm'") == [(0,)]
    assert query(db, "SELECT count(*) FROM places WHERE key = 'tallinn'") == [(0,)]
    assert state(db) == state(ingested(tmp_path, "fresh", without(FILES, "05_lone.txt"), []))


def test_a_json_lines_file_removes_its_records(tmp_path: Path, db: str) -> None:
    feed = tmp_path / "in" / "06_feed.jsonl"
    result = invoke("remove", "--db", db, str(feed))
    assert result.exit_code == 0, result.output
    assert "removed 2 articles" in unwrapped(result.stderr)
    assert state(db) == state(ingested(tmp_path, "fresh", FILES, []))


def test_something_not_found_is_an_error_and_nothing_is_removed(tmp_path: Path, db: str) -> None:
    before = state(db)
    missing = tmp_path / "in" / "missing.txt"
    result = invoke(
        "remove", "--db", db, str(tmp_path / "in" / "02_copy.txt"), str(missing), "999",
        "https://news.example/nothing", "99999999999999999999",
    )  # fmt: skip
    assert result.exit_code == 1
    for target in (missing, "999", "https://news.example/nothing", "99999999999999999999"):
        assert f"not found {target}: no article has this id, URL or path" in unwrapped(
            result.stderr
        )
    assert "nothing removed" in result.stderr
    assert state(db) == before


def test_a_failure_midway_removes_nothing(
    tmp_path: Path, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quotes, links and articles are deleted before the orphans: one transaction."""
    before = state(db)

    def failing(session: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "_drop_orphans", failing)
    result = invoke("remove", "--db", db, str(tmp_path / "in" / "05_lone.txt"))
    assert result.exit_code != 0
    assert state(db) == before
