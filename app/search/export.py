"""Export: every quote the filters match, as CSV or NDJSON, streamed in constant memory.

Rows are read in keyset batches on the listing's order (newest first). Each batch is one
statement in two steps: the next `BATCH_SIZE` keys, found on (date, id) alone, then the
rows of those keys. However a filter is planned, a batch sorts keys, never finished rows, so
its cost does not grow with the rows still to come and the whole export stays linear.
CSV lines are built by the database (see `_csv_line`) because CSV is the bulk format;
NDJSON goes through `quote_items`, so each line is exactly a /v1/quotes item. Which quotes,
and the conditions that pick them, come from the request's query plan (`QuotePlan`).

Reading the file through mmap saves a copy per page, about 15 % of an export's time: the
connection's own `VERBATIM_SQLITE_MMAP_MB` (1 GiB by default) applies, and an export never
changes it, since its connection goes back to the pool for other requests.
"""

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    Select,
    String,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.engine import Engine, Row
from sqlmodel import Session

from app.db import is_sqlite, statement_time_limit, time_limit_ms
from app.models import Article, Person, Place, Quote, QuotePlace, QuoteTopic, Topic
from app.schemas import QuoteFilters
from app.search.plan import QuotePlan
from app.search.quotes import quote_items
from app.text import slugify

ExportFormat = Literal["csv", "ndjson"]
BATCH_SIZE = 5000
EXPORT_TIME_LIMIT_FACTOR = 10
"""An export's statements may each run this many times the query time limit: a batch scans
at most one index range, but a sparse filter may walk far between matches, and a stream cut
off halfway is worse for a client than a slower one."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell beginning with one of these is read as a formula by spreadsheets (CSV
injection): it gets a leading `'`, as OWASP advises. Numbers and dates are written bare and
never begin with one (ids are positive), so they are left as they are."""
BYTE_ORDER_MARK = "\ufeff"
"""Excel reads a CSV as UTF-8 only when it begins with one (`excel=true`)."""
FILENAME_FILTERS = 80
"""At most this many characters of filters in an export's file name, to keep it short."""
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
    "article_url",
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
    rows_of: Callable[[ColumnElement[bool]], Select[Any]],
    conditions: Sequence[ColumnElement[bool]],
    key: Callable[[Row[Any]], Key],
) -> Iterator[Sequence[Row[Any]]]:
    """The rows `rows_of` selects for the quotes meeting `conditions`, newest first and undated
    last, `BATCH_SIZE` at a time: dated rows, then undated ones, each batch resuming after the
    `key` of the last row of the one before."""
    newest_first = (Quote.date.desc(), Quote.id.desc())
    for phase in (Quote.date.is_not(None), Quote.date.is_(None)):
        after: Key | None = None
        while True:
            keys = (
                select(Quote.id)
                .where(*conditions, phase, *_resume(after))
                .order_by(*newest_first)
                .limit(BATCH_SIZE)
            )
            rows = run(rows_of(Quote.id.in_(keys)).order_by(*newest_first))
            if rows:
                yield rows
            if len(rows) < BATCH_SIZE:
                break
            after = key(rows[-1])


def _text_cell(value: Any, sqlite: bool) -> ColumnElement[str]:
    """A text value as a spreadsheet must show it: NULL as empty, and a `'` before anything
    that would start a formula (`FORMULA_STARTS`). On SQLite the first character is tested
    by its code point: `unicode()` reads it in place, where `substr()` would copy it, which
    keeps the check within a few percent of an export's time."""
    if sqlite:
        formula = func.unicode(value).in_([ord(start) for start in FORMULA_STARTS])
    else:
        formula = func.substr(value, 1, 1).in_(FORMULA_STARTS)
    neutralised = literal("'", String).concat(value)
    return case((formula, neutralised), else_=func.coalesce(value, "", type_=String))


def _joined_names(
    quote_id: Any, entity_id: Any, entity: type[Topic] | type[Place], sqlite: bool
) -> ScalarSelect[Any]:
    """The names of a quote's topics or places, in name order, joined by `;`, as a text cell
    (a correlated subquery: an index lookup per row, cheaper than a second query per batch;
    the cell is made inside it, so that the names are joined once)."""
    names = (
        select(entity.name)
        .where(quote_id == Quote.id, entity.id == entity_id)
        .order_by(entity.name)
        .correlate(Quote)
        .subquery()
    )
    joined = func.aggregate_strings(names.c.name, ";")
    return select(_text_cell(joined, sqlite)).scalar_subquery()


def _csv_fields(sqlite: bool) -> list[tuple[Any, bool]]:
    """The value of each of `CSV_COLUMNS`, and whether it is text (always quoted, as RFC 4180
    allows, so that commas, quotes and line breaks are safe; NULL as `""`; a formula
    neutralised) or a number or date (plain; NULL as an empty field)."""

    def text(value: Any) -> tuple[Any, bool]:
        return _text_cell(value, sqlite), True

    return [
        (Quote.id, False),
        (Quote.date, False),
        text(Quote.kind),
        text(Quote.text),
        text(Person.name),
        (Quote.speaker_id, False),
        text(Quote.speaker_mention),
        text(Quote.cue),
        (Quote.article_id, False),
        text(Article.title),
        text(Article.url),
        text(Article.source),
        (Article.published, False),
        (_joined_names(QuoteTopic.quote_id, QuoteTopic.topic_id, Topic, sqlite), True),
        (_joined_names(QuotePlace.quote_id, QuotePlace.place_id, Place, sqlite), True),
    ]


def _csv_line(sqlite: bool) -> ColumnElement[str]:
    """A CSV line (without its line end), written by the database.

    SQLite's printf writes it in one pass (`%w` doubles double quotes), about twice as fast
    as concatenating the fields one by one, which is what other databases get.
    """
    fields = _csv_fields(sqlite)
    if sqlite:
        template = ",".join('"%w"' if quoted else "%s" for _, quoted in fields)
        return func.printf(template, *(value for value, _ in fields), type_=String)
    line: ColumnElement[str] | None = None
    for value, quoted in fields:
        if quoted:
            doubled = func.replace(value, '"', '""', type_=String)
            field = literal('"').concat(doubled).concat('"')
        else:
            field = func.coalesce(cast(value, String), "")
        line = field if line is None else line.concat(",").concat(field)
    assert line is not None
    return line


@contextmanager
def _limited(engine: Engine) -> Iterator[Session]:
    """A session of the export's own, its statements held to the export's time limit."""
    with Session(engine) as session:
        limit_ms = EXPORT_TIME_LIMIT_FACTOR * time_limit_ms(session)
        with statement_time_limit(session, limit_ms):
            yield session


def _csv(
    engine: Engine, conditions: Sequence[ColumnElement[bool]], excel: bool = False
) -> Iterator[str]:
    """The header line and the first batch, then one chunk of CSV per batch, CRLF line ends
    as in RFC 4180. Python only joins the lines the database wrote; `excel` puts a byte-order
    mark first."""
    line = _csv_line(is_sqlite(engine))

    def rows_of(keys: ColumnElement[bool]) -> Select[Any]:
        return (
            select(line, type_coerce(Quote.date, String), Quote.id)
            .join(Article, Article.id == Quote.article_id)
            .outerjoin(Person, Person.id == Quote.speaker_id)
            .where(keys)
        )

    pending = (BYTE_ORDER_MARK if excel else "") + ",".join(CSV_COLUMNS) + "\r\n"
    with _limited(engine) as session:

        def run(batch: Select[Any]) -> Sequence[Row[Any]]:
            return session.execute(batch).all()

        for rows in _batches(run, rows_of, conditions, lambda row: (row[1], row[2])):
            yield pending + "\r\n".join([row[0] for row in rows]) + "\r\n"
            pending = ""
    if pending:
        yield pending


def _ndjson(engine: Engine, conditions: Sequence[ColumnElement[bool]]) -> Iterator[str]:
    """One /v1/quotes item per line, one chunk per batch."""
    with _limited(engine) as session:

        def run(batch: Select[Any]) -> Sequence[Row[Any]]:
            return session.exec(batch).all()  # type: ignore[call-overload, no-any-return]

        def rows_of(keys: ColumnElement[bool]) -> Select[Any]:
            return select(Quote).where(keys)

        for rows in _batches(run, rows_of, conditions, lambda row: (row[0].date, row[0].id)):
            items = quote_items(session, [row[0] for row in rows])
            session.expunge_all()
            yield "".join(item.model_dump_json() + "\n" for item in items)


def export_quotes(
    session: Session, plan: QuotePlan, export_format: ExportFormat, excel: bool = False
) -> Iterator[str]:
    """The export's chunks, on a session of the export's own that lives as long as the stream.

    The first batch is read now, before the response starts: an export too slow to begin is
    a 503, not a 200 cut off at once. A later batch that still fails ends the stream without
    its last chunk, so a client sees an incomplete body (an error), never a short CSV that
    looks whole. `excel` (CSV only) starts it with a byte-order mark.
    """
    conditions = plan.conditions()
    engine: Engine = session.get_bind()  # type: ignore[assignment]
    if export_format == "csv":
        chunks = _csv(engine, conditions, excel)
    else:
        chunks = _ndjson(engine, conditions)
    first = next(chunks, None)
    return _after(first, chunks) if first is not None else iter([])


def _after(first: str, chunks: Iterator[str]) -> Iterator[str]:
    """`first`, then the rest of `chunks`: a generator, not `itertools.chain`, so that closing
    it closes `chunks` and with it the export's session (see `ClosingStreamingResponse`)."""
    yield first
    yield from chunks


def export_filename(filters: QuoteFilters, extension: str, today: dt.date) -> str:
    """A file name that says what was exported: `verbatim-quotes-speaker-peskov-2025-11-20.csv`.

    Every filter set, in parameter order (`sort` aside: it does not change what is exported),
    as `name-value` slugs (ASCII letters, digits and hyphens only, so no quote, slash or
    control character reaches the header), cut to `FILENAME_FILTERS` characters; then the
    day it was exported.
    """
    parts = []
    for field in dataclasses.fields(filters):
        value = getattr(filters, field.name)
        if field.name == "sort" or value in (None, [], "first"):
            continue
        values = value if isinstance(value, list) else [value]
        slug = "-".join(filter(None, (slugify(str(v)) for v in values)))
        if slug:
            parts.append(f"{slugify(field.name)}-{slug}")
    described = "-".join(parts)[:FILENAME_FILTERS].strip("-")
    return "-".join(filter(None, ["verbatim-quotes", described, today.isoformat()])) + extension
