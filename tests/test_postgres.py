"""PostgreSQL for real (issue 13): the driver, migrations, and the defects found on a live
server, each tested where it can be on both databases (the `backend` fixture), so that
PostgreSQL is held to what SQLite does.

The server comes from `scripts/postgres.sh` (`tests.postgres`); without it the PostgreSQL
cases are skipped with the reason.
"""

import base64
import json
import threading
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Connection, Engine, create_engine, event, text

from app.db import make_engine
from tests.conftest import migrated_engine, serve
from tests.postgres import fresh_database, needs_postgres, server_url
from tests.test_migrations import alembic_config

ROOT = Path(__file__).resolve().parent.parent
BIG = 2**31 + 7
"""An id past PostgreSQL's `integer`."""


def test_the_postgres_extra_brings_a_pinned_psycopg() -> None:
    """`pip install 'verbatim[postgres]'` installs psycopg 3 with its binary build, pinned in
    pyproject and in constraints.txt alike, and the dev install (CI's) includes it."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extra = project["optional-dependencies"]["postgres"]
    assert len(extra) == 1 and extra[0].startswith("psycopg[binary]==")
    version = extra[0].split("==")[1]
    pins = (ROOT / "constraints.txt").read_text().splitlines()
    assert f"psycopg=={version}" in pins
    assert f"psycopg-binary=={version}" in pins
    assert 'extra="[dev,postgres]"' in (ROOT / "scripts/install.sh").read_text()


@needs_postgres
def test_a_plain_postgresql_url_connects_through_psycopg() -> None:
    """The URL a user writes (`postgresql://`, no driver named) opens with psycopg 3."""
    url = server_url()
    assert url is not None
    engine = make_engine(url.set(drivername="postgresql").render_as_string(hide_password=False))
    try:
        assert engine.dialect.driver == "psycopg"
        with engine.connect() as connection:
            assert connection.execute(text("SELECT 1")).scalar_one() == 1
    finally:
        engine.dispose()


def _pg_schema(url: str) -> dict[str, set[str]]:
    """Tables, indexes, triggers, functions and column types of the public schema."""
    engine = create_engine(url)
    queries = {
        "table": "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
        "index": "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'",
        "trigger": "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal",
        "function": "SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_depend d "
        "WHERE d.objid = p.oid AND d.deptype = 'e')",  # an extension's (unaccent) stay
        "text search": "SELECT cfgname FROM pg_ts_config UNION ALL SELECT dictname FROM pg_ts_dict",
        "column": "SELECT table_name || '.' || column_name || ' ' || data_type "
        "FROM information_schema.columns WHERE table_schema = 'public'",
    }
    try:
        with engine.connect() as connection:
            return {
                kind: set(connection.execute(text(query)).scalars())
                for kind, query in queries.items()
            }
    finally:
        engine.dispose()


@needs_postgres
def test_migrations_upgrade_downgrade_upgrade_on_postgresql() -> None:
    url = fresh_database("migrations")
    config = alembic_config(url)
    command.upgrade(config, "head")
    upgraded = _pg_schema(url)
    assert "quotes.id bigint" in upgraded["column"]
    assert "quote_topics.quote_id bigint" in upgraded["column"]
    assert "people_quote_count_quotes" in upgraded["trigger"]
    assert {"ix_quotes_words", "ix_articles_words"} <= upgraded["index"]
    assert "quotes.words tsvector" in upgraded["column"]
    newest_first = {"ix_quotes_first_newest", "ix_quotes_first_speaker_newest"}
    newest_first |= {"ix_quote_topics_walk_newest", "ix_quote_places_walk_newest"}
    assert newest_first <= upgraded["index"]
    assert {"verbatim", "verbatim_stem"} <= upgraded["text search"]
    command.downgrade(config, "base")
    downgraded = _pg_schema(url)
    assert downgraded["function"] == set()
    assert downgraded["table"] == {"alembic_version"}
    assert "verbatim" not in downgraded["text search"]
    command.upgrade(config, "head")
    assert _pg_schema(url) == upgraded


@pytest.fixture
def engine(tmp_path_factory: pytest.TempPathFactory, backend: str) -> Iterator[Engine]:
    engine = migrated_engine(tmp_path_factory, "defects", backend)
    yield engine
    engine.dispose()


def _seed(connection: Connection, first_id: int = 1) -> None:
    """Two people, a topic, a place, two articles; three quotes by person 1 on one day, the
    third a copy of the first, each on the topic and the place; ids from `first_id`."""
    a, b, q = first_id, first_id + 1, first_id
    connection.execute(
        text(
            "INSERT INTO people (id, name, key, surname_key, kind, spelling_key) VALUES "
            "(1, 'Ann Lee', 'ann lee', 'lee', 'person', 'l'), "
            "(2, 'Bo Ray', 'bo ray', 'ray', 'person', 'r'); "
        )
    )
    connection.execute(text("INSERT INTO topics (id, slug, name, key) VALUES (1, 't', 'T', 't')"))
    connection.execute(
        text("INSERT INTO places (id, name, key, kind) VALUES (1, 'Oslo', 'oslo', 'city')")
    )
    for article in (a, b):
        connection.execute(
            text(
                "INSERT INTO articles (id, source_key, title, body, content_hash, ingested_at, "
                "word_count) VALUES (:id, :key, 'Title', 'body', :key, '2025-01-01', 1)"
            ),
            {"id": article, "key": f"article-{article}"},
        )
        connection.execute(
            text("INSERT INTO article_topics (article_id, topic_id) VALUES (:a, 1)"), {"a": article}
        )
    for quote, article, copy_of in ((q, a, None), (q + 1, a, None), (q + 2, b, q)):
        connection.execute(
            text(
                'INSERT INTO quotes (id, article_id, text, kind, speaker_id, start, "end", '
                "date, context, duplicate_of) VALUES (:id, :article, 'We will talk.', 'direct', "
                "1, 0, 5, '2024-03-01', 'c', :copy)"
            ),
            {"id": quote, "article": article, "copy": copy_of},
        )
        for link in ("quote_topics (quote_id, topic_id", "quote_places (quote_id, place_id"):
            connection.execute(
                text(f"INSERT INTO {link}, date, first_copy) VALUES (:id, 1, '2024-03-01', :f)"),
                {"id": quote, "f": copy_of is None},
            )


def _counts(connection: Connection) -> list[tuple[object, ...]]:
    return [
        *connection.execute(text("SELECT 'person', id, quote_count FROM people ORDER BY id")),
        *connection.execute(
            text("SELECT 'topic', id, quote_count, article_count FROM topics ORDER BY id")
        ),
        *connection.execute(
            text("SELECT 'place', id, quote_count, article_count FROM places ORDER BY id")
        ),
        *connection.execute(text("SELECT 'day', date, quotes FROM quote_dates ORDER BY date")),
    ]


def _day(connection: Connection) -> str:
    return str(connection.execute(text("SELECT date FROM quote_dates")).scalar_one())


def test_counts_and_copied_columns_follow_every_change(engine: Engine) -> None:
    """Counts of first copies and articles, per-day counts, and the link tables' copies of
    their quote's date, speaker and first-copy flag, through inserts, updates, and the
    foreign keys' cascades: what SQLite's triggers do, PostgreSQL's must (they stayed 0)."""
    with engine.begin() as connection:
        _seed(connection)
        assert [tuple(row) for row in _counts(connection)][:3] == [
            ("person", 1, 2),
            ("person", 2, 0),
            ("topic", 1, 2, 2),
        ]
        assert _day(connection) == "2024-03-01"
        assert connection.execute(text("SELECT quotes FROM quote_dates")).scalar_one() == 2
        # The second quote moves to person 2 and another day: counts and copies follow.
        connection.execute(
            text("UPDATE quotes SET speaker_id = 2, date = '2024-03-02' WHERE id = 2")
        )
        walks = connection.execute(
            text("SELECT speaker_id, date FROM quote_topics WHERE quote_id = 2")
        ).one()
        assert (walks[0], str(walks[1])) == (2, "2024-03-02")
        # Deleting the first copy's article cascades to its quotes (and their links), and
        # makes the copy a first copy (ON DELETE SET NULL): it is counted in their place.
        connection.execute(text("DELETE FROM articles WHERE id = 1"))
        assert connection.execute(
            text("SELECT first_copy FROM quote_places WHERE quote_id = 3")
        ).scalar_one()
        counts = [tuple(row) for row in _counts(connection)]
    assert counts[:4] == [
        ("person", 1, 1),
        ("person", 2, 0),
        ("topic", 1, 1, 1),
        ("place", 1, 1, 0),
    ]
    assert {(str(day), n) for _kind, day, n in counts[4:]} == {
        ("2024-03-01", 1),
        ("2024-03-02", 0),
    }


def test_ids_past_32_bits_are_stored_and_served(engine: Engine) -> None:
    """Articles and quotes numbered past 2^31 − 1 (int4 columns on PostgreSQL were a 500)."""
    with engine.begin() as connection:
        _seed(connection, first_id=BIG)
    with serve(engine) as client:
        quote = client.get(f"/v1/quotes/{BIG}")
        assert quote.status_code == 200, quote.text
        assert quote.json()["id"] == BIG
        assert client.get(f"/v1/articles/{BIG + 1}").json()["id"] == BIG + 1
        assert client.get(f"/v1/quotes/{2**62}").status_code == 404
        listed = client.get("/v1/quotes", params={"limit": 1}).json()
        assert listed["next_cursor"] is not None
        after = client.get("/v1/quotes", params={"limit": 1, "cursor": listed["next_cursor"]})
        assert after.status_code == 200


def _cursor(values: list[object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "path, values",
    [
        ("/v1/people", [0, "Ann\u0000", 1]),
        ("/v1/topics", [0, "T\u0000", 1]),
        ("/v1/places", [0, "\u0000", 1]),
        ("/v1/people", [0, "Ann", 2**64]),
    ],
)
def test_a_cursor_holding_a_nul_or_a_huge_number_is_a_422(
    engine: Engine, path: str, values: list[object]
) -> None:
    """The query string's NUL check cannot see a NUL written `\\u0000` inside a cursor's
    JSON; PostgreSQL's driver refuses it (a 500), so the cursor is refused first."""
    with engine.begin() as connection:
        _seed(connection)
    with serve(engine) as client:
        response = client.get(path, params={"cursor": _cursor(values)})
    assert response.status_code == 422, response.text
    assert response.json()["param"] == "cursor"


@pytest.mark.parametrize("param", ["q", "source", "role", "speaker", "topic", "place"])
def test_a_nul_in_any_text_parameter_is_a_422(engine: Engine, param: str) -> None:
    path = "/v1/people" if param == "role" else "/v1/quotes"
    with serve(engine) as client:
        response = client.get(path, params={param: "a\u0000b"})
    assert response.status_code == 422, response.text
    assert response.json()["param"] == param


def _hold_lock(engine: Engine, table: str, seconds: float) -> Callable[[], None]:
    """Lock `table` against every read for `seconds` from another connection; returns a
    function that waits for the lock to be given back."""
    locked = threading.Event()

    def hold() -> None:
        with engine.begin() as connection:
            connection.execute(text(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))
            locked.set()
            time.sleep(seconds)

    thread = threading.Thread(target=hold)
    thread.start()
    assert locked.wait(10)
    return thread.join


@needs_postgres
def test_statement_timeout_stops_a_query_with_the_same_503_as_sqlite() -> None:
    """A query waiting past the time limit (here on a lock) is cancelled by PostgreSQL's
    `statement_timeout` and answered as SQLite's interrupted queries are; nothing stopped it
    before, so the request waited for as long as the lock was held."""
    url = migrated_engine_url("timeout")
    writer = make_engine(url)
    limited = make_engine(url, time_limit_ms=300, read_only=True)
    try:
        released = _hold_lock(writer, "quotes", 3)
        started = time.monotonic()
        with serve(limited) as client:
            response = client.get("/v1/quotes")
        elapsed = time.monotonic() - started
        released()
        assert response.status_code == 503, response.text
        assert response.json()["detail"].startswith("The query ran longer than")
        assert elapsed < 2.5
    finally:
        limited.dispose()
        writer.dispose()


@needs_postgres
def test_a_slow_facet_times_out_alone_on_postgresql(
    settings_env: Callable[..., None],
) -> None:
    """The facet time limit holds on PostgreSQL too: a facet past it is left out and named in
    `facets_timed_out`, and the rest of the page is still served. The place facet's
    statement is made slow by wrapping it in one that sleeps for 2 s first."""
    settings_env(facet_time_limit_ms="200")
    url = migrated_engine_url("facets")
    writer = make_engine(url)
    with writer.begin() as connection:
        _seed(connection)
    writer.dispose()
    served = make_engine(url, time_limit_ms=10_000, read_only=True)
    slowed: list[str] = []

    def slow_place_facet(_conn, _cursor, statement, parameters, *_args):  # type: ignore[no-untyped-def]
        if "GROUP BY quote_places.place_id" in statement:
            slowed.append(statement)
            statement = f"SELECT pg_sleep(2), * FROM ({statement}) AS slowed"
        return statement, parameters

    event.listen(served, "before_cursor_execute", slow_place_facet, retval=True)
    try:
        started = time.monotonic()
        with serve(served) as client:
            response = client.get("/v1/quotes", params={"facets": "speaker,place"})
        assert time.monotonic() - started < 1.5
        assert slowed, "the place facet's statement was not seen"
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["facets_timed_out"] == ["place"]
        assert body["facets"]["speaker"][0]["count"] == 2
        assert len(body["items"]) == 2
    finally:
        served.dispose()


def migrated_engine_url(name: str) -> str:
    from tests.postgres import migrated_database

    return migrated_database(name)


@needs_postgres
def test_connections_run_their_statements_without_parallel_workers() -> None:
    """Every connection the app opens sets `max_parallel_workers_per_gather` to 0: workers
    took longer to start than a bounded statement takes (see `app.db._postgresql_engine`),
    and the server's default (2) would start them for a facet's thousand matches."""
    engine = make_engine(migrated_engine_url("parallel"), time_limit_ms=1000, read_only=True)
    try:
        with engine.connect() as connection:
            shown = connection.exec_driver_sql("SHOW max_parallel_workers_per_gather")
            assert shown.scalar_one() == "0"
    finally:
        engine.dispose()
