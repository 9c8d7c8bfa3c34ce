"""Tag walks: quote_topics and quote_places repeat the quote's date and first-copy flag.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21

A topic's or place's quotes, newest first, are then one range of an index on (tag, first copy,
date, quote id), so listing, counting, faceting and charting a common tag no longer reads a
quote row per candidate. quote_topics also repeats the speaker, so that a topic's most quoted
speakers are one GROUP BY over an index range. The columns are backfilled from `quotes`.

Ingest writes both columns, and its wire-group hand-over updates `first_copy` (on any
database). On SQLite a trigger also follows every later change to a quote's date or
`duplicate_of`, including those no code of ours makes: the foreign key's ON DELETE SET NULL
when a first copy is deleted behind the store's back, or a hand-written UPDATE.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LINKS = {"quote_topics": "topic_id", "quote_places": "place_id"}
TRIGGER = """CREATE TRIGGER quotes_tag_walks_update
AFTER UPDATE OF date, duplicate_of, speaker_id ON quotes
BEGIN
  UPDATE quote_topics SET date = new.date, first_copy = (new.duplicate_of IS NULL),
    speaker_id = new.speaker_id
    WHERE quote_id = new.id;
  UPDATE quote_places SET date = new.date, first_copy = (new.duplicate_of IS NULL)
    WHERE quote_id = new.id;
END"""


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    for table, tag in LINKS.items():
        op.add_column(table, sa.Column("date", sa.Date(), nullable=True))
        op.add_column(
            table,
            sa.Column("first_copy", sa.Boolean(), nullable=False, server_default=sa.true()),
        )
        op.execute(
            f"UPDATE {table} SET "
            f"date = (SELECT quotes.date FROM quotes WHERE quotes.id = {table}.quote_id), "
            f"first_copy = (SELECT quotes.duplicate_of IS NULL FROM quotes "
            f"WHERE quotes.id = {table}.quote_id)"
        )
        op.create_index(
            f"ix_{table}_walk", table, [tag, "first_copy", "date", "quote_id"], unique=False
        )
    op.add_column("quote_topics", sa.Column("speaker_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE quote_topics SET speaker_id = "
        "(SELECT quotes.speaker_id FROM quotes WHERE quotes.id = quote_topics.quote_id)"
    )
    op.create_index(
        "ix_quote_topics_speakers", "quote_topics", ["topic_id", "first_copy", "speaker_id"]
    )
    if _is_sqlite():
        op.execute(TRIGGER)


def downgrade() -> None:
    if _is_sqlite():
        op.execute("DROP TRIGGER IF EXISTS quotes_tag_walks_update")
    op.drop_index("ix_quote_topics_speakers", table_name="quote_topics")
    op.drop_column("quote_topics", "speaker_id")
    for table in LINKS:
        op.drop_index(f"ix_{table}_walk", table_name=table)
        op.drop_column(table, "first_copy")
        op.drop_column(table, "date")
