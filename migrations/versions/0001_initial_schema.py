"""Initial schema: articles, quotes, people, places, topics, their links, and FTS5 over quotes.

Revision ID: 0001
Revises:
Create Date: 2026-11-21

The FTS5 table and its triggers are hand-written (autogenerate cannot see them) and only
created on SQLite; on other databases full-text search falls back to a LIKE scan.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

FTS_STATEMENTS = [
    """CREATE VIRTUAL TABLE quotes_fts USING fts5(
        text, content='quotes', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text);
    END""",
]
FTS_DROP = [
    "DROP TRIGGER IF EXISTS quotes_fts_update",
    "DROP TRIGGER IF EXISTS quotes_fts_delete",
    "DROP TRIGGER IF EXISTS quotes_fts_insert",
    "DROP TABLE IF EXISTS quotes_fts",
]


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("surname_key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_key"), ["key"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_surname_key"), ["surname_key"], unique=False)

    op.create_table(
        "places",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("country_code", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_places")),
        sa.UniqueConstraint("key", name=op.f("uq_places_key")),
    )
    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topics")),
        sa.UniqueConstraint("slug", name=op.f("uq_topics_slug")),
    )
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_topics_key"), ["key"], unique=False)

    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("path", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("byline", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("dateline", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("dateline_place_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("content_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("ingested_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dateline_place_id"],
            ["places.id"],
            name=op.f("fk_articles_dateline_place_id_places"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("source_key", name=op.f("uq_articles_source_key")),
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_articles_content_hash"), ["content_hash"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_articles_published"), ["published"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_source"), ["source"], unique=False)

    op.create_table(
        "person_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("alias", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_aliases_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_aliases")),
        sa.UniqueConstraint("person_id", "key", name="uq_person_aliases_person_key"),
    )
    with op.batch_alter_table("person_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_aliases_key"), ["key"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_person_aliases_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "place_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("alias", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["place_id"],
            ["places.id"],
            name=op.f("fk_place_aliases_place_id_places"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_place_aliases")),
        sa.UniqueConstraint("place_id", "key", name="uq_place_aliases_place_key"),
    )
    with op.batch_alter_table("place_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_place_aliases_key"), ["key"], unique=False)
        batch_op.create_index(batch_op.f("ix_place_aliases_place_id"), ["place_id"], unique=False)

    op.create_table(
        "article_people",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_people_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_article_people_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "person_id", name=op.f("pk_article_people")),
    )
    with op.batch_alter_table("article_people", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_article_people_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "article_places",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_places_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["place_id"],
            ["places.id"],
            name=op.f("fk_article_places_place_id_places"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "place_id", name=op.f("pk_article_places")),
    )
    with op.batch_alter_table("article_places", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_places_place_id"), ["place_id"], unique=False)

    op.create_table(
        "article_topics",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_topics_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topics.id"],
            name=op.f("fk_article_topics_topic_id_topics"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "topic_id", name=op.f("pk_article_topics")),
    )
    with op.batch_alter_table("article_topics", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_topics_topic_id"), ["topic_id"], unique=False)

    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=True),
        sa.Column("speaker_mention", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("reported_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("cue", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("context", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_quotes_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["people.id"],
            name=op.f("fk_quotes_speaker_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes")),
    )
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.create_index("ix_quotes_article", ["article_id", "start"], unique=False)
        batch_op.create_index("ix_quotes_date_id", ["date", "id"], unique=False)
        batch_op.create_index("ix_quotes_kind_date", ["kind", "date", "id"], unique=False)
        batch_op.create_index("ix_quotes_speaker_date", ["speaker_id", "date", "id"], unique=False)

    op.create_table(
        "quote_places",
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["place_id"],
            ["places.id"],
            name=op.f("fk_quote_places_place_id_places"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["quote_id"],
            ["quotes.id"],
            name=op.f("fk_quote_places_quote_id_quotes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("quote_id", "place_id", name=op.f("pk_quote_places")),
    )
    with op.batch_alter_table("quote_places", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quote_places_place_id"), ["place_id"], unique=False)

    op.create_table(
        "quote_topics",
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["quote_id"],
            ["quotes.id"],
            name=op.f("fk_quote_topics_quote_id_quotes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topics.id"],
            name=op.f("fk_quote_topics_topic_id_topics"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("quote_id", "topic_id", name=op.f("pk_quote_topics")),
    )
    with op.batch_alter_table("quote_topics", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quote_topics_topic_id"), ["topic_id"], unique=False)

    if _is_sqlite():
        for statement in FTS_STATEMENTS:
            op.execute(statement)


def downgrade() -> None:
    if _is_sqlite():
        for statement in FTS_DROP:
            op.execute(statement)
    with op.batch_alter_table("quote_topics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quote_topics_topic_id"))

    op.drop_table("quote_topics")
    with op.batch_alter_table("quote_places", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quote_places_place_id"))

    op.drop_table("quote_places")
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_index("ix_quotes_speaker_date")
        batch_op.drop_index("ix_quotes_kind_date")
        batch_op.drop_index("ix_quotes_date_id")
        batch_op.drop_index("ix_quotes_article")

    op.drop_table("quotes")
    with op.batch_alter_table("article_topics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_topics_topic_id"))

    op.drop_table("article_topics")
    with op.batch_alter_table("article_places", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_places_place_id"))

    op.drop_table("article_places")
    with op.batch_alter_table("article_people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_people_person_id"))

    op.drop_table("article_people")
    with op.batch_alter_table("place_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_place_aliases_place_id"))
        batch_op.drop_index(batch_op.f("ix_place_aliases_key"))

    op.drop_table("place_aliases")
    with op.batch_alter_table("person_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_aliases_person_id"))
        batch_op.drop_index(batch_op.f("ix_person_aliases_key"))

    op.drop_table("person_aliases")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_source"))
        batch_op.drop_index(batch_op.f("ix_articles_published"))
        batch_op.drop_index(batch_op.f("ix_articles_content_hash"))

    op.drop_table("articles")
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_topics_key"))

    op.drop_table("topics")
    op.drop_table("places")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_surname_key"))
        batch_op.drop_index(batch_op.f("ix_people_kind"))
        batch_op.drop_index(batch_op.f("ix_people_key"))

    op.drop_table("people")
