"""Timeline: matching quotes counted per day, week or month, as a gap-free series for charts.

The database only counts per date (one GROUP BY, any SQL dialect); days are folded into weeks
or months here, which is cheap: there are at most a few thousand distinct dates.
"""

import datetime as dt
from collections import Counter
from typing import Literal

from sqlalchemy import Select, func, null, select, union_all
from sqlmodel import Session

from app.db import is_sqlite
from app.errors import InvalidParameter
from app.models import Quote, QuoteDate
from app.schemas import QuoteFilters, Timeline, TimelineBucket
from app.search import quotes as quote_search

Interval = Literal["day", "week", "month"]
MAX_BUCKETS = 3660
"""Ten years of days: a longer series is a 422 asking for a coarser interval or a date range."""


def bucket_start(day: dt.date, interval: Interval) -> dt.date:
    if interval == "week":
        return day - dt.timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day


def _next(start: dt.date, interval: Interval) -> dt.date:
    if interval == "day":
        return start + dt.timedelta(days=1)
    if interval == "week":
        return start + dt.timedelta(days=7)
    return (start + dt.timedelta(days=31)).replace(day=1)


def _span(first: dt.date, last: dt.date, interval: Interval) -> int:
    if interval == "day":
        return (last - first).days + 1
    if interval == "week":
        return (last - first).days // 7 + 1
    return (last.year - first.year) * 12 + last.month - first.month + 1


def fill(
    counts: Counter[dt.date], first: dt.date, last: dt.date, interval: Interval
) -> list[TimelineBucket]:
    """Every bucket from `first` to `last` (both bucket starts), zeros included."""
    if _span(first, last, interval) > MAX_BUCKETS:
        raise InvalidParameter(
            "interval",
            f"{interval} buckets from {first} to {last} would be more than {MAX_BUCKETS}; "
            "choose a longer interval or narrow date_from and date_to",
        )
    buckets = []
    start = first
    while start <= last:
        buckets.append(TimelineBucket(start=start, count=counts[start]))
        start = _next(start, interval)
    return buckets


def _only_dated(filters: QuoteFilters) -> bool:
    """Whether the filters pick first copies by date alone."""
    return filters.appearances == "first" and quote_search.filters_only(
        filters, {"date_from", "date_to"}
    )


def _per_date(session: Session, filters: QuoteFilters) -> Select[tuple[dt.date | None, int]]:
    """(date, quotes) rows for the matching quotes, a null date for the undated ones.

    On SQLite a timeline filtered by date alone reads the per-day counts that triggers keep
    (`QuoteDate`), plus the undated quotes from an index range; a single topic or place is
    grouped within its walk index (`TagWalk`); anything else groups the matching quotes."""
    if _only_dated(filters) and is_sqlite(session.get_bind()):  # type: ignore[arg-type]
        days = select(QuoteDate.date, QuoteDate.quotes).where(QuoteDate.quotes > 0)
        if filters.date_from is not None:
            days = days.where(QuoteDate.date >= filters.date_from)
        if filters.date_to is not None:
            days = days.where(QuoteDate.date <= filters.date_to)
        if filters.date_from is not None or filters.date_to is not None:
            return days  # type: ignore[return-value]
        undated = select(null(), func.count()).where(
            Quote.date.is_(None), Quote.duplicate_of.is_(None)
        )
        return union_all(days, undated)  # type: ignore[return-value]
    walk = quote_search.tag_walk(session, filters)
    if walk is not None:
        return walk.select(walk.date, func.count()).group_by(walk.date)
    conditions = quote_search.quote_conditions(session, filters, whole=True)
    return select(Quote.date, func.count()).where(*conditions).group_by(Quote.date)


def quote_timeline(session: Session, filters: QuoteFilters, interval: Interval) -> Timeline:
    """The series spans `date_from`..`date_to` when given, else the first..last matching date."""
    counts: Counter[dt.date] = Counter()
    undated = 0
    for day, count in session.exec(_per_date(session, filters)):  # type: ignore[call-overload]
        if day is None:
            undated = count
        else:
            counts[bucket_start(day, interval)] += count
    first = filters.date_from or min(counts, default=None)
    last = filters.date_to or max(counts, default=None)
    if first is None or last is None:
        return Timeline(interval=interval, buckets=[], undated=undated)
    buckets = fill(counts, bucket_start(first, interval), bucket_start(last, interval), interval)
    return Timeline(interval=interval, buckets=buckets, undated=undated)
