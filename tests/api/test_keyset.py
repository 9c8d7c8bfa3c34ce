"""Keyset ordering on its own, since the seeds have no undated quote and few ties.

Walks a small table one row per page in every direction the listings use and compares the
walk with Python's sort of the same rows.
"""

import datetime as dt
import itertools
from typing import Any

import pytest
from sqlalchemy import Column, Date, Integer, MetaData, Table, create_engine, insert, select

from app.errors import InvalidParameter
from app.search.paging import Ordering, SortKey

ROWS = [
    {"id": i, "day": day, "n": n}
    for i, (day, n) in enumerate(
        itertools.product([None, dt.date(2025, 11, 12), dt.date(2025, 11, 19)], [2, 1, 2]), 1
    )
]
TABLE = Table(
    "rows",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("day", Date),
    Column("n", Integer),
)
ORDERING = Ordering(
    SortKey(TABLE.c.day, dt.date, descending=True, nullable=True),
    SortKey(TABLE.c.n, int),
    SortKey(TABLE.c.id, int, descending=True),
)


def expected_order(row: dict[str, Any]) -> tuple[Any, ...]:
    day = row["day"]
    return (day is None, -day.toordinal() if day else 0, row["n"], -row["id"])


def test_walk_one_row_at_a_time() -> None:
    engine = create_engine("sqlite://")
    TABLE.metadata.create_all(engine)
    walked: list[int] = []
    with engine.begin() as connection:
        connection.execute(insert(TABLE), ROWS)
        cursor = None
        while True:
            stmt = select(TABLE).order_by(*(key.order() for key in ORDERING.keys)).limit(1)
            if cursor is not None:
                stmt = stmt.where(ORDERING.after(ORDERING.decode(cursor)))
            row = connection.execute(stmt).one_or_none()
            if row is None:
                break
            walked.append(row.id)
            cursor = ORDERING.encode((row.day, row.n, row.id))
    assert walked == [row["id"] for row in sorted(ROWS, key=expected_order)]


@pytest.mark.parametrize("cursor", ["", "!!", "W10", "WzEsMiwzXQ", "WyJ4IiwxLDJd"])
def test_foreign_or_broken_cursor(cursor: str) -> None:
    with pytest.raises(InvalidParameter) as raised:
        ORDERING.decode(cursor)
    assert raised.value.param == "cursor"
