"""API shapes: the query parameters clients send and the JSON they get back.

Kept apart from the tables in `app.models` so that storage can change without changing the
API. Query parameters are dataclasses used as dependencies: FastAPI validates and documents
each field, and the handlers stay one line long.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Generic, Literal, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field

from app.config import get_settings
from app.errors import InvalidParameter

QuoteKind = Literal["direct", "partial", "indirect"]
PersonKind = Literal["person", "organization"]
PlaceKind = Literal["city", "country", "region", "place"]
Appearances = Literal["first", "all"]


def _check_range(date_from: dt.date | None, date_to: dt.date | None) -> None:
    if date_from is not None and date_to is not None and date_from > date_to:
        raise InvalidParameter("date_to", f"{date_to} is before date_from {date_from}")


# Query parameters


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


@dataclass
class QuoteFilters:
    speaker: Annotated[
        str | None,
        Query(
            min_length=1,
            description="Speaker's name, an alias or the surname alone; case and accents are "
            "ignored, so `erdogan` finds Erdoğan.",
            examples=["Peskov"],
        ),
    ] = None
    speaker_id: Annotated[
        int | None, Query(ge=1, description="Speaker's id, from /v1/people.", examples=[1])
    ] = None
    topic: Annotated[
        str | None,
        Query(
            min_length=1,
            description="Topic slug or name, from /v1/topics.",
            examples=["istanbul-talks"],
        ),
    ] = None
    place: Annotated[
        str | None,
        Query(
            min_length=1,
            description="Place mentioned around the quote, by name or alias: `Kiev` finds Kyiv.",
            examples=["Kyiv"],
        ),
    ] = None
    date_from: Annotated[
        dt.date | None,
        Query(description="Said on or after this day (ISO 8601).", examples=["2025-11-15"]),
    ] = None
    date_to: Annotated[
        dt.date | None,
        Query(description="Said on or before this day (ISO 8601).", examples=["2025-11-30"]),
    ] = None
    q: Annotated[
        str | None,
        Query(
            min_length=1,
            description="Words that must all occur in the quote; stemmed, so `negotiation` "
            "also finds `negotiations`. Operators and punctuation are taken literally.",
            examples=["negotiations"],
        ),
    ] = None
    kind: Annotated[
        QuoteKind | None,
        Query(
            description="`direct` (in quotation marks), `partial` (a quoted fragment) or "
            "`indirect` (reported speech).",
            examples=["direct"],
        ),
    ] = None
    article_id: Annotated[
        int | None, Query(ge=1, description="Only quotes from this article.", examples=[1])
    ] = None
    appearances: Annotated[
        Appearances,
        Query(
            description="`first`: a statement carried by several articles (agency copy) is "
            "one item, its first-stored quote, listed if any of its copies passes the filters; "
            "with `article_id`, that article's own quotes are listed instead. `all`: every "
            "copy is an item of its own.",
            examples=["all"],
        ),
    ] = "first"

    def __post_init__(self) -> None:
        _check_range(self.date_from, self.date_to)


@dataclass
class ArticleFilters:
    q: Annotated[
        str | None,
        Query(min_length=1, description="Text in the title, any case.", examples=["Istanbul"]),
    ] = None
    source: Annotated[
        str | None,
        Query(min_length=1, description="Outlet or agency, any case.", examples=["Reuters"]),
    ] = None
    date_from: Annotated[
        dt.date | None,
        Query(description="Published on or after this day (ISO 8601).", examples=["2025-11-01"]),
    ] = None
    date_to: Annotated[
        dt.date | None,
        Query(description="Published on or before this day (ISO 8601).", examples=["2025-11-30"]),
    ] = None

    def __post_init__(self) -> None:
        _check_range(self.date_from, self.date_to)


@dataclass
class PeopleFilters:
    q: Annotated[
        str | None,
        Query(
            min_length=1,
            description="Part of a name or alias, any case or accents: `zelensk` finds Zelenskiy.",
            examples=["zelensk"],
        ),
    ] = None
    kind: Annotated[
        PersonKind | None,
        Query(description="`person` or `organization`.", examples=["person"]),
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


class QuotesPublic(Page[QuotePublic]):
    pass


class ArticlePublic(ArticleRef):
    url: str | None
    byline: str | None
    dateline: str | None = Field(description="Dateline as printed, e.g. MOSCOW.")
    word_count: int
    quote_count: int


class ArticleDetail(ArticlePublic):
    body: str
    quotes: list[QuotePublic] = Field(description="In the order they appear in the text.")


class ArticlesPublic(Page[ArticlePublic]):
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


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    database: Literal["ok"] = "ok"
    quotes: int
    articles: int


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
