"""PostgreSQL full text: a text search configuration and a GIN index over the quotes' words.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05

On PostgreSQL only (SQLite has FTS5 since 0001). `q` there was a LIKE test per word, which
ignored OR and NOT. The query language is now compiled to a `tsquery`
(`app.search.fulltext`) and tested against `to_tsvector('verbatim', text)`, which this GIN
expression index answers (no column to keep in step: the expression is the index's); and
`to_tsvector('verbatim', title || ' ' || body)` for articles.

The configuration `verbatim` is as near to FTS5's `porter unicode61 remove_diacritics 2` as
PostgreSQL's own parts get: accents removed (`unaccent`, a contrib extension that any
database owner may create), then English Snowball stems with no stop words (FTS5 drops
none either, so `the` is a word on both). Downgrade drops the index, the configuration and
its dictionary; the extension stays, since other schemas may use it.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WORD_TOKENS = "asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword"
UPGRADE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH DICTIONARY verbatim_stem (TEMPLATE = snowball, Language = english)",
    "CREATE TEXT SEARCH CONFIGURATION verbatim (COPY = simple)",
    f"ALTER TEXT SEARCH CONFIGURATION verbatim ALTER MAPPING FOR {WORD_TOKENS} "
    "WITH unaccent, verbatim_stem",
    "CREATE INDEX ix_quotes_words ON quotes USING gin (to_tsvector('verbatim', text))",
    "CREATE INDEX ix_articles_words ON articles "
    "USING gin (to_tsvector('verbatim', title || ' ' || body))",
]
DOWNGRADE = [
    "DROP INDEX IF EXISTS ix_articles_words",
    "DROP INDEX IF EXISTS ix_quotes_words",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS verbatim",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS verbatim_stem",
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
