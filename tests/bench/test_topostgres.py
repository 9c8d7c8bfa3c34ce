"""`bench/topostgres.py`: the generated benchmark database copied into PostgreSQL serves what
the SQLite file serves, so that `bench/api.py --db` compares the two on the same rows."""

from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.db import make_engine
from bench.generate import generate
from bench.topostgres import copy_to_postgresql
from tests.conftest import serve
from tests.postgres import fresh_database, needs_postgres

TABLES = ["articles", "quotes", "people", "places", "topics", "quote_topics", "quote_dates"]


def _listing(url: str, params: dict[str, str]) -> tuple[int, list[int]]:
    engine = make_engine(url)
    try:
        with serve(engine) as client:
            body = client.get("/v1/quotes", params={**params, "limit": "50"}).json()
        return body["total"], [item["id"] for item in body["items"]]
    finally:
        engine.dispose()


@needs_postgres
def test_the_copy_holds_every_row_and_serves_the_same_listings(tmp_path: Path) -> None:
    path = tmp_path / "bench.db"
    generate(path, quotes=1_500, seed=2)
    url = fresh_database("bench_copy")
    copy_to_postgresql(path, url)
    lite = create_engine(f"sqlite:///{path}")
    pg = create_engine(make_url(url))
    try:
        with lite.connect() as one, pg.connect() as other:
            for table in TABLES:
                query = text(f"SELECT count(*) FROM {table}")
                assert one.scalar(query) == other.scalar(query), table
            word = one.scalar(text("SELECT substr(text, 1, instr(text, ' ') - 1) FROM quotes"))
            speaker = one.scalar(text("SELECT id FROM people ORDER BY quote_count DESC"))
            new_id = other.scalar(text("SELECT nextval(pg_get_serial_sequence('quotes', 'id'))"))
            assert new_id > one.scalar(text("SELECT max(id) FROM quotes"))
    finally:
        lite.dispose()
        pg.dispose()
    for params in ({}, {"speaker": str(speaker)}):
        assert _listing(f"sqlite:///{path}", params) == _listing(url, params), params
    # With words, the default order is relevance, which each database ranks its own way.
    total, ids = _listing(f"sqlite:///{path}", {"q": word})
    copied_total, copied_ids = _listing(url, {"q": word})
    assert (total, sorted(ids)) == (copied_total, sorted(copied_ids))
