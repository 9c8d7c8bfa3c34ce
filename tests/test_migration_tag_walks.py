"""Migration 0005 copies each quote's date and first-copy flag onto its topic and place links,
and on SQLite a trigger keeps them in step with later changes to the quote."""

from pathlib import Path

from alembic import command
from sqlalchemy import Connection, text

from app.db import make_engine
from tests.test_migrations import alembic_config

QUOTES = [
    # id, date, duplicate_of
    (1, "2025-11-12", None),
    (2, "2025-11-13", 1),
    (3, None, None),
]


def links(connection: Connection, table: str) -> set[tuple[int, str | None, int]]:
    rows = connection.execute(text(f"SELECT quote_id, date, first_copy FROM {table}"))
    return {tuple(row) for row in rows}  # type: ignore[misc]


def test_links_are_backfilled_and_follow_their_quotes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'walks.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0004")
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO articles (id, source_key, title, body, content_hash, "
                    "word_count, ingested_at) VALUES (1, 'k', 'T', 'B', 'h', 1, "
                    "'2025-11-12 00:00:00')"
                )
            )
            connection.execute(text("INSERT INTO topics VALUES (1, 'levy', 'Levy', 'levy')"))
            connection.execute(
                text(
                    "INSERT INTO places (id, name, key, kind) "
                    "VALUES (1, 'Gdansk', 'gdansk', 'city')"
                )
            )
            for quote_id, date, first in QUOTES:
                connection.execute(
                    text(
                        'INSERT INTO quotes (id, article_id, text, kind, start, "end", context, '
                        "date, duplicate_of) VALUES (:id, 1, 'Words', 'direct', 0, 5, '', :date, "
                        ":first)"
                    ),
                    {"id": quote_id, "date": date, "first": first},
                )
                connection.execute(
                    text("INSERT INTO quote_topics VALUES (:id, 1)"), {"id": quote_id}
                )
                connection.execute(
                    text("INSERT INTO quote_places VALUES (:id, 1)"), {"id": quote_id}
                )
        command.upgrade(config, "head")
        expected = {(1, "2025-11-12", 1), (2, "2025-11-13", 0), (3, None, 1)}
        with engine.begin() as connection:
            assert links(connection, "quote_topics") == expected
            assert links(connection, "quote_places") == expected
            connection.execute(text("DELETE FROM quotes WHERE id = 1"))
            connection.execute(text("UPDATE quotes SET date = '2025-12-01' WHERE id = 3"))
            followed = {(2, "2025-11-13", 1), (3, "2025-12-01", 1)}
            assert links(connection, "quote_topics") == followed
            assert links(connection, "quote_places") == followed
    finally:
        engine.dispose()
