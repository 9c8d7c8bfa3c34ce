"""Migration 0009 gives every stored person the spelling key of their surname, the one the
store now writes, so that people stored before it are found by the spellings of their name."""

from pathlib import Path

from alembic import command

from app.db import make_engine
from app.ingest.names import surname_spelling
from tests.ingest.stored import rows
from tests.test_migrations import alembic_config

PEOPLE = [
    # id, name, surname key
    (1, "Hassan Rouhani", "rouhani"),
    (2, "Volodymyr Zelenskyy", "zelenskyy"),
    (3, "Mohammed bin Salman", "salman"),
    (4, "Li", "li"),
]


def test_stored_people_get_the_spelling_key_the_store_writes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'spelling.db'}"
    command.upgrade(alembic_config(url), "0008")
    engine = make_engine(url)
    with engine.begin() as connection:
        for person_id, name, surname in PEOPLE:
            connection.exec_driver_sql(
                "INSERT INTO people (id, name, key, surname_key, kind) VALUES (?, ?, ?, ?, ?)",
                (person_id, name, name.lower(), surname, "person"),
            )
    command.upgrade(alembic_config(url), "0009")
    stored = rows(engine, "SELECT id, spelling_key FROM people ORDER BY id")
    assert stored == [(pid, surname_spelling(name)) for pid, name, _surname in PEOPLE]
    assert stored[0] == (1, "rhn")
    command.downgrade(alembic_config(url), "0008")
    assert "spelling_key" not in {r[1] for r in rows(engine, "PRAGMA table_info(people)")}
    engine.dispose()
