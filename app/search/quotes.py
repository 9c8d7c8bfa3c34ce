"""Quotes: filters, full-text matching, and the related rows of a page loaded per relation."""

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    and_,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
    union,
)
from sqlmodel import Session

from app.db import is_sqlite
from app.errors import NotFound
from app.models import (
    Article,
    Person,
    Place,
    Quote,
    QuotePlace,
    QuoteTopic,
    Topic,
)
from app.schemas import (
    ArticleRef,
    Pagination,
    PersonRef,
    PlaceRef,
    QuoteAppearance,
    QuoteFilters,
    QuotePublic,
    QuotesPublic,
    TopicRef,
)
from app.search.fulltext import (
    COMMON_SHARE,
    COUNT_LIMIT,
    EVERYWHERE_SHARE,
    RANK_WINDOW,
    FtsTable,
    Query,
    capped_count,
    highlight_words,
    parse_query,
)
from app.search.names import people_named, places_named, topics_named
from app.search.paging import Ordering, SortKey, fetch_page

M = TypeVar("M", bound=BaseModel)

QUOTES_FTS = FtsTable("quotes_fts", Quote.id)  # type: ignore[arg-type]
NEWEST_FIRST = Ordering(
    SortKey(Quote.date, dt.date, descending=True, nullable=True),
    SortKey(Quote.id, int, descending=True),
)
OLDEST_FIRST = Ordering(
    SortKey(Quote.date, dt.date, nullable=True),
    SortKey(Quote.id, int),
)
QUOTE_ORDER = NEWEST_FIRST


def _has_words(session: Session, query: Query) -> ColumnElement[bool]:
    """Quotes matching `query`: through FTS5 on SQLite; elsewhere a LIKE per required word
    (operators other than AND are then not honoured)."""
    if not is_sqlite(session.get_bind()):  # type: ignore[arg-type]
        return and_(*(Quote.text.icontains(w, autoescape=True) for w in query.required))
    matching = (
        select(QUOTES_FTS.rowid)
        .select_from(table("quotes_fts"))
        .where(literal_column("quotes_fts").match(query.fts))
    )
    return Quote.id.in_(matching)


def _any_of(named: Callable[[str], Select[Any]], names: list[str]) -> Select[Any] | CompoundSelect:
    """The ids any of `names` stands for: repeated parameters are alternatives."""
    selects = [named(name) for name in names]
    return selects[0] if len(selects) == 1 else union(*selects)


DENSE_LINKS = 5_000
"""Links above which a topic or place filter tests each quote instead of listing quote ids."""
WHOLE_DENSE_SHARE = 0.05
"""The same, as a share of all quotes, when every match is read (facets, timelines)."""


_TAGS = {
    "topic": (QuoteTopic.quote_id, QuoteTopic.topic_id, topics_named),
    "place": (QuotePlace.quote_id, QuotePlace.place_id, places_named),
}
"""The filters that test a link table: its quote column, its tag column, and name lookup."""


def _links(tag: str, names: list[str]) -> Select[Any]:
    quote_id, linked_id, named = _TAGS[tag]
    return select(quote_id).where(linked_id.in_(_any_of(named, names)))


def _is_dense(session: Session, tag: str, names: list[str], threshold: int = 0) -> bool:
    """Whether the tags have `threshold` (by default `DENSE_LINKS`) links: an index range,
    about a millisecond, asked once per request (the listing and its count both need it)."""
    threshold = threshold or DENSE_LINKS
    known: dict[tuple[Any, ...], bool] = session.info.setdefault("verbatim_dense_tags", {})
    key = (tag, threshold, *names)
    if key not in known:
        links = _links(tag, names).limit(threshold).subquery()
        counted = session.exec(select(func.count()).select_from(links)).scalar_one()  # type: ignore[call-overload]
        known[key] = counted >= threshold
    return known[key]


def _linked(session: Session, tag: str, names: list[str], whole: bool) -> ColumnElement[bool]:
    """Quotes linked to any of the named topics or places, in the form that suits how many.

    A rare tag lists its few quote ids, which the listing then sorts. A common one is tested
    on each quote as the listing walks the date index: the newest twenty of a topic in every
    sixth quote are near the top, while listing its hundred thousand ids to sort them takes
    hundreds of milliseconds. Reading the `whole` set (facets, timelines) would walk every
    quote that way, so there only a tag in `WHOLE_DENSE_SHARE` of the quotes is tested per
    quote.
    """
    links = _links(tag, names)
    threshold = max(DENSE_LINKS, int(WHOLE_DENSE_SHARE * _newest_id(session))) if whole else 0
    if not _is_dense(session, tag, names, threshold):
        return Quote.id.in_(links)
    return exists(links.where(_TAGS[tag][0] == Quote.id).correlate(Quote))


def filters_only(f: QuoteFilters, names: set[str]) -> bool:
    """Whether every filter set in `f` is one of `names` (`sort` and `appearances` aside):
    a plan that handles only those must not be chosen when any other is set, including
    filters added after it was written."""
    return all(
        getattr(f, field.name) in (None, [])
        for field in dataclasses.fields(f)
        if field.name not in {*names, "sort", "appearances"}
    )


_WALKED_FILTERS = {"topic", "place", "date_from", "date_to", "kind", "min_length"}
"""What `TagWalk.select` applies: beyond these another plan is chosen."""

TAG_WALKS = True
"""Whether `tag_walk` may pick a `TagWalk` (tests turn it off to compare the plans)."""


@dataclasses.dataclass(frozen=True)
class TagWalk:
    """One topic's or place's quotes, read from its link table's walk index (tag, first copy,
    date, quote id), which repeats the quotes' dates: one index range lists them newest
    first, counts them or groups them by date, reading a quote row only to test a filter
    that needs one (`kind`, `min_length`) or to return it.

    Chosen whenever that tag is the only filter that picks quotes (dates, kind and length
    may narrow it further); with a speaker, words or a source as well, their own indexes are
    the better start (`_linked`)."""

    link: Any
    """`QuoteTopic` or `QuotePlace`."""
    tag_id: int
    filters: QuoteFilters

    @property
    def quote_id(self) -> ColumnElement[int]:
        return self.link.quote_id  # type: ignore[no-any-return]

    @property
    def date(self) -> ColumnElement[dt.date]:
        return self.link.date  # type: ignore[no-any-return]

    def ordering(self, sort: str | None = None) -> Ordering:
        """The listing's date order on the link's copies of the keys; cursors are the same
        (date, id) pairs as `NEWEST_FIRST`'s, so either plan resumes the other's."""
        oldest = sort == "date"
        return Ordering(
            SortKey(self.date, dt.date, descending=not oldest, nullable=True),
            SortKey(self.quote_id, int, descending=not oldest),
        )

    def select(self, *columns: Any, with_quotes: bool = False) -> Select[Any]:
        """`columns` of the tag's matching quotes; `quotes` is joined only when the columns
        (`with_quotes`) or a filter need it."""
        f = self.filters
        tag = self.link.topic_id if self.link is QuoteTopic else self.link.place_id
        where: list[ColumnElement[bool]] = [tag == self.tag_id, self.link.first_copy.is_(True)]
        if f.date_from is not None:
            where.append(self.date >= f.date_from)
        if f.date_to is not None:
            where.append(self.date <= f.date_to)
        on_quotes: list[ColumnElement[bool]] = []
        if f.kind:
            on_quotes.append(Quote.kind.in_(f.kind))
        if f.min_length is not None:
            on_quotes.append(func.length(Quote.text) >= f.min_length)
        stmt = select(*columns).select_from(self.link)
        if on_quotes or with_quotes:
            stmt = stmt.join(Quote, Quote.id == self.quote_id)
        return stmt.where(*where, *on_quotes)


def tag_walk(
    session: Session, f: QuoteFilters, within: tuple[str, int] | None = None
) -> TagWalk | None:
    """The `TagWalk` for these filters (and the sub-resource tag `within`, as ("topic", id)),
    or None when another plan suits them better."""
    if not TAG_WALKS or f.appearances == "all" or not filters_only(f, _WALKED_FILTERS):
        return None
    tags = [(tag, None, names) for tag, names in (("topic", f.topic), ("place", f.place)) if names]
    if within is not None:
        tags.append((within[0], within[1], []))
    if len(tags) != 1:
        return None
    tag, tag_id, names = tags[0]
    if tag_id is None:
        ids = set(session.exec(_any_of(_TAGS[tag][2], names)).scalars())  # type: ignore[call-overload]
        if len(ids) != 1:
            return None
        [tag_id] = ids
    link = QuoteTopic if tag == "topic" else QuotePlace
    return TagWalk(link, tag_id, f)


def _within(tag: str, tag_id: int) -> ColumnElement[bool]:
    quote_id, linked_id, _named = _TAGS[tag]
    return Quote.id.in_(select(quote_id).where(linked_id == tag_id))


def _count(session: Session, stmt: Select[Any], f: QuoteFilters) -> tuple[int, bool]:
    """The capped total. A common tag is tested per quote in the listing, but counting that
    way reads quote rows until ten thousand pass; counting from the tag's own index reads
    just its links."""
    for tag, names in (("topic", f.topic), ("place", f.place)):
        if names and _is_dense(session, tag, names):
            quote_id, linked_id, named = _TAGS[tag]
            driven = stmt.join(linked_id.table, quote_id == Quote.id).where(
                linked_id.in_(_any_of(named, names))
            )
            return capped_count(session, driven.distinct() if len(names) > 1 else driven, Quote.id)
    return capped_count(session, stmt, Quote.id)


def _filter_conditions(
    session: Session, f: QuoteFilters, whole: bool = False
) -> list[ColumnElement[bool]]:
    """Every filter but `q`, which a listing joins rather than tests, to read rank and snippet."""
    conditions: list[ColumnElement[bool]] = []
    if f.speaker:
        conditions.append(Quote.speaker_id.in_(_any_of(people_named, f.speaker)))
    if f.speaker_id:
        conditions.append(Quote.speaker_id.in_(f.speaker_id))
    if f.topic:
        conditions.append(_linked(session, "topic", f.topic, whole))
    if f.place:
        conditions.append(_linked(session, "place", f.place, whole))
    if f.source:
        outlets = {source.strip().lower() for source in f.source}
        published = select(Article.id).where(func.lower(Article.source).in_(outlets))
        conditions.append(Quote.article_id.in_(published))
    if f.date_from is not None:
        conditions.append(Quote.date >= f.date_from)
    if f.date_to is not None:
        conditions.append(Quote.date <= f.date_to)
    if f.kind:
        conditions.append(Quote.kind.in_(f.kind))
    if f.article_id:
        conditions.append(Quote.article_id.in_(f.article_id))
    if f.min_length is not None:
        conditions.append(func.length(Quote.text) >= f.min_length)
    return conditions


def quote_conditions(
    session: Session, f: QuoteFilters, whole: bool = False
) -> list[ColumnElement[bool]]:
    """The WHERE conditions of every /v1/quotes filter, `q` included: for facets, timelines and
    exports that select from `quotes` on their own terms; `whole` when reading every match
    rather than walking to the first few."""
    conditions = _filter_conditions(session, f, whole)
    if f.q is not None:
        conditions.append(_has_words(session, parse_query(f.q)))
    return _collapsed(f, conditions)


def _collapsed(f: QuoteFilters, conditions: list[ColumnElement[bool]]) -> list[ColumnElement[bool]]:
    """Each wire group once, as its first quote (unless `appearances=all` or `article_id`).

    Copies share speaker and words by construction, and a statement is dated by its first
    appearance, so the filters are tested on the first quote, which keeps every index usable.
    Only the outlet differs from copy to copy: with `source`, a group is also listed when a
    later copy meets the filters. That subquery selects from `quotes` again without
    correlating, so inside it `quotes.*` names each copy (SQL's innermost scope), and it reads
    copies only (`duplicate_of` is set), through their partial index.
    """
    if f.appearances == "all" or f.article_id:
        return conditions
    first = Quote.duplicate_of.is_(None)
    if not f.source:
        return [first, *conditions]
    copies = select(Quote.duplicate_of).where(Quote.duplicate_of.is_not(None), *conditions)
    return [first, or_(and_(*conditions), Quote.id.in_(copies.correlate(None)))]


def _grouped(session: Session, stmt: Select[Any], model: type[M]) -> defaultdict[int, list[M]]:
    """Rows of `stmt` as `model`s, grouped by the owner id in the first column."""
    groups: defaultdict[int, list[M]] = defaultdict(list)
    for row in session.exec(stmt):
        groups[row[0]].append(model.model_validate(row._mapping))
    return groups


def _appearances(session: Session, quotes: Sequence[Quote]) -> dict[int, list[QuoteAppearance]]:
    """Every copy of each quote's wire group, first published first, by group (the id of the
    group's first quote): one query for the page."""
    group_ids = {q.duplicate_of or q.id for q in quotes}
    group = func.coalesce(Quote.duplicate_of, Quote.id)
    rows = session.exec(
        select(group, Quote.id, Article.id, Article.title, Article.published, Article.source)
        .join(Article, Article.id == Quote.article_id)
        .where(or_(Quote.id.in_(group_ids), Quote.duplicate_of.in_(group_ids)))
        .order_by(Article.published.asc().nulls_last(), Quote.id)
    )
    appearances: dict[int, list[QuoteAppearance]] = defaultdict(list)
    for group_id, quote_id, article_id, title, published, source in rows:
        article = ArticleRef(id=article_id, title=title, published=published, source=source)
        appearances[group_id].append(
            QuoteAppearance(quote_id=quote_id, article=article, date=published)
        )
    return appearances


def quote_items(
    session: Session, quotes: Sequence[Quote], highlights: Sequence[str | None] = ()
) -> list[QuotePublic]:
    """Quotes with speaker, article, topics and places: one query per relation, not per quote.

    `highlights`, when given, are the search snippets of `quotes`, in the same order."""
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
    appearances = _appearances(session, quotes)
    return [
        QuotePublic(
            **quote.model_dump(),
            speaker=speakers.get(quote.speaker_id),  # type: ignore[arg-type]
            article=articles[quote.article_id],
            topics=topics[quote.id],  # type: ignore[index]
            places=places[quote.id],  # type: ignore[index]
            highlight=highlight,
            appearance_count=len(appearances[quote.duplicate_of or quote.id]),  # type: ignore[index]
            appearances=appearances[quote.duplicate_of or quote.id],  # type: ignore[index]
        )
        for quote, highlight in zip(quotes, highlights or [None] * len(quotes), strict=True)
    ]


def _newest_id(session: Session) -> int:
    """How many quotes there are, near enough: the largest id, read from the end of the
    primary key (`count(*)` would read them all)."""
    return session.exec(select(func.max(Quote.id))).scalar() or 0  # type: ignore[call-overload,no-any-return]


def _text_page(
    session: Session,
    stmt: Select[Any],
    query: Query,
    sort: str,
    page: Pagination,
    filtered: bool,
) -> tuple[Sequence[Any], str | None, int, bool]:
    """A page of `stmt` matching `query` through FTS5, with its capped total.

    Counting FTS5 alone costs about a millisecond per 10,000 matches, so it picks the plan by
    the share of all quotes a word is in. Sorted by date: a rare word's matches are found
    through FTS5 and sorted; a common one's are read once into a temporary index, against
    which the date index is walked (a few hundred quotes per page); a word in most quotes is
    tested on each quote walked, as reading its matches would cost more than the walk.
    Relevance always goes through FTS5, which alone can compute BM25, over the newest
    `RANK_WINDOW` matches at most.
    """
    quotes = _newest_id(session)
    common = max(1, int(COMMON_SHARE * quotes))
    everywhere = max(common, int(EVERYWHERE_SHARE * quotes))
    enough = everywhere if sort != "relevance" and not filtered else common
    matches = QUOTES_FTS.match_count(session, query, max(enough, COUNT_LIMIT + 1))
    if filtered:
        return _filtered_text_page(session, stmt, query, sort, page, matches >= common)
    joined = QUOTES_FTS.join(stmt, query)
    total, exact = min(matches, COUNT_LIMIT), matches <= COUNT_LIMIT
    if sort == "relevance":
        if not exact:
            joined = QUOTES_FTS.newest_window(session, joined, query)
        ordering = Ordering(
            SortKey(QUOTES_FTS.rank(), float), SortKey(Quote.id, int, descending=True)
        )
        rows, cursor = fetch_page(session, joined, ordering, page)
    else:
        ordering = OLDEST_FIRST if sort == "date" else NEWEST_FIRST
        if matches >= everywhere:
            walk = stmt.where(QUOTES_FTS.contains(query))
        elif matches >= common:
            walk = stmt.where((Quote.id + 0).in_(QUOTES_FTS.matching(query)))
        else:
            walk = joined
        rows, cursor = fetch_page(session, walk, ordering, page)
    return rows, cursor, total, exact


def _filtered_text_page(
    session: Session, stmt: Select[Any], query: Query, sort: str, page: Pagination, common: bool
) -> tuple[Sequence[Any], str | None, int, bool]:
    """`_text_page` when other filters narrow the matches (a speaker, a year).

    Each quote is tested against the match list, which FTS5 reads once into a temporary
    index. A rare word's few matches drive the query; for a common word, joining every match
    to its quote would read tens of thousands of rows, so the id test is hidden from the
    planner (`+ 0`) and the filters' own indexes pick the quotes instead. BM25 is then
    computed for the newest `RANK_WINDOW` of the quotes found only, looked up by rowid.
    """
    tested = Quote.id + 0 if common else Quote.id
    within = stmt.where(tested.in_(QUOTES_FTS.matching(query)))
    total, exact = capped_count(session, within, Quote.id)
    if sort != "relevance":
        ordering = OLDEST_FIRST if sort == "date" else NEWEST_FIRST
        rows, cursor = fetch_page(session, within, ordering, page)
        return rows, cursor, total, exact
    newest = session.exec(
        within.with_only_columns(Quote.id).order_by(Quote.id.desc()).limit(RANK_WINDOW)
    ).scalars()  # type: ignore[call-overload]
    ranked = QUOTES_FTS.join(select(Quote).where(Quote.id.in_(newest.all())), query)
    ordering = Ordering(SortKey(QUOTES_FTS.rank(), float), SortKey(Quote.id, int, descending=True))
    rows, cursor = fetch_page(session, ranked, ordering, page)
    return rows, cursor, total, exact


Page = tuple[Sequence[Quote], list[str | None], str | None, int, bool]
"""A listing's quotes, their highlights, the next cursor, and the capped total."""


def _walked_page(walk: TagWalk, session: Session, sort: str, page: Pagination) -> Page:
    total, exact = capped_count(session, walk.select(walk.quote_id), walk.quote_id)
    stmt = walk.select(Quote, with_quotes=True)
    rows, cursor = fetch_page(session, stmt, walk.ordering(sort), page)
    return [row[0] for row in rows], [None] * len(rows), cursor, total, exact


def _filtered_page(
    session: Session,
    filters: QuoteFilters,
    page: Pagination,
    scope: Sequence[ColumnElement[bool]],
    query: Query | None,
    sort: str,
) -> Page:
    """With `q` on SQLite, see `_text_page`; snippets are cut for the page's quotes only.
    Elsewhere `q` is a LIKE test per required word and `relevance` sorts newest first."""
    conditions = [*scope, *_filter_conditions(session, filters)]
    filtered = bool(conditions)
    stmt = select(Quote).where(*_collapsed(filters, conditions))
    if query is None or not is_sqlite(session.get_bind()):  # type: ignore[arg-type]
        if query is not None:
            stmt = stmt.where(_has_words(session, query))
        total, exact = _count(session, stmt, filters)
        ordering = OLDEST_FIRST if sort == "date" else NEWEST_FIRST
        rows, cursor = fetch_page(session, stmt, ordering, page)
        quotes = [row[0] for row in rows]
        highlights = [highlight_words(q.text, query.required) if query else None for q in quotes]
        return quotes, highlights, cursor, total, exact
    rows, cursor, total, exact = _text_page(session, stmt, query, sort, page, filtered)
    quotes = [row[0] for row in rows]
    found = QUOTES_FTS.snippets(session, query, [q.id for q in quotes])  # type: ignore[misc]
    return quotes, [found.get(q.id) for q in quotes], cursor, total, exact


def search_quotes(
    session: Session,
    filters: QuoteFilters,
    page: Pagination,
    scope: Sequence[ColumnElement[bool]] = (),
    within: tuple[str, int] | None = None,
) -> QuotesPublic:
    """`scope` narrows the listing for sub-resources (a person's quotes) on top of whatever
    filters the client sent; `within` does so for a topic's or place's, as ("topic", id), so
    that it can be walked (`TagWalk`)."""
    query = parse_query(filters.q) if filters.q is not None else None
    sort = filters.sort or ("relevance" if query else "-date")
    walk = None if scope else tag_walk(session, filters, within)
    if walk is not None:
        quotes, highlights, cursor, total, exact = _walked_page(walk, session, sort, page)
    else:
        scope = [*scope, _within(*within)] if within is not None else scope
        found = _filtered_page(session, filters, page, scope, query, sort)
        quotes, highlights, cursor, total, exact = found
    return QuotesPublic(
        items=quote_items(session, quotes, highlights),
        next_cursor=cursor,
        total=total,
        total_exact=exact,
    )


def get_quote(session: Session, quote_id: int) -> QuotePublic:
    quote = session.get(Quote, quote_id)
    if quote is None:
        raise NotFound(f"No quote with id {quote_id}.")
    return quote_items(session, [quote])[0]
