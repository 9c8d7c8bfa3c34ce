"""All SQL behind the API: filters, keyset pagination, counts and full-text search.

Each handler calls one function here. Related rows are loaded with one query per relation for a
whole page, never one per row. Statements use SQLAlchemy's `select` rather than SQLModel's so
that results are always rows, onto which pagination can append its sort keys.
"""

import base64
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter
from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    and_,
    column,
    false,
    func,
    or_,
    select,
    table,
)
from sqlalchemy.engine import Row
from sqlmodel import Session

from app.db import is_sqlite
from app.errors import InvalidParameter, NotFound
from app.models import (
    Article,
    ArticlePlace,
    ArticleTopic,
    Person,
    PersonAlias,
    Place,
    PlaceAlias,
    Quote,
    QuotePlace,
    QuoteTopic,
    Topic,
)
from app.schemas import (
    ArticleDetail,
    ArticleFilters,
    ArticlePublic,
    ArticleRef,
    ArticlesPublic,
    Health,
    Pagination,
    PeopleFilters,
    PeoplePublic,
    PersonDetail,
    PersonPublic,
    PersonRef,
    PlaceFilters,
    PlacePublic,
    PlaceRef,
    PlacesPublic,
    QuoteFilters,
    QuotePublic,
    QuotesPublic,
    TopicFilters,
    TopicPublic,
    TopicRef,
    TopicsPublic,
)
from app.text import fold, slugify

M = TypeVar("M", bound=BaseModel)

# Keyset pagination


@dataclass(frozen=True)
class SortKey:
    column: ColumnElement[Any]
    python_type: type
    descending: bool = False
    nullable: bool = False
    """Nullable keys sort NULLs last in either direction."""

    def order(self) -> ColumnElement[Any]:
        ordered = self.column.desc() if self.descending else self.column.asc()
        return ordered.nulls_last() if self.nullable else ordered

    def equal(self, value: Any) -> ColumnElement[bool]:
        return self.column.is_(None) if value is None else self.column == value

    def beyond(self, value: Any) -> ColumnElement[bool]:
        """Rows that sort strictly after `value` on this key alone."""
        if value is None:
            return false()
        beyond = self.column < value if self.descending else self.column > value
        return or_(beyond, self.column.is_(None)) if self.nullable else beyond


class Ordering:
    """A total order over a listing, the WHERE clause that resumes it, and its cursor format.

    The cursor is the last row's sort keys as base64url JSON: opaque to clients, and decoded
    with the keys' types so that a tampered cursor is a 422, not a bad query.
    """

    def __init__(self, *keys: SortKey) -> None:
        self.keys = keys
        types = tuple(k.python_type | None if k.nullable else k.python_type for k in keys)
        self._cursor: TypeAdapter[tuple[Any, ...]] = TypeAdapter(tuple[types])  # type: ignore[valid-type]

    def after(self, values: Sequence[Any]) -> ColumnElement[bool]:
        """`k1 beyond v1 OR (k1 = v1 AND k2 beyond v2) OR ...`: the rows after the cursor's."""
        branches = []
        for i, (key, value) in enumerate(zip(self.keys, values, strict=True)):
            ties = [k.equal(v) for k, v in zip(self.keys[:i], values[:i], strict=True)]
            branches.append(and_(*ties, key.beyond(value)))
        return or_(*branches)

    def encode(self, values: Sequence[Any]) -> str:
        return base64.urlsafe_b64encode(self._cursor.dump_json(tuple(values))).decode().rstrip("=")

    def decode(self, cursor: str) -> tuple[Any, ...]:
        try:
            raw = base64.b64decode(cursor + "=" * (-len(cursor) % 4), altchars=b"-_", validate=True)
            return self._cursor.validate_json(raw)
        except ValueError:
            raise InvalidParameter(
                "cursor", "not a cursor of this listing; pass `next_cursor` back unchanged"
            ) from None


def _page(
    session: Session, stmt: Select[Any], ordering: Ordering, page: Pagination
) -> tuple[Sequence[Row[Any]], str | None]:
    """One page of `stmt` and the cursor of the next; fetching one row extra tells if it exists."""
    if page.cursor is not None:
        stmt = stmt.where(ordering.after(ordering.decode(page.cursor)))
    keys = [k.column.label(f"_key{i}") for i, k in enumerate(ordering.keys)]
    stmt = stmt.add_columns(*keys).order_by(*(k.order() for k in ordering.keys))
    rows = session.exec(stmt.limit(page.size + 1)).all()
    if len(rows) <= page.size:
        return rows, None
    return rows[: page.size], ordering.encode(rows[page.size - 1][-len(keys) :])


# Name matching: every user-supplied name is folded exactly as the ingest folded the keys.


def _people_named(name: str) -> Select[Any]:
    """A speaker's name, any alias, or the surname alone (`Peskov` is Dmitry Peskov)."""
    key = fold(name)
    aliased = select(PersonAlias.person_id).where(PersonAlias.key == key)
    return select(Person.id).where(
        or_(Person.key == key, Person.surname_key == key, Person.id.in_(aliased))
    )


def _places_named(name: str) -> Select[Any]:
    key = fold(name)
    aliased = select(PlaceAlias.place_id).where(PlaceAlias.key == key)
    return select(Place.id).where(or_(Place.key == key, Place.id.in_(aliased)))


def _topics_named(name: str) -> Select[Any]:
    return select(Topic.id).where(or_(Topic.slug == slugify(name), Topic.key == fold(name)))


def _name_contains(entity: Any, alias: Any, owner: Any, text: str) -> ColumnElement[bool]:
    """Substring match on the folded name or any folded alias of `entity`."""
    key = fold(text)
    aliased = select(owner).where(alias.key.contains(key, autoescape=True))
    return or_(entity.key.contains(key, autoescape=True), entity.id.in_(aliased))


# Quotes

_QUOTES_FTS = table("quotes_fts", column("rowid"), column("quotes_fts"))
_QUOTE_ORDER = Ordering(
    SortKey(Quote.date, dt.date, descending=True, nullable=True),
    SortKey(Quote.id, int, descending=True),
)


def _has_words(session: Session, text: str) -> ColumnElement[bool]:
    """Quotes containing every word of `text`.

    On SQLite each word becomes an FTS5 string literal, so quotes, `*`, `NEAR` or `-` in user
    input are searched for rather than parsed as query syntax. Elsewhere, a LIKE per word.
    Blank text matches nothing, like a blank name.
    """
    words = text.split()
    if not words:
        return false()
    if not is_sqlite(session.get_bind()):  # type: ignore[arg-type]
        return and_(*(Quote.text.icontains(w, autoescape=True) for w in words))
    phrase = " ".join('"' + word.replace('"', '""') + '"' for word in words)
    matching = select(_QUOTES_FTS.c.rowid).where(_QUOTES_FTS.c.quotes_fts.match(phrase))
    return Quote.id.in_(matching)


def _quote_conditions(session: Session, f: QuoteFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if f.speaker is not None:
        conditions.append(Quote.speaker_id.in_(_people_named(f.speaker)))
    if f.speaker_id is not None:
        conditions.append(Quote.speaker_id == f.speaker_id)
    if f.topic is not None:
        tagged = select(QuoteTopic.quote_id).where(QuoteTopic.topic_id.in_(_topics_named(f.topic)))
        conditions.append(Quote.id.in_(tagged))
    if f.place is not None:
        placed = select(QuotePlace.quote_id).where(QuotePlace.place_id.in_(_places_named(f.place)))
        conditions.append(Quote.id.in_(placed))
    if f.date_from is not None:
        conditions.append(Quote.date >= f.date_from)
    if f.date_to is not None:
        conditions.append(Quote.date <= f.date_to)
    if f.q is not None:
        conditions.append(_has_words(session, f.q))
    if f.kind is not None:
        conditions.append(Quote.kind == f.kind)
    if f.article_id is not None:
        conditions.append(Quote.article_id == f.article_id)
    return conditions


def _grouped(session: Session, stmt: Select[Any], model: type[M]) -> defaultdict[int, list[M]]:
    """Rows of `stmt` as `model`s, grouped by the owner id in the first column."""
    groups: defaultdict[int, list[M]] = defaultdict(list)
    for row in session.exec(stmt):
        groups[row[0]].append(model.model_validate(row._mapping))
    return groups


def _quote_items(session: Session, quotes: Sequence[Quote]) -> list[QuotePublic]:
    """Quotes with speaker, article, topics and places: one query per relation, not per quote."""
    if not quotes:
        return []
    ids = [q.id for q in quotes]
    speaker_ids = {q.speaker_id for q in quotes if q.speaker_id is not None}
    speakers = {
        row.id: PersonRef.model_validate(row._mapping)
        for row in session.exec(
            select(Person.id, Person.name, Person.kind).where(Person.id.in_(speaker_ids))
        )
    }
    articles = {
        row.id: ArticleRef.model_validate(row._mapping)
        for row in session.exec(
            select(Article.id, Article.title, Article.published, Article.source).where(
                Article.id.in_({q.article_id for q in quotes})
            )
        )
    }
    topics = _grouped(
        session,
        select(QuoteTopic.quote_id, Topic.slug, Topic.name)
        .join(Topic, Topic.id == QuoteTopic.topic_id)
        .where(QuoteTopic.quote_id.in_(ids))
        .order_by(Topic.name),
        TopicRef,
    )
    places = _grouped(
        session,
        select(QuotePlace.quote_id, Place.id, Place.name)
        .join(Place, Place.id == QuotePlace.place_id)
        .where(QuotePlace.quote_id.in_(ids))
        .order_by(Place.name),
        PlaceRef,
    )
    return [
        QuotePublic(
            **quote.model_dump(),
            speaker=speakers.get(quote.speaker_id),  # type: ignore[arg-type]
            article=articles[quote.article_id],
            topics=topics[quote.id],  # type: ignore[index]
            places=places[quote.id],  # type: ignore[index]
        )
        for quote in quotes
    ]


def search_quotes(session: Session, filters: QuoteFilters, page: Pagination) -> QuotesPublic:
    stmt = select(Quote).where(*_quote_conditions(session, filters))
    rows, cursor = _page(session, stmt, _QUOTE_ORDER, page)
    return QuotesPublic(items=_quote_items(session, [row[0] for row in rows]), next_cursor=cursor)


def get_quote(session: Session, quote_id: int) -> QuotePublic:
    quote = session.get(Quote, quote_id)
    if quote is None:
        raise NotFound(f"No quote with id {quote_id}.")
    return _quote_items(session, [quote])[0]


# Articles

_ARTICLE_QUOTES = (
    select(func.count()).select_from(Quote).where(Quote.article_id == Article.id).scalar_subquery()
)
_ARTICLES = select(
    Article.id,
    Article.title,
    Article.published,
    Article.source,
    Article.url,
    Article.byline,
    Article.dateline,
    Article.word_count,
    _ARTICLE_QUOTES.label("quote_count"),
)
_ARTICLE_ORDER = Ordering(
    SortKey(Article.published, dt.date, descending=True, nullable=True),
    SortKey(Article.id, int, descending=True),
)


def _article_conditions(f: ArticleFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if f.q is not None:
        conditions.append(Article.title.icontains(f.q, autoescape=True))
    if f.source is not None:
        conditions.append(func.lower(Article.source) == f.source.lower())
    if f.date_from is not None:
        conditions.append(Article.published >= f.date_from)
    if f.date_to is not None:
        conditions.append(Article.published <= f.date_to)
    return conditions


def search_articles(session: Session, filters: ArticleFilters, page: Pagination) -> ArticlesPublic:
    stmt = _ARTICLES.where(*_article_conditions(filters))
    rows, cursor = _page(session, stmt, _ARTICLE_ORDER, page)
    return ArticlesPublic(
        items=[ArticlePublic.model_validate(row._mapping) for row in rows], next_cursor=cursor
    )


def get_article(session: Session, article_id: int) -> ArticleDetail:
    row = session.exec(_ARTICLES.add_columns(Article.body).where(Article.id == article_id)).first()
    if row is None:
        raise NotFound(f"No article with id {article_id}.")
    quotes = session.exec(
        select(Quote).where(Quote.article_id == article_id).order_by(Quote.start)
    ).scalars()
    return ArticleDetail(**row._mapping, quotes=_quote_items(session, quotes.all()))


# People, places and topics: listed by how often they are quoted, counted with one GROUP BY each


def _tally(group: Any, name: str) -> tuple[Subquery, ColumnElement[int]]:
    """Rows per value of `group`, to LEFT JOIN onto what it counts; 0 where there are none."""
    counts = select(group.label("id"), func.count().label("n")).group_by(group).subquery(name)
    return counts, func.coalesce(counts.c.n, 0)


def _by_count(count: ColumnElement[int], name: Any, id_: Any) -> Ordering:
    return Ordering(SortKey(count, int, descending=True), SortKey(name, str), SortKey(id_, int))


_SPOKEN, _PERSON_QUOTES = _tally(Quote.speaker_id, "spoken")
_PEOPLE = select(
    Person.id, Person.name, Person.kind, Person.role, _PERSON_QUOTES.label("quote_count")
).outerjoin(_SPOKEN, _SPOKEN.c.id == Person.id)
_PEOPLE_ORDER = _by_count(_PERSON_QUOTES, Person.name, Person.id)


def search_people(session: Session, filters: PeopleFilters, page: Pagination) -> PeoplePublic:
    stmt = _PEOPLE
    if filters.q is not None:
        stmt = stmt.where(_name_contains(Person, PersonAlias, PersonAlias.person_id, filters.q))
    if filters.kind is not None:
        stmt = stmt.where(Person.kind == filters.kind)
    rows, cursor = _page(session, stmt, _PEOPLE_ORDER, page)
    return PeoplePublic(
        items=[PersonPublic.model_validate(row._mapping) for row in rows], next_cursor=cursor
    )


def get_person(session: Session, person_id: int) -> PersonDetail:
    row = session.exec(_PEOPLE.where(Person.id == person_id)).first()
    if row is None:
        raise NotFound(f"No person with id {person_id}.")
    aliases = session.exec(
        select(PersonAlias.alias)
        .where(PersonAlias.person_id == person_id, PersonAlias.alias != row.name)
        .order_by(PersonAlias.alias)
    ).scalars()
    first, last = session.exec(
        select(func.min(Quote.date), func.max(Quote.date)).where(Quote.speaker_id == person_id)
    ).one()
    return PersonDetail(**row._mapping, aliases=aliases.all(), first_quoted=first, last_quoted=last)


_PLACE_QUOTED, _PLACE_QUOTES = _tally(QuotePlace.place_id, "place_quoted")
_PLACE_ARTICLED, _PLACE_ARTICLES = _tally(ArticlePlace.place_id, "place_articled")
_PLACES = (
    select(
        Place.id,
        Place.name,
        Place.kind,
        Place.country_code,
        _PLACE_QUOTES.label("quote_count"),
        _PLACE_ARTICLES.label("article_count"),
    )
    .outerjoin(_PLACE_QUOTED, _PLACE_QUOTED.c.id == Place.id)
    .outerjoin(_PLACE_ARTICLED, _PLACE_ARTICLED.c.id == Place.id)
)
_PLACE_ORDER = _by_count(_PLACE_QUOTES, Place.name, Place.id)


def _place_items(session: Session, rows: Sequence[Row[Any]]) -> list[PlacePublic]:
    """Places with their aliases (other than the name itself), in one query for the page."""
    aliases: defaultdict[int, list[str]] = defaultdict(list)
    for place_id, alias in session.exec(
        select(PlaceAlias.place_id, PlaceAlias.alias)
        .join(Place, Place.id == PlaceAlias.place_id)
        .where(PlaceAlias.place_id.in_([row.id for row in rows]), PlaceAlias.alias != Place.name)
        .order_by(PlaceAlias.alias)
    ):
        aliases[place_id].append(alias)
    return [PlacePublic(**row._mapping, aliases=aliases[row.id]) for row in rows]


def search_places(session: Session, filters: PlaceFilters, page: Pagination) -> PlacesPublic:
    stmt = _PLACES
    if filters.q is not None:
        stmt = stmt.where(_name_contains(Place, PlaceAlias, PlaceAlias.place_id, filters.q))
    if filters.kind is not None:
        stmt = stmt.where(Place.kind == filters.kind)
    rows, cursor = _page(session, stmt, _PLACE_ORDER, page)
    return PlacesPublic(items=_place_items(session, rows), next_cursor=cursor)


def get_place(session: Session, place_id: int) -> PlacePublic:
    row = session.exec(_PLACES.where(Place.id == place_id)).first()
    if row is None:
        raise NotFound(f"No place with id {place_id}.")
    return _place_items(session, [row])[0]


_TOPIC_QUOTED, _TOPIC_QUOTES = _tally(QuoteTopic.topic_id, "topic_quoted")
_TOPIC_ARTICLED, _TOPIC_ARTICLES = _tally(ArticleTopic.topic_id, "topic_articled")
_TOPICS = (
    select(
        Topic.slug,
        Topic.name,
        _TOPIC_QUOTES.label("quote_count"),
        _TOPIC_ARTICLES.label("article_count"),
    )
    .outerjoin(_TOPIC_QUOTED, _TOPIC_QUOTED.c.id == Topic.id)
    .outerjoin(_TOPIC_ARTICLED, _TOPIC_ARTICLED.c.id == Topic.id)
)
_TOPIC_ORDER = _by_count(_TOPIC_QUOTES, Topic.name, Topic.id)


def search_topics(session: Session, filters: TopicFilters, page: Pagination) -> TopicsPublic:
    stmt = _TOPICS
    if filters.q is not None:
        stmt = stmt.where(Topic.key.contains(fold(filters.q), autoescape=True))
    rows, cursor = _page(session, stmt, _TOPIC_ORDER, page)
    return TopicsPublic(
        items=[TopicPublic.model_validate(row._mapping) for row in rows], next_cursor=cursor
    )


def get_topic(session: Session, slug: str) -> TopicPublic:
    """By slug, or by name so that `/v1/topics/Istanbul talks` works like the quote filter."""
    row = session.exec(_TOPICS.where(Topic.id.in_(_topics_named(slug))).order_by(Topic.id)).first()
    if row is None:
        raise NotFound(f"No topic {slug!r}.")
    return TopicPublic.model_validate(row._mapping)


def count_rows(session: Session) -> Health:
    """Counts double as the health check: they fail if the database or its tables are missing."""
    quotes = session.exec(select(func.count()).select_from(Quote)).scalar_one()
    articles = session.exec(select(func.count()).select_from(Article)).scalar_one()
    return Health(quotes=quotes, articles=articles)
