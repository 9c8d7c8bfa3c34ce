"""Stage 2 of ingest: a raw page becomes an article with its boilerplate gone and header read.

Scraped text arrives with the page around the article: menus, captions, "related" lists,
share buttons, agency credits. Rather than learn each site, the rules below use what is common
to news pages: body paragraphs are sentences, while menus and headline lists are runs of short
lines without sentence punctuation; a small vocabulary of section markers ("Next in",
"Recommended", "Follow us") opens or is boilerplate; captions carry photo credits. HTML is
reduced to text by trafilatura first, then goes through the same rules.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal, TypeVar

import trafilatura

from app.ingest.dates import date_of_line, parse_date
from app.ingest.document import CleanArticle, InputError, RawDocument

Kind = Literal[
    "sentence",
    "headline",
    "long",
    "bullet",
    "section",
    "boilerplate",
    "caption",
    "credits",
    "byline",
    "source",
    "date",
]
"""What one line of a page is; only sentences (and long lines, and full-sentence bullets)
can be body paragraphs."""

TITLE_MAX_WORDS = 25
"""Longer lines are paragraphs even without final punctuation; shorter ones may be headlines."""
TITLE_MIN_WORDS = 3
LABEL_MAX_WORDS = 4
"""Short lines in capitals ("ABSTRACT.", "IN BRIEF") label sections even with a full stop."""
SECTION_END_MIN_WORDS = 10
"""After a section marker, short lines stay part of the list until a real paragraph comes."""
BULLET_BODY_MIN_WORDS = 8
"""A bulleted line this long that ends a sentence is a list in the article, not a menu."""
LONE_TITLE_MAX_WORDS = 20
"""A first line this short standing alone is the title even when it ends with a full stop."""
WRAP_MIN_WIDTH, WRAP_MAX_WIDTH = 50, 100
"""Hard-wrapped text is wrapped at a column in this range (72 and 80 are the usual)."""
WRAP_SLACK = 15
"""A wrapped line falls short of the wrap column by at most a long word."""
CONTINUED_MIN_WORDS = 6
"""A line this long that stops mid-sentence continues on a next line starting in lower case."""
DATELINE_SEARCH = 2
"""The dateline opens the first paragraph, or the second after a standfirst."""

# Section markers start a block of links that lasts until the next real paragraph.
SECTION_MARKERS = (
    "explore",
    "recommended",
    "recommended for you",
    "trending",
    "trending now",
    "latest",
    "latest news",
    "popular",
    "most popular",
    "most read",
    "more",
    "more news",
    "more stories",
    "top stories",
    "related",
    "related articles",
    "related stories",
    "related news",
    "related coverage",
    "related content",
    "read more",
    "read next",
    "also read",
    "see also",
    "further reading",
    "don't miss",
    "you may also like",
    "you might also like",
    "others also read",
    "editor's picks",
    "editors' picks",
    "in other news",
)
SECTION_PREFIXES = (
    "next in",
    "more from",
    "more on",
    "related",
    "read more",
    "also read",
    "see also",
    "others also read",
    "you may also like",
    "you might also like",
    "most read",
)
# Lines that are boilerplate on their own, whatever follows them.
BOILERPLATE_LINES = (
    "share",
    "share this",
    "share this article",
    "share this story",
    "advertisement",
    "tags",
    "topics",
    "comments",
    "watch",
    "listen",
    "newsletter",
    "sign up",
    "subscribe",
    "print",
    "email",
    "live updates",
)
BOILERPLATE_PREFIXES = (
    "follow us",
    "sign up",
    "subscribe to",
    "subscribe for",
    "click here",
    "join our",
    "download our",
    "download the",
    "share this",
    "share on",
    "listen to this article",
    "all rights reserved",
    "©",
)


def _vocabulary(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+").replace("'", "['’]") for w in words)


_SECTION_LINE = re.compile(rf"(?:{_vocabulary(SECTION_MARKERS)})\s*[:.]?", re.IGNORECASE)
# "RelatedTRT World - ..." glues the marker to the link text, so a capital may follow directly.
_SECTION_START = re.compile(rf"(?i:{_vocabulary(SECTION_PREFIXES)})(?:\b|(?=[A-Z]))")
_BOILERPLATE_LINE = re.compile(
    rf"(?:{_vocabulary(BOILERPLATE_LINES)})\s*[:.]?|\d+\s*min(?:ute)?s?\s+read", re.IGNORECASE
)
_BOILERPLATE_START = re.compile(
    rf"(?:{_vocabulary(BOILERPLATE_PREFIXES)})|copyright\s*(?:©|\(c\))?\s*\d{{4}}"
    r"|.*\ball rights reserved\b",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(r"source\s*:\s*(?P<source>[^\s.][^.!?]{0,40})", re.IGNORECASE)

CAPTION_PATTERNS = (
    # REUTERS/Sergiy Chalyi, EPA-EFE/Name: agency slash photographer, to the end of the line
    r"\b[A-Z][A-Z-]+/\s?[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]*){0,6}\)?$",
    # "... / Reuters", "... / AFP" closing the line
    r"(?:^|[\s.\]])/\s*[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3}\s*\)?$",
    # (AP Photo/Name), (Photo by Name/Getty Images)
    r"\(\s*(?:[A-Z]\w*\s+)?Photo(?:graph)?\s*(?:/|by\b)",
    r"(?:via|/|\|)\s*Getty Images|Getty Images\s*\)?$",
    r"\[(?:file|file photo|photo|archive|reuters|ap|afp)\]",
    r"\bFILE PHOTO\b",
    r"\bIMAGES OF THE DAY\b",
    r"^(?:photo|image|picture|photograph|caption|credit)s?\s*(?::|by\b)",
    r"\b(?:Photo|Image|Picture)s?(?::|\s+by\b|\s+credit:?)\s*[A-Z][\w .'’/-]*$",
)
_CAPTION = re.compile("|".join(CAPTION_PATTERNS))
_CREDITS = re.compile(
    r"\(?\s*(?:additional\s+)?(?:reporting|writing|editing|edited|written|compiled|research)"
    r"\s+by\b",
    re.IGNORECASE,
)
_ROLE = r"[A-Za-z]+(?:\s+[A-Za-z]+)?\s+by\b"
_CREDIT_PART = re.compile(rf"(?P<role>{_ROLE})\s+(?P<names>[^;()]+?)(?=\s*(?:[;()]|,\s*{_ROLE}|$))")
_CREDIT_PLACE = re.compile(r"\s+in\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*")
_BYLINE = re.compile(r"(?:By|BY)\s+(?P<names>[A-Z][^,|;:]*?)\s*(?:[,|;:]|\s[-–—]\s|$)")
_BULLET = re.compile(r"[•·▪◦●■*\-–—]\s+")
_DATELINE = re.compile(
    r"(?P<place>[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,3})"
    r"(?:,\s*(?P<detail>[^()\n—–]{1,40}?))?"
    r"(?:\s*\((?P<agency>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})\))?"
    r"(?:\s+(?:--|[-–—])|\s*[–—]|(?<=\))\s*-)\s*"
)
T = TypeVar("T")

_TERMINAL = ".!?…:"
"""A colon ends a line that introduces a quote ("Fox News reports:"), as a full stop would."""
_LINK_TAG = re.compile(r"\s*\[[^\[\]]{1,40}\]$")
_CLOSERS = "\"'”’»)] "


@dataclass(frozen=True)
class _Line:
    text: str
    block: int
    """Lines in the same block have no blank line between them."""


@dataclass(frozen=True)
class _Header:
    """Header fields found among the page's lines."""

    title: str | None = None
    published: dt.date | None = None
    byline: str | None = None
    source: str | None = None


def clean(raw: RawDocument) -> CleanArticle:
    """Strip page boilerplate and read title, date, source, byline and dateline.

    Raises InputError when a given date cannot be read or no article text is left.
    """
    meta = dict(raw.meta)
    text = raw.content
    if raw.fmt == "html" or meta.get("format") == "html":
        text, found = _extract_html(raw.content)
        meta = {**found, **{k: v for k, v in meta.items() if v}}
    published = _meta_date(meta.get("published"))
    lines = _split_lines(text)
    kinds = [_kind(line.text) for line in lines]
    header = _read_header(lines, kinds)
    title = meta.get("title") or header.title
    paragraphs = _body(lines, kinds, title)
    if title is None and paragraphs:
        title, paragraphs = _lone_first_line_title(lines, kinds, paragraphs)
    if not paragraphs:
        raise InputError("no article text left after cleaning")
    paragraphs, dateline, agency = _take_dateline(paragraphs)
    return CleanArticle(
        source_key=raw.source_key,
        path=raw.path,
        title=title or _title_from_body(paragraphs[0]),
        body="\n\n".join(paragraphs),
        published=published or header.published,
        source=meta.get("source") or agency or header.source,
        byline=meta.get("byline") or header.byline,
        dateline=dateline,
        url=meta.get("url"),
    )


def _extract_html(html: str) -> tuple[str, dict[str, str]]:
    """Main text and metadata of a page, by trafilatura (site templates are its job, not ours)."""
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False
    )
    if doc is None or not (doc.text or "").strip():
        raise InputError("no article text found in the HTML page")
    fields = {
        "title": doc.title,
        "published": doc.date,
        "source": doc.sitename,
        "byline": doc.author,
        "url": doc.url,
    }
    return doc.text, {k: v.strip() for k, v in fields.items() if v and v.strip()}


def _meta_date(value: str | None) -> dt.date | None:
    """A date given as metadata must be readable: a wrong date is worse than none."""
    if value is None or not value.strip():
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise InputError(f"unparseable date {value.strip()!r}")
    return parsed


def _split_lines(text: str) -> list[_Line]:
    """Non-blank lines with whitespace normalised, hard-wrapped paragraphs joined back."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    normalised = [" ".join(r.split()) for r in raw]
    wrap = _wrap_width(normalised)
    lines: list[_Line] = []
    block = 0
    for line in normalised:
        if not line:
            block += 1
        elif lines and lines[-1].block == block and _continues(lines[-1].text, line, wrap):
            lines[-1] = _Line(f"{lines[-1].text} {line}", block)
        else:
            lines.append(_Line(line, block))
    return lines


def _wrap_width(lines: list[str]) -> int | None:
    """The column a hard-wrapped text was wrapped at, or None when lines run free.

    Headline lists also have many lines of similar length; what sets wrapped prose apart is
    that its lines break mid-sentence, so the next line mostly starts in lower case.
    """
    widths = [len(line) for line in lines if line]
    if not widths or max(widths) > WRAP_MAX_WIDTH:
        return None
    widest = max(widths)
    if widest < WRAP_MIN_WIDTH or sum(w >= widest - WRAP_SLACK for w in widths) < 3:
        return None
    breaks = [
        following[0].islower()
        for line, following in pairwise(lines)
        if line and following and not _ends_sentence(line)
    ]
    return widest if len(breaks) >= 2 and sum(breaks) * 2 >= len(breaks) else None


def _continues(previous: str, line: str, wrap: int | None) -> bool:
    """Whether `line` carries on the sentence of `previous` rather than starting a new line."""
    if _ends_sentence(previous) or _kind(line) not in ("sentence", "headline", "long"):
        return False
    # Greedy wrapping breaks a line only when the next word would not have fitted on it.
    if wrap is not None and len(previous) + 1 + len(line.split(" ", 1)[0]) > wrap:
        return True
    # A short header line ("Bridge approved") may be followed by a lower-case label ("date ...").
    return line[0].islower() and len(previous.split()) >= CONTINUED_MIN_WORDS


def _ends_sentence(line: str) -> bool:
    """Whether the line ends like prose; a trailing link tag ("... weird. [538]") is looked past."""
    return _LINK_TAG.sub("", line).rstrip(_CLOSERS)[-1:] in _TERMINAL


def _kind(line: str) -> Kind:
    """Classify one line by the shape and vocabulary common to news pages."""
    if _is_credits(line):
        return "credits"
    if _CAPTION.search(line):
        return "caption"
    if _SOURCE_LINE.fullmatch(line):
        return "source"
    bullet = _BULLET.match(line)
    content = line[bullet.end() :] if bullet else line
    if date_of_line(content) is not None:
        return "date"
    if _SECTION_LINE.fullmatch(content):
        return "section"
    if _BOILERPLATE_LINE.fullmatch(content) or _BOILERPLATE_START.match(content):
        return "boilerplate"
    if bullet:
        return "bullet"
    if line.isupper() and len(line.split()) <= LABEL_MAX_WORDS:
        return "headline"
    sentence = _ends_sentence(line)
    if not sentence and _SECTION_START.match(line):
        return "section"
    if not sentence and _BYLINE.match(line) and len(line.split()) <= 12:
        return "byline"
    if sentence:
        return "sentence"
    return "headline" if len(line.split()) < TITLE_MAX_WORDS else "long"


def _is_credits(line: str) -> bool:
    """Agency credits, told from a sentence that merely starts "Reporting by the Guardian..."."""
    if not _CREDITS.match(line):
        return False
    enclosed = line.startswith("(") and line.endswith(")")
    return enclosed or len(_CREDIT_PART.findall(line)) > 1 or not _ends_sentence(line)


def _read_header(lines: list[_Line], kinds: list[Kind]) -> _Header:
    """Title, date, byline and source from the lines around the article, wherever they sit."""
    first_body = next((i for i, k in enumerate(kinds) if k in ("sentence", "long")), len(lines))
    headlines = [
        line.text for line, k in zip(lines[:first_body], kinds, strict=False) if k == "headline"
    ]
    # A menu entry ("World") may come before the headline; headlines have a few words.
    title = next((h for h in headlines if len(h.split()) >= TITLE_MIN_WORDS), None) or next(
        iter(headlines), None
    )
    published = _first(lines, kinds, "date", lambda text: date_of_line(_unbullet(text)))
    byline = _first(lines, kinds, "byline", _byline) or _first(
        lines, kinds, "credits", _credits_byline
    )
    source = _first(lines, kinds, "source", _source)
    return _Header(title=title, published=published, byline=byline, source=source)


def _first(
    lines: list[_Line], kinds: list[Kind], kind: Kind, read: Callable[[str], T | None]
) -> T | None:
    """The first value `read` finds in a line of the given kind."""
    values = (read(line.text) for line, k in zip(lines, kinds, strict=True) if k == kind)
    return next((v for v in values if v is not None), None)


def _unbullet(line: str) -> str:
    bullet = _BULLET.match(line)
    return line[bullet.end() :] if bullet else line


def _byline(line: str) -> str | None:
    match = _BYLINE.match(line)
    return match.group("names").strip() if match else None


def _credits_byline(line: str) -> str | None:
    """The writers named in agency credits, else the reporters."""
    roles: dict[str, str] = {}
    for part in _CREDIT_PART.finditer(line):
        names = _CREDIT_PLACE.sub("", part.group("names")).strip()
        roles.setdefault(part.group("role").casefold().split()[-2], names)
    return roles.get("writing") or roles.get("reporting")


def _source(line: str) -> str | None:
    match = _SOURCE_LINE.fullmatch(line)
    return match.group("source").strip() if match else None


def _body(lines: list[_Line], kinds: list[Kind], title: str | None) -> list[str]:
    """The lines that are article paragraphs, in order, each once."""
    seen = {title} if title else set()
    paragraphs: list[str] = []
    in_section = False
    for i, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if kind == "section":
            in_section = True
            continue
        words = len(line.text.split())
        if in_section:
            if kind not in ("sentence", "long") or words < SECTION_END_MIN_WORDS:
                continue
            in_section = False
        text = _body_text(line.text, kind, words)
        if text is None or text in seen or _in_headline_list(lines, kinds, i):
            continue
        seen.add(text)
        paragraphs.append(text)
    return paragraphs


def _body_text(line: str, kind: Kind, words: int) -> str | None:
    if kind in ("sentence", "long"):
        return line
    if kind == "bullet" and words > BULLET_BODY_MIN_WORDS and _ends_sentence(line):
        return _unbullet(line)
    return None


def _in_headline_list(lines: list[_Line], kinds: list[Kind], i: int) -> bool:
    """A short question or exclamation next to headlines is a headline too."""
    line = lines[i].text
    if len(line.split()) >= TITLE_MAX_WORDS or line.rstrip(_CLOSERS)[-1:] not in "?!":
        return False
    neighbours = (j for j in (i - 1, i + 1) if 0 <= j < len(lines))
    return any(lines[j].block == lines[i].block and kinds[j] == "headline" for j in neighbours)


def _lone_first_line_title(
    lines: list[_Line], kinds: list[Kind], paragraphs: list[str]
) -> tuple[str | None, list[str]]:
    """Plain files often open with the headline as a sentence ("Poll finds X.") on its own."""
    first = lines[0]
    alone = len(lines) == 1 or lines[1].block != first.block
    short = len(first.text.split()) <= LONE_TITLE_MAX_WORDS
    if (
        kinds[0] == "sentence"
        and alone
        and short
        and len(paragraphs) > 1
        and paragraphs[0] == first.text
        and not _DATELINE.match(first.text)
    ):
        return first.text, paragraphs[1:]
    return None, paragraphs


def _title_from_body(paragraph: str) -> str:
    """Last resort: the article's opening words stand in for a title."""
    words = paragraph.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def _take_dateline(paragraphs: list[str]) -> tuple[list[str], str | None, str | None]:
    """Cut "MOSCOW (Reuters) -" off the opening paragraph; return it as place and agency."""
    for i, paragraph in enumerate(paragraphs[:DATELINE_SEARCH]):
        match = _DATELINE.match(paragraph)
        if match is None or not paragraph[match.end() :].strip():
            continue
        place, agency = match.group("place"), match.group("agency")
        if not (place.isupper() or agency):
            continue
        rest = [*paragraphs[:i], paragraph[match.end() :], *paragraphs[i + 1 :]]
        return rest, place, agency
    return paragraphs, None, None
