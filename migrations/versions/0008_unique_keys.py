"""Unique keys: one article per content, one person per folded name and kind; no id reused.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25

The same text under a second file name became a second article, and two ingests at once could
store one person twice. The store now finds both inside its write transaction, and these
unique indexes make the database refuse a second row whatever writes it: `articles
(content_hash)` and `people (key, kind)` (`places.key`, `topics.slug` and
`articles.source_key` were unique already). Existing duplicates are cleaned up first, as the
store would have stored them:

- an article with the same content as one with a lower id is removed as `verbatim remove`
  removes one: its quotes and links go, the wire groups of their fingerprints are made again
  without them (see below), and the people, places and topics nothing mentions any more go;
- people of one key and kind are merged into the lowest id: quotes, article links, aliases
  and name tokens move to it. A quote's fingerprint names its speaker, so the moved quotes'
  fingerprints are recomputed, and the quotes of those fingerprints regrouped into wire
  groups as ingest groups them (in id order, as migration 0004 did).

`id_high_water` keeps the highest article and quote ids ever given, so that the store never
gives a deleted row's id to a new one; it starts at the highest ids stored now (the removed
duplicates' included).

The fingerprint function is copied from `app.ingest.wire` as it is now, so that later changes
to the app cannot change what this revision does. Downgrade drops the unique indexes (the
plain ones come back) and the table; removed duplicates are not restored.
"""

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from anyascii import anyascii

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WINDOW = dt.timedelta(days=7)
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")

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


def upgrade() -> None:
    op.create_table(
        "id_high_water",
        sa.Column("table_name", sa.String(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("table_name", name=op.f("pk_id_high_water")),
    )
    op.execute(
        "INSERT INTO id_high_water (table_name, last_id) "
        "SELECT 'articles', max(id) FROM articles HAVING count(*) > 0 "
        "UNION ALL SELECT 'quotes', max(id) FROM quotes HAVING count(*) > 0"
    )
    connection = op.get_bind()
    _remove_duplicate_articles(connection)
    _merge_duplicate_people(connection)
    op.drop_index("ix_articles_content_hash", table_name="articles")
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"], unique=True)
    op.drop_index("ix_people_key", table_name="people")
    op.create_index("ix_people_key_kind", "people", ["key", "kind"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_people_key_kind", table_name="people")
    op.create_index("ix_people_key", "people", ["key"], unique=False)
    op.drop_index("ix_articles_content_hash", table_name="articles")
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"], unique=False)
    op.drop_table("id_high_water")


def _remove_duplicate_articles(connection: sa.Connection) -> None:
    duplicates = connection.scalars(
        sa.text(
            "SELECT a.id FROM articles a WHERE EXISTS (SELECT 1 FROM articles b "
            "WHERE b.content_hash = a.content_hash AND b.id < a.id) ORDER BY a.id"
        )
    ).all()
    fingerprints: set[str] = set()
    for article_id in duplicates:
        fingerprints.update(
            connection.scalars(
                sa.select(quotes.c.fingerprint).where(
                    quotes.c.article_id == article_id, quotes.c.fingerprint.is_not(None)
                )
            )
        )
        for link in ("quote_topics", "quote_places"):
            connection.execute(
                sa.text(
                    f"DELETE FROM {link} WHERE quote_id IN "
                    "(SELECT id FROM quotes WHERE article_id = :article)"
                ),
                {"article": article_id},
            )
        for table in ("quotes", "article_people", "article_places", "article_topics"):
            connection.execute(
                sa.text(f"DELETE FROM {table} WHERE article_id = :article"),
                {"article": article_id},
            )
        connection.execute(sa.text("DELETE FROM articles WHERE id = :id"), {"id": article_id})
    for key in sorted(fingerprints):
        _regroup(connection, key)
    if duplicates:
        _drop_orphans(connection)


def _set_groups(connection: sa.Connection, changes: list[dict[str, Any]]) -> None:
    """Write `duplicate_of`, and the first-copy flag the links repeat (SQLite's triggers would
    too, and keep the counts; other databases count at query time)."""
    if not changes:
        return
    connection.execute(
        sa.update(quotes)
        .where(quotes.c.id == sa.bindparam("quote_id"))
        .values(duplicate_of=sa.bindparam("first")),
        changes,
    )
    for link in ("quote_topics", "quote_places"):
        connection.execute(
            sa.text(
                f"UPDATE {link} SET first_copy = :first_copy WHERE quote_id = :quote_id"
            ).bindparams(sa.bindparam("first_copy", type_=sa.Boolean())),
            [
                {"quote_id": change["quote_id"], "first_copy": change["first"] is None}
                for change in changes
            ],
        )


def _drop_orphans(connection: sa.Connection) -> None:
    for statement in (
        "DELETE FROM people WHERE id NOT IN (SELECT person_id FROM article_people) "
        "AND id NOT IN (SELECT speaker_id FROM quotes WHERE speaker_id IS NOT NULL)",
        "DELETE FROM places WHERE id NOT IN (SELECT place_id FROM article_places) "
        "AND id NOT IN (SELECT dateline_place_id FROM articles "
        "WHERE dateline_place_id IS NOT NULL)",
        "DELETE FROM topics WHERE id NOT IN (SELECT topic_id FROM article_topics)",
    ):
        connection.execute(sa.text(statement))


def _merge_duplicate_people(connection: sa.Connection) -> None:
    found = connection.execute(
        sa.text(
            "SELECT p.id, p.key, p.kind FROM people p WHERE EXISTS (SELECT 1 FROM people o "
            "WHERE o.key = p.key AND o.kind = p.kind AND o.id != p.id) ORDER BY p.id"
        )
    ).all()
    keep: dict[tuple[str, str], int] = {}
    fingerprints: set[str] = set()
    for person_id, key, kind in found:
        kept = keep.setdefault((key, kind), person_id)
        if kept != person_id:
            fingerprints |= _merge_person(connection, person_id, kept)
    for key in sorted(fingerprints):
        _regroup(connection, key)


def _merge_person(connection: sa.Connection, old: int, new: int) -> set[str]:
    """Move everything of person `old` to `new` and delete `old`; the fingerprints of the
    moved quotes."""
    ids = {"old": old, "new": new}
    moved = connection.execute(
        sa.select(quotes.c.id, quotes.c.text, quotes.c.speaker_mention).where(
            quotes.c.speaker_id == old
        )
    ).all()
    changes = [
        {"quote_id": quote_id, "key": fingerprint(said, new, mention)}
        for quote_id, said, mention in moved
    ]
    for statement in (
        "UPDATE people SET role = (SELECT role FROM people WHERE id = :old) "
        "WHERE id = :new AND role IS NULL",
        "UPDATE quotes SET speaker_id = :new WHERE speaker_id = :old",
        "UPDATE quote_topics SET speaker_id = :new WHERE speaker_id = :old",
        "UPDATE article_people SET mentions = mentions + (SELECT o.mentions FROM article_people o "
        "WHERE o.person_id = :old AND o.article_id = article_people.article_id) "
        "WHERE person_id = :new AND article_id IN "
        "(SELECT article_id FROM article_people WHERE person_id = :old)",
        "DELETE FROM article_people WHERE person_id = :old AND article_id IN "
        "(SELECT article_id FROM article_people WHERE person_id = :new)",
        "UPDATE article_people SET person_id = :new WHERE person_id = :old",
        "DELETE FROM person_aliases WHERE person_id = :old AND key IN "
        "(SELECT key FROM person_aliases WHERE person_id = :new)",
        "UPDATE person_aliases SET person_id = :new WHERE person_id = :old",
        "DELETE FROM person_name_tokens WHERE person_id = :old AND token IN "
        "(SELECT token FROM person_name_tokens WHERE person_id = :new)",
        "UPDATE person_name_tokens SET person_id = :new WHERE person_id = :old",
        "DELETE FROM people WHERE id = :old",
    ):
        connection.execute(sa.text(statement), ids)
    if changes:
        connection.execute(
            sa.update(quotes)
            .where(quotes.c.id == sa.bindparam("quote_id"))
            .values(fingerprint=sa.bindparam("key")),
            changes,
        )
    return {change["key"] for change in changes}


def _regroup(connection: sa.Connection, key: str) -> None:
    """The wire groups of one fingerprint as ingest makes them in id order: a quote joins the
    first earlier group whose first quote is in another article and said within a week."""
    rows = connection.execute(
        sa.select(quotes.c.id, quotes.c.article_id, quotes.c.date, quotes.c.duplicate_of)
        .where(quotes.c.fingerprint == key)
        .order_by(quotes.c.id)
    ).all()
    groups: list[tuple[int, int, dt.date | None]] = []
    changes = []
    for quote_id, article_id, date, duplicate_of in rows:
        first = next(
            (
                first_id
                for first_id, first_article, first_date in groups
                if first_article != article_id and _same_occasion(first_date, date)
            ),
            None,
        )
        if first is None:
            groups.append((quote_id, article_id, date))
        if first != duplicate_of:
            changes.append({"quote_id": quote_id, "first": first})
    _set_groups(connection, changes)
