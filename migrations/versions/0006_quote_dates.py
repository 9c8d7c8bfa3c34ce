"""Quote dates: how many first copies were said on each day, kept by triggers on SQLite.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21

The unfiltered timeline (a dashboard's first chart) otherwise groups every quote by date,
about 80 ms for a million. Triggers follow each insert, delete and change of a quote's date
or `duplicate_of`, foreign-key actions included; a day whose quotes are all gone keeps a
zero. Other databases have no triggers here, and group the quotes instead
(`app.search.timeline`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ADD = """INSERT INTO quote_dates (date, quotes) SELECT {row}.date, 1
    WHERE {row}.date IS NOT NULL AND {row}.duplicate_of IS NULL
    ON CONFLICT (date) DO UPDATE SET quotes = quotes + 1;"""
REMOVE = """UPDATE quote_dates SET quotes = quotes - 1
    WHERE {row}.duplicate_of IS NULL AND date = {row}.date;"""
TRIGGERS = {
    "quote_dates_insert": f"AFTER INSERT ON quotes BEGIN {ADD.format(row='new')} END",
    "quote_dates_delete": f"AFTER DELETE ON quotes BEGIN {REMOVE.format(row='old')} END",
    "quote_dates_update": "AFTER UPDATE OF date, duplicate_of ON quotes BEGIN "
    f"{REMOVE.format(row='old')} {ADD.format(row='new')} END",
}
BACKFILL = """INSERT INTO quote_dates (date, quotes)
SELECT date, count(*) FROM quotes WHERE date IS NOT NULL AND duplicate_of IS NULL GROUP BY date"""


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    op.create_table(
        "quote_dates",
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("quotes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("date"),
    )
    if _is_sqlite():
        op.execute(BACKFILL)
        for name, body in TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    if _is_sqlite():
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("quote_dates")
