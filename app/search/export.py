"""Export: every quote the filters match, as CSV or NDJSON, streamed in constant memory.

Rows are read in keyset batches on the listing's order (newest first), one short statement per
batch, so no statement outlives the query time limit and memory holds one batch at a time.
CSV selects plain columns (no ORM objects, no validation) because it is the bulk format;
NDJSON goes through `quote_items`, so each line is exactly a /v1/quotes item.
"""

import csv
import io
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.engine import Engine, Row
from sqlmodel import Session

from app.models import Article, Person, Place, Quote, QuotePlace, QuoteTopic, Topic
from app.schemas import QuoteFilters
from app.search.quotes import QUOTE_ORDER, quote_conditions, quote_items

ExportFormat = Literal["csv", "ndjson"]
BATCH_SIZE = 1000
CSV_COLUMNS = [
    "id",
    "date",
    "kind",
    "text",
    "speaker",
    "speaker_id",
    "speaker_mention",
    "cue",
    "article_id",
    "article_title",
    "source",
    "published",
    "topics",
    "places",
]
"""`topics` and `places` are names joined by `;`, in name order as in the JSON items."""


def _batches(session: Session, stmt: Select[Any]) -> Iterator[Sequence[Row[Any]]]:
    """`stmt` in `QUOTE_ORDER`, `BATCH_SIZE` rows at a time, each batch resuming after the last
    row of the one before (its sort keys are appended as the last columns)."""
    keys = [k.column.label(f"_key{i}") for i, k in enumerate(QUOTE_ORDER.keys)]
    ordered = stmt.add_columns(*keys).order_by(*(k.order() for k in QUOTE_ORDER.keys))
    after: ColumnElement[bool] | None = None
    while True:
        batch_stmt = ordered if after is None else ordered.where(after)
        rows = session.exec(batch_stmt.limit(BATCH_SIZE)).all()  # type: ignore[call-overload]
        if rows:
            yield rows
        if len(rows) < BATCH_SIZE:
            return
        after = QUOTE_ORDER.after(rows[-1][-len(keys) :])


def _names(session: Session, stmt: Select[Any]) -> defaultdict[int, str]:
    """(quote id, name) rows in name order → each quote's names joined by `;`."""
    names: defaultdict[int, list[str]] = defaultdict(list)
    for quote_id, name in session.exec(stmt):  # type: ignore[call-overload]
        names[quote_id].append(name)
    return defaultdict(str, {quote_id: ";".join(found) for quote_id, found in names.items()})


def _csv_rows(session: Session, rows: Sequence[Row[Any]]) -> Iterator[list[Any]]:
    ids = [row[0] for row in rows]
    topics = _names(
        session,
        select(QuoteTopic.quote_id, Topic.name)
        .join(Topic, Topic.id == QuoteTopic.topic_id)
        .where(QuoteTopic.quote_id.in_(ids))
        .order_by(Topic.name),
    )
    places = _names(
        session,
        select(QuotePlace.quote_id, Place.name)
        .join(Place, Place.id == QuotePlace.place_id)
        .where(QuotePlace.quote_id.in_(ids))
        .order_by(Place.name),
    )
    width = len(CSV_COLUMNS) - 2
    for row in rows:
        yield [*row[:width], topics[row[0]], places[row[0]]]


def _csv(engine: Engine, conditions: Sequence[ColumnElement[bool]]) -> Iterator[str]:
    """A header line, then one chunk of CSV per batch (RFC 4180: quoted as needed, CRLF)."""
    stmt = (
        select(
            Quote.id,
            Quote.date,
            Quote.kind,
            Quote.text,
            Person.name,
            Quote.speaker_id,
            Quote.speaker_mention,
            Quote.cue,
            Quote.article_id,
            Article.title,
            Article.source,
            Article.published,
        )
        .join(Article, Article.id == Quote.article_id)
        .outerjoin(Person, Person.id == Quote.speaker_id)
        .where(*conditions)
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield buffer.getvalue()
    with Session(engine) as session:
        for rows in _batches(session, stmt):
            buffer.seek(0)
            buffer.truncate()
            writer.writerows(_csv_rows(session, rows))
            yield buffer.getvalue()


def _ndjson(engine: Engine, conditions: Sequence[ColumnElement[bool]]) -> Iterator[str]:
    """One /v1/quotes item per line, one chunk per batch."""
    stmt = select(Quote).where(*conditions)
    with Session(engine) as session:
        for rows in _batches(session, stmt):
            items = quote_items(session, [row[0] for row in rows])
            session.expunge_all()
            yield "".join(item.model_dump_json() + "\n" for item in items)


def export_quotes(
    session: Session, filters: QuoteFilters, export_format: ExportFormat
) -> Iterator[str]:
    """The export's chunks. The filters are checked now, so that a bad one is still a 422; the
    rows are read later, while the response streams, on a session of the export's own."""
    conditions = quote_conditions(session, filters)
    engine = session.get_bind()
    return _csv(engine, conditions) if export_format == "csv" else _ndjson(engine, conditions)  # type: ignore[arg-type]
