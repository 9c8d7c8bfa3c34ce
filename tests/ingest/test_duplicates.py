"""The same article content under a second file name is one article: the second file is
reported as a duplicate of the first, counted in the summary, and not stored again."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from app.cli import app
from app.config import get_settings
from app.db import make_engine, upgrade_database
from app.ingest.pipeline import ingest_paths
from tests.ingest.stored import consistent, rows
from tests.ingest.test_store import BUDGET, LEVY, LEVY_REVISED


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'verbatim.db'}"
    upgrade_database(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


def stored_paths(engine: Engine) -> list[str]:
    return [Path(path).name for (path,) in rows(engine, "SELECT path FROM articles ORDER BY id")]


def test_the_same_text_under_a_second_name_is_reported_not_stored(
    tmp_path: Path, engine: Engine
) -> None:
    folder = write(tmp_path / "in", {"a.txt": LEVY, "b.txt": BUDGET, "c.txt": LEVY})
    report = ingest_paths([folder], engine)
    assert (report.documents, report.new, report.failures) == (3, 2, [])
    assert [(Path(d.path).name, Path(d.same_as).name) for d in report.duplicates] == [
        ("c.txt", "a.txt")
    ]
    assert stored_paths(engine) == ["a.txt", "b.txt"]
    assert rows(engine, "SELECT count(*) FROM quotes") == [(5,)]
    consistent(engine)


def test_a_known_duplicate_is_not_parsed_again(tmp_path: Path, engine: Engine) -> None:
    ingest_paths([write(tmp_path / "in", {"a.txt": LEVY})], engine)
    report = ingest_paths([write(tmp_path / "more", {"copy.txt": LEVY})], engine)
    assert (report.new, report.unchanged, report.words, len(report.duplicates)) == (0, 0, 0, 1)
    assert stored_paths(engine) == ["a.txt"]


def test_a_file_changed_to_another_article_s_content_is_a_duplicate(
    tmp_path: Path, engine: Engine
) -> None:
    """Its own article stays as it was: ingest never deletes (`verbatim remove` does)."""
    folder = write(tmp_path / "in", {"a.txt": LEVY, "b.txt": BUDGET})
    ingest_paths([folder], engine)
    (folder / "b.txt").write_text(LEVY, encoding="utf-8")
    report = ingest_paths([folder], engine)
    assert (report.unchanged, report.updated, len(report.duplicates)) == (1, 0, 1)
    assert rows(engine, "SELECT title FROM articles ORDER BY id") == [
        ("Gdansk harbour levy to double, minister says",),
        ("Two Kowalskas clash over budget",),
    ]


def test_a_changed_article_is_still_an_update(tmp_path: Path, engine: Engine) -> None:
    folder = write(tmp_path / "in", {"a.txt": LEVY, "b.txt": BUDGET})
    ingest_paths([folder], engine)
    (folder / "a.txt").write_text(LEVY_REVISED, encoding="utf-8")
    report = ingest_paths([folder], engine)
    assert (report.updated, report.unchanged, report.duplicates) == (1, 1, [])


@pytest.fixture
def isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("VERBATIM_DATABASE_URL", f"sqlite:///{tmp_path / 'default.db'}")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_the_summary_names_and_counts_duplicates(tmp_path: Path, isolated_settings: None) -> None:
    folder = write(tmp_path / "in", {"a.txt": LEVY, "b.txt": BUDGET, "c.txt": LEVY})
    url = f"sqlite:///{tmp_path / 'x.db'}"
    first = CliRunner().invoke(app, ["ingest", "--db", url, str(folder)])
    again = CliRunner().invoke(app, ["ingest", "--db", url, str(folder)])
    assert (first.exit_code, again.exit_code) == (0, 0)
    line = f"duplicate {folder / 'c.txt'}: same content as {folder / 'a.txt'}"
    for result in (first, again):
        assert re.sub(r"\s+", "", line) in re.sub(r"\s+", "", result.stderr)
    assert "3 documents: 2 new, 0 updated, 0 unchanged, 1 duplicate, 0 failed" in first.stderr
    assert "3 documents: 0 new, 0 updated, 2 unchanged, 1 duplicate, 0 failed" in again.stderr
