"""Storage tables. API shapes live in `app.schemas`; these are never returned directly.

Every name that a user filters on has a `key` column: the name folded to ASCII lower case
(`anyascii` + casefold), so that `Erdoğan`, `ERDOGAN` and `erdogan` hit the same index entry.
"""

import datetime as dt

from sqlalchemy import BigInteger, Column, Index, Integer, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION


class Article(SQLModel, table=True):
    __tablename__ = "articles"

    id: int | None = Field(default=None, primary_key=True)
    source_key: str = Field(
        unique=True, description="Identity across re-ingests: the URL if known, else the path."
    )
    path: str | None = None
    url: str | None = None
    title: str
    published: dt.date | None = Field(default=None, index=True)
    source: str | None = Field(default=None, index=True, description="Outlet or agency.")
    byline: str | None = None
    dateline: str | None = Field(default=None, description="Dateline as printed, e.g. MOSCOW.")
    dateline_place_id: int | None = Field(
        default=None, foreign_key="places.id", ondelete="SET NULL"
    )
    body: str = Field(sa_column=Column(Text, nullable=False))
    word_count: int = 0
    content_hash: str = Field(
        unique=True,
        index=True,
        description="`app.ingest.store.content_hash`: identical content is one article.",
    )
    ingested_at: dt.datetime


def _stored_count(description: str) -> int:
    """A count the listings sort by, kept by SQLite triggers (migration 0007); other databases
    count at query time (`app.search.paging.stored_counts`)."""
    return Field(default=0, sa_column_kwargs={"server_default": "0"}, description=description)  # type: ignore[no-any-return]


def _by_count(table: str) -> Index:
    """The listing order, most quoted first, as one index range."""
    return Index(f"ix_{table}_by_count", text("quote_count DESC"), "name", "id")


class Person(SQLModel, table=True):
    """A speaker or a person/organisation mentioned; one row per real-world entity."""

    __tablename__ = "people"
    __table_args__ = (
        _by_count("people"),
        Index("ix_people_key_kind", "key", "kind", unique=True),
        Index("ix_people_spelling_key_kind", "spelling_key", "kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str
    key: str = Field(description="Folded canonical name; one person of each kind has it.")
    surname_key: str = Field(index=True, description="Folded last token, for merging variants.")
    spelling_key: str = Field(
        default="",
        sa_column_kwargs={"server_default": ""},
        description="`names.surname_spelling`: shared by the spellings of one surname, so the "
        "store compares a new person with these only (indexed with kind, migration 0009).",
    )
    kind: str = Field(default="person", index=True, description="person | organization")
    role: str | None = None
    quote_count: int = _stored_count("First copies of quotes they said.")


class PersonAlias(SQLModel, table=True):
    __tablename__ = "person_aliases"
    __table_args__ = (UniqueConstraint("person_id", "key", name="uq_person_aliases_person_key"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="people.id", ondelete="CASCADE", index=True)
    alias: str
    key: str = Field(index=True)


class PersonNameToken(SQLModel, table=True):
    """Every word-start of a person's folded name and aliases, to the end of the name:
    `recep tayyip erdogan` gives itself, `tayyip erdogan` and `erdogan`. A prefix search on
    this index finds the start of any word (`erdo`, `tayyip er`) without scanning names."""

    __tablename__ = "person_name_tokens"
    __table_args__ = (Index("ix_person_name_tokens_token_person", "token", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="people.id", ondelete="CASCADE", index=True)
    token: str


class Place(SQLModel, table=True):
    __tablename__ = "places"
    __table_args__ = (_by_count("places"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str
    key: str = Field(unique=True)
    kind: str = Field(default="place", description="city | country | region | place")
    country_code: str | None = Field(default=None, index=True)
    latitude: float | None = Field(default=None, description="WGS84; a country's is its capital's.")
    longitude: float | None = None
    quote_count: int = _stored_count("First copies of quotes naming it.")
    article_count: int = _stored_count("Articles naming it.")


class PlaceAlias(SQLModel, table=True):
    __tablename__ = "place_aliases"
    __table_args__ = (UniqueConstraint("place_id", "key", name="uq_place_aliases_place_key"),)

    id: int | None = Field(default=None, primary_key=True)
    place_id: int = Field(foreign_key="places.id", ondelete="CASCADE", index=True)
    alias: str
    key: str = Field(index=True)


class Topic(SQLModel, table=True):
    __tablename__ = "topics"
    __table_args__ = (_by_count("topics"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    name: str
    key: str = Field(index=True, description="Folded name, so `?topic=Istanbul talks` matches.")
    quote_count: int = _stored_count("First copies of quotes on it.")
    article_count: int = _stored_count("Articles on it.")


class IdHighWater(SQLModel, table=True):
    """The highest id each table has given out, deleted rows included. SQLite gives a new row
    the highest id in the table plus one, so without this an id whose row was deleted (an
    article removed, a quote gone from an edited article) could name another row later, and a
    saved link would show something else instead of a 404. The store gives new articles and
    quotes ids above it (`app.ingest.writes`); other databases' sequences never reuse ids."""

    __tablename__ = "id_high_water"

    table_name: str = Field(primary_key=True)
    last_id: int


class Quote(SQLModel, table=True):
    __tablename__ = "quotes"
    __table_args__ = (
        Index("ix_quotes_date_id", "date", "id"),
        Index("ix_quotes_speaker_date", "speaker_id", "date", "id"),
        Index("ix_quotes_article", "article_id", "start"),
        Index("ix_quotes_kind_date", "kind", "date", "id"),
        Index("ix_quotes_fingerprint", "fingerprint"),
        Index(
            "ix_quotes_duplicate_of",
            "duplicate_of",
            sqlite_where=text("duplicate_of IS NOT NULL"),
            postgresql_where=text("duplicate_of IS NOT NULL"),
        ),
        Index(
            "ix_quotes_first_speaker_date",
            "speaker_id",
            "date",
            "id",
            sqlite_where=text("duplicate_of IS NULL"),
            postgresql_where=text("duplicate_of IS NULL"),
        ),
        Index(
            "ix_quotes_first_date",
            "date",
            "id",
            sqlite_where=text("duplicate_of IS NULL"),
            postgresql_where=text("duplicate_of IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="articles.id", ondelete="CASCADE")
    text: str = Field(sa_column=Column(Text, nullable=False))
    kind: str = Field(description="direct | partial | indirect")
    speaker_id: int | None = Field(default=None, foreign_key="people.id", ondelete="SET NULL")
    speaker_mention: str | None = Field(default=None, description="How the text named the speaker.")
    reported_by: str | None = Field(default=None, description="Agency that relayed the quote.")
    cue: str | None = None
    start: int
    end: int
    date: dt.date | None = Field(default=None, description="When the statement was made.")
    context: str = Field(sa_column=Column(Text, nullable=False))
    fingerprint: str | None = Field(
        default=None, description="Same statement, same speaker: see `app.ingest.wire`."
    )
    duplicate_of: int | None = Field(
        default=None,
        foreign_key="quotes.id",
        ondelete="SET NULL",
        description="The first-stored quote of this one's wire group; None for that quote and "
        "for quotes seen in one article only.",
    )


class QuoteDate(SQLModel, table=True):
    """First copies said on each day, kept by SQLite triggers (migration 0006), so that the
    unfiltered timeline reads a few thousand rows instead of grouping every quote."""

    __tablename__ = "quote_dates"

    date: dt.date = Field(primary_key=True)
    quotes: int


class QuoteTopic(SQLModel, table=True):
    """A quote's topic. The quote's date, whether it is a first copy and its speaker are
    repeated here so that one index range lists a topic's quotes newest first, counts or
    groups them by date (`app.search.quotes.TagWalk`) or by speaker, without reading a quote
    row."""

    __tablename__ = "quote_topics"
    __table_args__ = (
        Index("ix_quote_topics_walk", "topic_id", "first_copy", "date", "quote_id"),
        Index("ix_quote_topics_speakers", "topic_id", "first_copy", "speaker_id"),
    )

    quote_id: int = Field(foreign_key="quotes.id", ondelete="CASCADE", primary_key=True)
    topic_id: int = Field(foreign_key="topics.id", ondelete="CASCADE", primary_key=True, index=True)
    date: dt.date | None = Field(default=None, description="The quote's date.")
    first_copy: bool = Field(
        default=True, description="The quote's `duplicate_of` is null (it is listed by default)."
    )
    speaker_id: int | None = Field(default=None, description="The quote's speaker.")


class QuotePlace(SQLModel, table=True):
    """A place a quote names, with the same repeated columns as `QuoteTopic`."""

    __tablename__ = "quote_places"
    __table_args__ = (Index("ix_quote_places_walk", "place_id", "first_copy", "date", "quote_id"),)

    quote_id: int = Field(foreign_key="quotes.id", ondelete="CASCADE", primary_key=True)
    place_id: int = Field(foreign_key="places.id", ondelete="CASCADE", primary_key=True, index=True)
    date: dt.date | None = Field(default=None, description="The quote's date.")
    first_copy: bool = Field(
        default=True, description="The quote's `duplicate_of` is null (it is listed by default)."
    )


class ArticlePerson(SQLModel, table=True):
    __tablename__ = "article_people"

    article_id: int = Field(foreign_key="articles.id", ondelete="CASCADE", primary_key=True)
    person_id: int = Field(
        foreign_key="people.id", ondelete="CASCADE", primary_key=True, index=True
    )
    mentions: int = 1


class ArticlePlace(SQLModel, table=True):
    __tablename__ = "article_places"

    article_id: int = Field(foreign_key="articles.id", ondelete="CASCADE", primary_key=True)
    place_id: int = Field(foreign_key="places.id", ondelete="CASCADE", primary_key=True, index=True)
    mentions: int = 1


class ArticleTopic(SQLModel, table=True):
    __tablename__ = "article_topics"

    article_id: int = Field(foreign_key="articles.id", ondelete="CASCADE", primary_key=True)
    topic_id: int = Field(foreign_key="topics.id", ondelete="CASCADE", primary_key=True, index=True)


ID_TYPE = BigInteger().with_variant(Integer(), "sqlite")
"""The type of every column holding an id: 64-bit on PostgreSQL (migration 0010), where a
bound id is cast to its column's type and `integer` would refuse one past 2^31 − 1; SQLite's
INTEGER is 64-bit already, and must stay INTEGER for a primary key to be the rowid."""
ID_NAMES = {"duplicate_of", "speaker_id", "last_id"}
"""Id columns without a foreign key or primary key that says so."""


def _ids_are_64_bit() -> None:
    """Give every id column `ID_TYPE`: the keys, the columns referring to one, `ID_NAMES`."""
    for table in SQLModel.metadata.tables.values():
        for column in table.columns:
            is_id = column.primary_key or column.foreign_keys or column.name in ID_NAMES
            if is_id and isinstance(column.type, Integer):
                column.type = ID_TYPE


_ids_are_64_bit()
