"""`bench/ingest.py --db`: each PostgreSQL run ingests into a database of its own, new and
empty, which is gone afterwards, even when the run fails, so that repeats and aborted runs
leave nothing on the server and never measure an ingest into a database already filled."""

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.ingest import _new_postgres
from tests.postgres import needs_postgres, server_url


def _databases() -> set[str]:
    url = server_url()
    assert url is not None
    engine = create_engine(url.set(database="postgres"))
    try:
        with engine.connect() as connection:
            return set(connection.scalars(text("SELECT datname FROM pg_database")))
    finally:
        engine.dispose()


@needs_postgres
def test_each_run_gets_a_new_database_dropped_afterwards() -> None:
    server = str(server_url())
    before = _databases()
    with pytest.raises(RuntimeError), _new_postgres(server, "probe") as url:
        name = make_url(url).database
        assert name not in before and name in _databases()
        engine = create_engine(url)
        try:
            with engine.begin() as connection:
                tables = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                assert connection.scalar(text(tables)) == 0
                connection.execute(text("CREATE TABLE leftover (id int)"))
        finally:
            engine.dispose()
        raise RuntimeError("the ingest failed")
    with _new_postgres(server, "probe") as again:
        assert make_url(again).database == name
        engine = create_engine(again)
        try:
            with engine.connect() as connection:
                assert connection.scalar(text("SELECT to_regclass('leftover')")) is None
        finally:
            engine.dispose()
    assert _databases() == before
