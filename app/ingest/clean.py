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

from app.ingest.dates import LABEL_RANK, date_of_line, header_dates, parse_date
from app.ingest.document import CleanArticle, InputError, RawDocument
from app.ingest.page import Role, extract_main_text, parse_html
from app.ingest.pagemeta import page_meta

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
KEY_POINT_MIN_WORDS = 6
"""A bulleted clause this long in sentence case is a key point even without a full stop."""
TITLE_CASE_SHARE = 0.7
"""Headlines capitalise most words; sentences only names and the first word."""
RESUME_MIN_WORDS = 5
"""After a list of links, a sentence this long in sentence case is the article again."""
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
    "audio",
    "play",
    "pause",
    "now playing",
    "listen now",
    "key points",
    # a live blog's banner and controls
    "live",
    "key events",
    "pinned post",
    "show latest updates",
    "load more",
    "show more",
    # advertisement slots as scraped text keeps them
    "skip advertisement",
    "story continues below advertisement",
    "continue reading the main story",
    "scroll to continue with content",
    "read full article",
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
    "listen to this story",
    "listen to article",
    "your browser does not support",
    "all rights reserved",
    "tags:",
    "topics:",
    "filed under",
    "©",
)


def _vocabulary(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+").replace("'", "['’]") for w in words)


_SECTION_LINE = re.compile(rf"(?:{_vocabulary(SECTION_MARKERS)})\s*[:.]?", re.IGNORECASE)
# "RelatedTRT World - ..." glues the marker to the link text, so a capital may follow directly.
_SECTION_START = re.compile(rf"(?i:{_vocabulary(SECTION_PREFIXES)})(?:\b|(?=[A-Z]))")
_BOILERPLATE_LINE = re.compile(
    rf"(?:{_vocabulary(BOILERPLATE_LINES)})\s*[:.]?|\d+\s*min(?:ute)?s?\s+read"
    # an audio player's clock and length: "0:00 / 4:32", "Listen · 5 min"
    r"|\d{1,2}:\d{2}(?:\s*/\s*\d{1,2}:\d{2})?|listen\W+\d+\s*min(?:ute)?s?"
    # a live blog's post times: "10:32 GMT", "11.05am", "2h ago", "35 minutes ago", "Just now"
    r"|\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?"
    r"|\d+\s*(?:h|hrs?|hours?|m|mins?|minutes?|d|days?)\s+ago|just\s+now"
    # an update's time without its day: "Updated at 1:23 p.m.", "Posted 09:40 GMT"
    r"|(?:updated|posted|published)(?:\s+at)?\s+\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?",
    re.IGNORECASE,
)
_CONTRIBUTED = re.compile(
    r"(?i:[^.!?“\"]{3,200}\bcontributed\s+"
    r"(?:reporting(?:\s+to\s+this\s+(?:report|story|article))?|to\s+this\s+(?:report|story|article))"
    r"(?:\s+(?:from|in)\s+[^.!?]{2,60})?)\."
)
"""A closing credit ("Jane Roe in Accra contributed to this report.") names the reporters, and
says nothing of the story."""
_CAPITALISED = r"[A-Z][\w&'’-]*(?:\.[\w&'’-]+)*"
"""A capitalised word, with inner dots ("Dawn.com") but no full stop after it."""
_NAME_WORD = rf"(?:{_CAPITALISED}|of|the|de|du|al|el|la|and|&)"
_TITLE_OUTLET = re.compile(
    rf"(?P<title>.{{12,}}?)\s+\|\s+(?P<outlet>(?:The\s+)?{_CAPITALISED}(?:\s+{_NAME_WORD}){{0,4}})"
)
"""A headline, a bar, and a name of up to five words: the site's name after its headline."""
_COPYRIGHT_HOLDER = re.compile(
    r"(?:(?i:copyright)\s*)?(?:©|\((?i:c)\)|(?i:copyright))\s*"
    r"(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
    rf"(?P<name>{_CAPITALISED}(?:\s+{_NAME_WORD}){{0,5}})"
)
"""The holder a copyright line names after its sign and years."""
_BREADCRUMB = re.compile(r"[^›»>/|·•]{1,30}(?:\s*[›»>/|·•]\s*[^›»>/|·•]{1,30}){2,}")
"""Home › World › Europe: short parts joined by path separators."""
_GLUED_MENU = re.compile(r"(?:[A-Z][a-z]+){3,}")
"""HomeWorldEurope: a menu whose entries lost the spaces between them."""
_GLUED_WORDS = re.compile(r"[a-z][A-Z]")
"""Where one glued menu entry ends and the next begins ("HomeNewsUK")."""
_HOME_PATH = re.compile(r"(?:Home|HOME|Homepage)(?:\s*[-–—>›»/|·•:]\s*|\s{2,})\S")
"""Home - World - Europe: a breadcrumb with plain separators starts at the home page."""
MENU_MAX_WORDS = 6
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
    r"(?i:^(?:photo|image|picture|photograph|caption|credit)s?\s*(?::|by\b))",
    r"\b(?:Photo(?:graph)?|Image|Picture)s?(?::|\s+by\b|\s+credit:?)\s*[A-Z][\w .'’/-]*$",
    # "Image caption, ...", "Image source, Getty Images", "Credit: ...": a player's or a
    # photo's labels as scraped text keeps them
    r"(?i:^(?:(?:photo|image|picture|video)\s+(?:caption|credit|source)|caption|credit)s?\s*[:,])",
    # "(Pool via AP)", "Pool/AFP", "Pool photo via Reuters": a pool photographer's credit
    r"\(?\bPool(?:\s+photo)?(?:\s+via|\s*/)\s*[A-Z][\w.'’-]*\)?$",
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
_BYLINE = re.compile(
    r"(?:By|BY)\s+(?P<names>[A-Z][^,|;:]*?)\s*(?:(?:[,|;:]|\s[-–—]\s)\s*(?P<rest>.*)|$)"
)
_DATE_LABEL = re.compile(r"\s+(?=(?i:(?:first\s+|last\s+)?(?:published|updated|posted)\b))")
_BYLINE_PARTS = re.compile(rf"\s+[|·•]\s+|\s+[-–—]\s+(?=\w+\s*:)|{_DATE_LABEL.pattern}")
"""What separates a byline from the date on its line: a bar, a dot, a dash before a label."""
_ROLE_WORDS = re.compile(
    r"(?i:\b(?:correspondent|writer|editor|reporter|staff|contributor|columnist|journalist"
    r"|analyst|producer|bureau|chief|desk|senior|special|news\s+service)s?\b)"
)
"""A byline's tail that names the writer's job ("Senior Correspondent") names no outlet."""
_OUTLET = re.compile(
    r"(?:[A-Z][\w&.'’-]*|of|the|de|al)(?:\s+(?:[A-Z][\w&.'’-]*|of|the|de|al)){0,4}"
)
_ONE_AGENCY = r"(?:[A-Z][A-Za-z]+|[A-Z]{2,6})"
"""An agency credited in one word: an acronym (AFP, PTI) or a name (Reuters, Xinhua). A
signature of two words ("– Jane Roe") is a person's."""
_AGENCY_LINE = re.compile(
    rf"(?:[-–—―]+\s*(?P<agency>{_ONE_AGENCY})|\(\s*(?P<paren>{_ONE_AGENCY})\s*\)"
    r"|(?i:with\s+(?:inputs\s+from\s+)?|inputs\s+from\s+)(?P<named>(?:the\s+)?[A-Z][\w&.'’-]*"
    r"(?:\s+(?:of\s+)?[A-Z][\w&.'’-]*){0,3}))\s*\.?"
)
"""A line crediting the agency a story came from: "– AFP", "(Reuters)", "With inputs from PTI"."""
WIRE_AGENCIES = {
    "AP": "Associated Press",
    "AFP": "Agence France-Presse",
    "AA": "Anadolu Agency",
    "AAP": "Australian Associated Press",
    "ANI": "Asian News International",
    "APP": "Associated Press of Pakistan",
    "CP": "The Canadian Press",
    "DPA": "Deutsche Presse-Agentur",
    "dpa": "Deutsche Presse-Agentur",
    "IANS": "Indo-Asian News Service",
    "KUNA": "Kuwait News Agency",
    "NAN": "News Agency of Nigeria",
    "PA": "PA Media",
    "PTI": "Press Trust of India",
    "SPA": "Saudi Press Agency",
    "UNB": "United News of Bangladesh",
    "UPI": "United Press International",
    "WAM": "Emirates News Agency",
}
"""Wire agencies that datelines and credits name by acronym, with the names they go by."""
_AGENCY_NAMES = {
    name.casefold(): name
    for name in (
        *WIRE_AGENCIES.values(),
        "Reuters",
        "Agence France-Presse",
        "Xinhua",
        "Kyodo",
        "Kyodo News",
        "Yonhap",
        "Bernama",
        "Antara",
        "TASS",
        "Interfax",
        "RIA Novosti",
        "EFE",
        "ANSA",
        "Europa Press",
        "Prensa Latina",
        "Lusa",
        "Press Association",
    )
}
"""Wire agencies by the names they sign with: a line or a byline of just one is a credit."""
_AGENCY_STAFF = re.compile(r"(?i:\s+(?:staff(?:\s+writers?)?|news\s+service|wire|desk))$")
_WRITER_FOR = re.compile(r"(?P<names>.+?)\s+for\s+(?P<outlet>(?:the\s+)?[A-Z][\w&.'’ -]*)")
""""Jane Roe for Al Jazeera": a writer, and the outlet she wrote for."""
_CAPS_THEN_OUTLET = re.compile(
    r"(?P<names>[A-Z][A-Z'’.-]+(?:\s+(?:[A-Z][A-Z'’.-]*|and))+)"
    r"\s+(?P<outlet>[A-Z][a-z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,4})"
)
""""JANE ROE Associated Press": writers in capitals, then the outlet in mixed case."""
_AGENCY_TRAILER = re.compile(rf"(?<=[.!?”\"’])\s*[-–—―]+\s*(?P<agency>{_ONE_AGENCY})\s*$")
"""The same credit closing the last paragraph: "... he said. – AFP"."""
_QUOTE_TRAILER = re.compile(r"[\"“«„].{12,}[\"”»“]\s*[-–—―]+\s*[A-Z]")
"""“…” ― Jane Roe: a quotation signed by its speaker, a statement whatever its last word."""
_SIGNATURE = re.compile(r"[-–—―]+\s*[A-Z][^.!?\"“”]{1,80}")
"""— Jane Roe, mayor of Lagos: a line signing the quotation above it."""
_TRANSCRIPT_TURN = re.compile(r"(?:[A-Z][A-Z.'’-]*\s+){0,3}[A-Z][A-Z.'’-]+:\s+\S")
"""JANE ROE: ..., Q: ...: a speaker's turn in a transcript or an interview."""
_CLOSING_MARKS = "\"”»’'"
_QUOTED_POINT = re.compile(
    r"[\"“«„‘'](?:\S+\s+)+\S+?[\"”»“’']\W*\s+\w|\w:?\s+[\"“«„‘'](?:\S+\s+)+\S+?[\"”»“’']\W*$"
)
"""A quotation of two words or more with words before or after it: someone said it."""
_LONG_QUOTATION = re.compile(r"[\"“«„](?:\S+\s+){7,}\S+?[\"”»“]")
"""A quotation of eight words or more is someone's statement, not a headline's hook."""
_BULLET = re.compile(r"[•·▪◦●■*\-–—]\s+")
_DATELINE = re.compile(
    r"(?P<place>[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,3})"
    r"(?:,\s*(?P<detail>[^()\n—–]{1,40}?))?"
    r"(?:\s*\((?P<agency>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})\))?"
    # the dash after it; "NEW DELHI (PTI):" has a colon after the agency instead
    r"(?:\s+(?:--|[-–—])|\s*[–—]|(?<=\))\s*[-:])\s*"
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
    """Lines in the same block have no blank line between them (or share a list, in HTML)."""
    role: Role | None = None
    """What the page's markup made of the line; None for plain text, where only its shape tells."""
    teaser: bool = False
    """The line is mostly a link to another page."""


@dataclass(frozen=True)
class _Header:
    """Header fields found among the page's lines."""

    title: str | None = None
    published: dt.date | None = None
    byline: str | None = None
    source: str | None = None
    agency: str | None = None
    """An agency credited on a line of its own ("– AFP", "With inputs from PTI")."""
    title_line: str | None = None
    """The line the title was read from, with the site's name if it carried one."""


def clean(raw: RawDocument) -> CleanArticle:
    """Strip page boilerplate and read title, date, source, byline and dateline.

    Metadata given with the document (a record's fields) wins over what the page declares,
    which wins over what its lines show. Raises InputError when a given date cannot be read
    or no article text is left.
    """
    given = {k: v for k, v in raw.meta.items() if v and k != "format"}
    if raw.fmt == "html" or raw.meta.get("format") == "html":
        lines, declared = _read_html(raw.content)
    else:
        lines, declared = _split_lines(raw.content), {}
    kinds = [_kind(line.text) for line in lines]
    header = _read_header(lines, kinds)
    title = given.get("title") or declared.get("title") or header.title
    # The page's headline is no paragraph, whichever of its titles the article is given.
    titles = {t for t in (title, declared.get("title"), header.title, header.title_line) if t}
    paragraphs = _body(lines, kinds, titles)
    if title is None and paragraphs:
        title, paragraphs = _lone_first_line_title(lines, kinds, paragraphs)
    paragraphs, credited = _take_agency_trailer(paragraphs)
    if not paragraphs:
        raise InputError("no article text left after cleaning")
    paragraphs, dateline = _take_dateline(paragraphs)
    published = _meta_date(given.get("published")) or _meta_date(declared.get("published"))
    return CleanArticle(
        source_key=raw.source_key,
        path=raw.path,
        title=title or _title_from_body(paragraphs[0]),
        body="\n\n".join(paragraphs),
        published=published or header.published or dateline.day,
        # The agency that wrote a story is its outlet, wherever the page hosting it is.
        source=given.get("source")
        or _outlet_name(dateline.agency or credited or header.agency)
        or declared.get("source")
        or _outlet_name(header.source),
        byline=given.get("byline") or declared.get("byline") or header.byline,
        dateline=dateline.place,
        url=given.get("url") or declared.get("url"),
    )


def _read_html(html: str) -> tuple[list[_Line], dict[str, str]]:
    """The article's lines, each with its role in the page's markup, and the page's metadata."""
    tree = parse_html(html)
    found = extract_main_text(tree)
    lines = [_Line(b.text, b.group, b.role, b.teaser) for b in found.blocks]
    return lines, page_meta(tree, found).as_dict()


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
    if _SOURCE_LINE.fullmatch(line) or _AGENCY_LINE.fullmatch(line) or _known_agency(line):
        return "source"
    bullet = _BULLET.match(line)
    content = line[bullet.end() :] if bullet else line
    if header_dates(content) is not None:
        return "date"
    if _SECTION_LINE.fullmatch(content):
        return "section"
    if (
        _BOILERPLATE_LINE.fullmatch(content)
        or _BOILERPLATE_START.match(content)
        or _CONTRIBUTED.fullmatch(content)
    ):
        return "boilerplate"
    # "... in June. – AFP" ends a sentence before the agency's credit.
    sentence = _ends_sentence(line) or bool(_AGENCY_TRAILER.search(line))
    if _is_menu(content, sentence):
        return "boilerplate"
    if bullet:
        return "bullet"
    if line.isupper() and len(line.split()) <= LABEL_MAX_WORDS:
        return "headline"
    if _QUOTE_TRAILER.search(line) or _LONG_QUOTATION.search(line):
        return "sentence"
    if not sentence and _SECTION_START.match(line):
        return "section"
    if not sentence and _BYLINE.match(line) and len(line.split()) <= 12:
        return "byline"
    if sentence:
        return "sentence"
    return "headline" if len(line.split()) < TITLE_MAX_WORDS else "long"


def _is_menu(line: str, sentence: bool) -> bool:
    """A breadcrumb or a menu scraped into one line: "Home › World › Europe", "Home - World",
    "HomeWorldEurope…" (entries glued together, perhaps cut short with an ellipsis)."""
    text = line.rstrip(" .…")
    if len(text.split()) > MENU_MAX_WORDS:
        return False
    entries = all(w[:1].isupper() for w in text.split() if w[:1].isalpha())
    if (_HOME_PATH.match(text) and entries) or _GLUED_MENU.fullmatch(text):
        return True
    glued = max((len(_GLUED_WORDS.findall(word)) for word in text.split()), default=0)
    if glued >= 2:
        return True
    return not sentence and bool(_BREADCRUMB.fullmatch(text))


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
        line.text
        for line, k in zip(lines[:first_body], kinds, strict=False)
        if k == "headline" and line.role in (None, "heading")
    ]
    # A banner in capitals ("BREAKING NEWS") or a menu entry ("World") may come before the
    # headline; headlines have a few words, in mixed case.
    titled = [h for h in headlines if len(h.split()) >= TITLE_MIN_WORDS]
    title_line = next((h for h in titled if not h.isupper()), None) or next(
        iter(titled or headlines), None
    )
    title, title_outlet = _split_title_outlet(title_line)
    bylines = (line.text for line, k in zip(lines, kinds, strict=True) if k == "byline")
    byline_line = next(bylines, None)
    writers, outlet = _byline_parts(byline_line) if byline_line else (None, None)
    byline = writers or _first(lines, kinds, "credits", _credits_byline)
    agency = _first(lines, kinds, "source", _agency)
    if writers is None and outlet is not None:
        agency = agency or outlet  # "By Reuters": the agency wrote it
    # A lone agency name ("Xinhua") may be a photo's credit: weaker than a page's own name.
    source = (
        _first(lines, kinds, "source", _source)
        or outlet
        or _first(lines, kinds, "source", _known_agency)
    )
    return _Header(
        title=title,
        title_line=title_line,
        published=_published(lines, kinds),
        byline=byline,
        source=source or title_outlet or _first(lines, kinds, "boilerplate", _copyright_holder),
        agency=agency,
    )


def _split_title_outlet(line: str | None) -> tuple[str | None, str | None]:
    """A scraped `<title>` keeps the site's name after a bar ("Dam opens | Riverside Times"):
    the headline, and the outlet when the part after the bar reads as a name."""
    match = _TITLE_OUTLET.fullmatch(line or "")
    if match is None:
        return line, None
    return match.group("title"), match.group("outlet")


def _copyright_holder(line: str) -> str | None:
    """The outlet a footer's copyright names ("© 2025 The Valley Herald. All rights reserved")."""
    match = _COPYRIGHT_HOLDER.match(line)
    if match is None:
        return None
    name = match.group("name").rstrip(".")
    return None if name.split()[0].lower() == "all" else name


def _published(lines: list[_Line], kinds: list[Kind]) -> dt.date | None:
    """Of the header's date lines, the published date before an unlabelled one before the last
    update, the first of each; a site clock ("Today: ...") is none of them."""
    found = [
        (LABEL_RANK[d.label], order, d.day)
        for order, (line, kind) in enumerate(zip(lines, kinds, strict=True))
        for part in _date_parts(line.text, kind)
        for d in header_dates(part) or []
        if d.label != "clock"
    ]
    return min(found)[2] if found else None


def _date_parts(line: str, kind: Kind) -> list[str]:
    """The parts of a line that may hold the publication date: a date line, or the parts of a
    byline that carries one ("By Jane Roe | Published: Nov 19, 2025")."""
    if kind == "date":
        return [_unbullet(line)]
    if kind == "byline":
        return [part for part in _BYLINE_PARTS.split(line) if part.strip()]
    return []


def _first(
    lines: list[_Line], kinds: list[Kind], kind: Kind, read: Callable[[str], T | None]
) -> T | None:
    """The first value `read` finds in a line of the given kind."""
    values = (read(line.text) for line, k in zip(lines, kinds, strict=True) if k == kind)
    return next((v for v in values if v is not None), None)


def _unbullet(line: str) -> str:
    bullet = _BULLET.match(line)
    return line[bullet.end() :] if bullet else line


def _byline_parts(line: str) -> tuple[str | None, str | None]:
    """The writers a byline names, and the outlet it names beside them: "By Jane Roe,
    Reuters", "By Jane Roe for Al Jazeera", "By JANE ROE Associated Press"; an agency alone
    ("By AFP", "By Reuters Staff") is the outlet with no writer. A job title after the comma
    ("Senior Correspondent") names no outlet."""
    match = _BYLINE.match(line)
    if match is None:
        return None, None
    # "By Jane Roe Published November 19, 2025": the names end where the date's label starts.
    names = _DATE_LABEL.split(match.group("names"))[0].strip()
    rest = (match.group("rest") or "").strip(" .")
    outlet = rest if rest and not _ROLE_WORDS.search(rest) and _OUTLET.fullmatch(rest) else None
    split = _WRITER_FOR.fullmatch(names) or _CAPS_THEN_OUTLET.fullmatch(names)
    if split is not None:
        names, outlet = split.group("names"), outlet or split.group("outlet")
    agency = _known_agency(names)
    if agency is not None:
        return None, agency
    return names or None, outlet


def _known_agency(text: str) -> str | None:
    """The wire agency a short text names ("AFP", "(Reuters)", "Reuters Staff"), by its name."""
    name = _AGENCY_STAFF.sub("", text.strip(" ()-–—―.")).strip()
    if name in WIRE_AGENCIES:
        return WIRE_AGENCIES[name]
    return _AGENCY_NAMES.get(name.casefold())


def _agency(line: str) -> str | None:
    """The agency a credit line names ("– AFP", "(Reuters)", "With inputs from PTI")."""
    match = _AGENCY_LINE.fullmatch(line)
    if match is None:
        return None
    return next((match.group(g) for g in ("agency", "paren", "named") if match.group(g)), None)


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


NEVER_BODY: frozenset[Kind] = frozenset(
    {"boilerplate", "caption", "credits", "byline", "source", "date", "section"}
)


def _body(lines: list[_Line], kinds: list[Kind], titles: set[str]) -> list[str]:
    """The lines that are article paragraphs, in order, each once."""
    seen = set(titles)
    paragraphs: list[str] = []
    in_section = False
    first = next((i for i, k in enumerate(kinds) if k in ("sentence", "long")), len(kinds))
    for i, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if kind == "section":
            in_section = in_section or _opens_list(line.text)
            continue
        if in_section:
            if not _resumes_article(line, kind):
                continue
            in_section = False
        text = _body_text(lines, kinds, i)
        if (
            text is None
            and i > first
            and kind == "headline"
            and not line.teaser
            and _speaks(line.text)
        ):
            text = line.text  # "“We will return,” he said" without its full stop
        if text is None or text in seen or _in_headline_list(lines, kinds, i):
            continue
        seen.add(text)
        if (
            paragraphs
            and _signs_quotation(lines, i)
            and paragraphs[-1] in (lines[i - 1].text, _unbullet(lines[i - 1].text))
        ):
            # “…” ― Jane Roe: the signature goes with the quotation it signs, as one paragraph.
            paragraphs[-1] = f"{paragraphs[-1]} {text}"
            continue
        paragraphs.append(text)
    return paragraphs


def _opens_list(line: str) -> bool:
    """A bare marker ("Related", "Next in World") heads a list of links; a marker with its own
    link text ("Read more: Council debates crossing") is one link, and the article goes on."""
    match = _SECTION_START.match(line)
    if match is None:
        return True
    rest = line[match.end() :].strip(" :-–—|")
    return len(rest.split()) <= LABEL_MAX_WORDS


def _resumes_article(line: _Line, kind: Kind) -> bool:
    """Whether a line after a list of links is the article again: a long paragraph, or a
    sentence in sentence case (headlines are short and capitalised, or end in "?" or "!")."""
    if kind not in ("sentence", "long") or line.teaser:
        return False
    words = line.text.split()
    if len(words) >= SECTION_END_MIN_WORDS:
        return True
    full_stop = line.text.rstrip(_CLOSERS)[-1:] == "."
    return full_stop and len(words) >= RESUME_MIN_WORDS and not _title_case(line.text)


def _title_case(text: str) -> bool:
    """Headline style: most words start with a capital."""
    words = [w for w in text.split() if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= TITLE_CASE_SHARE * len(words)


def _body_text(lines: list[_Line], kinds: list[Kind], i: int) -> str | None:
    """The text a line gives the article's body, or None when it is not part of it.

    In a page's markup, a heading is a subhead when paragraphs follow it, a list item or a
    quotation is content unless it is a link to elsewhere. Plain text has only shapes: a
    paragraph is a sentence or a long line, and a bullet a key point when it reads as one.
    """
    line, kind = lines[i], kinds[i]
    if line.teaser or kind in NEVER_BODY:
        return None
    if line.role == "heading":
        return line.text if _introduces_text(lines, kinds, i) else None
    if line.role in ("item", "quote"):
        return _unbullet(line.text)
    if kind in ("sentence", "long"):
        return line.text
    if kind == "bullet" and _is_key_point(line.text):
        return _unbullet(line.text)
    if _signs_quotation(lines, i):
        return line.text
    return None


def _speaks(line: str) -> bool:
    """Whether a short line inside the article carries someone's words though it does not end
    like a sentence: a quotation with words around it, or a transcript's "NAME: ..." turn."""
    return bool(_QUOTED_POINT.search(line) or _TRANSCRIPT_TURN.match(line))


def _signs_quotation(lines: list[_Line], i: int) -> bool:
    """Whether the line names who said the quotation right above it ("— Jane Roe, mayor")."""
    return i > 0 and bool(_SIGNATURE.fullmatch(lines[i].text)) and _ends_quotation(lines[i - 1])


def _ends_quotation(line: _Line) -> bool:
    """Whether a line is a quotation: a page's quoted block, or text closing a quote mark."""
    return line.role == "quote" or line.text.rstrip()[-1:] in _CLOSING_MARKS


def _introduces_text(lines: list[_Line], kinds: list[Kind], i: int) -> bool:
    """A heading followed by the article's text (past captions and date lines), not by
    another heading or nothing: a list of headings is a list of other stories."""
    for line, kind in zip(lines[i + 1 :], kinds[i + 1 :], strict=True):
        if kind in NEVER_BODY:
            continue
        if line.teaser or line.role == "heading":
            return False
        return line.role == "item" or kind in ("sentence", "long")
    return False


def _is_key_point(line: str) -> bool:
    """A bulleted line that tells something ("• Minister tells the BBC that aid is coming"):
    a clause of some length in sentence case; menus and link lists are short or capitalised."""
    text = _unbullet(line)
    words = text.split()
    if len(words) > BULLET_BODY_MIN_WORDS and _ends_sentence(text):
        return True
    if _QUOTED_POINT.search(text):
        return True  # • “We will rebuild,” says mayor
    return len(words) >= KEY_POINT_MIN_WORDS and not _title_case(text)


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


def _outlet_name(credit: str | None) -> str | None:
    """The outlet a credit names, a wire agency by its full name: the acronym a dateline uses
    ("(AP)", "– AFP") is not how the agency is known elsewhere in the store."""
    if credit is None:
        return None
    return WIRE_AGENCIES.get(credit.strip(), credit.strip())


def _take_agency_trailer(paragraphs: list[str]) -> tuple[list[str], str | None]:
    """Cut "– AFP" off the end of the last paragraph; return the agency it credits."""
    if not paragraphs:
        return paragraphs, None
    match = _AGENCY_TRAILER.search(paragraphs[-1])
    if match is None:
        return paragraphs, None
    return [*paragraphs[:-1], paragraphs[-1][: match.start()].rstrip()], match.group("agency")


@dataclass(frozen=True)
class _Dateline:
    place: str | None = None
    agency: str | None = None
    day: dt.date | None = None
    """The date some agencies write after the place ("ISLAMABAD, 19 November 2025 (APP):")."""


def _take_dateline(paragraphs: list[str]) -> tuple[list[str], _Dateline]:
    """Cut "MOSCOW (Reuters) -" off the opening paragraph; return its place, agency and date."""
    for i, paragraph in enumerate(paragraphs[:DATELINE_SEARCH]):
        match = _DATELINE.match(paragraph)
        if match is None or not paragraph[match.end() :].strip():
            continue
        place, agency = match.group("place"), match.group("agency")
        if not (place.isupper() or agency):
            continue
        rest = [*paragraphs[:i], paragraph[match.end() :], *paragraphs[i + 1 :]]
        detail = match.group("detail")
        return rest, _Dateline(place, agency, date_of_line(detail) if detail else None)
    return paragraphs, _Dateline()
