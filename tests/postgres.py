"""Databases on the PostgreSQL server the tests are given (`scripts/postgres.sh start`).

`VERBATIM_TEST_POSTGRES_URL` names the server (any database on it: the tests create their
own); `VERBATIM_TEST_POSTGRES_REPLICA_URL` a streaming replica of it. Without the first, the
tests that need PostgreSQL are skipped with `SKIP_REASON`; CI always sets both.

Each test database is a copy of one migrated template (`CREATE DATABASE ... TEMPLATE`), which
takes a fraction of a second where running the migrations takes a few: the suite creates
dozens of databases per run.
"""

import itertools
import os

import pytest
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

from app.db import upgrade_database

URL_VARIABLE = "VERBATIM_TEST_POSTGRES_URL"
REPLICA_VARIABLE = "VERBATIM_TEST_POSTGRES_REPLICA_URL"
SKIP_REASON = (
    f"{URL_VARIABLE} is not set: start a server with "
    '`eval "$(bash scripts/postgres.sh start)"` to run the PostgreSQL tests'
)
TEMPLATE = f"verbatim_template_{os.getpid()}"
"""Named after the process, as are the databases: two test runs on one server (a developer's
and CI's, or pytest-xdist's workers) must not drop each other's."""
_numbers = itertools.count()
_template_ready = False


def server_url() -> URL | None:
    value = os.environ.get(URL_VARIABLE)
    return make_url(value) if value else None


def replica_url() -> URL | None:
    value = os.environ.get(REPLICA_VARIABLE)
    return make_url(value) if value else None


needs_postgres = pytest.mark.skipif(server_url() is None, reason=SKIP_REASON)
needs_replica = pytest.mark.skipif(
    server_url() is None or replica_url() is None,
    reason=f"{URL_VARIABLE} and {REPLICA_VARIABLE} are not both set (scripts/postgres.sh)",
)


def _admin() -> Engine:
    """A connection to the server's own database, outside transactions: CREATE DATABASE and
    DROP DATABASE cannot run inside one."""
    url = server_url()
    if url is None:
        pytest.skip(SKIP_REASON)
    return create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")


def fresh_database(name: str, template: str | None = None) -> str:
    """Create an empty (or `template`'s copy) database named after `name` and return its URL;
    a database left by an earlier run under that name is dropped first."""
    url = server_url()
    assert url is not None
    database = f"verbatim_{name}_{os.getpid()}_{next(_numbers)}".lower().replace("-", "_")
    admin = _admin()
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        copy = f' TEMPLATE "{template}"' if template else ""
        connection.exec_driver_sql(f'CREATE DATABASE "{database}"{copy}')
    admin.dispose()
    return url.set(database=database).render_as_string(hide_password=False)


def migrated_database(name: str) -> str:
    """The URL of a new database at the newest migration, copied from the template (made and
    migrated once per test session)."""
    global _template_ready
    if not _template_ready:
        url = server_url()
        assert url is not None
        admin = _admin()
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
            connection.exec_driver_sql(f'CREATE DATABASE "{TEMPLATE}"')
        admin.dispose()
        upgrade_database(url.set(database=TEMPLATE).render_as_string(hide_password=False))
        _template_ready = True
    return fresh_database(name, TEMPLATE)


def _run_past_the_limit(cursor) -> None:  # type: ignore[no-untyped-def]
    cursor.execute("SET LOCAL statement_timeout = 1")
    cursor.execute("SELECT pg_sleep(1)")


def slow_selects_matching(engine: Engine, fragment: str) -> None:
    """Make the statements holding `fragment` run past their time limit at once (see
    `slow_selects`)."""

    def sleep_first(_conn, cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if fragment in statement:
            _run_past_the_limit(cursor)

    event.listen(engine, "before_cursor_execute", sleep_first)


def slow_selects(engine: Engine, slower_than_ms: float) -> None:
    """Make every SELECT that `engine` runs under a time limit of at most `slower_than_ms`
    run past it at once, as a slow query on a big database would (PostgreSQL's analogue of a
    SQLite progress handler that interrupts at once): the transaction's limit drops to 1 ms
    and the server sleeps first. The cancelled sleep raises what a slow query would."""

    def sleep_first(conn, cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        limit = (conn.connection.info.get("verbatim_clock") or {}).get("limit_ms") or 0
        if statement.lstrip().upper().startswith("SELECT") and 0 < limit <= slower_than_ms:
            _run_past_the_limit(cursor)

    event.listen(engine, "before_cursor_execute", sleep_first)
