"""Every query plan of /v1/quotes against an oracle.

The listing picks its SQL by how common a topic, a place or a word is, or walks a single tag's
index; each plan must give the oracle's answer (`tests.api.corpus`: Python over every row) for
the listing paged to the end, `total` and `total_exact`, the timeline and the facets. Each
case runs under four settings profiles that force the plans, and the test asserts, from the
`X-Verbatim-Plan` header, which plan ran: a profile that silently ran another plan would
compare a plan with itself.

These are SQLite's plans (FTS5, its thresholds, BM25 from `quotes_fts` in the oracle), so the
module runs on SQLite only; PostgreSQL has one plan for words (`tsquery`), whose answers the
other API tests check on both databases.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from app.config import get_settings
from app.search.fulltext import COUNT_LIMIT
from tests.api.corpus import Oracle, build, read_rows
from tests.conftest import serve

RANK_WINDOW = 400
"""Lowered from 2,500 so that relevance listings of common words are cut to the window."""
BASE = {"rank_window": RANK_WINDOW, "max_page_size": 1000}
RARE = {"plan_dense_links": 10**9, "plan_whole_dense_share": 1, "plan_common_share": 1}
PROFILES: dict[str, dict[str, Any]] = {
    "rare": {**RARE, "plan_everywhere_share": 1, "plan_tag_walks": False, "plan_day_counts": 0},
    "common": {
        "plan_dense_links": 1,
        "plan_whole_dense_share": 1,
        "plan_common_share": 0,
        "plan_everywhere_share": 1,
        "plan_tag_walks": False,
        "plan_day_counts": False,
    },
    "everywhere": {
        "plan_dense_links": 1,
        "plan_whole_dense_share": 0,
        "plan_common_share": 0,
        "plan_everywhere_share": 0,
        "plan_tag_walks": False,
        "plan_day_counts": False,
    },
    "kept": {**RARE, "plan_everywhere_share": 1, "plan_tag_walks": True, "plan_day_counts": 1},
}
"""Settings that force the plans: tags and words all rare (listed and sorted), all common
(tested per quote in listings), all everywhere (tested per quote in facets and timelines too,
words tested per quote walked), and the kept structures (tag walks, per-day counts) on."""


@dataclass(frozen=True)
class Case:
    """Filters, and the plan each profile must run for them."""

    params: dict[str, Any]
    rare: str
    common: str
    everywhere: str
    kept: str

    def __str__(self) -> str:
        return ",".join(f"{k}={v}" for k, v in self.params.items()) or "no filter"

    def profiles(self) -> list[str]:
        """The first profile for each distinct plan: the same plan twice would test nothing
        new, and paging ten thousand quotes takes seconds."""
        first = {getattr(self, profile): profile for profile in reversed(PROFILES)}
        return [profile for profile in PROFILES if profile in first.values()]


def tags(params: dict[str, Any], walk: str | None = None, base: str = "filters") -> Case:
    """A case with a topic or place filter: its form shows in the name."""
    common = base.replace("fts-filtered", "fts-filtered-common")
    return Case(
        params,
        base,
        f"{common}+common-tag",
        f"{common}+everywhere-tag",
        walk or base,
    )


def words(params: dict[str, Any]) -> Case:
    """Words and no other filter, newest or oldest first: by how common the word is."""
    return Case(params, "fts-rare", "fts-common", "fts-everywhere", "fts-rare")


def filtered_words(params: dict[str, Any]) -> Case:
    return Case(params, "fts-filtered", *["fts-filtered-common"] * 2, "fts-filtered")


def same(params: dict[str, Any], name: str, kept: str | None = None) -> Case:
    return Case(params, name, name, name, kept or name)


CASES = [
    tags({"topic": "topic-1"}, walk="tag-walk"),
    tags({"topic": ["topic-2", "topic-3"]}),
    tags({"place": "Place 0", "date_from": "2024-01-10", "kind": "direct"}, walk="tag-walk"),
    tags({"topic": "topic-0", "speaker": "Speaker 03"}),
    tags({"topic": "topic-2", "kind": "partial", "sort": "date", "min_length": 20}, "tag-walk"),
    tags({"place": "Place 1", "appearances": "all"}),
    tags({"topic": "topic-3", "source": "Copy Wire"}),
    tags({"topic": "topic-0"}, walk="tag-walk"),
    same({}, "filters", kept="dates"),
    same({"date_from": "2024-01-05", "date_to": "2024-01-07"}, "filters", kept="dates"),
    same({"source": "Copy Wire"}, "filters"),
    same(
        {"source": ["Reuters", "Echo Daily"], "date_from": "2024-01-25", "date_to": "2024-01-30"}
        | {"sort": "date"},
        "filters",
    ),
    same({"article_id": 4, "kind": "direct"}, "filters"),
    same({"speaker": "Speaker 05", "appearances": "all"}, "filters"),
    words({"q": "alpha", "sort": "-date"}),
    words({"q": "bravo OR charlie", "sort": "date"}),
    words({"q": "bravo", "appearances": "all", "sort": "-date"}),
    same({"q": "alpha"}, "fts-ranked"),
    same({"q": "charlie"}, "fts-ranked"),
    same({"q": "bravo", "appearances": "all"}, "fts-ranked"),
    filtered_words({"q": "bravo", "speaker": "Speaker 04"}),
    filtered_words({"q": "alpha", "kind": "direct", "date_from": "2024-02-01", "sort": "-date"}),
    filtered_words({"q": "alpha", "kind": "direct"}),
    filtered_words({"q": "alpha", "source": "Copy Wire"}),
    filtered_words({"q": "bravo", "source": "Copy Wire", "sort": "-date"}),
    tags({"q": "bravo", "topic": "topic-0", "sort": "-date"}, base="fts-filtered"),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = build(tmp_path_factory, "plans")
    yield engine
    engine.dispose()


RUNS = [
    pytest.param(case, profile, id=f"{profile}-{case}")
    for case in CASES
    for profile in case.profiles()
]


@pytest.fixture(scope="module")
def client(engine: Engine) -> Iterator[TestClient]:
    with serve(engine) as client:
        client.headers["Accept-Encoding"] = "identity"
        yield client


@pytest.fixture(scope="module")
def oracle(engine: Engine) -> Oracle:
    return Oracle(read_rows(engine))


@pytest.fixture
def profile(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Settings from the environment, as a deployment sets them."""
    for name, value in {**BASE, **PROFILES[request.param]}.items():
        monkeypatch.setenv(f"VERBATIM_{name.upper()}", str(value))
    get_settings.cache_clear()
    yield request.param
    monkeypatch.undo()
    get_settings.cache_clear()


def get(client: TestClient, path: str, params: dict[str, Any]) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response


def paged(
    client: TestClient, params: dict[str, Any], limit: int, pages: int
) -> tuple[list[int], dict[str, Any], str]:
    """The ids of the first `pages` pages, following the cursors; the first page; the plan
    that served it."""
    first = get(client, "/v1/quotes", {**params, "limit": limit})
    page, ids = first.json(), []
    while True:
        ids += [item["id"] for item in page["items"]]
        pages -= 1
        if page["next_cursor"] is None or pages == 0:
            return ids, first.json(), first.headers.get("x-verbatim-plan", "")
        params = {**params, "limit": limit, "cursor": page["next_cursor"]}
        page = get(client, "/v1/quotes", params).json()


def ranks(engine: Engine, q: str) -> dict[int, float]:
    """BM25 of every match, from FTS5 itself: the order is checked, not recomputed."""
    expression = " OR ".join(f'"{word}"' for word in q.split(" OR "))
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT rowid, bm25(quotes_fts) FROM quotes_fts WHERE quotes_fts MATCH :q"),
            {"q": expression},
        )
        return dict(rows.all())


@pytest.mark.parametrize(("case", "profile"), RUNS, indirect=["profile"])
def test_listing_and_total_match_the_oracle(
    client: TestClient, engine: Engine, oracle: Oracle, case: Case, profile: str
) -> None:
    """Small pages cross many ties on a date; longer listings take large ones. A listing beyond
    the count cap (ten thousand quotes, two seconds or more to page) is paged to its end
    under its first profile; the others' plans are paged to the end in smaller cases, and
    here read for their first two thousand quotes and `total`."""
    expected = oracle.listing(case.params)
    long = len(expected) > COUNT_LIMIT and profile != case.profiles()[0]
    ids, first, plan = paged(
        client, case.params, 97 if len(expected) < 1000 else 1000, 2 if long else -1
    )
    if long:
        assert ids == expected[: len(ids)]
        assert (first["total"], first["total_exact"]) == (COUNT_LIMIT, False)
        assert plan == getattr(case, profile)
        return
    assert len(ids) == len(set(ids)), "an item listed twice"
    if case.params.get("sort", "relevance" if "q" in case.params else "-date") == "relevance":
        newest = sorted(expected, reverse=True)[:RANK_WINDOW]
        assert sorted(ids, reverse=True) == newest
        rank = ranks(engine, case.params["q"])
        keys = [(rank[i], -i) for i in ids]
        assert keys == sorted(keys), "not best match first"
        assert (first["total"], first["total_exact"]) == (len(ids), len(expected) <= RANK_WINDOW)
    else:
        assert ids == expected
        assert first["total"] == min(len(ids), COUNT_LIMIT)
        assert first["total_exact"] == (len(ids) <= COUNT_LIMIT)
    assert 0 < len(expected) < len(oracle.rows), "a case must match some quotes, not all"
    assert plan == getattr(case, profile)


@pytest.mark.parametrize(("case", "profile"), RUNS, indirect=["profile"])
def test_timeline_and_facets_match_the_oracle(
    client: TestClient, oracle: Oracle, case: Case, profile: str
) -> None:
    timeline = get(client, "/v1/quotes/timeline", {**case.params, "interval": "day"})
    assert timeline.json() == oracle.timeline(case.params)
    all_facets = "speaker,topic,place,source,kind"
    faceted = get(client, "/v1/quotes", {**case.params, "facets": all_facets, "limit": 1})
    facets, window = oracle.facets(case.params, get_settings().facet_window)
    assert (faceted.json()["facets"], faceted.json()["facets_window"]) == (facets, window)
    assert timeline.headers["x-verbatim-plan"] == faceted.headers["x-verbatim-plan"]
    assert timeline.headers["x-verbatim-plan"] == getattr(case, profile)


def test_the_corpus_reaches_the_count_cap_and_the_rank_window(oracle: Oracle) -> None:
    """What the cases rely on: more statements than `total` counts, with words and without;
    relevance listings longer and shorter than the window; copies and undated statements."""
    statements = [r for r in oracle.rows if r.first == r.id]
    assert len(oracle.matches({"q": "alpha"})) > COUNT_LIMIT < len(statements)
    assert len(oracle.matches({"q": "charlie"})) < RANK_WINDOW < len(oracle.matches({"q": "bravo"}))
    assert len(oracle.rows) - len(statements) > 1000
    assert any(r.date is None for r in statements)


WITHOUT_COPIES = [
    words({"q": "alpha", "sort": "-date"}),
    words({"q": "bravo OR charlie", "sort": "date"}),
    same({"q": "alpha"}, "fts-ranked"),
    same({"q": "charlie"}, "fts-ranked"),
]


@pytest.fixture(scope="module")
def no_copies(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Oracle]]:
    """Without a copy in the database, a word's total is FTS5's own count and the relevance
    window is found in FTS5 alone: other paths than with copies, checked the same way."""
    engine = build(tmp_path_factory, "plans-no-copies", quotes=600, copies=False)
    with serve(engine) as client:
        yield client, Oracle(read_rows(engine))
    engine.dispose()


@pytest.mark.parametrize(
    ("case", "profile"),
    [pytest.param(c, p, id=f"{p}-{c}") for c in WITHOUT_COPIES for p in c.profiles()],
    indirect=["profile"],
)
def test_words_without_copies_match_the_oracle(
    no_copies: tuple[TestClient, Oracle], case: Case, profile: str
) -> None:
    client, oracle = no_copies
    assert all(row.first == row.id for row in oracle.rows)
    expected = oracle.listing(case.params)
    ids, first, plan = paged(client, case.params, 97, -1)
    if "sort" in case.params:
        assert ids == expected
        assert (first["total"], first["total_exact"]) == (len(ids), True)
    else:
        assert sorted(ids, reverse=True) == sorted(expected, reverse=True)[:RANK_WINDOW]
        assert (first["total"], first["total_exact"]) == (len(ids), len(expected) <= len(ids))
    assert plan == getattr(case, profile)
