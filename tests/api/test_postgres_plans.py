"""PostgreSQL's plans for /v1/quotes: the oracle's answers, and the indexes that serve them.

`tests.api.test_query_plans` checks SQLite's plans; on PostgreSQL `choose_plan` resolves a
speaker's ids once, tests words against the stored `words` column (migration 0012) and finds
the relevance window by one walk. The listings, totals and relevance windows here are
compared with the same oracle (`tests.api.corpus`), on a lowered rank window.

How fast a plan is cannot be asserted, but which index serves it can: the statements a request
sends are explained with sorting and sequential scans priced out (`enable_sort`,
`enable_seqscan`), so that the plan shows whether an index in the listing's own order exists
for them. Without migration 0012's newest-first indexes each of these plans sorts (a
speaker's tens of thousands of quotes, on a million, for one page of twenty).
"""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, text

from app.config import get_settings
from app.search.fulltext import COUNT_LIMIT
from tests.api.corpus import Oracle, build, read_rows
from tests.conftest import serve
from tests.postgres import needs_postgres

pytestmark = needs_postgres

RANK_WINDOW = 400
"""Lowered from 2,500 so that `bravo` (about a thousand statements) is cut to the window."""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The corpus on PostgreSQL, vacuumed and analysed as autovacuum leaves a database."""
    engine = build(tmp_path_factory, "pg-plans", backend="postgresql")
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def client(engine: Engine) -> Iterator[TestClient]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VERBATIM_RANK_WINDOW", str(RANK_WINDOW))
        patch.setenv("VERBATIM_MAX_PAGE_SIZE", "1000")
        get_settings.cache_clear()
        with serve(engine) as client:
            yield client
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def oracle(engine: Engine) -> Oracle:
    return Oracle(read_rows(engine))


def paged(
    client: TestClient, params: dict[str, Any], limit: int = 997
) -> tuple[list[int], dict[str, Any]]:
    """Every id of the listing, following the cursors, and its first page."""
    params = {**params, "limit": limit}
    first = page = client.get("/v1/quotes", params=params).json()
    ids: list[int] = []
    while True:
        ids += [item["id"] for item in page["items"]]
        if page["next_cursor"] is None:
            return ids, first
        page = client.get("/v1/quotes", params={**params, "cursor": page["next_cursor"]}).json()


BY_DATE = [
    {"speaker": "Speaker 03"},
    {"speaker": ["Speaker 03", "Speaker 07"], "sort": "date"},
    {"speaker": "Speaker 05", "appearances": "all"},
    {"speaker": "Nobody At All"},
    {"q": "bravo", "sort": "-date"},
    {"q": "charlie OR bravo", "speaker": "Speaker 04", "sort": "date"},
    {"topic": "topic-3"},
    {},
]


@pytest.mark.parametrize("params", BY_DATE, ids=str)
def test_listings_by_date_match_the_oracle(
    client: TestClient, oracle: Oracle, params: dict[str, Any]
) -> None:
    expected = oracle.listing(params)
    if len(expected) > COUNT_LIMIT:
        first = client.get("/v1/quotes", params={**params, "limit": 997}).json()
        assert [item["id"] for item in first["items"]] == expected[:997]
        assert (first["total"], first["total_exact"]) == (COUNT_LIMIT, False)
        return
    ids, first = paged(client, params)
    assert ids == expected
    assert (first["total"], first["total_exact"]) == (len(expected), True)


def ranks(engine: Engine, q: str, ids: list[int]) -> dict[int, float]:
    """`ts_rank` of each quote, from its text (not the stored column), for a one-word `q`."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT id, ts_rank(to_tsvector('verbatim', text), "
                "phraseto_tsquery('verbatim', :q))::float8 FROM quotes WHERE id = ANY(:ids)"
            ),
            {"q": q, "ids": ids},
        )
        return dict(rows.all())


@pytest.mark.parametrize(
    "params", [{"q": "bravo"}, {"q": "charlie"}, {"q": "bravo", "appearances": "all"}], ids=str
)
def test_relevance_ranks_the_newest_window_best_first(
    client: TestClient, engine: Engine, oracle: Oracle, params: dict[str, Any]
) -> None:
    """The newest `RANK_WINDOW` matches (all, when fewer match), best first by `ts_rank`;
    `total` counts them, exact when nothing was left out."""
    expected = sorted(oracle.listing(params), reverse=True)
    ids, first = paged(client, params, limit=97)
    assert sorted(ids, reverse=True) == expected[:RANK_WINDOW]
    assert (first["total"], first["total_exact"]) == (len(ids), len(expected) <= RANK_WINDOW)
    rank = ranks(engine, params["q"], ids)
    keys = [(-rank[i], -i) for i in ids]
    assert keys == sorted(keys), "not best match first"


def sent(engine: Engine, client: TestClient, params: dict[str, Any]) -> list[tuple[str, Any]]:
    """The statements one request to /v1/quotes sends, with their parameters."""
    statements: list[tuple[str, Any]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get("/v1/quotes", params=params).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return statements


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def listing_plan(engine: Engine, client: TestClient, params: dict[str, Any]) -> list[dict]:
    """The plan nodes of the request's page statement (the one with the sort keys its cursor
    reads, `_key0`), with sorting and sequential scans priced out: an index that holds the
    order is then used, and without one the plan still sorts."""
    [(statement, parameters)] = [(s, p) for s, p in sent(engine, client, params) if "_key0" in s]
    with engine.connect() as connection:
        connection.exec_driver_sql("SET enable_sort = off")
        connection.exec_driver_sql("SET enable_seqscan = off")
        explained = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters)
        [document] = explained.scalar_one()
    return list(_nodes(document["Plan"]))


@pytest.mark.parametrize(
    ("params", "index"),
    [
        ({"speaker": "Speaker 03"}, "ix_quotes_first_speaker_newest"),
        ({"kind": "direct"}, "ix_quotes_first_newest"),
        ({"topic": "topic-3"}, "ix_quote_topics_walk_newest"),
        ({"place": "Place 1"}, "ix_quote_places_walk_newest"),
    ],
    ids=str,
)
def test_newest_first_pages_are_read_in_index_order(
    client: TestClient, engine: Engine, params: dict[str, Any], index: str
) -> None:
    nodes = listing_plan(engine, client, params)
    assert not [n for n in nodes if n["Node Type"] in {"Sort", "Incremental Sort"}]
    assert index in {n.get("Index Name") for n in nodes}


def test_a_speaker_is_looked_up_once_not_in_every_statement(
    client: TestClient, engine: Engine
) -> None:
    """The page, its total and its facets name the speaker's ids: the name lookup, as a
    subquery, made the planner guess that half of all people matched."""
    statements = sent(engine, client, {"speaker": "Speaker 03", "facets": "speaker"})
    reading_quotes = [s for s, _ in statements if "FROM quotes" in s]
    assert len(reading_quotes) >= 3
    assert not [s for s in reading_quotes if "people.key" in s]
    assert len([s for s, _ in statements if "people.key" in s]) == 1
