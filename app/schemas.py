"""API shapes: the query parameters clients send and the JSON they get back.

Kept apart from the tables in `app.models` so that storage can change without changing the
API. Query parameters are dataclasses used as dependencies: FastAPI validates and documents
each field, and the handlers stay one line long.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Annotated, Generic, Literal, TypeVar, get_args

from fastapi import Query
from pydantic import BaseModel, BeforeValidator, Field, WithJsonSchema

from app.config import get_settings
from app.errors import InvalidParameter

QuoteKind = Literal["direct", "partial", "indirect"]
PersonKind = Literal["person", "organization"]
PlaceKind = Literal["city", "country", "region", "place"]
Appearances = Literal["first", "all"]


def _calendar_date(value: object) -> object:
    """Only `YYYY-MM-DD`, as documented: pydantic alone reads `20251120` as seconds since 1970."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("must be a date as YYYY-MM-DD")
    return value


CalendarDate = Annotated[dt.date, BeforeValidator(_calendar_date)]


def _check_range(date_from: dt.date | None, date_to: dt.date | None) -> None:
    if date_from is not None and date_to is not None and date_from > date_to:
        raise InvalidParameter("date_to", f"{date_to} is before date_from {date_from}")


# Query parameters

MAX_ID = 2**63 - 1
"""Ids are SQLite integers: larger ones cannot exist, and would not fit the query."""
MAX_TEXT_LENGTH = 1_000_000
"""Bound of `min_length`: no quote is near that long, and past SQLite's integers the value
overflowed (a 500) instead of matching nothing."""
MAX_LIST_ITEMS = 100
"""Distinct items a list parameter may hold, repeats and commas together: past about 500
names SQLite refuses the query ("too many terms in compound SELECT"), which reached clients
as a 503."""

LIST_RULE = (
    " Comma-separated and/or repeated, any of them: `a,b` is `a` or `b`, the same as "
    "repeating the parameter. Items are trimmed, blank ones ignored; at most "
    f"{MAX_LIST_ITEMS} different ones."
)
QUOTED_RULE = (
    ' An item that holds a comma is written in double quotes (`"King, Jr."`), a double '
    'quote inside it doubled (`"The ""Daily"" Post"`).'
)
_QUOTED_ITEM = re.compile(r'\s*"((?:[^"]|"")*)"\s*(?:,|$)')
_BARE_ITEM = re.compile(r"([^,]*)(?:,|$)")


def comma_items(value: str) -> list[str]:
    """The items of one value of a list parameter, by the one rule every list follows.

    `Peskov, Erdogan` is two items; `"King, Jr."` one (a double-quoted item keeps its commas,
    `""` in it is one `"`), as in CSV, the format people already write lists in. Items are
    trimmed and blank ones dropped, so `a,,b`, a trailing comma or a blank form field add
    nothing. A double quote that does not open a whole item is an ordinary character
    (`The "Daily" Post`, an unclosed `"King`): every string is a valid list, so the rule can
    never turn a name into an error.
    """
    items: list[str] = []
    at = 0
    while at < len(value):
        quoted = _QUOTED_ITEM.match(value, at)
        if quoted is not None:
            item = quoted.group(1).replace('""', '"')
            at = quoted.end()
        else:
            bare = _BARE_ITEM.match(value, at)
            assert bare is not None  # `[^,]*` matches anywhere
            item = bare.group(1)
            at = bare.end()
        if item.strip():
            items.append(item.strip())
    return items


def _split_lists(values: object) -> object:
    """Every value of a list parameter split into its items, each once; None when no item is
    left, so that `speaker=,` filters nothing, as leaving it out does."""
    if values is None:
        return None
    if not isinstance(values, list | tuple):
        values = [values]
    items = [
        item
        for value in values
        for item in (comma_items(value) if isinstance(value, str) else [value])
    ]
    return list(dict.fromkeys(items)) or None


def comma_list_pattern(item: str) -> str:
    """The regular expression of a value that lists items matching `item` under the comma
    rule, for the OpenAPI schema: clients and schema-driven tests can then tell what is
    refused."""
    return rf"^[\s,]*(?:(?:{item})(?:\s*,[\s,]*(?:{item}))*)?[\s,]*$"


def integers_up_to(limit: int) -> str:
    """A regular expression of the decimal numbers 1 to `limit` (no sign, no leading zero):
    what an id inside a comma list may be, stated exactly in the schema."""
    digits = str(limit)
    shorter = [rf"[1-9][0-9]{{0,{len(digits) - 2}}}"] if len(digits) > 1 else []
    same_length = [digits]
    for at, digit in enumerate(digits):
        low = "1" if at == 0 else "0"
        if int(digit) > int(low):
            below = f"[{low}-{int(digit) - 1}]"
            same_length.append(digits[:at] + below + f"[0-9]{{{len(digits) - at - 1}}}")
    return "(?:" + "|".join(shorter + same_length) + ")"


AT_MOST = Field(max_length=MAX_LIST_ITEMS)
SPLIT_LISTS = BeforeValidator(_split_lists)
"""Every list parameter's type is `Annotated[Annotated[list[X], AT_MOST] | None, SPLIT_LISTS]`.
Where an item is not free text, its `WithJsonSchema` states what one value may be, since a
comma list is a string whatever its items are."""

PositiveId = Annotated[int, Field(ge=1, le=MAX_ID)]


def _decimal(value: object) -> object:
    """An id written in a comma list as its schema's pattern says: digits, no sign, no leading
    zero (pydantic alone also reads `+7`, `07` and `7_0`)."""
    if isinstance(value, str) and not re.fullmatch(r"[1-9][0-9]*", value):
        raise ValueError("must be written in digits, without a sign or a leading zero")
    return value


IdItem = Annotated[
    PositiveId,
    BeforeValidator(_decimal),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                {"type": "string", "pattern": comma_list_pattern(integers_up_to(MAX_ID))},
            ]
        }
    ),
]
"""One value of an id list: an id, or several as a comma list."""
KindItem = Annotated[
    QuoteKind,
    WithJsonSchema(
        {"type": "string", "pattern": comma_list_pattern("|".join(get_args(QuoteKind)))}
    ),
]
NameList = Annotated[Annotated[list[str], AT_MOST] | None, SPLIT_LISTS]
"""Names, slugs, outlets: any text, so any value is a valid list."""
IdList = Annotated[Annotated[list[IdItem], AT_MOST] | None, SPLIT_LISTS]
KindList = Annotated[Annotated[list[KindItem], AT_MOST] | None, SPLIT_LISTS]


@dataclass
class Pagination:
    """Keyset pagination, so that deep pages cost the same as the first and never repeat rows."""

    limit: Annotated[
        int | None,
        Query(
            ge=1,
            description="Items per page: 20 unless given, at most 100 "
            "(`VERBATIM_DEFAULT_PAGE_SIZE`, `VERBATIM_MAX_PAGE_SIZE`).",
            examples=[20],
        ),
    ] = None
    cursor: Annotated[
        str | None,
        Query(
            description="The `next_cursor` of the previous page, unchanged; omit for page one.",
            examples=["WyIyMDI1LTExLTE5Iiw3XQ"],
        ),
    ] = None
    size: int = field(init=False)

    def __post_init__(self) -> None:
        """The bounds come from settings at request time, so tests and deployments can move them."""
        settings = get_settings()
        if self.limit is not None and self.limit > settings.max_page_size:
            raise InvalidParameter("limit", f"must be at most {settings.max_page_size}")
        self.size = self.limit or settings.default_page_size


Sort = Literal["relevance", "date", "-date"]

Q_DESCRIPTION = (
    "Full-text search (SQLite FTS5, ranked by BM25). Words must all occur; they are stemmed "
    "(`negotiation` finds `negotiations`) and case and accents are ignored (`erdogan` finds "
    'Erdoğan). `"peace talks"` is a phrase (an unclosed quote runs to the end); `negotiat*` a '
    "prefix (words are stored stemmed, so it also matches stems a letter or two "
    "shorter); `A OR B`, `A AND B`, `A NOT B` (upper case) and parentheses combine them, NOT "
    "binding tighter than AND, AND than OR; `-word` is `NOT word`. An operator with nothing on "
    "one side is searched as a word, and punctuation alone (`:`, `*`) is ignored. A 422 names "
    "`q` when parentheses are unbalanced or nested deeper than 8, there are more than 32 words, "
    "no word is left, or a query only excludes words (`-moscow`)."
)
SORT_DESCRIPTION = (
    "`relevance` (best BM25 match first; the default when `q` is given), `-date` (newest "
    "first, the default otherwise) or `date` (oldest first); undated items come last either "
    "way. When `q` matches more than 2,500 items, `relevance` ranks the newest 2,500 of "
    "them (ingest order), so that a common word stays fast, and `total` counts those "
    "(`total_exact: false`; `VERBATIM_RANK_WINDOW`). Relevance cursors are stable "
    "while the corpus is unchanged: after an ingest, restart from page one."
)


def _check_sort(sort: Sort | None, q: str | None) -> None:
    if sort == "relevance" and q is None:
        raise InvalidParameter("sort", "`relevance` needs `q`")


@dataclass
class QuoteFilters:
    """A list parameter's items are alternatives (`speaker=Peskov,Erdogan`, or
    `speaker=Peskov&speaker=Erdogan`: either); different parameters must all hold."""

    speaker: Annotated[
        NameList,
        Query(
            description="Speaker's name, an alias or the surname alone; case and accents are "
            "ignored, so `erdogan` finds Erdoğan." + LIST_RULE + QUOTED_RULE,
            examples=[["Peskov,Erdogan"]],
        ),
    ] = None
    speaker_id: Annotated[
        IdList,
        Query(description="Speaker's id, from /v1/people." + LIST_RULE, examples=[["1,7"]]),
    ] = None
    topic: Annotated[
        NameList,
        Query(
            description="Topic slug or name, from /v1/topics." + LIST_RULE + QUOTED_RULE,
            examples=[["istanbul-talks"]],
        ),
    ] = None
    place: Annotated[
        NameList,
        Query(
            description="Place mentioned around the quote, by name or alias: `Kiev` finds "
            "Kyiv." + LIST_RULE + QUOTED_RULE,
            examples=[["Kyiv"]],
        ),
    ] = None
    source: Annotated[
        NameList,
        Query(
            description="Outlet or agency of the article, any case." + LIST_RULE + QUOTED_RULE,
            examples=[["Reuters"]],
        ),
    ] = None
    date_from: Annotated[
        CalendarDate | None,
        Query(description="Said on or after this day (ISO 8601).", examples=["2025-11-15"]),
    ] = None
    date_to: Annotated[
        CalendarDate | None,
        Query(description="Said on or before this day (ISO 8601).", examples=["2025-11-30"]),
    ] = None
    q: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=500,
            description=Q_DESCRIPTION,
            examples=['"peace talks" OR negotiat* -oil'],
        ),
    ] = None
    kind: Annotated[
        KindList,
        Query(
            description="`direct` (in quotation marks), `partial` (a quoted fragment) or "
            "`indirect` (reported speech)." + LIST_RULE,
            examples=[["direct,partial"]],
        ),
    ] = None
    article_id: Annotated[
        IdList,
        Query(description="Only quotes from these articles." + LIST_RULE, examples=[["1"]]),
    ] = None
    min_length: Annotated[
        int | None,
        Query(
            ge=1,
            le=MAX_TEXT_LENGTH,
            description="Only quotes at least this many characters long "
            f"(1 to {MAX_TEXT_LENGTH:,}).",
            examples=[80],
        ),
    ] = None
    sort: Annotated[Sort | None, Query(description=SORT_DESCRIPTION, examples=["-date"])] = None
    appearances: Annotated[
        Appearances,
        Query(
            description="`first`: a statement carried by several articles (agency copy) is "
            "one item, its first-stored quote; the filters test that quote (copies share "
            "speaker and words, and a statement is dated by its first appearance), except "
            "`source`, which any copy may meet. With `article_id`, that article's own quotes "
            "are listed instead. `all`: every copy is an item of its own.",
            examples=["all"],
        ),
    ] = "first"

    def __post_init__(self) -> None:
        _check_range(self.date_from, self.date_to)
        _check_sort(self.sort, self.q)


@dataclass
class ArticleFilters:
    q: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=500,
            description=Q_DESCRIPTION.replace("Words must", "Words of the title or body must"),
            examples=["Istanbul talks"],
        ),
    ] = None
    source: Annotated[
        NameList,
        Query(
            description="Outlet or agency, any case." + LIST_RULE + QUOTED_RULE,
            examples=[["Reuters,AP"]],
        ),
    ] = None
    date_from: Annotated[
        CalendarDate | None,
        Query(description="Published on or after this day (ISO 8601).", examples=["2025-11-01"]),
    ] = None
    date_to: Annotated[
        CalendarDate | None,
        Query(description="Published on or before this day (ISO 8601).", examples=["2025-11-30"]),
    ] = None
    sort: Annotated[
        Sort | None,
        Query(description=SORT_DESCRIPTION.replace("Said", "Published"), examples=["-date"]),
    ] = None

    def __post_init__(self) -> None:
        _check_range(self.date_from, self.date_to)
        _check_sort(self.sort, self.q)


@dataclass
class PeopleFilters:
    q: Annotated[
        str | None,
        Query(
            min_length=1,
            description="Autocomplete: the start of the name, of any word in it, or of an "
            "alias, any case or accents. A prefix match, not a substring one: `pes` finds "
            "Dmitry Peskov, `erdo` Erdoğan, `zelensk` Zelenskiy, but `eskov` finds nobody.",
            examples=["pes"],
        ),
    ] = None
    kind: Annotated[
        PersonKind | None,
        Query(description="`person` or `organization`.", examples=["person"]),
    ] = None
    role: Annotated[
        str | None,
        Query(
            min_length=1,
            description="Part of the role or title, any case: `spokes` finds spokespeople.",
            examples=["spokes"],
        ),
    ] = None


@dataclass
class PlaceFilters:
    q: Annotated[
        str | None,
        Query(
            min_length=1,
            description="Part of a place name or alias, any case or accents.",
            examples=["kiev"],
        ),
    ] = None
    kind: Annotated[
        PlaceKind | None,
        Query(description="`city`, `country`, `region` or `place`.", examples=["city"]),
    ] = None
    country: Annotated[
        str | None,
        Query(
            pattern="^[A-Za-z]{2}$",
            description="ISO 3166-1 alpha-2 country code, any case: the country itself and "
            "the places in it.",
            examples=["UA"],
        ),
    ] = None


@dataclass
class TopicFilters:
    q: Annotated[
        str | None,
        Query(min_length=1, description="Part of the topic name, any case.", examples=["talks"]),
    ] = None


# Responses


class PersonRef(BaseModel):
    id: int
    name: str
    kind: str = Field(description="`person` or `organization`.")


class ArticleRef(BaseModel):
    id: int
    title: str
    published: dt.date | None
    source: str | None = Field(description="Outlet or agency.")
    url: str | None = Field(description="The article's web address; null for a plain-text file.")


class TopicRef(BaseModel):
    slug: str
    name: str


class PlaceRef(BaseModel):
    id: int
    name: str


class QuoteAppearance(BaseModel):
    quote_id: int = Field(description="The copy's own quote id.")
    article: ArticleRef
    date: dt.date | None = Field(description="When the article carrying this copy came out.")


class QuotePublic(BaseModel):
    id: int
    text: str
    kind: QuoteKind
    cue: str | None = Field(description="The verb that introduced the quote, e.g. `said`.")
    date: dt.date | None = Field(description="When the statement was made, if known.")
    speaker: PersonRef | None
    speaker_mention: str | None = Field(
        description="How the article referred to the speaker, when not by name (`he`)."
    )
    reported_by: str | None = Field(description="Agency that relayed the quote, e.g. TASS.")
    article: ArticleRef
    topics: list[TopicRef]
    places: list[PlaceRef]
    context: str = Field(description="The sentence or sentences around the quote.")
    start: int = Field(
        description="Offset of `text` in the article body. A reported statement interrupted "
        "by its attribution (`The risk, he said, is small`) leaves it out of `text`, which is "
        "then the stretch from `start` to `end` less those words."
    )
    end: int = Field(description="Offset just past `text` in the article body.")
    highlight: str | None = Field(
        None,
        description="With `q`: the quote, or a window of it, as HTML: matched words in "
        "`<mark>`, everything else escaped. Null without `q`.",
        examples=["Moscow is open to <mark>negotiations</mark>"],
    )
    appearance_count: int = Field(
        description="Articles that carried this statement (agency copies), this one included."
    )
    appearances: list[QuoteAppearance] = Field(
        description="Every copy of this statement, this one included, first published first."
    )


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null on the last page."
    )


class Counted(BaseModel):
    total: int = Field(
        description="Items matching the filters, counted up to 10,000 so that counting "
        "never slows a query down; see `total_exact`."
    )
    total_exact: bool = Field(
        description="False when more than 10,000 items match: `total` is then 10,000."
    )


class QuotesPublic(Page[QuotePublic], Counted):
    pass


class ArticlePublic(ArticleRef):
    byline: str | None
    dateline: str | None = Field(description="Dateline as printed, e.g. MOSCOW.")
    word_count: int
    quote_count: int
    highlight: str | None = Field(
        None,
        description="With `q`: a window of the title or body as HTML, matched words in "
        "`<mark>`, everything else escaped. Null without `q`.",
        examples=["Talks in <mark>Istanbul</mark> ended…"],
    )


class ArticleDetail(ArticlePublic):
    body: str
    quotes: list[QuotePublic] = Field(description="In the order they appear in the text.")


class ArticlesPublic(Page[ArticlePublic], Counted):
    pass


class PersonPublic(PersonRef):
    role: str | None = Field(description="Title or position, e.g. Kremlin spokesperson.")
    quote_count: int


class PersonDetail(PersonPublic):
    aliases: list[str] = Field(description="Other names the person went by in articles.")
    first_quoted: dt.date | None
    last_quoted: dt.date | None


class PeoplePublic(Page[PersonPublic]):
    pass


class PlacePublic(PlaceRef):
    kind: str = Field(description="`city`, `country`, `region` or `place`.")
    country_code: str | None = Field(description="ISO 3166-1 alpha-2.")
    latitude: float | None = Field(
        description="WGS84 degrees north, from GeoNames; a country's is its capital's. Null for "
        "places the gazetteer does not know.",
        examples=[50.45466],
    )
    longitude: float | None = Field(description="WGS84 degrees east.", examples=[30.5238])
    aliases: list[str]
    quote_count: int
    article_count: int


class PlacesPublic(Page[PlacePublic]):
    pass


class TopicPublic(TopicRef):
    quote_count: int
    article_count: int


class TopicsPublic(Page[TopicPublic]):
    pass


class SpeakerCount(PersonRef):
    count: int = Field(description="Quotes of this speaker with the topic.")


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    database: Literal["ok"] = "ok"
    quotes: int
    articles: int


class FacetValue(BaseModel):
    value: str = Field(description="Speaker, place or topic name, source or kind.")
    id: int | str | None = Field(
        description="Person id (speaker), place id (place), topic slug (topic); null for "
        "source and kind. Pass it back as `speaker_id`, `place` or `topic` to narrow."
    )
    count: int = Field(description="Quotes matching the current filters with this value.")


class QuotesFaceted(QuotesPublic):
    facets: dict[str, list[FacetValue]] | None = Field(
        None,
        description="Only when `facets` is given (null otherwise): for each facet asked for, "
        "its 10 most frequent values among the quotes the filters match (the newest 1,000 of "
        "them when more match, see `facets_window`), count descending then value.",
    )
    facets_timed_out: list[str] | None = Field(
        None,
        description="Facets that ran past `VERBATIM_FACET_TIME_LIMIT_MS` and were left out of "
        "`facets`; null when `facets` is not given.",
    )
    facets_window: int | None = Field(
        None,
        description="When more quotes match than the facet window (`VERBATIM_FACET_WINDOW`, "
        "1,000 by default), the facets count the newest that many and this says how many; "
        "null when they count every match.",
        examples=[1000],
    )


class TimelineBucket(BaseModel):
    start: dt.date = Field(
        description="First day of the bucket: the day, the Monday of the week, the 1st of the "
        "month."
    )
    count: int


class Timeline(BaseModel):
    interval: Literal["day", "week", "month"]
    buckets: list[TimelineBucket] = Field(
        description="Every bucket from the first to the last (or from `date_from` to `date_to` "
        "when given), oldest first, zeros included."
    )
    undated: int = Field(description="Matching quotes without a date, left out of `buckets`.")


class Problem(BaseModel):
    """RFC 9457 problem details: the body of every 4xx and 5xx response."""

    type: str = Field(
        "about:blank", description="URI of the problem type; `about:blank`: see `status`."
    )
    title: str = Field(description="The HTTP status phrase.", examples=["Unprocessable Entity"])
    status: int = Field(examples=[422])
    detail: str = Field(
        description="What went wrong, naming the parameter if one is at fault.",
        examples=["limit: Input should be greater than or equal to 1"],
    )
    param: str | None = Field(
        None, description="The offending query or path parameter, if any.", examples=["limit"]
    )


class TopicDetail(TopicPublic):
    top_speakers: list[SpeakerCount] = Field(
        description="The ten speakers most quoted on the topic, most quoted first."
    )
    timeline: Timeline = Field(
        description="Quotes on the topic per month; `/v1/quotes/timeline?topic=` gives days "
        "or weeks, and takes every other filter."
    )
