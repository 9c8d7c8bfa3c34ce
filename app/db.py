"""Engine and session factory; the only place that knows which database is behind the URL."""

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session, create_engine

from app.config import get_settings


def _configure_sqlite(engine: Engine, time_limit_ms: float, mmap_mb: int, read_only: bool) -> None:
    """WAL lets the API read while ingest writes; foreign keys are off in SQLite unless asked.
    Memory-mapped reads save a system call and a copy per page: facets read thousands of
    scattered rows, a third faster that way.

    With a time limit, SQLite's progress handler interrupts any statement that runs past it, so
    one slow query cannot hold a worker; the clock restarts before every statement.
    `statement_time_limit` lends a connection another limit for a while (facets get a shorter
    one), so the handler is installed even when the default limit is off.

    A read-only engine's connections refuse every write (`query_only`, set after the WAL
    switch, which writes the file header once).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute(f"PRAGMA mmap_size={int(mmap_mb) * 2**20}")
        if read_only:
            cursor.execute("PRAGMA query_only=ON")
        cursor.close()
        clock: dict[str, float | None] = {"deadline": None, "limit_ms": time_limit_ms}
        record.info["verbatim_clock"] = clock

        def _past_deadline() -> int:
            deadline = clock["deadline"]
            return 1 if deadline is not None and time.monotonic() > deadline else 0

        dbapi_connection.set_progress_handler(_past_deadline, 10_000)

    @event.listens_for(engine, "before_cursor_execute")
    def _start_clock(conn, _cursor, _statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        clock = conn.connection.info.get("verbatim_clock")
        if clock is not None:
            limit_ms = clock["limit_ms"]
            clock["deadline"] = time.monotonic() + limit_ms / 1000 if limit_ms else None


QUERY_CANCELED = "57014"
"""PostgreSQL's SQLSTATE for a statement cancelled, by `statement_timeout` among others."""


def _configure_postgresql(engine: Engine, time_limit_ms: float) -> None:
    """Give every connection the clock `statement_time_limit` and `time_limit_ms` read; the
    limit itself is the server's `statement_timeout`, set when the connection opens (see
    `make_engine`), so PostgreSQL cancels a statement past it as SQLite's handler does."""

    @event.listens_for(engine, "connect")
    def _on_connect(_dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
        record.info["verbatim_clock"] = {"limit_ms": time_limit_ms, "server": True}


def _timeout_ms(limit_ms: float) -> int:
    """`statement_timeout` in whole ms; a fraction is rounded up, since 0 means no limit."""
    return math.ceil(limit_ms) if limit_ms > 0 else 0


@contextmanager
def statement_time_limit(session: Session, limit_ms: float) -> Iterator[None]:
    """Interrupt each statement `session` runs inside the block after `limit_ms`, then
    restore the connection's own limit (SQLite and PostgreSQL; elsewhere a no-op).

    An interrupted statement raises OperationalError (see `is_interrupted`); the session stays
    usable, so a caller can give up on one optional query and go on. On PostgreSQL a failed
    statement aborts the whole transaction, so the block runs in a savepoint that the failure
    rolls back, taking the `SET LOCAL` with it.
    """
    clock = session.connection().connection.info.get("verbatim_clock")
    if clock is None:
        yield
        return
    saved = clock["limit_ms"]
    clock["limit_ms"] = limit_ms
    try:
        if clock.get("server"):
            with session.begin_nested():
                _set_timeout(session, limit_ms)
                yield
                _set_timeout(session, saved or 0)
        else:
            yield
    finally:
        clock["limit_ms"] = saved


def _set_timeout(session: Session, limit_ms: float) -> None:
    session.execute(text(f"SET LOCAL statement_timeout = {_timeout_ms(limit_ms)}"))


def time_limit_ms(session: Session) -> float:
    """The time limit `session`'s statements run under now, in ms (0: none), for a caller that
    sets a limit relative to it."""
    clock = session.connection().connection.info.get("verbatim_clock")
    return (clock["limit_ms"] or 0) if clock is not None else 0


READ_ONLY_TRANSACTION = "25006"
"""PostgreSQL's SQLSTATE for a write in a read-only transaction: a hot standby (replica)
refuses every write with it, as a read-only session does."""


def is_read_only(error: DBAPIError) -> bool:
    """Whether the database refused a write because it only reads: a PostgreSQL replica or
    read-only session, or a SQLite connection with `query_only` (or a read-only file)."""
    if getattr(error.orig, "sqlstate", None) == READ_ONLY_TRANSACTION:
        return True
    return "readonly" in str(error.orig).replace(" ", "").replace("-", "")


def refuses_writes(engine: Engine) -> bool:
    """Whether `engine`'s database takes no writes at all: a PostgreSQL hot standby (a read
    replica) or a server whose sessions default to read-only. Asked before ingest starts, so
    that pointing it at a replica is one clear error, not one failure per article."""
    if engine.dialect.name != "postgresql":
        return False
    with engine.connect() as connection:
        return connection.execute(text("SHOW transaction_read_only")).scalar_one() == "on"


def is_interrupted(error: OperationalError) -> bool:
    """Whether the database stopped the statement for running past its time limit: SQLite's
    progress handler ("interrupted") or PostgreSQL's `statement_timeout` (query canceled).

    Only the driver's error is read: the wrapper's message also quotes the user's parameters.
    """
    if getattr(error.orig, "sqlstate", None) == QUERY_CANCELED:
        return True
    return "interrupted" in str(error.orig)


POOL_TIMEOUT_S = 2.0
"""How long a request may wait for a pooled connection. The API's pool holds one for every
request that can be admitted (`app.limits.connections_needed`), so none should ever wait; if
one does, it fails soon (a 503) instead of holding its thread for SQLAlchemy's default 30 s."""
READ_ONLY_SESSION = {
    "postgresql": "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
    "mysql": "SET SESSION TRANSACTION READ ONLY",
    "mariadb": "SET SESSION TRANSACTION READ ONLY",
}
"""How a read-only engine's connections refuse writes on databases other than SQLite."""


def make_engine(
    url: str,
    time_limit_ms: float = 0,
    mmap_mb: int = 0,
    *,
    read_only: bool = False,
    pool_size: int | None = None,
) -> Engine:
    """Create an engine for `url`, creating the SQLite file's folder if needed.

    `read_only`: every connection refuses writes, so no query bug in the API can change the
    data (ingest and migrations make their own read-write engines). `pool_size`: exactly
    that many pooled connections, no overflow, a short wait (`POOL_TIMEOUT_S`), the most
    recently used first (its pages are the ones in cache); otherwise SQLAlchemy's default.
    """
    parsed = make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    pool: dict[str, Any] = {}
    if pool_size is not None:
        pool = {
            "pool_size": pool_size,
            "max_overflow": 0,
            "pool_timeout": POOL_TIMEOUT_S,
            "pool_use_lifo": True,
        }
    if parsed.get_backend_name() == "postgresql":
        return _postgresql_engine(parsed, time_limit_ms, read_only, pool)
    if not sqlite:
        engine = create_engine(url, pool_pre_ping=True, **pool)
        if read_only:
            _refuse_writes(engine)
        return engine
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    if pool and parsed.database in (None, "", ":memory:"):
        pool = {}  # SQLAlchemy keeps one per thread (SingletonThreadPool), sized by nothing
    engine = create_engine(url, connect_args={"check_same_thread": False}, **pool)
    _configure_sqlite(engine, time_limit_ms, mmap_mb, read_only)
    return engine


def _postgresql_engine(
    url: URL, time_limit_ms: float, read_only: bool, pool: dict[str, Any]
) -> Engine:
    """A PostgreSQL engine through psycopg 3 (the `postgres` extra), whatever driver the URL
    names or leaves out, each connection opened with the time limit as its
    `statement_timeout`, and without parallel workers (`max_parallel_workers_per_gather`):
    Verbatim's statements are short and bounded, and its concurrency is requests at once. A
    facet's thousand newest matches took 5 ms of work in each of two workers but 100 ms
    until the workers had started on a busy 2-core host (README, Running at scale)."""
    url = url.set(drivername="postgresql+psycopg")
    options = f"-c statement_timeout={_timeout_ms(time_limit_ms)}"
    options += " -c max_parallel_workers_per_gather=0"
    engine = create_engine(url, pool_pre_ping=True, connect_args={"options": options}, **pool)
    _configure_postgresql(engine, time_limit_ms)
    if read_only:
        _refuse_writes(engine)
    return engine


def _refuse_writes(engine: Engine) -> None:
    """Make every new connection's transactions read-only (server databases); committed at
    once, since a session setting made in a transaction that is rolled back is undone."""
    statement = READ_ONLY_SESSION.get(engine.dialect.name)
    if statement is None:
        raise ValueError(f"cannot open {engine.dialect.name} read-only; use SQLite or PostgreSQL.")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute(statement)
        cursor.close()
        dbapi_connection.commit()


@lru_cache
def get_engine() -> Engine:
    """The API's engine: read-only, its pool sized to what the server admits at once, on
    `read_database_url` when one is set (a replica: API processes scale out over replicas
    while ingest writes to the primary), else on `database_url`."""
    from app.limits import connections_needed  # here: ingest imports this module, not the web

    settings = get_settings()
    return make_engine(
        settings.read_database_url or settings.database_url,
        settings.query_time_limit_ms,
        settings.sqlite_mmap_mb,
        read_only=True,
        pool_size=connections_needed(settings),
    )


def get_session() -> Iterator[Session]:
    """FastAPI dependency: one session (and connection) per request. The connection is
    taken at the first query and given back after the response is sent, several thread
    hops later: `app.limits` bounds how many requests can be at that point at once."""
    with Session(get_engine()) as session:
        yield session


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def has_count_triggers(engine: Engine) -> bool:
    """Whether triggers keep the stored counts, `quote_dates` and the link tables' copied
    columns: SQLite's (migrations 0005-0007) and PostgreSQL's (migration 0010)."""
    return engine.dialect.name in ("sqlite", "postgresql")


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
