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
"""

import datetime as dt
import hashlib
import re

from anyascii import anyascii

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
