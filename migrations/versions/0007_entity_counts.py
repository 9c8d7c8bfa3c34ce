"""Entity counts: people, topics and places keep their quote and article counts, by trigger.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21

The people, topics and places listings sort by quote count. Grouping a million quotes for
that took about 100 ms a page; a stored count and an index in listing order make it one index
range. Counts are of first copies (`duplicate_of` null), as the quote listings show them, so
a person's `quote_count` is the `total` of their quotes.

SQLite triggers follow every insert, delete and change of the rows counted, foreign-key
actions included; the link tables' `first_copy` follows its quote (migration 0005), so a wire
group handed over to another copy is recounted too. Other databases have no triggers here
and count at query time (`app.search.paging.stored_counts`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTED = {
    # table: the columns added to it
    "people": ("quote_count",),
    "topics": ("quote_count", "article_count"),
    "places": ("quote_count", "article_count"),
}
BACKFILL = [
    "UPDATE people SET quote_count = (SELECT count(*) FROM quotes "
    "WHERE quotes.speaker_id = people.id AND quotes.duplicate_of IS NULL)",
    "UPDATE topics SET quote_count = (SELECT count(*) FROM quote_topics "
    "WHERE quote_topics.topic_id = topics.id AND quote_topics.first_copy), "
    "article_count = (SELECT count(*) FROM article_topics "
    "WHERE article_topics.topic_id = topics.id)",
    "UPDATE places SET quote_count = (SELECT count(*) FROM quote_places "
    "WHERE quote_places.place_id = places.id AND quote_places.first_copy), "
    "article_count = (SELECT count(*) FROM article_places "
    "WHERE article_places.place_id = places.id)",
]


def _change(table: str, column: str, row: str, key: str, step: str, when: str) -> str:
    return f"UPDATE {table} SET {column} = {column} {step} 1 WHERE id = {row}.{key} AND {when};"


def _triggers() -> dict[str, str]:
    """Trigger name → body, for each counted row: insert adds, delete takes away, and an
    update takes away the old row's count and adds the new one's."""
    counted = [
        # (table, column, counted rows, their key, the condition a row is counted on)
        ("people", "quote_count", "quotes", "speaker_id", "{row}.duplicate_of IS NULL"),
        ("topics", "quote_count", "quote_topics", "topic_id", "{row}.first_copy"),
        ("places", "quote_count", "quote_places", "place_id", "{row}.first_copy"),
        ("topics", "article_count", "article_topics", "topic_id", "1"),
        ("places", "article_count", "article_places", "place_id", "1"),
    ]
    triggers = {}
    for table, column, rows, key, condition in counted:
        name = f"{table}_{column}_{rows}"
        add = _change(table, column, "new", key, "+", condition.format(row="new"))
        remove = _change(table, column, "old", key, "-", condition.format(row="old"))
        watched = f"{key}, duplicate_of" if rows == "quotes" else key
        if rows.startswith("quote_"):
            watched += ", first_copy"
        triggers[f"{name}_insert"] = f"AFTER INSERT ON {rows} BEGIN {add} END"
        triggers[f"{name}_delete"] = f"AFTER DELETE ON {rows} BEGIN {remove} END"
        triggers[f"{name}_update"] = f"AFTER UPDATE OF {watched} ON {rows} BEGIN {remove} {add} END"
    return triggers


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    for table, columns in COUNTED.items():
        for column in columns:
            op.add_column(
                table, sa.Column(column, sa.Integer(), nullable=False, server_default="0")
            )
        op.create_index(f"ix_{table}_by_count", table, [sa.text("quote_count DESC"), "name", "id"])
    if _is_sqlite():
        for statement in BACKFILL:
            op.execute(statement)
        for name, body in _triggers().items():
            op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    if _is_sqlite():
        for name in _triggers():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for table, columns in COUNTED.items():
        op.drop_index(f"ix_{table}_by_count", table_name=table)
        for column in reversed(columns):
            op.drop_column(table, column)
