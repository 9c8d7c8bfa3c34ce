"""Timeline: matching quotes counted per day, week or month, as a gap-free series for charts.

The database only counts per date (one GROUP BY, any SQL dialect); days are folded into weeks
or months here, which is cheap: there are at most a few thousand distinct dates.
"""

import datetime as dt
from collections import Counter
from typing import Literal

from sqlmodel import Session

from app.errors import InvalidParameter
from app.schemas import QuoteFilters, Timeline, TimelineBucket
from app.search.plan import QuotePlan, choose_plan

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


def quote_timeline(
    session: Session, filters: QuoteFilters, interval: Interval, plan: QuotePlan | None = None
) -> Timeline:
    """The series spans `date_from`..`date_to` when given, else the first..last matching date.

    The database counts per date as the plan reads its quotes (`QuotePlan.per_date`: kept
    per-day counts, a tag's walk index, or a GROUP BY of the matches), the request's plan
    when the caller has one."""
    plan = plan or choose_plan(session, filters)
    counts: Counter[dt.date] = Counter()
    undated = 0
    for day, count in session.exec(plan.per_date()):  # type: ignore[call-overload]
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
