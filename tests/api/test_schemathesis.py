"""Property-based tests of the whole API from its own OpenAPI document (Schemathesis).

Requests are generated from each operation's parameters and sent in-process to the app over
the seeded database; every response must be a non-5xx that matches the documented status
codes, content types and schemas.

The schema is loaded when the module is imported (Schemathesis' fixture-based loader does not
work with pytest 9), so the app is built here and reaches the seeded database, a session
fixture, through `_bind_seeded_database`.
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance
from schemathesis.core.parameters import ParameterLocation
from sqlalchemy import Engine
from sqlmodel import Session

from app.db import get_session
from app.errors import InvalidParameter
from app.main import create_app
from app.schemas import MAX_LIST_ITEMS, comma_items
from app.search.fulltext import parse_query
from app.search.timeline import MAX_BUCKETS

app = create_app()
_engines: dict[str, Engine] = {}


def _seeded_session() -> Iterator[Session]:
    with Session(_engines["seeded"]) as session:
        yield session


app.dependency_overrides[get_session] = _seeded_session
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(autouse=True)
def _bind_seeded_database(seeded_engine: Engine) -> None:
    _engines["seeded"] = seeded_engine


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:
    response = case.call()
    excluded = []
    if breaks_a_rule_openapi_cannot_state(case.path, case.query or {}):
        excluded.append(positive_data_acceptance)
    if mutates_free_text(case):
        excluded.append(negative_data_rejection)
    case.validate_response(response, excluded_checks=excluded)


def breaks_a_rule_openapi_cannot_state(path: str, query: dict[str, Any]) -> bool:
    """Schema-valid yet rightly refused with 422: a cursor the server did not mint for this
    listing (any other string), a date range that ends before it starts, `sort=relevance`
    without words to be relevant to, a timeline of more buckets than a chart can take, or a
    `q` its search syntax refuses (no word in it, unbalanced parentheses, only exclusions), or
    a list parameter of more than `MAX_LIST_ITEMS` items once its comma lists are split (the
    schema bounds the values sent, not what they list)."""
    dates = query.get("date_from"), query.get("date_to")
    return (
        "cursor" in query
        or (None not in dates and "" not in dates and str(dates[0]) > str(dates[1]))
        or (query.get("sort") == "relevance" and not query.get("q"))
        or (path.endswith("/timeline") and too_many_buckets(query))
        or (bool(query.get("q")) and searches_text(path) and refused_search(str(query["q"])))
        or any(too_many_items(value) for value in query.values())
    )


def too_many_items(value: Any) -> bool:
    if not isinstance(value, list):
        return False
    listed = {i for v in value for i in (comma_items(v) if isinstance(v, str) else [str(v)])}
    return len(listed) > MAX_LIST_ITEMS


def searches_text(path: str) -> bool:
    """Where `q` is the full-text syntax; people, places and topics match names instead."""
    return path.endswith(("/quotes", "/timeline")) or path == "/v1/articles"


def refused_search(q: str) -> bool:
    """Whether the search syntax (`q` of quotes and articles) refuses `q`: its grammar is
    more than a JSON Schema pattern can state."""
    try:
        parse_query(q)
    except InvalidParameter:
        return True
    return False


FREE_TEXT = {"speaker", "topic", "place", "source", "q", "role"}


def mutates_free_text(case: schemathesis.Case) -> bool:
    """A "wrong type" for a free-text parameter (`true` or a number for `source`) is still
    text once it is in a URL, so accepting it is right: negative cases that carry one are not
    held to being refused."""
    negative = case.meta is not None and case.meta.is_negative_at(ParameterLocation.QUERY)
    return negative and any(name in FREE_TEXT for name in case.query or {})


OPEN_ENDS = {"date_from": dt.date(1900, 1, 1), "date_to": dt.date.today()}
"""Where a timeline without `date_from` or `date_to` may start or end at most: the first or
last quote's date, within these for the seeds (a far `date_from` alone is as refused as a
range)."""


def too_many_buckets(query: dict[str, Any]) -> bool:
    """Only for well-formed values: a malformed one is a 422 for its own reason."""
    try:
        start, end = (
            dt.date.fromisoformat(str(query[name])) if name in query else OPEN_ENDS[name]
            for name in ("date_from", "date_to")
        )
        days_per_bucket = {"day": 1, "week": 7, "month": 28}[str(query.get("interval", "month"))]
    except (KeyError, ValueError):
        return False
    return (end - start).days / days_per_bucket > MAX_BUCKETS - 2
