"""Migrations 0005 to 0007 on a database with quotes: links get each quote's date and
first-copy flag, people, topics and places their counts, and on SQLite triggers keep all of
them in step with later changes."""

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


def topic_speakers(connection: Connection) -> set[tuple[int, int | None]]:
    rows = connection.execute(text("SELECT quote_id, speaker_id FROM quote_topics"))
    return {tuple(row) for row in rows}  # type: ignore[misc]


def counts(connection: Connection) -> list[tuple[int, ...]]:
    """The stored counts of the one person, topic and place."""
    return [
        tuple(connection.execute(text(sql)).one())
        for sql in (
            "SELECT quote_count FROM people",
            "SELECT quote_count, article_count FROM topics",
            "SELECT quote_count, article_count FROM places",
        )
    ]


def test_links_and_counts_are_backfilled_and_follow_their_quotes(tmp_path: Path) -> None:
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
            connection.execute(
                text("INSERT INTO topics (id, slug, name, key) VALUES (1, 'levy', 'Levy', 'levy')")
            )
            connection.execute(
                text(
                    "INSERT INTO places (id, name, key, kind) "
                    "VALUES (1, 'Gdansk', 'gdansk', 'city')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO people (id, name, key, surname_key, kind) "
                    "VALUES (1, 'Ewa Nowak', 'ewa nowak', 'nowak', 'person')"
                )
            )
            connection.execute(text("INSERT INTO article_topics VALUES (1, 1)"))
            for quote_id, date, first in QUOTES:
                connection.execute(
                    text(
                        'INSERT INTO quotes (id, article_id, text, kind, start, "end", context, '
                        "date, duplicate_of, speaker_id) VALUES (:id, 1, 'Words', 'direct', 0, 5, "
                        "'', :date, :first, 1)"
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
            assert counts(connection) == [(2,), (2, 1), (2, 0)]
            assert topic_speakers(connection) == {(1, 1), (2, 1), (3, 1)}
            connection.execute(text("UPDATE quotes SET speaker_id = NULL WHERE id = 2"))
            assert topic_speakers(connection) == {(1, 1), (2, None), (3, 1)}
            connection.execute(text("UPDATE quotes SET speaker_id = 1 WHERE id = 2"))
            connection.execute(text("DELETE FROM quotes WHERE id = 1"))
            connection.execute(text("UPDATE quotes SET date = '2025-12-01' WHERE id = 3"))
            followed = {(2, "2025-11-13", 1), (3, "2025-12-01", 1)}
            assert links(connection, "quote_topics") == followed
            assert links(connection, "quote_places") == followed
            assert counts(connection) == [(2,), (2, 1), (2, 0)], "quote 2 took quote 1's place"
            connection.execute(text("DELETE FROM quotes WHERE id = 3"))
            assert counts(connection) == [(1,), (1, 1), (1, 0)]
    finally:
        engine.dispose()
