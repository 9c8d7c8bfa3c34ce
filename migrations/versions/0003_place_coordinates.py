"""Place coordinates and a country index; word-start tokens for people's prefix search.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

Existing places get coordinates (and a missing country code) from the gazetteer when their
name still resolves to the place they are stored as. Existing people get the tokens that
ingest now writes with each alias.
"""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
import sqlmodel
from alembic import op

from app.ingest import gazetteer
from app.text import fold, word_starts

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5_000

_places = sa.table(
    "places",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("key", sa.String),
    sa.column("country_code", sa.String),
    sa.column("latitude", sa.Float),
    sa.column("longitude", sa.Float),
)
_people = sa.table("people", sa.column("id", sa.Integer), sa.column("key", sa.String))
_aliases = sa.table(
    "person_aliases", sa.column("person_id", sa.Integer), sa.column("key", sa.String)
)
_tokens = sa.table(
    "person_name_tokens", sa.column("person_id", sa.Integer), sa.column("token", sa.String)
)


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), BATCH):
        yield rows[i : i + BATCH]


def _backfill_places(connection: sa.Connection) -> None:
    updates = []
    for place_id, name, key, country_code in connection.execute(
        sa.select(_places.c.id, _places.c.name, _places.c.key, _places.c.country_code)
    ):
        known = gazetteer.lookup(name)
        if known is None or fold(known.name) != key or known.latitude is None:
            continue
        updates.append(
            {
                "place_id": place_id,
                "lat": known.latitude,
                "lon": known.longitude,
                "code": country_code or known.country_code,
            }
        )
    statement = (
        _places.update()
        .where(_places.c.id == sa.bindparam("place_id"))
        .values(
            latitude=sa.bindparam("lat"),
            longitude=sa.bindparam("lon"),
            country_code=sa.bindparam("code"),
        )
    )
    for batch in _batches(updates):
        connection.execute(statement, batch)


def _backfill_tokens(connection: sa.Connection) -> None:
    keys: defaultdict[int, set[str]] = defaultdict(set)
    names = sa.union(
        sa.select(_people.c.id, _people.c.key), sa.select(_aliases.c.person_id, _aliases.c.key)
    )
    for person_id, key in connection.execute(names):
        keys[person_id] |= word_starts(key)
    rows = [{"person_id": p, "token": t} for p, tokens in keys.items() for t in sorted(tokens)]
    for batch in _batches(rows):
        connection.execute(_tokens.insert(), batch)


def upgrade() -> None:
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.add_column(sa.Column("latitude", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("longitude", sa.Float(), nullable=True))
        batch_op.create_index(batch_op.f("ix_places_country_code"), ["country_code"], unique=False)
    op.create_table(
        "person_name_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("token", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_name_tokens_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_name_tokens")),
    )
    with op.batch_alter_table("person_name_tokens", schema=None) as batch_op:
        batch_op.create_index(
            "ix_person_name_tokens_token_person", ["token", "person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_person_name_tokens_person_id"), ["person_id"], unique=False
        )
    connection = op.get_bind()
    _backfill_places(connection)
    _backfill_tokens(connection)


def downgrade() -> None:
    with op.batch_alter_table("person_name_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_name_tokens_person_id"))
        batch_op.drop_index("ix_person_name_tokens_token_person")
    op.drop_table("person_name_tokens")
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_places_country_code"))
        batch_op.drop_column("longitude")
        batch_op.drop_column("latitude")
