"""Migration 0008 cleans up the duplicates the new unique keys forbid, as the store would have
stored them, and then the database refuses new ones; downgrade and upgrade again work."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from app.db import make_engine
from app.ingest.wire import fingerprint
from tests.ingest.stored import consistent, rows
from tests.test_migrations import alembic_config, schema

SAID = "The levy will double"
OTHER = "Ships will go to Rostock"

ARTICLES = [
    # id, content hash
    (1, "same"),
    (2, "other"),
    (3, "same"),  # article 1 again, from another file
]
PEOPLE = [
    # id, key, kind, role
    (1, "maria kowalska", "person", None),
    (2, "anna nowak", "person", None),
    (3, "maria kowalska", "person", "Minister"),  # stored twice by two ingests at once
    (4, "maria kowalska", "organization", None),  # another kind: another entity
    (5, "jan duda", "person", None),  # named in article 3 only
]
QUOTES = [
    # id, article, speaker, text, date, duplicate_of
    (1, 1, 1, SAID, "2025-11-12", None),
    (2, 2, 3, SAID, "2025-11-13", None),  # said by the second Maria: not a copy of quote 1
    (3, 3, 1, SAID, "2025-11-12", 1),
    (4, 3, 2, OTHER, "2025-11-12", None),  # leads a group from the duplicate article
    (5, 2, 2, OTHER, "2025-11-13", 4),
    (6, 3, 5, "Nobody asked us", "2025-11-12", None),
]
ARTICLE_PEOPLE = [
    # article, person, mentions
    (1, 1, 2),
    (2, 1, 1),
    (2, 3, 2),
    (2, 2, 1),
    (2, 4, 1),
    (3, 1, 2),
    (3, 2, 1),
    (3, 5, 1),
]
ALIASES = [(1, "maria kowalska"), (1, "kowalska"), (3, "maria kowalska"), (3, "m kowalska")]


def insert(engine: Engine, sql: str, values: list[tuple]) -> None:
    """`sql` with `:v0`, `:v1`… once per row of `values`."""
    with engine.begin() as connection:
        for row in values:
            connection.execute(text(sql), {f"v{i}": value for i, value in enumerate(row)})


def populate(engine: Engine) -> None:
    """A database at revision 0007 with the duplicates earlier versions could store."""
    insert(
        engine,
        "INSERT INTO articles (id, source_key, title, body, content_hash, word_count, "
        "published, ingested_at) VALUES (:v0, 'k' || :v0, 'T', 'B', :v1, 1, '2025-11-12', "
        "'2025-11-12 00:00:00')",
        ARTICLES,
    )
    insert(
        engine,
        "INSERT INTO people (id, name, key, surname_key, kind, role) "
        "VALUES (:v0, :v1, :v1, 'x', :v2, :v3)",
        PEOPLE,
    )
    insert(
        engine,
        'INSERT INTO quotes (id, article_id, speaker_id, text, kind, start, "end", context, '
        "date, fingerprint, duplicate_of) "
        "VALUES (:v0, :v1, :v2, :v3, 'direct', 0, 1, '', :v4, :v5, :v6)",
        [(*quote[:5], fingerprint(quote[3], quote[2], None), quote[5]) for quote in QUOTES],
    )
    insert(engine, "INSERT INTO topics (id, slug, name, key) VALUES (1, 'levy', 'L', 'l')", [()])
    insert(
        engine,
        "INSERT INTO quote_topics (quote_id, topic_id, date, first_copy, speaker_id) "
        "VALUES (:v0, 1, :v1, :v2, :v3)",
        [(q[0], q[4], q[5] is None, q[2]) for q in QUOTES],
    )
    insert(
        engine,
        "INSERT INTO article_topics (article_id, topic_id) VALUES (:v0, 1)",
        [(a[0],) for a in ARTICLES],
    )
    insert(
        engine,
        "INSERT INTO article_people (article_id, person_id, mentions) VALUES (:v0, :v1, :v2)",
        ARTICLE_PEOPLE,
    )
    insert(
        engine,
        "INSERT INTO person_aliases (person_id, alias, key) VALUES (:v0, :v1, :v1)",
        ALIASES,
    )


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'unique.db'}"
    command.upgrade(alembic_config(url), "0007")
    engine = make_engine(url)
    try:
        populate(engine)
    finally:
        engine.dispose()
    yield url


@pytest.fixture
def upgraded(url: str) -> Iterator[Engine]:
    command.upgrade(alembic_config(url), "0008")
    engine = make_engine(url)
    yield engine
    engine.dispose()


def test_the_article_stored_twice_is_removed_and_its_groups_pass_on(upgraded: Engine) -> None:
    assert rows(upgraded, "SELECT id FROM articles ORDER BY id") == [(1,), (2,)]
    assert rows(upgraded, "SELECT id, duplicate_of FROM quotes ORDER BY id") == [
        (1, None),
        (2, 1),  # the second Maria's quote is now hers, and a copy of quote 1
        (5, None),  # the next copy leads the group of quote 4
    ]
    assert rows(upgraded, "SELECT id FROM people ORDER BY id") == [(1,), (2,), (4,)], (
        "Jan Duda was named only in the removed article"
    )
    consistent(upgraded)


def test_one_person_stored_twice_becomes_one(upgraded: Engine) -> None:
    assert rows(upgraded, "SELECT id, role, quote_count FROM people WHERE id = 1") == [
        (1, "Minister", 1)
    ]
    assert rows(upgraded, "SELECT speaker_id, fingerprint FROM quotes WHERE id = 2") == [
        (1, fingerprint(SAID, 1, None))
    ]
    assert rows(
        upgraded, "SELECT article_id, mentions FROM article_people WHERE person_id = 1"
    ) == [(1, 2), (2, 3)]
    assert rows(upgraded, "SELECT key FROM person_aliases WHERE person_id = 1 ORDER BY key") == [
        ("kowalska",),
        ("m kowalska",),
        ("maria kowalska",),
    ]
    assert rows(upgraded, "SELECT speaker_id FROM quote_topics WHERE quote_id = 2") == [(1,)]


def test_no_id_is_given_again(upgraded: Engine) -> None:
    assert rows(upgraded, "SELECT table_name, last_id FROM id_high_water ORDER BY 1") == [
        ("articles", 3),
        ("quotes", 6),
    ]


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO people (name, key, surname_key, kind) "
        "VALUES ('Anna Nowak', 'anna nowak', 'nowak', 'person')",
        "INSERT INTO articles (source_key, title, body, content_hash, word_count, ingested_at) "
        "VALUES ('k9', 'T', 'B', 'other', 1, '2025-11-12 00:00:00')",
    ],
    ids=["person", "article"],
)
def test_a_second_row_with_the_same_key_is_refused(upgraded: Engine, sql: str) -> None:
    with pytest.raises(IntegrityError, match="UNIQUE constraint failed"), upgraded.begin() as c:
        c.execute(text(sql))


def test_downgrade_and_upgrade_again(url: str, upgraded: Engine) -> None:
    config = alembic_config(url)
    after = schema(url)
    command.downgrade(config, "0007")
    assert "id_high_water" not in schema(url)["table"]
    assert {"ix_people_key", "ix_articles_content_hash"} <= schema(url)["index"]
    command.upgrade(config, "0008")
    assert schema(url) == after
    consistent(upgraded)
