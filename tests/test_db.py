"""Engines (app.db): the API's connections only read; ingest's write; the API's pool holds a
connection for every request the server admits at once."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from app.config import get_settings
from app.db import get_engine, get_session, make_engine, upgrade_database
from app.limits import connections_needed

INSERT_TOPIC = "INSERT INTO topics (slug, name, key) VALUES ('x', 'X', 'x')"


@pytest.fixture
def api_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """A migrated file that the settings name, so that `get_engine` builds the API's engine
    on it as a server would; the cached settings and engine are dropped on both sides."""
    url = f"sqlite:///{tmp_path / 'api.db'}"
    upgrade_database(url)
    monkeypatch.setenv("VERBATIM_DATABASE_URL", url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield url
    get_engine().dispose()
    get_engine.cache_clear()
    monkeypatch.undo()
    get_settings.cache_clear()


def test_the_api_session_cannot_write(api_database: str) -> None:
    sessions = get_session()
    session = next(sessions)
    assert session.execute(text("SELECT count(*) FROM topics")).scalar_one() == 0
    with pytest.raises(OperationalError, match="readonly"):
        session.execute(text(INSERT_TOPIC))
    sessions.close()


def test_ingest_engines_still_write(api_database: str) -> None:
    engine: Engine = make_engine(api_database)
    try:
        with engine.begin() as connection:
            connection.execute(text(INSERT_TOPIC))
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM topics")).scalar_one() == 1
    finally:
        engine.dispose()


def test_the_api_pool_has_a_connection_for_every_admitted_request(
    api_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERBATIM_MAX_REQUESTS_IN_FLIGHT", "3")
    monkeypatch.setenv("VERBATIM_MAX_EXPORTS_IN_FLIGHT", "2")
    get_settings.cache_clear()
    get_engine.cache_clear()
    pool = get_engine().pool
    assert connections_needed(get_settings()) == 3 + 2 + 1
    assert pool.size() == 6  # type: ignore[attr-defined]
    assert pool._max_overflow == 0  # type: ignore[attr-defined]
