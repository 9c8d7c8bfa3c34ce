"""Publication dates: parsed by `dateparser`, found only in lines that are nothing but a date.

dateparser is slow when called on arbitrary text, so a cheap pattern first picks out the
substring that is shaped like a full date (day, month and year), and only that is parsed.
"""

import datetime as dt
import re
from functools import lru_cache

import dateparser

_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}

_TIME = (
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4}\b)?)?"
)
_CANDIDATES = (
    # 2025-11-19, 2025-11-19T10:00:00Z
    re.compile(
        r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    ),
    # 12 Nov 2025, 19th November, 2025
    re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}\b" + _TIME),
    # November 19, 2025; Nov. 19, 2025 10:32 AM EST
    re.compile(r"\b[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b" + _TIME),
)
_HEADER_WORDS = re.compile(
    r"(?i:\b(?:published|updated|posted|modified|last|first|date|on|at)\b)"
    r"|(?i:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?)|(?i:\b\d+\s*min(?:ute)?s?\s+read\b)"
    r"|\b[A-Z]{2,4}\b|[^\w\s]"
)
"""What may surround the date in a header line: labels, a time, a time zone, punctuation."""
_MAX_LEFTOVER_WORDS = 2
"""A date line may carry a word or two besides the date, such as a section name."""


@lru_cache(maxsize=4096)
def parse_date(text: str) -> dt.date | None:
    """Read one date value (metadata or a candidate substring); None when it is not a full date."""
    parsed = dateparser.parse(text.strip(), languages=["en"], settings=_SETTINGS)
    return parsed.date() if parsed else None


def date_of_line(line: str) -> dt.date | None:
    """The date a header line announces, if the line is essentially just a date.

    Body sentences mention dates too ("He said on Nov. 19, 2025 that..."), so a line only
    counts when little but header words ("Published", a weekday, a time) is left around it.
    """
    if len(line.split()) > 12:
        return None
    for pattern in _CANDIDATES:
        match = pattern.search(line)
        if match is None:
            continue
        rest = line[: match.start()] + " " + line[match.end() :]
        leftover = _HEADER_WORDS.sub(" ", rest).split()
        ends_sentence = rest.rstrip().endswith(".") and bool(leftover)
        if len(leftover) > _MAX_LEFTOVER_WORDS or ends_sentence:
            return None
        return parse_date(match.group())
    return None
