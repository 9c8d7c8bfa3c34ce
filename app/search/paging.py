"""Keyset pagination: a total order per listing, the clause that resumes it, and its cursor.

Also the quote-count tallies that the people, places and topics listings sort by.
"""

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    and_,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.engine import Row
from sqlmodel import Session

from app.db import has_count_triggers
from app.errors import InvalidParameter
from app.schemas import (
    Pagination,
)


@dataclass(frozen=True)
class SortKey:
    column: ColumnElement[Any]
    python_type: type
    descending: bool = False
    nullable: bool = False
    """Nullable keys sort NULLs last in either direction."""

    def order(self) -> ColumnElement[Any]:
        ordered = self.column.desc() if self.descending else self.column.asc()
        return ordered.nulls_last() if self.nullable else ordered

    def equal(self, value: Any) -> ColumnElement[bool]:
        return self.column.is_(None) if value is None else self.column == value

    def beyond(self, value: Any) -> ColumnElement[bool]:
        """Rows that sort strictly after `value` on this key alone."""
        if value is None:
            return false()
        beyond = self.column < value if self.descending else self.column > value
        return or_(beyond, self.column.is_(None)) if self.nullable else beyond


class Ordering:
    """A total order over a listing, the WHERE clause that resumes it, and its cursor format.

    The cursor is the last row's sort keys as base64url JSON: opaque to clients, and decoded
    with the keys' types so that a tampered cursor is a 422, not a bad query.
    """

    def __init__(self, *keys: SortKey) -> None:
        self.keys = keys
        types = tuple(k.python_type | None if k.nullable else k.python_type for k in keys)
        self._cursor: TypeAdapter[tuple[Any, ...]] = TypeAdapter(tuple[types])  # type: ignore[valid-type]

    def after(self, values: Sequence[Any]) -> ColumnElement[bool]:
        """`k1 beyond v1 OR (k1 = v1 AND k2 beyond v2) OR ...`: the rows after the cursor's."""
        branches = []
        for i, (key, value) in enumerate(zip(self.keys, values, strict=True)):
            ties = [k.equal(v) for k, v in zip(self.keys[:i], values[:i], strict=True)]
            branches.append(and_(*ties, key.beyond(value)))
        return or_(*branches)

    def encode(self, values: Sequence[Any]) -> str:
        return base64.urlsafe_b64encode(self._cursor.dump_json(tuple(values))).decode().rstrip("=")

    def decode(self, cursor: str) -> tuple[Any, ...]:
        """The sort keys of a cursor; a 422 for anything `encode` cannot have written, or no
        database can compare: a NUL inside a string (`\\u0000` in its JSON, which the query
        string's NUL check cannot see; PostgreSQL's driver refuses it) or a 65-bit integer."""
        try:
            raw = base64.b64decode(cursor + "=" * (-len(cursor) % 4), altchars=b"-_", validate=True)
            values = self._cursor.validate_json(raw)
            if not all(map(_storable, values)):
                raise ValueError(values)
            return values
        except ValueError:
            raise InvalidParameter(
                "cursor", "not a cursor of this listing; pass `next_cursor` back unchanged"
            ) from None


def _storable(value: Any) -> bool:
    """Whether every database can bind `value`: no NUL in text, integers within 64 bits."""
    if isinstance(value, str):
        return "\x00" not in value
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    return True


def fetch_page(
    session: Session, stmt: Select[Any], ordering: Ordering, page: Pagination
) -> tuple[Sequence[Row[Any]], str | None]:
    """One page of `stmt` and the cursor of the next; fetching one row extra tells if it exists."""
    if page.cursor is not None:
        stmt = stmt.where(ordering.after(ordering.decode(page.cursor)))
    keys = [k.column.label(f"_key{i}") for i, k in enumerate(ordering.keys)]
    stmt = stmt.add_columns(*keys).order_by(*(k.order() for k in ordering.keys))
    rows = session.exec(stmt.limit(page.size + 1)).all()
    if len(rows) <= page.size:
        return rows, None
    return rows[: page.size], ordering.encode(rows[page.size - 1][-len(keys) :])


def stored_counts(session: Session) -> bool:
    """Whether people, topics and places keep their own counts: on SQLite and PostgreSQL
    triggers keep them (migrations 0007, 0010); elsewhere the listings count at query time
    (`tally`, `link_counts`)."""
    return has_count_triggers(session.get_bind())  # type: ignore[arg-type]


def tally(
    group: Any, name: str, *where: ColumnElement[bool]
) -> tuple[Subquery, ColumnElement[int]]:
    """Rows per value of `group`, to LEFT JOIN onto what it counts; 0 where there are none.

    `where` narrows the counting to the rows a filtered listing can show (`group IN (...)`), so
    that one person's count reads an index range instead of grouping the whole table."""
    counts = (
        select(group.label("id"), func.count().label("n"))
        .where(*where)
        .group_by(group)
        .subquery(name)
    )
    return counts, func.coalesce(counts.c.n, 0)


def link_counts(
    entity_id: Any, quote_link: Any, article_link: Any, name: str, matched: Select[Any] | None
) -> tuple[Callable[[Select[Any]], Select[Any]], ColumnElement[int], ColumnElement[int]]:
    """Quote and article counts of a tag table (topics, places) from its two link tables: a
    function that LEFT JOINs them onto a listing, and the two counts. Quotes count once per
    wire group (first copies), as the listings show them. With `matched` (the ids a filtered
    listing can show), only their links are counted."""
    first_copies = quote_link.table.c.first_copy.is_(True)
    quoted, quote_count = tally(
        quote_link,
        f"{name}_quoted",
        first_copies,
        *(() if matched is None else (quote_link.in_(matched),)),
    )
    articled, article_count = tally(
        article_link,
        f"{name}_articled",
        *(() if matched is None else (article_link.in_(matched),)),
    )

    def joined(stmt: Select[Any]) -> Select[Any]:
        return stmt.outerjoin(quoted, quoted.c.id == entity_id).outerjoin(
            articled, articled.c.id == entity_id
        )

    return joined, quote_count, article_count


def by_count(count: ColumnElement[int], name: Any, id_: Any) -> Ordering:
    return Ordering(SortKey(count, int, descending=True), SortKey(name, str), SortKey(id_, int))
