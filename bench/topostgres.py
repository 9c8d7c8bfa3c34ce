"""Copy a generated SQLite benchmark database into PostgreSQL, so that `bench/api.py --db`
measures both databases on the same rows.

    .venv/bin/python bench/topostgres.py PATH postgresql://user@host/verbatim_bench

The PostgreSQL database named in the URL is dropped and made again, migrated, and filled
table by table with COPY (about a million quotes a minute plus the full-text index). Its
triggers are off while copying (`session_replication_role = replica`, which needs a
superuser): the stored counts and copied columns come from SQLite's triggers, already right.

Then `VACUUM ANALYZE`, so that the bench measures the steady state a deployment reaches
through autovacuum: statistics for the planner, and the visibility map without which an
index-only scan (a speaker's count, a tag's walk) still reads every row it counts.
"""

import argparse
import sqlite3
import sys
import time
from pathlib import Path

import psycopg
from sqlalchemy.engine import URL, make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.db import upgrade_database

SKIPPED = {"alembic_version"}
"""Alembic's own table: the migration fills it."""


def _libpq(url: URL) -> str:
    """A libpq URI for psycopg from a SQLAlchemy URL (`postgresql+psycopg://` has a driver)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _recreate(url: URL) -> None:
    """Drop and create the database `url` names, from the server's `postgres` database."""
    with psycopg.connect(_libpq(url.set(database="postgres")), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{url.database}"')


def _columns(pg: psycopg.Connection, table: str) -> list[str]:
    query = (
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position"
    )
    return [row[0] for row in pg.execute(query, (table,))]


def _tables(pg: psycopg.Connection, lite: sqlite3.Connection) -> list[str]:
    """The tables both schemas have (SQLite's full-text tables are SQLite's alone)."""
    theirs = {
        row[0] for row in pg.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    }
    ours = {row[0] for row in lite.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return sorted((theirs & ours) - SKIPPED)


def _copy_table(pg: psycopg.Connection, lite: sqlite3.Connection, table: str) -> int:
    """Every row of `table`, the columns both sides have; the count copied."""
    lite_columns = {row[1] for row in lite.execute(f'PRAGMA table_info("{table}")')}
    columns = [c for c in _columns(pg, table) if c in lite_columns]
    names = ", ".join(f'"{c}"' for c in columns)
    count = 0
    with pg.cursor().copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
        for row in lite.execute(f'SELECT {names} FROM "{table}"'):
            copy.write_row(row)
            count += 1
    if "id" in columns:
        pg.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f'(SELECT coalesce(max(id), 1) FROM "{table}"))'
        )
    return count


def copy_to_postgresql(path: Path, url: str) -> None:
    """Make the database at `url` a copy of the SQLite file at `path` (see the module)."""
    target = make_url(url)
    _recreate(target)
    upgrade_database(target.render_as_string(hide_password=False))
    started = time.perf_counter()
    lite = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        with psycopg.connect(_libpq(target)) as pg:
            pg.execute("SET session_replication_role = replica")
            for table in _tables(pg, lite):
                copied = _copy_table(pg, lite, table)
                print(f"  {table}: {copied:,} rows", flush=True)
            pg.commit()
            pg.autocommit = True
            pg.execute("VACUUM ANALYZE")
    finally:
        lite.close()
    print(f"  copied in {time.perf_counter() - started:.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("url")
    options = parser.parse_args()
    copy_to_postgresql(options.path, options.url)


if __name__ == "__main__":
    main()
