"""Wire copies: quotes.fingerprint and quotes.duplicate_of, backfilled.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24

The backfill groups the stored quotes as ingest would have, in id (ingest) order: a quote
joins the group of the first earlier quote of the same fingerprint in another article, dated
within a week of it. The fingerprint function is copied here from `app.ingest.wire` as it was
when this revision was written, so that later changes to the app cannot change what this
revision does; a change to the fingerprint needs a revision of its own that recomputes it.

SQLite cannot add a foreign key with ALTER TABLE through Alembic (only by copying the table,
which would drop the FTS triggers on it), but its own `ADD COLUMN ... REFERENCES` can, so that
one statement is written by hand there.
"""

import datetime as dt
import hashlib
import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from anyascii import anyascii

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FOREIGN_KEY = "fk_quotes_duplicate_of_quotes"
WINDOW = dt.timedelta(days=7)
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def _normalised(text: str) -> str:
    return _NOT_ALNUM.sub("", anyascii(text).casefold())


def fingerprint(text: str, speaker_id: int | None, speaker_mention: str | None) -> str:
    speaker = (
        f"id:{speaker_id}" if speaker_id is not None else f"as:{_normalised(speaker_mention or '')}"
    )
    digest = hashlib.blake2b(f"{speaker}\0{_normalised(text)}".encode(), digest_size=16)
    return digest.hexdigest()


def _same_occasion(first: dt.date | None, other: dt.date | None) -> bool:
    return first is None or other is None or abs(other - first) <= WINDOW


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    op.add_column("quotes", sa.Column("fingerprint", sa.String(), nullable=True))
    if _is_sqlite():
        op.execute(
            f"ALTER TABLE quotes ADD COLUMN duplicate_of INTEGER CONSTRAINT {FOREIGN_KEY} "
            "REFERENCES quotes (id) ON DELETE SET NULL"
        )
    else:
        op.add_column("quotes", sa.Column("duplicate_of", sa.Integer(), nullable=True))
        op.create_foreign_key(
            FOREIGN_KEY, "quotes", "quotes", ["duplicate_of"], ["id"], ondelete="SET NULL"
        )
    _backfill()
    op.create_index("ix_quotes_fingerprint", "quotes", ["fingerprint"], unique=False)
    copies_only = sa.text("duplicate_of IS NOT NULL")
    op.create_index(
        "ix_quotes_duplicate_of",
        "quotes",
        ["duplicate_of"],
        unique=False,
        sqlite_where=copies_only,
        postgresql_where=copies_only,
    )
    firsts_only = sa.text("duplicate_of IS NULL")
    op.create_index(
        "ix_quotes_first_speaker_date",
        "quotes",
        ["speaker_id", "date", "id"],
        unique=False,
        sqlite_where=firsts_only,
        postgresql_where=firsts_only,
    )
    op.create_index(
        "ix_quotes_first_date",
        "quotes",
        ["date", "id"],
        unique=False,
        sqlite_where=firsts_only,
        postgresql_where=firsts_only,
    )


def _backfill() -> None:
    connection = op.get_bind()
    quotes = sa.table(
        "quotes",
        sa.column("id", sa.Integer()),
        sa.column("article_id", sa.Integer()),
        sa.column("text", sa.Text()),
        sa.column("speaker_id", sa.Integer()),
        sa.column("speaker_mention", sa.String()),
        sa.column("date", sa.Date()),
        sa.column("fingerprint", sa.String()),
        sa.column("duplicate_of", sa.Integer()),
    )
    groups: dict[str, list[tuple[int, int, dt.date | None]]] = {}
    """fingerprint → (id, article id, date) of each group's first quote, in id order."""
    values = []
    rows = connection.execute(
        sa.select(
            quotes.c.id,
            quotes.c.article_id,
            quotes.c.text,
            quotes.c.speaker_id,
            quotes.c.speaker_mention,
            quotes.c.date,
        ).order_by(quotes.c.id)
    )
    for quote_id, article_id, text, speaker_id, speaker_mention, date in rows:
        key = fingerprint(text, speaker_id, speaker_mention)
        canonical = next(
            (
                first_id
                for first_id, first_article, first_date in groups.get(key, ())
                if first_article != article_id and _same_occasion(first_date, date)
            ),
            None,
        )
        if canonical is None:
            groups.setdefault(key, []).append((quote_id, article_id, date))
        values.append({"quote_id": quote_id, "key": key, "canonical": canonical})
    if values:
        connection.execute(
            sa.update(quotes)
            .where(quotes.c.id == sa.bindparam("quote_id"))
            .values(fingerprint=sa.bindparam("key"), duplicate_of=sa.bindparam("canonical")),
            values,
        )


def downgrade() -> None:
    op.drop_index("ix_quotes_first_date", table_name="quotes")
    op.drop_index("ix_quotes_first_speaker_date", table_name="quotes")
    op.drop_index("ix_quotes_duplicate_of", table_name="quotes")
    op.drop_index("ix_quotes_fingerprint", table_name="quotes")
    if _is_sqlite():
        op.execute("ALTER TABLE quotes DROP COLUMN duplicate_of")
    else:
        op.drop_constraint(FOREIGN_KEY, "quotes", type_="foreignkey")
        op.drop_column("quotes", "duplicate_of")
    op.drop_column("quotes", "fingerprint")
