"""Engine and session factory; the only place that knows which database is behind the URL."""

import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from app.config import get_settings


def _configure_sqlite(engine: Engine, time_limit_ms: int) -> None:
    """WAL lets the API read while ingest writes; foreign keys are off in SQLite unless asked.

    With a time limit, SQLite's progress handler interrupts any statement that runs past it, so
    one slow query cannot hold a worker; the clock restarts before every statement.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
        if time_limit_ms > 0:
            clock = {"deadline": None}
            record.info["verbatim_clock"] = clock

            def _past_deadline() -> int:
                deadline = clock["deadline"]
                return 1 if deadline is not None and time.monotonic() > deadline else 0

            dbapi_connection.set_progress_handler(_past_deadline, 10_000)

    if time_limit_ms > 0:

        @event.listens_for(engine, "before_cursor_execute")
        def _start_clock(conn, _cursor, _statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
            clock = conn.connection.info.get("verbatim_clock")
            if clock is not None:
                clock["deadline"] = time.monotonic() + time_limit_ms / 1000


def make_engine(url: str, time_limit_ms: int = 0) -> Engine:
    """Create an engine for `url`, creating the SQLite file's folder if needed."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False})
    _configure_sqlite(engine, time_limit_ms)
    return engine


@lru_cache
def get_engine() -> Engine:
    settings = get_settings()
    return make_engine(settings.database_url, settings.query_time_limit_ms)


def get_session() -> Iterator[Session]:
    """FastAPI dependency: one session (and connection) per request."""
    with Session(get_engine()) as session:
        yield session


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def upgrade_database(url: str) -> None:
    """Bring the database at `url` to the newest Alembic revision (tables are never created
    any other way, so the schema always matches `migrations/`)."""
    from alembic import command
    from alembic.config import Config

    root = Path(__file__).resolve().parent.parent
    config = Config(str(root / "alembic.ini"))
    config.set_main_option("script_location", str(root / "migrations"))
    config.cmd_opts = None
    config.attributes["url"] = url
    command.upgrade(config, "head")
