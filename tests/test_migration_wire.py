"""Migration 0004 backfills wire groups of quotes stored before it, as ingest would group them."""

import importlib.util
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from app.ingest import wire
from tests.test_migrations import ROOT, alembic_config

MIGRATION = ROOT / "migrations" / "versions" / "0004_wire_copies.py"

ARTICLES = [(1, "2025-11-12"), (2, "2025-11-13"), (3, "2025-12-20")]
QUOTES = [
    # id, article, speaker, text, date
    (1, 1, 5, "The levy will double.", "2025-11-12"),
    (2, 1, 5, "The levy will double", "2025-11-12"),
    (3, 2, 5, "\u201cThe levy will double\u201d", "2025-11-13"),
    (4, 2, 6, "The levy will double", "2025-11-13"),
    (5, 3, 5, "The levy will double", "2025-12-20"),
    (6, 2, 5, "Ships will go to Rostock", "2025-11-13"),
]


def test_the_backfill_groups_copies_in_other_articles_within_a_week(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wire.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0001")
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            for article_id, published in ARTICLES:
                connection.execute(
                    text(
                        "INSERT INTO articles (id, source_key, title, body, content_hash, "
                        "word_count, published, ingested_at) VALUES (:id, :key, 'T', 'B', :key, "
                        "1, :published, '2025-11-12 00:00:00')"
                    ),
                    {"id": article_id, "key": f"k{article_id}", "published": published},
                )
            connection.execute(
                text("INSERT INTO people (id, name, key, surname_key, kind) VALUES "
                     "(5, 'A', 'a', 'a', 'person'), (6, 'B', 'b', 'b', 'person')")
            )  # fmt: skip
            for quote_id, article_id, speaker_id, said, date in QUOTES:
                connection.execute(
                    text(
                        'INSERT INTO quotes (id, article_id, speaker_id, text, kind, start, "end", '
                        "context, date) VALUES (:id, :article, :speaker, :text, 'direct', 0, 1, "
                        "'', :date)"
                    ),
                    {"id": quote_id, "article": article_id, "speaker": speaker_id, "text": said,
                     "date": date},
                )  # fmt: skip
        command.upgrade(config, "head")
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT id, duplicate_of, fingerprint, text, speaker_id FROM quotes")
            ).all()
    finally:
        engine.dispose()
    assert {row.id: row.duplicate_of for row in rows} == {
        1: None,  # first of its group
        2: None,  # a repeat in the same article is not a copy
        3: 1,  # curly quotes, next day, another article
        4: None,  # another speaker
        5: None,  # five weeks later
        6: None,
    }
    for row in rows:
        assert row.fingerprint == wire.fingerprint(row.text, row.speaker_id, None)


@pytest.mark.parametrize(
    ("said", "speaker_id", "mention"),
    [
        ("\u201cThe U.S. will help,\u201d", 3, None),
        ("Erdo\u011fan's cease-fire plan", None, "He"),
        ("", None, None),
    ],
)
def test_the_migration_s_copy_of_the_fingerprint_matches_ingest(
    said: str, speaker_id: int | None, mention: str | None
) -> None:
    spec = importlib.util.spec_from_file_location("wire_copies_0004", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.fingerprint(said, speaker_id, mention) == wire.fingerprint(
        said, speaker_id, mention
    )
