"""Surname spelling: people keep a key that every spelling of their surname shares.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05

The store compares a new person with the stored ones whose surname could be a spelling of
theirs (`app.ingest.names.same_person`). It found those by the first three letters of the
folded surname, so "Rohani" never met "Rouhani", nor "Jusuf" "Yusuf" of another first letter
(that last is still apart: the first letter is kept). `people.spelling_key` is the surname's
spelling key (`app.ingest.names.spelling`) with its vowels after the first letter left out:
what transliteration changes (a vowel more or less, y for i, doubled letters, kh for h) does
not change it, so every person `same_person` can join shares it (`rhn`: Rouhani, Rohani).

The key function is copied from `app.ingest.names` as it is now, so that later changes to the
app cannot change what this revision does; the store writes the app's own. Downgrade drops the
column and its index.
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from anyascii import anyascii

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VOWELS = frozenset("aeiouy")
_SPELLING_RULES = (
    (re.compile(r"(?<=.)kh"), "h"),
    (re.compile(r"ks(?=.)"), "x"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"^ye"), "e"),
    (re.compile(r"(?:iy|yy|ii|yi|ij|yj|y)$"), "i"),
    (re.compile(r"(?:iya|(?<=[^aeiou])ya)$"), "ia"),
    (re.compile(r"(?<=[aeou])y"), "i"),
    (re.compile(r"(?<=.{4})ie$"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),
)
_NON_WORD = re.compile(r"[\W_]+")

people = sa.table(
    "people",
    sa.column("id", sa.Integer()),
    sa.column("surname_key", sa.String()),
    sa.column("spelling_key", sa.String()),
)


def spelling_key(surname_key: str) -> str:
    word = _NON_WORD.sub(" ", anyascii(surname_key).casefold()).strip()
    for pattern, replacement in _SPELLING_RULES:
        word = pattern.sub(replacement, word)
    return word[:1] + "".join(ch for ch in word[1:] if ch not in VOWELS)


def upgrade() -> None:
    # a plain ALTER TABLE: a batch copy of `people` would break the triggers that name it
    op.add_column(
        "people", sa.Column("spelling_key", sa.String(), nullable=False, server_default="")
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(people.c.id, people.c.surname_key)).all()
    if rows:
        connection.execute(
            people.update()
            .where(people.c.id == sa.bindparam("person_id"))
            .values(spelling_key=sa.bindparam("key")),
            [{"person_id": pid, "key": spelling_key(surname or "")} for pid, surname in rows],
        )
    op.create_index("ix_people_spelling_key_kind", "people", ["spelling_key", "kind"])


def downgrade() -> None:
    op.drop_index("ix_people_spelling_key_kind", table_name="people")
    op.drop_column("people", "spelling_key")
