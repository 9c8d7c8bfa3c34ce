"""PostgreSQL: 64-bit keys, and the counts and copied columns that SQLite keeps by trigger.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05

On PostgreSQL (other databases are left as they were; SQLite needs nothing):

- Every id and every column holding one is BIGINT, and so are the sequences that number
  them: SQLAlchemy's `Integer` is a 4-byte `integer` there, so an id above 2^31 − 1 was a
  driver error (a 500 for `/v1/quotes/2147483648`) and a database could never hold more rows.
  SQLite's INTEGER keys are 64-bit already.
- PL/pgSQL triggers do what the SQLite triggers of migrations 0005, 0006 and 0007 do, with
  the same rules: the link tables repeat their quote's date, first-copy flag and speaker;
  `quote_dates` counts first copies per day; people, topics and places count their first
  copies and articles. Without them the counts stayed 0 and the copied columns went stale
  after any change ingest does not make itself. The counts and `quote_dates` are backfilled.

Row-level AFTER triggers fire for foreign-key actions too (ON DELETE CASCADE / SET NULL), as
SQLite's do. Downgrade drops the triggers and their functions and makes the columns `integer`
again (which fails if an id no longer fits: nothing is cut short).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY_COLUMNS = {
    "articles": ("id", "dateline_place_id"),
    "people": ("id",),
    "places": ("id",),
    "topics": ("id",),
    "quotes": ("id", "article_id", "speaker_id", "duplicate_of"),
    "person_aliases": ("id", "person_id"),
    "person_name_tokens": ("id", "person_id"),
    "place_aliases": ("id", "place_id"),
    "article_people": ("article_id", "person_id"),
    "article_places": ("article_id", "place_id"),
    "article_topics": ("article_id", "topic_id"),
    "quote_places": ("quote_id", "place_id"),
    "quote_topics": ("quote_id", "topic_id", "speaker_id"),
    "id_high_water": ("last_id",),
}
"""Table: its columns that hold an id."""
SEQUENCED = ["articles", "people", "places", "topics", "quotes"]
SEQUENCED += ["person_aliases", "person_name_tokens", "place_aliases"]

COUNTED = [
    # (table, column, counted rows, their key, the condition a row is counted on)
    ("people", "quote_count", "quotes", "speaker_id", "{row}.duplicate_of IS NULL"),
    ("topics", "quote_count", "quote_topics", "topic_id", "{row}.first_copy"),
    ("places", "quote_count", "quote_places", "place_id", "{row}.first_copy"),
    ("topics", "article_count", "article_topics", "topic_id", "TRUE"),
    ("places", "article_count", "article_places", "place_id", "TRUE"),
]
BACKFILL = [
    "DELETE FROM quote_dates",
    "INSERT INTO quote_dates (date, quotes) SELECT date, count(*) FROM quotes "
    "WHERE date IS NOT NULL AND duplicate_of IS NULL GROUP BY date",
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
TAG_WALKS = """
  IF NEW.date IS DISTINCT FROM OLD.date OR NEW.duplicate_of IS DISTINCT FROM OLD.duplicate_of
     OR NEW.speaker_id IS DISTINCT FROM OLD.speaker_id THEN
    UPDATE quote_topics SET date = NEW.date, first_copy = (NEW.duplicate_of IS NULL),
      speaker_id = NEW.speaker_id WHERE quote_id = NEW.id;
    UPDATE quote_places SET date = NEW.date, first_copy = (NEW.duplicate_of IS NULL)
      WHERE quote_id = NEW.id;
  END IF;"""
QUOTE_DATES = """
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    IF OLD.duplicate_of IS NULL AND OLD.date IS NOT NULL THEN
      UPDATE quote_dates SET quotes = quotes - 1 WHERE date = OLD.date;
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW.duplicate_of IS NULL AND NEW.date IS NOT NULL THEN
      INSERT INTO quote_dates (date, quotes) VALUES (NEW.date, 1)
        ON CONFLICT (date) DO UPDATE SET quotes = quote_dates.quotes + 1;
    END IF;
  END IF;"""


def _count_body(table: str, column: str, key: str, condition: str) -> str:
    """Take the old row's count away and add the new one's (either may be absent)."""
    old, new = condition.format(row="OLD"), condition.format(row="NEW")
    return f"""
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    IF {old} THEN
      UPDATE {table} SET {column} = {column} - 1 WHERE id = OLD.{key};
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF {new} THEN
      UPDATE {table} SET {column} = {column} + 1 WHERE id = NEW.{key};
    END IF;
  END IF;"""


def triggers() -> dict[str, tuple[str, str, str]]:
    """Trigger name → (the events it follows, its table, its PL/pgSQL body); the function
    that runs the body has the trigger's name."""
    found = {
        "quotes_tag_walks": ("UPDATE OF date, duplicate_of, speaker_id", "quotes", TAG_WALKS),
        "quote_dates_count": (
            "INSERT OR DELETE OR UPDATE OF date, duplicate_of",
            "quotes",
            QUOTE_DATES,
        ),
    }
    for table, column, rows, key, condition in COUNTED:
        watched = f"{key}, duplicate_of" if rows == "quotes" else key
        if rows.startswith("quote_"):
            watched += ", first_copy"
        events = f"INSERT OR DELETE OR UPDATE OF {watched}"
        body = _count_body(table, column, key, condition)
        found[f"{table}_{column}_{rows}"] = (events, rows, body)
    return found


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _is_postgresql():
        return
    _retype("bigint")
    for statement in BACKFILL:
        op.execute(statement)
    for name, (events, table, body) in triggers().items():
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN{body}\n  RETURN NULL;\nEND $$"
        )
        op.execute(
            f"CREATE TRIGGER {name} AFTER {events} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}()"
        )


def downgrade() -> None:
    if not _is_postgresql():
        return
    for name, (_events, table, _body) in triggers().items():
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    _retype("integer")


def _retype(kind: str) -> None:
    """Every id column and id sequence made `kind`; one ALTER TABLE per table, so each is
    rewritten once."""
    for table, columns in KEY_COLUMNS.items():
        changes = ", ".join(f'ALTER COLUMN "{column}" TYPE {kind}' for column in columns)
        op.execute(f"ALTER TABLE {table} {changes}")
    for table in SEQUENCED:
        op.execute(f"ALTER SEQUENCE IF EXISTS {table}_id_seq AS {kind}")
