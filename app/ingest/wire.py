"""Wire copies: one statement carried by several articles (syndicated agency text).

Outlets republish an agency's text with small edits: curly quotes straightened, a trailing
full stop dropped or moved inside the marks, `U.S.` written `US`, `cease-fire` written
`ceasefire`. The fingerprint ignores exactly that: case, accents, and every character that is
not a letter or digit, spaces included. Matching is on this normalised text only, not fuzzy:
a fuzzy match cannot be looked up in an index (it needs comparisons against every candidate),
and it would join statements that differ in one meaningful word (`will` / `will not`).

The speaker is part of the fingerprint (the same words from two people are two statements),
and a group only takes quotes said within `WINDOW` of its first quote, so that a stock phrase
repeated weeks apart ("We have nothing to add") stays separate statements.

A stored quote names its group in `duplicate_of`: null for a group's first quote, else that
quote's id (its topic and place links say the same in `first_copy`). The store puts an
article's new quotes in their groups (`join_wire_groups`) and makes groups again after quotes
went or changed date (`regroup`), as a fresh ingest of the stored quotes would.
"""

import datetime as dt
import hashlib
import re
from typing import Any

from anyascii import anyascii
from sqlalchemy import Connection, bindparam, update
from sqlmodel import col, select

from app.ingest.writes import chunks
from app.models import Quote, QuotePlace, QuoteTopic

WINDOW = dt.timedelta(days=7)
"""How far apart the dates of two copies of one statement may be: copies of an agency story
appear within days, and a later article may date the statement a day later."""

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def normalised(text: str) -> str:
    """`“The U.S. will help,”` → `theuswillhelp`: only ASCII letters and digits, lower case."""
    return _NOT_ALNUM.sub("", anyascii(text).casefold())


def fingerprint(text: str, speaker_id: int | None, speaker_mention: str | None) -> str:
    """Same statement, same speaker → same fingerprint. The speaker is the resolved person if
    there is one, else how the article named them (`he`, `a spokesperson`)."""
    speaker = (
        f"id:{speaker_id}" if speaker_id is not None else f"as:{normalised(speaker_mention or '')}"
    )
    digest = hashlib.blake2b(f"{speaker}\0{normalised(text)}".encode(), digest_size=16)
    return digest.hexdigest()


def same_occasion(first: dt.date | None, other: dt.date | None) -> bool:
    """Whether a quote dated `other` can be a copy of one dated `first` (unknown dates can)."""
    return first is None or other is None or abs(other - first) <= WINDOW


def join_wire_groups(connection: Connection, article_id: int, rows: list[dict[str, Any]]) -> None:
    """Set `duplicate_of` of each of `rows`: the first quote of the earliest group with its
    fingerprint and a close date, if one is stored. One query per article; the article's own
    quotes are left out, so a statement repeated within one article is not a copy."""
    groups: dict[str, list[tuple[int, dt.date | None]]] = {}
    for chunk in chunks({row["fingerprint"] for row in rows}):
        query = (
            select(Quote.fingerprint, Quote.id, Quote.date)
            .where(
                col(Quote.fingerprint).in_(chunk),
                col(Quote.duplicate_of).is_(None),
                Quote.article_id != article_id,
            )
            .order_by(col(Quote.id))
        )
        for key, quote_id, date in connection.execute(query):
            groups.setdefault(key, []).append((quote_id, date))
    for row in rows:
        candidates = groups.get(row["fingerprint"], ())
        row["duplicate_of"] = next(
            (first for first, date in candidates if same_occasion(date, row["date"])), None
        )


def regroup(connection: Connection, fingerprints: set[str]) -> None:
    """Make the wire groups of these fingerprints again, as a fresh ingest of the stored
    quotes in id order would: each quote joins the earliest group whose first quote is in
    another article and said within `WINDOW` of it, else starts one. After quotes went or
    changed date; the links' first-copy flags follow (on SQLite a trigger would too)."""
    changes = []
    for chunk in chunks(fingerprints):
        query = (
            select(Quote.fingerprint, Quote.id, Quote.article_id, Quote.date, Quote.duplicate_of)
            .where(col(Quote.fingerprint).in_(chunk))
            .order_by(col(Quote.fingerprint), col(Quote.id))
        )
        firsts: list[tuple[int, int, dt.date | None]] = []
        group_key = None
        for key, quote_id, article_id, date, duplicate_of in connection.execute(query):
            if key != group_key:
                firsts, group_key = [], key
            first = next(
                (
                    first_id
                    for first_id, first_article, first_date in firsts
                    if first_article != article_id and same_occasion(first_date, date)
                ),
                None,
            )
            if first is None:
                firsts.append((quote_id, article_id, date))
            if first != duplicate_of:
                changes.append({"quote_id": quote_id, "first": first})
    if not changes:
        return
    connection.execute(
        update(Quote)
        .where(col(Quote.id) == bindparam("quote_id"))
        .values(duplicate_of=bindparam("first")),
        changes,
    )
    for first_copy in (True, False):
        ids = [c["quote_id"] for c in changes if (c["first"] is None) == first_copy]
        for link in (QuoteTopic, QuotePlace):
            if ids:
                connection.execute(
                    update(link).where(col(link.quote_id).in_(ids)).values(first_copy=first_copy)
                )
