"""Export: every quote the filters match, as CSV or NDJSON, streamed in constant memory.

Rows are read in keyset batches on the listing's order (newest first), one short statement per
batch, so no statement outlives the query time limit and memory holds one batch at a time.
CSV lines are built by the database (see `_csv`) because CSV is the bulk format;
NDJSON goes through `quote_items`, so each line is exactly a /v1/quotes item.
"""

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    Select,
    String,
    cast,
    func,
    literal,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.engine import Engine, Row
from sqlmodel import Session

from app.models import Article, Person, Place, Quote, QuotePlace, QuoteTopic, Topic
from app.schemas import QuoteFilters
from app.search.quotes import quote_conditions, quote_items

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


Key = tuple[dt.date | str | None, int]
"""A row's place in the export order: (date, id); the date as the driver returned it."""


def _resume(after: Key | None) -> list[ColumnElement[bool]]:
    """The rows after `after` in (date desc, id desc) order, undated last.

    Spelt as a range on `date` (`date <= d AND (date < d OR id < i)`), not as the OR of
    `fetch_page`, so that SQLite seeks into the (date, id) index instead of scanning it from
    the top for every batch: each batch costs the same, and the whole export is linear.
    """
    if after is None:
        return []
    date, id_ = after
    if date is None:
        return [Quote.date.is_(None), Quote.id < id_]
    day = dt.date.fromisoformat(date) if isinstance(date, str) else date
    return [Quote.date <= day, or_(Quote.date < day, Quote.id < id_)]


def _batches(
    run: Callable[[Select[Any]], Sequence[Row[Any]]],
    stmt: Select[Any],
    key: Callable[[Row[Any]], Key],
) -> Iterator[Sequence[Row[Any]]]:
    """`stmt`'s rows, newest first and undated last, `BATCH_SIZE` at a time: dated rows, then
    undated ones, each batch resuming after the `key` of the last row of the one before."""
    phases = [
        stmt.where(Quote.date.is_not(None)).order_by(Quote.date.desc(), Quote.id.desc()),
        stmt.where(Quote.date.is_(None)).order_by(Quote.id.desc()),
    ]
    for phase in phases:
        after: Key | None = None
        while True:
            rows = run(phase.where(*_resume(after)).limit(BATCH_SIZE))
            if rows:
                yield rows
            if len(rows) < BATCH_SIZE:
                break
            after = key(rows[-1])


def _joined_names(
    quote_id: Any, entity_id: Any, entity: type[Topic] | type[Place]
) -> ScalarSelect[Any]:
    """The names of a quote's topics or places, in name order, joined by `;` (a correlated
    subquery: an index lookup per row, cheaper than a second query per batch)."""
    names = (
        select(entity.name)
        .where(quote_id == Quote.id, entity.id == entity_id)
        .order_by(entity.name)
        .correlate(Quote)
        .subquery()
    )
    return select(func.aggregate_strings(names.c.name, ";")).scalar_subquery()


def _plain(value: Any) -> ColumnElement[str]:
    """A number or date as CSV text; NULL as an empty field."""
    return func.coalesce(cast(value, String), "")


def _quoted(value: Any) -> ColumnElement[str]:
    """Text as an RFC 4180 quoted field: always quoted, inner quotes doubled, so that commas,
    quotes and line breaks are safe; NULL as an empty field."""
    doubled = func.replace(value, '"', '""', type_=String)
    return func.coalesce(literal('"').concat(doubled).concat('"'), "")


def _csv_line(*fields: ColumnElement[str]) -> ColumnElement[str]:
    line = fields[0]
    for field in fields[1:]:
        line = line.concat(",").concat(field)
    return line


def _csv(engine: Engine, conditions: Sequence[ColumnElement[bool]]) -> Iterator[str]:
    """A header line, then one chunk of CSV per batch, CRLF line ends as in RFC 4180.

    The database writes each line itself (quoting in SQL), so Python only joins strings: the
    csv module, one Row per column and type conversions would cost more than the query.
    """
    line = _csv_line(
        _plain(Quote.id),
        _plain(Quote.date),
        _quoted(Quote.kind),
        _quoted(Quote.text),
        _quoted(Person.name),
        _plain(Quote.speaker_id),
        _quoted(Quote.speaker_mention),
        _quoted(Quote.cue),
        _plain(Quote.article_id),
        _quoted(Article.title),
        _quoted(Article.source),
        _plain(Article.published),
        _quoted(_joined_names(QuoteTopic.quote_id, QuoteTopic.topic_id, Topic)),
        _quoted(_joined_names(QuotePlace.quote_id, QuotePlace.place_id, Place)),
    )
    stmt = (
        select(line, type_coerce(Quote.date, String), Quote.id)
        .join(Article, Article.id == Quote.article_id)
        .outerjoin(Person, Person.id == Quote.speaker_id)
        .where(*conditions)
    )
    yield ",".join(CSV_COLUMNS) + "\r\n"
    with engine.connect() as connection:

        def run(batch: Select[Any]) -> Sequence[Row[Any]]:
            return connection.execute(batch).all()

        for rows in _batches(run, stmt, lambda row: (row[1], row[2])):
            yield "\r\n".join([row[0] for row in rows]) + "\r\n"


def _ndjson(engine: Engine, conditions: Sequence[ColumnElement[bool]]) -> Iterator[str]:
    """One /v1/quotes item per line, one chunk per batch."""
    stmt = select(Quote).where(*conditions)
    with Session(engine) as session:

        def run(batch: Select[Any]) -> Sequence[Row[Any]]:
            return session.exec(batch).all()  # type: ignore[call-overload, no-any-return]

        for rows in _batches(run, stmt, lambda row: (row[0].date, row[0].id)):
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
