"""A page's title, publication date, outlet, author and address, as its publisher declares them.

Publishers declare these for search engines and social networks: Open Graph (`og:title`,
`og:site_name`, `article:published_time`), JSON-LD (`headline`, `datePublished`,
`publisher`), the `<title>` and the visible headline. What is declared is read first; what
trafilatura and htmldate guess from the page comes after. The rules are about the structure
of pages, not about particular sites:

- A `<title>` is the headline with the site's name around it ("Headline | Site", "Site:
  Headline"); the part that is not the headline is the site's name when no other is given.
- A site name written as a domain ("example.com") is the outlet's name only without the
  domain ending, unless the page names the publisher in full.
- Machine time stamps are often in UTC; the date the page shows beside the headline is the
  publisher's own, so it wins when the two are a day apart. A date shown above the headline
  is the site's clock, not the article's: only the dates after the headline are read.
"""

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml.etree import _Element

from app.ingest.dates import (
    LABEL_RANK,
    HeaderDate,
    Stamp,
    header_dates,
    parse_date,
    parse_stamp,
)
from app.ingest.page import Extraction

TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|::|»|·|/)\s+|(?<=\w):\s+")
"""What sites put between a headline and their name; an em dash is left alone, since it is
common inside headlines."""
TITLE_MIN_WORDS = 2
"""A `<title>` of this many words or fewer is a label ("Home", "World news"), not a headline."""
_BAR_NAME = re.compile(r"\s\|\s+(?:The\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3}\s*$")
"""A bar and a capitalised name of up to four words closing a `<title>`: the site's name."""
_KICKER = re.compile(r"^(?P<kicker>[^:]{2,60}?):\s+\S")
"""A `<title>` opening with a keyword and a colon ("Lagos flooding: ..."), as sites write
titles for search engines."""
SECTION_MAX_WORDS = 3
"""A trailing title part this short in capitals ("World news") names a section, not the story."""
HEADER_BLOCKS = 40
"""Text blocks after the headline searched for the date it was published on."""
CLOCK_MAX_CHARS = 120
"""A site clock's line is short; longer text is read no further."""
HEADER_BLOCKS_BEFORE = 4
"""Text blocks just above the headline, inside the article, searched when none follow it."""
HEADER_END_WORDS = 40
"""A block this long is the article's text: the header is over."""
PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date.published",
    "article.published",
    "published_at",
    "published_time",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "pub_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "date",
)
"""Meta tags that carry the publication time, the most specific first."""
MODIFIED_META = frozenset(
    {"article:modified_time", "og:updated_time", "datemodified", "last-modified", "modified"}
)
"""Meta tags with the time of the last update, written in the publisher's zone more often."""
SITE_META = ("og:site_name", "application-name", "al:android:app_name", "al:ios:app_name")
_DOMAIN = re.compile(r"^(?:www\.)?(?P<name>[\w-]+(?:\.[\w-]+)*?)\.(?:[a-z]{2,6})(?:\.[a-z]{2})?$")
_ARTICLE_TYPES = re.compile(r"Article|Posting|Report|BlogPosting|WebPage", re.IGNORECASE)
MIN_YEAR = 1990
"""JSON-LD sometimes carries a placeholder date (0001-01-01); no news page is older than this."""


@dataclass(frozen=True)
class PageMeta:
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    byline: str | None = None
    url: str | None = None

    def as_dict(self) -> dict[str, str]:
        """The fields `clean` reads from metadata, as strings, leaving out what is unknown."""
        fields = {
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "source": self.source,
            "byline": self.byline,
            "url": self.url,
        }
        return {k: v for k, v in fields.items() if v}


def page_meta(tree: _Element, found: Extraction) -> PageMeta:
    """The page's metadata: declared first, then trafilatura's reading of it."""
    metas = _meta_tags(tree)
    linked = list(_json_ld(tree))
    headline = _headline(tree)
    site = _site_name(tree, metas, linked, headline, found.sitename)
    return PageMeta(
        title=_title(tree, metas, linked, headline, site) or found.title,
        published=_published(tree, metas, linked, headline, found.date),
        source=site,
        byline=_clean(found.author),
        url=found.url,
    )


def _clean(text: str | None) -> str | None:
    text = " ".join((text or "").split())
    return text or None


def _meta_tags(tree: _Element) -> dict[str, str]:
    """`<meta>` contents by lower-cased property, name or itemprop; the first of each wins."""
    tags: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = _clean(meta.get("content"))
        if key and content:
            tags.setdefault(key.strip().lower(), content)
    return tags


def _json_ld(tree: _Element) -> Iterator[dict[str, object]]:
    """Every JSON-LD object on the page, nested ones (`@graph`) included."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        yield from _objects(data)


def _objects(data: object) -> Iterator[dict[str, object]]:
    if isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, dict | list):
                yield from _objects(value)
    elif isinstance(data, list):
        for value in data:
            yield from _objects(value)


def _is_article(obj: dict[str, object]) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds)


def _headline(tree: _Element) -> _Element | None:
    """The page's visible headline: its first `<h1>` with words in it."""
    return next((h for h in tree.iter("h1") if len(h.text_content().split()) >= 2), None)


def _text(element: _Element | None) -> str | None:
    return _clean(element.text_content()) if element is not None else None


# -- Title -------------------------------------------------------------------------------------


def _title(
    tree: _Element,
    metas: dict[str, str],
    linked: list[dict[str, object]],
    headline: _Element | None,
    site: str | None,
) -> str | None:
    """The `<title>` without the site's name, unless the published headline disagrees with it
    (`_agreed_headline`); else the declared headlines, the visible one."""
    element = next(tree.iter("title"), None)
    title = _clean(element.text_content()) if element is not None else None
    names = [n for n in (site, metas.get("og:site_name")) if n]
    shown = _text(headline)
    if shown and _key(shown) in {_key(n) for n in names}:
        shown = None  # the site's logo in an <h1>, not the story's headline
    keys = {_key(n) for n in names}
    if title:
        stripped = strip_site_name(title, names, shown)
        # A <title> that is only the site's name, or a label of a word or two ("Home",
        # "World news"), names no story: the declared headlines do.
        if stripped and _key(stripped) not in keys and len(stripped.split()) > TITLE_MIN_WORDS:
            return _agreed_headline(metas, linked, shown, names, stripped) or stripped
    declared: list[object] = [metas.get("og:title"), metas.get("twitter:title")]
    declared += [o.get("headline") for o in linked if _is_article(o)]
    declared.append(shown)
    for candidate in declared:
        if isinstance(candidate, str) and _clean(candidate):
            return strip_site_name(_clean(candidate) or "", names, None) or _clean(candidate)
    return strip_site_name(title, names, None) if title else None


def _agreed_headline(
    metas: dict[str, str],
    linked: list[dict[str, object]],
    shown: str | None,
    names: list[str],
    title: str,
) -> str | None:
    """The published headline (`og:title`) in place of a `<title>` written for search engines:
    one that opens with a keyword and a colon ("Lagos flooding: Why the city's drains ...",
    "Pension reform: Key votes ...") which the published headline does not have, when
    the visible `<h1>` or the JSON-LD `headline` says what `og:title` says. A `<title>` without
    such a keyword, or one the published headline opens with too ("Business Focus: ..."), is
    the headline, whatever the other tags say: sites rewrite their social headlines freely.
    None when the `<title>` stands."""
    kicker = _KICKER.match(title)
    social = _clean(metas.get("og:title"))
    if kicker is None or not social:
        return None
    social = strip_site_name(social, names, None) or social
    if _key(social).startswith(_key(kicker.group("kicker"))):
        return None
    others = [shown, *(o.get("headline") for o in linked if _is_article(o))]
    agreed = any(
        isinstance(other, str)
        and _key(strip_site_name(other, names, None) or other) == _key(social)
        for other in others
    )
    return social if agreed else None


def strip_site_name(title: str, names: list[str], headline: str | None) -> str | None:
    """The headline part of a `<title>`: the site's name and a section name cut off its ends.

    A part is the site's when it matches a given name (or the domain it was written as), or
    when the rest of the title is the page's visible headline; a short capitalised part left
    at the end after that is a section ("World news"). None when nothing is left.
    """
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) == 1:
        return title
    keys = {_key(n) for n in names if _key(n)}
    start, end = 0, len(parts)
    if headline:
        wanted = _key(headline)
        for i in range(len(parts)):
            for j in range(len(parts), i, -1):
                if _key(" ".join(parts[i:j])) == wanted and (i, j) != (0, len(parts)):
                    return _join(title, parts[i:j])
    while end - start > 1 and _key(parts[end - 1]) in keys:
        end -= 1
    while end - start > 1 and _key(parts[start]) in keys:
        start += 1
    if end == len(parts) and _BAR_NAME.search(title):
        end -= 1  # "Headline | Site News": a bar before a name ends the headline
    if end < len(parts):
        while end - start > 1 and _is_section(parts[end - 1]):
            end -= 1
    return _join(title, parts[start:end]) if (start, end) != (0, len(parts)) else title


def _join(title: str, parts: list[str]) -> str:
    """The parts as they stood in the title, separators between them included."""
    first = title.index(parts[0])
    last = title.index(parts[-1], first) + len(parts[-1])
    return title[first:last].strip()


def _key(name: str) -> str:
    """A name as compared: letters and digits only, case folded, a domain ending dropped."""
    name = name.strip().lstrip("@")
    match = _DOMAIN.match(name.lower())
    if match and " " not in name:
        name = match.group("name")
    return re.sub(r"\W+", "", name).casefold()


def _is_section(part: str) -> bool:
    words = part.split()
    return len(words) <= SECTION_MAX_WORDS and all(
        w[:1].isupper() or w in ("&", "and", "of") for w in words
    )


# -- Outlet ------------------------------------------------------------------------------------


def _site_name(
    tree: _Element,
    metas: dict[str, str],
    linked: list[dict[str, object]],
    headline: _Element | None,
    fallback: str | None,
) -> str | None:
    """The outlet as the page names itself; a domain-like name gives way to the publisher's
    full name when that is the same name ("livescience.com" → "Live Science")."""
    publishers = [_publisher_name(o) for o in linked if _is_article(o)]
    publishers = [p for p in publishers if p]
    declared = next((metas[k] for k in SITE_META if metas.get(k)), None)
    name = declared or _site_from_title(tree, _text(headline)) or (publishers[:1] or [None])[0]
    name = name or fallback
    if name is None:
        return None
    name = name.strip().lstrip("@")
    same = [p for p in publishers if _key(p) == _key(name)]
    if same:
        return same[0]
    match = _DOMAIN.match(name.lower())
    if match and " " not in name:
        start = 4 if name.lower().startswith("www.") else 0
        return name[start : start + len(match.group("name"))]
    return name


def _publisher_name(obj: dict[str, object]) -> str | None:
    publisher = obj.get("publisher")
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    if isinstance(publisher, dict):
        name = publisher.get("name")
        return _clean(name) if isinstance(name, str) else None
    return None


def _site_from_title(tree: _Element, headline: str | None) -> str | None:
    """With no declared name, the `<title>` names the site beside the visible headline."""
    element = next(tree.iter("title"), None)
    if element is None or not headline:
        return None
    title = _clean(element.text_content()) or ""
    parts = TITLE_SEPARATORS.split(title)
    wanted = _key(headline)
    for i, part in enumerate(parts):
        if _key(part) == wanted:
            rest = parts[:i] + parts[i + 1 :]
            return rest[-1] if i == 0 and rest else (rest[0] if rest else None)
    return None


# -- Publication date --------------------------------------------------------------------------


def _published(
    tree: _Element,
    metas: dict[str, str],
    linked: list[dict[str, object]],
    headline: _Element | None,
    fallback: str | None,
) -> dt.date | None:
    """The declared publication date in the publisher's own zone; the date shown after the
    headline when the declared one is missing, or a UTC stamp a day off it with no zone of
    the publisher's to read it in; htmldate's guess last."""
    stamps = _published_stamps(tree, metas, linked)
    shown = _shown_date(headline)
    if not stamps:
        guess = _guessed_date(fallback)
        return shown or (guess if guess not in _clock_days(tree) else None)
    local = _local_offset(tree, metas, linked)
    # A stamp written in a zone other than UTC is the publisher's local time already.
    written = next((s for s in stamps if s.offset), None)
    if written is not None:
        return written.moment.date()
    first = stamps[0]
    if first.offset is not None and local is not None:
        return first.local_day(local)
    declared = first.moment.date()
    if shown and abs((declared - shown).days) <= 1:
        return shown
    return declared


def _guessed_date(guess: str | None) -> dt.date | None:
    """htmldate's guess, unless it is the first of January: that is the guess it makes from a
    year alone (a copyright line's "© 2026"), which dates no article."""
    day = parse_date(guess) if guess else None
    return None if day is None or (day.month, day.day) == (1, 1) else day


_CLOCK_WORDS = re.compile(r"(?i:\b(?:today|now|current\s+time|local\s+time)\b)")


def _clock_days(tree: _Element) -> set[dt.date]:
    """The days a site's clocks show ("Today: Friday, March 20, 2026"), which htmldate may
    take for the article's date when the page declares none."""
    days: set[dt.date] = set()
    for element in tree.iter():
        text = element.text or ""
        if not isinstance(element.tag, str) or not _CLOCK_WORDS.search(text):
            continue
        line = " ".join(" ".join(element.itertext()).split())
        for found in header_dates(line[:CLOCK_MAX_CHARS]) or []:
            if found.label == "clock":
                days.add(found.day)
    return days


def _published_stamps(
    tree: _Element, metas: dict[str, str], linked: list[dict[str, object]]
) -> list[Stamp]:
    """The page's declared publication time stamps, the most specific first."""
    values: list[object] = [metas.get(k) for k in PUBLISHED_META[:2]]
    values += [o.get("datePublished") for o in linked if _is_article(o)]
    values += [metas.get(k) for k in PUBLISHED_META[2:]]
    values += [t.get("datetime") for t in tree.iter("time") if t.get("itemprop") == "datePublished"]
    return [s for s in map(_stamp, values) if s is not None]


def _stamp(value: object) -> Stamp | None:
    if not isinstance(value, str) or not value.strip():
        return None
    stamp = parse_stamp(value)
    return stamp if stamp is not None and stamp.moment.year >= MIN_YEAR else None


def _local_offset(
    tree: _Element, metas: dict[str, str], linked: list[dict[str, object]]
) -> dt.timedelta | None:
    """The publisher's zone, from any stamp of the page written in one other than UTC (the
    time of an update, a `<time>` element), for reading a UTC publication stamp locally."""
    values: list[object] = [v for k, v in metas.items() if k in MODIFIED_META]
    values += [o.get("dateModified") for o in linked if _is_article(o)]
    values += [t.get("datetime") for t in tree.iter("time")]
    offsets = (s.offset for s in map(_stamp, values) if s is not None)
    return next((o for o in offsets if o), None)


def _shown_date(headline: _Element | None) -> dt.date | None:
    """The date the page shows under its headline: of the header's date lines, the published
    one first; a `<time>` element's own stamp when its text is no full date ("2 hours ago").
    Some layouts put the date over the headline instead: inside the article's own container
    (never the site's top bar, where clocks are), the lines just above it are read last."""
    if headline is None:
        return None
    after = _date_among(list(_blocks_after(headline)))
    return after or _date_among(_blocks_before(headline))


def _date_among(blocks: list[_Element]) -> dt.date | None:
    best: tuple[int, int, dt.date] | None = None
    for order, block in enumerate(blocks):
        found = [d for d in header_dates(_text(block) or "") or [] if d.label != "clock"]
        if not found and block.tag == "time" and block.get("datetime"):
            stamp = parse_date(block.get("datetime", "")[:40])
            found = [HeaderDate(stamp, None)] if stamp is not None else []
        for date in found:
            candidate = (LABEL_RANK[date.label], order, date.day)
            best = min(best, candidate) if best else candidate
    return best[2] if best else None


def _blocks_before(headline: _Element) -> list[_Element]:
    """The few text blocks just above the headline inside its `<article>` or `<main>`."""
    container = next((a for a in headline.iterancestors() if a.tag in ("article", "main")), None)
    if container is None:
        return []
    before: list[_Element] = []
    for element in container.iter():
        if element is headline:
            break
        if not isinstance(element.tag, str) or element.tag not in _BLOCK_TAGS:
            continue
        is_leaf = not any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in element)
        if (is_leaf or element.tag == "time") and element.text_content().strip():
            before.append(element)
    return before[-HEADER_BLOCKS_BEFORE:][::-1]


_BLOCK_TAGS = frozenset(
    {"p", "div", "span", "time", "li", "h2", "h3", "h4", "h5", "h6", "small", "em", "b"}
    | {"strong", "section", "header", "footer", "address", "dd", "dt", "td"}
)


def _blocks_after(headline: _Element) -> Iterator[_Element]:
    """The text blocks that follow the headline in reading order (leaves of the markup, and
    `<time>` elements), until the article's text begins."""
    seen = 0
    started = False
    for element in headline.getroottree().iter():
        if element is headline:
            started = True
            continue
        if not started or not isinstance(element.tag, str) or element.tag not in _BLOCK_TAGS:
            continue
        if any(a is headline for a in element.iterancestors()):
            continue
        is_leaf = not any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in element)
        if element.tag != "time" and not is_leaf:
            continue
        words = len(element.text_content().split())
        if words >= HEADER_END_WORDS:
            return
        if words or element.tag == "time":
            yield element
            seen += 1
            if seen >= HEADER_BLOCKS:
                return
