"""Databases for the API tests: one built by the real ingest of seeds/, one empty.

Both are real databases brought to the newest migration, on each backend of the `backend`
fixture: a SQLite file, and a database on the PostgreSQL server of `tests.postgres` (skipped,
with the reason, when no server is given). Every test that uses a database therefore runs on
both, with the same expected results. Each test client gets its own app whose `get_session`
is overridden to use one of them, so no global settings, cached engine or environment
variable is touched.
"""

import importlib.util
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app.config import get_settings
from app.db import get_session, make_engine, upgrade_database
from app.main import create_app
from tests.postgres import migrated_database, needs_postgres

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "seeded: reads the database built by ingesting seeds/; fails without ingest"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark by fixture use, so the marker cannot drift from what a test really needs."""
    for item in items:
        if "seeded_engine" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.seeded)


BACKENDS = ["sqlite", pytest.param("postgresql", marks=needs_postgres)]


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The database the tests that take it run on; every fixture that builds a database
    takes it, so that each test using one runs once per backend."""
    name: str = request.param
    return name


def migrated_engine(
    tmp_path_factory: pytest.TempPathFactory, name: str, backend: str = "sqlite"
) -> Engine:
    """A new database at the newest migration on `backend`."""
    if backend == "postgresql":
        url = migrated_database(name)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp(name) / 'verbatim.db'}"
        upgrade_database(url)
    return make_engine(url, get_settings().query_time_limit_ms)


def serve(engine: Engine) -> TestClient:
    """A client for a fresh app whose requests each get a session on `engine`."""
    app = create_app()

    def session() -> Iterator[Session]:
        with Session(engine) as session:
            yield session

    app.dependency_overrides[get_session] = session
    return TestClient(app)


@pytest.fixture(scope="session")
def seeded_engine(tmp_path_factory: pytest.TempPathFactory, backend: str) -> Iterator[Engine]:
    """The seeds ingested by the real pipeline: an error here, not a skip, if it is missing."""
    if importlib.util.find_spec("app.ingest.pipeline") is None:
        pytest.fail(
            "API tests need app.ingest.pipeline.ingest_paths, which is missing", pytrace=False
        )
    from app.ingest.pipeline import ingest_paths

    engine = migrated_engine(tmp_path_factory, "seeded", backend)
    ingest_paths([SEEDS], engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def client(seeded_engine: Engine) -> Iterator[TestClient]:
    with serve(seeded_engine) as client:
        yield client


@pytest.fixture(scope="session")
def empty_engine(tmp_path_factory: pytest.TempPathFactory, backend: str) -> Iterator[Engine]:
    engine = migrated_engine(tmp_path_factory, "empty", backend)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def empty_client(empty_engine: Engine) -> Iterator[TestClient]:
    with serve(empty_engine) as client:
        yield client


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Set `VERBATIM_*` variables for apps built after the call; settings are re-read."""

    def set_env(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(f"VERBATIM_{name.upper()}", value)
        get_settings.cache_clear()

    yield set_env
    monkeypatch.undo()
    get_settings.cache_clear()
