"""Write transactions: how the store writes safely next to other writers.

Everything ingest and removal write goes through `write`: one transaction, committed, or rolled
back as a whole. On SQLite the transaction starts with `BEGIN IMMEDIATE`, so that two writers
(two `verbatim ingest` runs, or an ingest and a `verbatim remove`) take turns instead of both
reading and then failing to upgrade to a write lock; one that finds the database busy for
longer than the connection's busy timeout rolls back and tries again (`BUSY_RETRIES`). Every
lookup that decides what to write (is the article stored, who is this person) runs inside the
transaction, so it sees what the other writer committed.

Other databases lock rows only as they are written: there unique keys settle a race for a new
row, and the second writer's insert finds the first's row instead (`insert_or_skip`,
`insert_or_get`). On PostgreSQL two writers of one article take turns (`lock_keys`, an
advisory lock on its source key and content hash, held to the end of the transaction), so do
two writers of one person (a lock on each name and surname key the person is found by), and a
transaction that loses a race anyway (a deadlock between two articles naming the same people
in another order, a unique key another writer took first, a serialization failure) is rolled
back and tried again, like a busy one on SQLite (`RETRIED_SQLSTATES`).

New rows never take the id of a deleted one (`first_new_id`, `retire_ids`,
the `IdHighWater` table), so that a saved link never comes to name another row. The store's
lookups by many keys go in `chunks`, each `IN` list under any database's limit on bound
parameters.
"""

import itertools
import random
import time
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Connection, Insert, func, insert, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session, col, select

from app.models import Article, IdHighWater, Quote

BUSY_RETRIES = 5
"""Times a write transaction that found the database locked is tried again. Each try first
waits the connection's busy timeout (5 s, `app.db`) for the lock, then this module pauses
`BUSY_PAUSE_S`, doubled at each try: about a minute in all, far longer than any one article's
transaction, so only a writer that holds the database for good makes ingest give up."""

BUSY_PAUSE_S = 0.5

RETRIED_SQLSTATES = {
    "40001": "serialization failure",
    "40P01": "deadlock detected",
    "23505": "unique violation",
}
"""PostgreSQL errors that mean another writer got there first, not that the write is wrong:
the transaction is tried again from the start, when its lookups see what the other committed
(a unique violation then finds the other's row). Tried `BUSY_RETRIES` times, after a short
random pause (`CONFLICT_PAUSE_S`, doubled at each try) so that two writers that deadlocked do
not meet again at once."""

CONFLICT_PAUSE_S = 0.05


_Result = TypeVar("_Result")


def write(
    session: Session,
    work: Callable[[Connection], _Result],
    *,
    on_rollback: Callable[[Session], None],
) -> _Result:
    """`work` in one write transaction, committed; tried again on a busy database, after
    rolling back whatever it had written and calling `on_rollback` (the store drops its cache
    there: rows it cached were never written)."""
    for attempt in itertools.count():
        try:
            result = work(_begin_write(session))
            session.commit()
            return result
        except DBAPIError as error:
            session.rollback()
            on_rollback(session)
            pause = _retry_pause(error, attempt)
            if pause is None:
                raise
        except BaseException:
            session.rollback()
            on_rollback(session)
            raise
        time.sleep(pause)
    raise AssertionError("unreachable")  # pragma: no cover


def _retry_pause(error: DBAPIError, attempt: int) -> float | None:
    """How long to wait before trying a failed write transaction again, or None to give up:
    the error is not one that another writer caused, or `BUSY_RETRIES` tries are spent."""
    if attempt >= BUSY_RETRIES:
        return None
    if isinstance(error, OperationalError) and _is_busy(error):
        return BUSY_PAUSE_S * 2**attempt
    if getattr(error.orig, "sqlstate", None) in RETRIED_SQLSTATES:
        return CONFLICT_PAUSE_S * 2**attempt * random.uniform(0.5, 1.5)
    return None


def lock_keys(connection: Connection, keys: list[str]) -> None:
    """On PostgreSQL, wait for any other transaction writing under one of `keys` (an
    article's source key and content hash, and the keys its people are looked up by,
    `entities.resolution_keys`) to end, and hold them until this one ends, so that two writers
    of one article take turns: the second then finds it stored (unchanged or a duplicate)
    instead of failing on its unique keys, or storing it again as an update; and two writers
    of one person under two names take turns, the second finding the first's person.
    Taken in sorted order, in one statement (`_LOCK_ALL`), so that two writers never wait
    for each other. SQLite's `BEGIN IMMEDIATE` already lets one writer in at a time."""
    if connection.dialect.name != "postgresql":
        return
    connection.execute(_LOCK_ALL, {"keys": sorted(set(keys))})


_LOCK_ALL = text(
    "SELECT count(pg_advisory_xact_lock(hashtextextended(key, 0))) "
    "FROM unnest(CAST(:keys AS text[])) AS key"
)
"""Every lock in one round trip, in the array's order (a function scan yields its rows in
order): an article's people have some thirty keys, one statement each cost a third of the
time storing an article takes."""


def _begin_write(session: Session) -> Connection:
    """The session's connection, in a transaction that holds the write lock from its start on
    SQLite (`BEGIN IMMEDIATE`). Other databases lock rows as they are written, and the unique
    keys settle a race for a new person, place or topic (`insert_or_skip`)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        dbapi_connection: Any = connection.connection.dbapi_connection
        if not dbapi_connection.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
    return connection


def _is_busy(error: OperationalError) -> bool:
    """SQLite's SQLITE_BUSY or SQLITE_LOCKED (another connection holds the lock)."""
    code = getattr(error.orig, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (5, 6)


def insert_or_skip(connection: Connection, table: Any, unique: list[str] | None = None) -> Insert:
    """An INSERT that leaves out a row whose unique key (`unique`, or any) another writer
    stored first, where the database can say so (SQLite, PostgreSQL)."""
    dialect = {"sqlite": sqlite, "postgresql": postgresql}.get(connection.dialect.name)
    if dialect is None:
        return insert(table)
    return dialect.insert(table).on_conflict_do_nothing(index_elements=unique)


def insert_or_get(
    connection: Connection, table: Any, values: dict[str, Any], unique: list[str]
) -> int | None:
    """The id of a new row of `values`, or None if a row with the same `unique` columns
    exists: one another writer stored after this session last looked.

    The values are bound at execution, not built into the statement, so that SQLAlchemy
    compiles it once per table rather than once per row (a quarter of a millisecond each)."""
    statement = insert_or_skip(connection, table, unique).returning(table.id)
    return connection.execute(statement, values).scalar()


def first_new_id(connection: Connection, table: Any) -> int | None:
    """On SQLite, an id above every id `table` has given (`IdHighWater`): SQLite itself
    would give the highest id in the table plus one, that of a deleted row if it was the
    highest. None elsewhere: a sequence never goes back."""
    if connection.dialect.name != "sqlite":
        return None
    highest = connection.execute(select(func.max(table.id))).scalar()
    retired = connection.execute(
        select(IdHighWater.last_id).where(IdHighWater.table_name == table.__tablename__)
    ).scalar()
    return max(highest or 0, retired or 0) + 1


def retire_ids(connection: Connection) -> None:
    """Before deleting articles or quotes: remember the highest ids given, so that no new row
    takes the id of one about to go."""
    for table in (Article, Quote):
        highest = connection.execute(select(func.max(table.id))).scalar()
        if highest is None:
            continue
        name = table.__tablename__
        retired = connection.execute(
            select(IdHighWater.last_id).where(IdHighWater.table_name == name)
        ).scalar()
        if retired is None:
            connection.execute(insert(IdHighWater).values(table_name=name, last_id=highest))
        elif retired < highest:
            connection.execute(
                update(IdHighWater)
                .where(col(IdHighWater.table_name) == name)
                .values(last_id=highest)
            )


_Key = TypeVar("_Key", str, tuple[str, str])

PREFETCH_CHUNK = 500
"""Values in one `IN` list, well under any database's limit on bound parameters."""


def chunks(values: set[_Key]) -> list[set[_Key]]:
    """`values` in sorted sets of at most `PREFETCH_CHUNK`, one per query."""
    ordered = sorted(values)
    return [set(ordered[i : i + PREFETCH_CHUNK]) for i in range(0, len(ordered), PREFETCH_CHUNK)]
