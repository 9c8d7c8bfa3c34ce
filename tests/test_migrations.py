"""Alembic migrations: every one reversible, on an empty SQLite file, FTS table included."""

from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine, text

ROOT = Path(__file__).resolve().parent.parent


def alembic_config(url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["url"] = url
    return config


def schema(url: str) -> dict[str, set[str]]:
    """Object names in the database, by type (table, index, trigger)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
            ).all()
    finally:
        engine.dispose()
    by_type: dict[str, set[str]] = {}
    for kind, name in found:
        by_type.setdefault(kind, set()).add(name)
    return by_type


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'migrations.db'}"


def test_upgrade_downgrade_upgrade(url: str) -> None:
    config = alembic_config(url)
    command.upgrade(config, "head")
    upgraded = schema(url)
    command.downgrade(config, "base")
    assert schema(url) == {"table": {"alembic_version"}}
    command.upgrade(config, "head")
    assert schema(url) == upgraded


def test_upgrade_creates_tables_fts_and_triggers(url: str) -> None:
    command.upgrade(alembic_config(url), "head")
    found = schema(url)
    assert {"articles", "quotes", "people", "places", "topics", "quotes_fts"} <= found["table"]
    assert {"quotes_fts_insert", "quotes_fts_delete", "quotes_fts_update"} <= found["trigger"]


def test_database_is_at_the_head_revision(url: str) -> None:
    config = alembic_config(url)
    command.upgrade(config, "head")
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    finally:
        engine.dispose()
    assert version == [(ScriptDirectory.from_config(config).get_current_head(),)]


def test_fts_triggers_follow_the_quotes_table(url: str) -> None:
    """Insert, update and delete of a quote keep the hand-written FTS5 index in step."""
    command.upgrade(alembic_config(url), "head")
    engine = create_engine(url)

    def matches(connection: Connection, word: str) -> list[int]:
        sql = text("SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :word")
        return list(connection.execute(sql, {"word": word}).scalars())

    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO articles (id, source_key, title, body, content_hash, "
                    "word_count, ingested_at) VALUES (1, 'k', 'T', 'B', 'h', 1, "
                    "'2025-11-12 00:00:00')"
                )
            )
            connection.execute(
                text(
                    'INSERT INTO quotes (id, article_id, text, kind, start, "end", context) '
                    "VALUES (7, 1, 'The harbour levy will double', 'direct', 0, 28, '')"
                )
            )
            assert matches(connection, "levy") == [7]
            connection.execute(text("UPDATE quotes SET text = 'The quays crumble' WHERE id = 7"))
            assert (matches(connection, "levy"), matches(connection, "quays")) == ([], [7])
            connection.execute(text("DELETE FROM quotes WHERE id = 7"))
            assert matches(connection, "quays") == []
    finally:
        engine.dispose()
