"""Dates of articles and of statements.

Publication dates are parsed by `dateparser`, found only in lines that are nothing but a date.
dateparser is slow when called on arbitrary text, so a cheap pattern first picks out the
substring that is shaped like a full date (day, month and year), and only that is parsed.

A statement's date is read from the words that report it (`said on Monday`), relative to the
publication date; see `statement_date`.
"""

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import dateparser

from app.ingest.lexicon import SPEECH_NOUNS, SPEECH_VERBS, WEEKDAYS

_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}
_DAY_FIRST = {**_SETTINGS, "DATE_ORDER": "DMY"}

_TIME = (
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4}\b)?)?"
)
_CANDIDATES = (
    # 2025-11-19, 2025-11-19T10:00:00Z, 2025/11/19
    re.compile(
        r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
        r"|\b\d{4}/\d{2}/\d{2}\b"
    ),
    # 12 Nov 2025, 19th November, 2025, 12 Dec. 2024, 10:01
    re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}\b" + _TIME),
    # November 19, 2025; Nov. 19, 2025 10:32 AM EST; April 03,2025 (no space after the comma)
    re.compile(r"\b[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,\s*|\s+)\d{4}\b" + _TIME),
    # 19.11.2025 (day first, as written across Europe); 19/11/2025, 11/19/2025, 19-11-2025
    re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b" + _TIME),
    re.compile(r"\b\d{1,2}([/-])\d{1,2}\1\d{4}\b" + _TIME),
)
_SLASHED = re.compile(r"(?P<first>\d{1,2})([/-])(?P<second>\d{1,2})\2\d{4}\b.*")
_HEADER_WORDS = re.compile(
    r"(?i:\b(?:published|updated|posted|modified|last|first|date|on|at)\b)"
    r"|(?i:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?)|(?i:\b\d+\s*min(?:ute)?s?\s+read\b)"
    r"|\b[A-Z]{2,4}\b|[^\w\s]"
)
"""What may surround the date in a header line: labels, a time, a time zone, punctuation."""
_MAX_LEFTOVER_WORDS = 2
"""A date line may carry a word or two besides the date, such as a section name."""

DateLabel = Literal["published", "updated", "clock"]
_LABELS = re.compile(
    r"(?i:\b(?P<published>(?:first\s+)?published|posted|issued|created)\b"
    r"|\b(?P<updated>(?:last\s+)?(?:updated|modified|edited|revised)|update)\b"
    r"|\b(?P<clock>today|now|current\s+time|local\s+time|time\s+now)\b\s*(?:is\b)?)"
)
"""Labels that say which date a header line shows. A site clock ("Today: March 3, 2024") is
in the page's header like a publication date, and must never be taken for one."""
LABEL_RANK: dict[DateLabel | None, int] = {"published": 0, None: 1, "updated": 2}
"""Of a page's dates, the published one, else one without a label, else the last update."""


@dataclass(frozen=True)
class HeaderDate:
    """A date a header line shows, with what it is the date of."""

    day: dt.date
    label: DateLabel | None


@lru_cache(maxsize=4096)
def parse_date(text: str) -> dt.date | None:
    """Read one date value (metadata or a candidate substring); None when it is not a full date."""
    text = re.sub(r",(?=\d{4}\b)", ", ", text.strip())
    settings = _DAY_FIRST if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}.*", text) else _SETTINGS
    slashed = _SLASHED.fullmatch(text)
    if slashed is not None:
        order = _slash_order(int(slashed.group("first")), int(slashed.group("second")))
        if order is None:
            return None
        settings = {**_SETTINGS, "DATE_ORDER": order}
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def _slash_order(first: int, second: int) -> str | None:
    """Day or month first in "19/11/2025": Europe and Asia write the day first, the United
    States the month; only a number above 12 tells which, and a wrong date is worse than none."""
    if first > 12 >= second:
        return "DMY"
    if second > 12 >= first:
        return "MDY"
    return "DMY" if first == second else None


_ZONE = re.compile(
    r"(?:\s*(?:GMT|UTC))?\s*(?P<sign>[+-])(?P<hours>\d{2}):?(?P<minutes>\d{2})$"
    r"|(?<=\d)Z$|\s*(?:GMT|UTC)$"
)


@dataclass(frozen=True)
class Stamp:
    """A machine time stamp of a page, with the UTC offset it was written in (None when it
    names no zone). The offset tells the publisher's own day from the server's UTC one."""

    moment: dt.datetime
    offset: dt.timedelta | None

    def local_day(self, offset: dt.timedelta | None) -> dt.date:
        """The day in the zone of `offset`; a stamp without a zone is read as written."""
        if self.offset is None or offset is None:
            return self.moment.date()
        return (self.moment - self.offset + offset).date()


@lru_cache(maxsize=1024)
def parse_stamp(text: str) -> Stamp | None:
    """Read a declared time stamp ("2019-11-20T02:15:49-06:00", "Tue Nov 19 2019 03:05:46
    GMT+0000", "2019-11-18") with its offset; None when it is no full date."""
    text = text.strip()[:40]
    try:  # ISO 8601, as most pages write their stamps: no need for dateparser's search
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    else:
        return Stamp(moment.replace(tzinfo=None), moment.utcoffset())
    zone = _ZONE.search(text)
    offset = None
    if zone is not None:
        offset = dt.timedelta(0)
        if zone.group("sign"):
            minutes = int(zone.group("hours")) * 60 + int(zone.group("minutes"))
            offset = dt.timedelta(minutes=-minutes if zone.group("sign") == "-" else minutes)
        text = text[: zone.start()]
    parsed = dateparser.parse(text.strip(), languages=["en"], settings=_SETTINGS)
    return Stamp(parsed, offset) if parsed else None


def date_of_line(line: str) -> dt.date | None:
    """The publication date a header line announces, if the line is essentially just dates.

    Body sentences mention dates too ("He said on Nov. 19, 2025 that..."), so a line only
    counts when little but header words ("Published", a weekday, a time) is left around it.
    Of a line with two ("Published: 12 Dec. 2024 Updated: 13 Dec. 2024") the published one is
    meant; a site clock ("Today: ...") is no publication date.
    """
    dates = header_dates(line)
    if not dates:
        return None
    best = min(dates, key=lambda d: LABEL_RANK.get(d.label, 3))
    return best.day if best.label != "clock" else None


def header_dates(line: str) -> list[HeaderDate] | None:
    """Every date of a line that is nothing but labelled dates, or None for other lines."""
    if len(line.split()) > 12 + 8 * len(_LABELS.findall(line)):
        return None
    cuts = [m.start() for m in _LABELS.finditer(line)]
    segments = [line[a:b] for a, b in zip([0, *cuts], [*cuts, len(line)], strict=True)]
    dates: list[HeaderDate] = []
    for segment in segments:
        if not segment.strip(" \t|·•,;-–—"):
            continue
        label = _label(segment)
        day = _date_of_segment(segment)
        if day is None:
            if _HEADER_WORDS.sub(" ", segment).split():
                return None
            continue
        dates.append(HeaderDate(day, label))
    return dates or None


_LABEL_OF: dict[str | None, DateLabel] = {
    "published": "published",
    "updated": "updated",
    "clock": "clock",
}


def _label(segment: str) -> DateLabel | None:
    """What the label opening a part of a header line says the date is of."""
    match = _LABELS.match(segment.lstrip())
    return _LABEL_OF.get(match.lastgroup) if match else None


def _date_of_segment(segment: str) -> dt.date | None:
    """The date of one labelled part of a header line, if that part is just a date."""
    for pattern in _CANDIDATES:
        match = pattern.search(segment)
        if match is None:
            continue
        rest = segment[: match.start()] + " " + segment[match.end() :]
        rest = _LABELS.sub(" ", rest)
        leftover = _HEADER_WORDS.sub(" ", rest).split()
        ends_sentence = rest.rstrip().endswith(".") and bool(leftover)
        if len(leftover) > _MAX_LEFTOVER_WORDS or ends_sentence:
            return None
        return parse_date(match.group())
    return None


# -- When a statement was made -----------------------------------------------------------------

_QUOTED = re.compile(r"[\"“”„«][^\"“”„«»]*[\"“”»]")
"""A passage in double quotation marks: the speaker's words, whose days are the speaker's."""
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|[,;:()\[\].!?—–¶]")
_CLAUSE_WORDS = frozenset(
    {"that", "and", "but", "while", "who", "which", "after", "before", "when", "as", "because"}
)
"""Words that start a clause: a future marker before them does not reach a day after them."""
_FUTURE_WORDS = frozenset(
    {"will", "shall", "would", "next", "coming", "upcoming", "tomorrow", "due", "going"}
    | {"scheduled", "expected", "planned", "plans", "plan", "until"}
)
"""Words that put a later day of their clause in the future (`will resume on Friday`,
`next Monday`): such a day is not when anything was said."""
_SPEECH_FORMS = frozenset({"said", "told", "wrote", "spoke", "speaking", "according"})
_VAGUE_PAST = (("last", "week"), ("last", "month"), ("last", "year"), ("earlier", "this"))
"""`said last week`: said on a day that cannot be told, so the statement stays undated."""
ATTACHED_WORDS = 5
"""A day at most this many words after a speech word is that speech's day (`said in a
statement on Sunday`); it decides between two days in one frame."""


@dataclass(frozen=True)
class _Moment:
    """A time the reporting frame mentions: its day (None when not one safe day), and the
    speech word it closely follows (its token index, -1 for none): that speech's day."""

    day: dt.date | None
    speech: int


def statement_date(
    context: str, published: dt.date | None, words: str = "", cue: str | None = None
) -> dt.date | None:
    """When a statement was made, from its reporting frame: the `context` sentence without the
    statement's own `words` and without quoted passages. A past weekday, `yesterday` or
    `today` there dates it; with none, it is dated to publication. Days in the future (`will
    meet on Friday`, `next Monday`) never date a statement: they are what it is about.

    Of two different days in a frame, the one that follows the statement's `cue` (`said`)
    dates it, else the one that follows any speech word; a frame whose time is not one safe
    day (`last week`, `last Monday` written on a Wednesday, two days with nothing to choose
    between them) leaves the statement undated rather than wrongly dated."""
    if published is None:
        return None
    tokens = _tokens(_frame(context, words))
    moments = _moments(tokens, published)
    if not moments:
        return published
    days = {m.day for m in moments}
    if len(days) > 1:
        cue_at = _cue_index(tokens, cue)
        days = {m.day for m in moments if m.speech == cue_at} or {
            m.day for m in moments if m.speech >= 0
        }
    return days.pop() if len(days) == 1 else None


_WORDS_MARK = "¶"
"""Stands for the statement's own words in its frame, so that the cue nearest them is found."""


def _frame(context: str, words: str) -> str:
    """The words that report a statement: the context without the statement's own words."""
    if words:
        context = context.replace(words, f" {_WORDS_MARK} ", 1)
    return _QUOTED.sub(" ; ", context)


def _tokens(frame: str) -> list[str]:
    return _TOKEN.findall(frame.casefold().replace("’", "'"))


def _cue_index(tokens: list[str], cue: str | None) -> int:
    """Where the cue is in the frame: of its first word's occurrences, the one nearest the
    statement's words (`she called Sanders ... what she called "..."`); -2 when absent."""
    first = cue.casefold().split()[0] if cue and cue.split() else ""
    found = [i for i, token in enumerate(tokens) if token == first]
    if not found:
        return -2
    at = tokens.index(_WORDS_MARK) if _WORDS_MARK in tokens else found[0]
    return min(found, key=lambda i: abs(i - at))


def _moments(tokens: list[str], published: dt.date) -> list[_Moment]:
    """Every time in the frame that could be when the statement was made."""
    moments = []
    future = False
    last_speech = -ATTACHED_WORDS - 1
    for i, token in enumerate(tokens):
        if _is_speech_word(token):
            last_speech, future = i, False
            continue
        if not token.isalpha() or token in _CLAUSE_WORDS:
            future = False
        if token in _FUTURE_WORDS or token.endswith("'ll"):
            future = True
        speech = last_speech if 0 < i - last_speech <= ATTACHED_WORDS else -1
        before, after = tokens[max(0, i - 2) : i], tokens[i + 1 : i + 3]
        if token in WEEKDAYS and not future and after != ["next", "week"]:
            day = _past_weekday(WEEKDAYS.index(token), before, after, published)
            moments.append(_Moment(day, speech))
        elif token == "yesterday":
            moments.append(_Moment(published - dt.timedelta(days=1), speech))
        elif token in {"today", "tonight"}:
            moments.append(_Moment(published, speech))
        elif speech >= 0 and _vague_past(tokens, i):
            moments.append(_Moment(None, speech))
    return moments


def _vague_past(tokens: list[str], i: int) -> bool:
    """`last week` at `i`, but not the `last week` of `Monday last week`, which is one day."""
    return tuple(tokens[i : i + 2]) in _VAGUE_PAST and not (i and tokens[i - 1] in WEEKDAYS)


def _is_speech_word(token: str) -> bool:
    """`said`, `told`, `insisted`, `speaking`, `statement`: a word that reports speech."""
    if token in _SPEECH_FORMS or token in SPEECH_NOUNS:
        return True
    return any(stem in SPEECH_VERBS for stem in _verb_stems(token))


def _verb_stems(token: str) -> set[str]:
    """What a word could be an inflection of: `insisted` → insist, `stating` → state."""
    stems = {token}
    for suffix, restore in (
        ("ing", ""),
        ("ing", "e"),
        ("ed", ""),
        ("d", ""),
        ("es", ""),
        ("s", ""),
    ):
        if token.endswith(suffix) and len(token) > len(suffix) + 2:
            stems.add(token[: -len(suffix)] + restore)
    return stems


def _past_weekday(
    weekday: int, before: list[str], after: list[str], published: dt.date
) -> dt.date | None:
    """The day a weekday names, on or before publication. `last Friday` is the Friday before
    (a week back if published on a Friday); `Monday last week` is last week's Monday; `last
    Monday` written later in Monday's own week could be either Monday, so it is no safe day."""
    back = (published.weekday() - weekday) % 7
    if after == ["last", "week"]:
        return published - dt.timedelta(days=published.weekday() + 7 - weekday)
    if before[-1:] == ["last"]:
        if weekday < published.weekday():
            return None
        return published - dt.timedelta(days=back or 7)
    return published - dt.timedelta(days=back)
