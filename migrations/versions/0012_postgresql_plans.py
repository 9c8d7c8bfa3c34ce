"""PostgreSQL query plans: stored words, and indexes in the listings' own order.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06

On PostgreSQL only (SQLite's plans need neither). Measured on a million generated quotes
(README, Running at scale), two things made PostgreSQL's plans slow where SQLite's are fast:

- **Newest first is `date DESC NULLS LAST, id DESC`**, undated quotes last. On SQLite that is
  an ascending index read backwards (NULL sorts first there); on PostgreSQL, where NULL sorts
  last, it is not, so every newest-first page sorted all of its matches (a speaker's tens of
  thousands, all first copies for facets). These indexes hold that order, for first copies,
  a speaker's first copies and the tag walks of migration 0005; the ascending ones stay for
  `sort=date`.
- **Words were an expression index**, `to_tsvector('verbatim', text)`: the GIN index finds a
  word's matches, but testing one quote (walking the date index for a common word, ranking
  the newest matches) ran the parser, `unaccent` and the stemmer again on its text. `words`
  is that vector stored, kept by the server as a generated column (nothing to keep in step),
  and `ix_quotes_words` is now the GIN index over it (same name, same expression values).

Downgrade drops the indexes and the column and makes the expression index again.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEWEST_FIRST = {
    "ix_quotes_first_newest": "quotes (date DESC NULLS LAST, id DESC) WHERE duplicate_of IS NULL",
    "ix_quotes_first_speaker_newest": (
        "quotes (speaker_id, date DESC NULLS LAST, id DESC) WHERE duplicate_of IS NULL"
    ),
    "ix_quote_topics_walk_newest": (
        "quote_topics (topic_id, first_copy, date DESC NULLS LAST, quote_id DESC)"
    ),
    "ix_quote_places_walk_newest": (
        "quote_places (place_id, first_copy, date DESC NULLS LAST, quote_id DESC)"
    ),
}
"""Index name → its table and columns, in the order of `NEWEST_FIRST` in app.search.plan."""
EXPRESSION_INDEX = (
    "CREATE INDEX ix_quotes_words ON quotes USING gin (to_tsvector('verbatim', text))"
)
UPGRADE = [
    "DROP INDEX IF EXISTS ix_quotes_words",
    "ALTER TABLE quotes ADD COLUMN words tsvector "
    "GENERATED ALWAYS AS (to_tsvector('verbatim', text)) STORED",
    "CREATE INDEX ix_quotes_words ON quotes USING gin (words)",
    *(f"CREATE INDEX {name} ON {columns}" for name, columns in NEWEST_FIRST.items()),
]
DOWNGRADE = [
    *(f"DROP INDEX IF EXISTS {name}" for name in NEWEST_FIRST),
    "DROP INDEX IF EXISTS ix_quotes_words",
    "ALTER TABLE quotes DROP COLUMN IF EXISTS words",
    EXPRESSION_INDEX,
]


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if _is_postgresql():
        for statement in UPGRADE:
            op.execute(statement)


def downgrade() -> None:
    if _is_postgresql():
        for statement in DOWNGRADE:
            op.execute(statement)
