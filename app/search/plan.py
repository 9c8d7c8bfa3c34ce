"""Query plans: how one /v1/quotes request reads the quotes its filters match.

Datasette builds one table-query object per request and derives the rows, the count and the
facets from it. `choose_plan` does the same here: it looks at the filters once (how many
quotes a topic, a place or a word has), picks one `QuotePlan`, and the listing page, its
`total`, the facets' matches, the timeline's per-date counts and the export's conditions all
come from that object, so they cannot disagree about which quotes match.

Which quotes match is the same under every plan (`QuotePlan.conditions`): the quotes meeting
every filter; unless `appearances=all` or `article_id`, each wire group once, as its first
copy, tested on that copy, except that with `source` a group is also listed when a later copy
meets the filters (its words being the first copy's, `q` is tested on the first). Plans differ
only in the access path, each because of a cost measured on a million generated quotes
(README, Benchmarks → API); the thresholds between them are settings (`VERBATIM_PLAN_*`), and
each plan's `name` is sent in the `X-Verbatim-Plan` header so that tests and operators can see
which one ran.
"""

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import (
    DOUBLE_PRECISION,
    ColumnElement,
    CompoundSelect,
    Select,
    and_,
    cast,
    exists,
    func,
    literal_column,
    null,
    or_,
    select,
    union,
    union_all,
)
from sqlmodel import Session

from app.config import Settings, get_settings
from app.db import has_count_triggers, is_sqlite
from app.models import Article, Place, Quote, QuoteDate, QuotePlace, QuoteTopic, Topic
from app.schemas import Pagination, QuoteFilters
from app.search.fulltext import (
    COUNT_LIMIT,
    FtsTable,
    Query,
    capped_count,
    highlight_words,
    parse_query,
    ts_headlines,
)
from app.search.names import people_named, people_named_by_index, places_named, topics_named
from app.search.paging import Ordering, SortKey, fetch_page, stored_counts

QUOTES_FTS = FtsTable("quotes_fts", Quote.id)  # type: ignore[arg-type]
QUOTE_WORDS = literal_column("quotes.words")
"""PostgreSQL's stored `to_tsvector('verbatim', text)` of each quote (migration 0012): a
column the server keeps, unknown to the model, so that ingest never writes it."""
NEWEST_FIRST = Ordering(
    SortKey(Quote.date, dt.date, descending=True, nullable=True),
    SortKey(Quote.id, int, descending=True),
)
OLDEST_FIRST = Ordering(
    SortKey(Quote.date, dt.date, nullable=True),
    SortKey(Quote.id, int),
)
BEST_FIRST = Ordering(SortKey(QUOTES_FTS.rank(), float), SortKey(Quote.id, int, descending=True))

Density = Literal["rare", "common", "everywhere"]
"""How many quotes a tag or a word has, against the plan thresholds; it picks its SQL form."""


@dataclass(frozen=True)
class Listing:
    """A page of quotes, their highlights (None without `q`), the next cursor, and `total`."""

    quotes: list[Quote]
    highlights: list[str | None]
    cursor: str | None
    total: int
    exact: bool


def _any_of(named: Callable[[str], Select[Any]], names: list[str]) -> Select[Any] | CompoundSelect:
    """The ids any of `names` stands for: repeated parameters are alternatives."""
    selects = [named(name) for name in names]
    return selects[0] if len(selects) == 1 else union(*selects)


def filters_only(f: QuoteFilters, names: set[str]) -> bool:
    """Whether every filter set in `f` is one of `names` (`sort` and `appearances` aside):
    a plan that handles only those must not be chosen when any other is set, including
    filters added after it was written."""
    return all(
        getattr(f, field.name) in (None, [])
        for field in dataclasses.fields(f)
        if field.name not in {*names, "sort", "appearances"}
    )


@dataclass(frozen=True, eq=False)
class TagFilter:
    """A topic or place filter (or the tag of /v1/topics/{slug}/quotes), resolved to its ids
    once per request, and how common it is, which decides how it is tested."""

    link: Any
    """`QuoteTopic` or `QuotePlace`."""
    ids: tuple[int, ...]
    quotes: int
    """How many quotes the tags have (first copies on SQLite, where triggers keep the count)."""
    density: Density

    @property
    def tag_id(self) -> ColumnElement[int]:
        return self.link.topic_id if self.link is QuoteTopic else self.link.place_id  # type: ignore[no-any-return]

    def links(self) -> Select[Any]:
        return select(self.link.quote_id).where(self.tag_id.in_(self.ids))

    def condition(self, whole: bool) -> ColumnElement[bool]:
        """A rare tag lists its few quote ids, which the listing then sorts. A common one is
        tested on each quote as the listing walks the date index: the newest twenty of a
        topic in every sixth quote are near the top, while listing its hundred thousand ids
        to sort them takes hundreds of milliseconds. Reading the `whole` set (facets,
        timelines) would walk every quote that way, so there only a tag that is everywhere
        is tested per quote."""
        if self.density == "everywhere" or (self.density == "common" and not whole):
            return exists(self.links().where(self.link.quote_id == Quote.id).correlate(Quote))
        return Quote.id.in_(self.links())

    def driven(self, stmt: Select[Any]) -> Select[Any]:
        """`stmt` joined to the tag's links, for a count: a common tag is tested per quote in
        the listing, but counting that way reads quote rows until ten thousand pass, while
        the tag's own index holds just its links."""
        joined = stmt.join(self.link, self.link.quote_id == Quote.id).where(
            self.tag_id.in_(self.ids)
        )
        return joined.distinct() if len(self.ids) > 1 else joined


_TAGS: dict[str, tuple[Any, Any, Callable[[str], Select[Any]]]] = {
    "topic": (QuoteTopic, Topic, topics_named),
    "place": (QuotePlace, Place, places_named),
}
"""The filters that test a link table: the link table, the tag table, and name lookup."""


@dataclass(frozen=True, eq=False)
class QuotePlan:
    """Filters without words, each read through its own index (`filters`)."""

    filters: QuoteFilters
    sort: str
    """`-date`, `date` or `relevance` (the request's, or its default)."""
    scope: tuple[ColumnElement[bool], ...]
    """What a sub-resource adds (a person's quotes), on top of the client's filters."""
    tags: tuple[TagFilter, ...]
    speakers: tuple[int, ...] | None
    """On PostgreSQL, the people the `speaker` names stand for, resolved once per request as
    tags are: its planner, given the name lookup as a subquery, guessed that it picks half
    of all people and walked every quote newest first to find a speaker's twenty; given the
    ids, it reads that speaker's own index range. None elsewhere (and without `speaker`):
    SQLite plans the subquery well, and one statement fewer is 0.3 ms of its 1.1 ms."""

    @property
    def name(self) -> str:
        """The plan's name (`X-Verbatim-Plan`), and how its densest topic or place filter is
        tested: `+common-tag` per quote in listings, `+everywhere-tag` in every read."""
        densities = {tag.density for tag in self.tags}
        suffix = next((f"+{d}-tag" for d in ("everywhere", "common") if d in densities), "")
        return self.base_name() + suffix

    def base_name(self) -> str:
        return "filters"

    @property
    def collapsed(self) -> bool:
        """Whether each wire group is one item (not with `appearances=all` or `article_id`)."""
        return self.filters.appearances != "all" and not self.filters.article_id

    def _filter_conditions(self, whole: bool) -> list[ColumnElement[bool]]:
        """Every filter but `q`, on the quote itself; `whole` when reading every match."""
        f = self.filters
        conditions = [*self.scope]
        if self.speakers is not None:
            conditions.append(Quote.speaker_id.in_(self.speakers))
        elif f.speaker:
            conditions.append(Quote.speaker_id.in_(_any_of(people_named, f.speaker)))
        if f.speaker_id:
            conditions.append(Quote.speaker_id.in_(f.speaker_id))
        conditions += [tag.condition(whole) for tag in self.tags]
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

    def where(self, whole: bool = False) -> list[ColumnElement[bool]]:
        """The filters but `q`, each wire group once as its first quote when collapsed.

        Copies share speaker and words by construction, and a statement is dated by its first
        appearance, so the filters are tested on the first quote, which keeps every index
        usable. Only the outlet differs from copy to copy: with `source`, a group is also
        listed when a later copy meets the filters. That subquery selects from `quotes` again
        without correlating, so inside it `quotes.*` names each copy (SQL's innermost scope),
        and it reads copies only (`duplicate_of` is set), through their partial index.
        """
        conditions = self._filter_conditions(whole)
        if not self.collapsed:
            return conditions
        first = Quote.duplicate_of.is_(None)
        if not self.filters.source:
            return [first, *conditions]
        copies = select(Quote.duplicate_of).where(Quote.duplicate_of.is_not(None), *conditions)
        return [first, or_(and_(*conditions), Quote.id.in_(copies.correlate(None)))]

    def conditions(self, whole: bool = False) -> list[ColumnElement[bool]]:
        """The WHERE conditions of the matching quotes, `q` included, for a statement of the
        caller's own over `quotes` (exports walk them in date order; `whole` when reading
        every match, as facets and timelines do)."""
        return self.where(whole)

    def order(self) -> Ordering:
        return OLDEST_FIRST if self.sort == "date" else NEWEST_FIRST

    def listing(self, session: Session, page: Pagination) -> Listing:
        """One page in the requested order and the capped total, from the same conditions."""
        stmt = select(Quote).where(*self.conditions())
        rows, cursor = fetch_page(session, stmt, self.order(), page)
        quotes = [row[0] for row in rows]
        total, exact = self._count(session, stmt)
        return Listing(quotes, self._highlights(session, quotes), cursor, total, exact)

    def _count(self, session: Session, stmt: Select[Any]) -> tuple[int, bool]:
        """The capped total of `stmt`, driven by a common tag's links when there is one: not
        with `source` on collapsed groups, where a first copy is listed when a later copy has
        the tag, so that the first copy's own links would leave it out."""
        common = next((tag for tag in self.tags if tag.density != "rare"), None)
        if common is None or (self.collapsed and self.filters.source):
            return capped_count(session, stmt, Quote.id)
        return capped_count(session, common.driven(stmt), Quote.id)

    def _highlights(self, session: Session, quotes: Sequence[Quote]) -> list[str | None]:
        return [None] * len(quotes)

    def matches(self, columns: Sequence[Any], limit: int) -> Select[Any]:
        """The ids and `columns` (of `quotes`) of the newest `limit` matches, for facets."""
        stmt = select(Quote.id, *columns).where(*self.conditions(whole=True))
        return stmt.order_by(*(key.order() for key in NEWEST_FIRST.keys)).limit(limit)

    def per_date(self) -> Select[Any]:
        """(date, quotes) rows for the timeline, a null date for the undated ones."""
        stmt = select(Quote.date, func.count()).where(*self.conditions(whole=True))
        return stmt.group_by(Quote.date)


@dataclass(frozen=True, eq=False)
class DatesPlan(QuotePlan):
    """Filters by date alone (or none), on SQLite and PostgreSQL: listed and counted through
    the date index, and charted from the per-day counts that triggers keep (`QuoteDate`,
    migrations 0006 and 0010), plus the undated quotes from an index range, instead of
    grouping a million quotes."""

    def base_name(self) -> str:
        return "dates"

    def per_date(self) -> Select[Any]:
        f = self.filters
        days = select(QuoteDate.date, QuoteDate.quotes).where(QuoteDate.quotes > 0)
        if f.date_from is not None:
            days = days.where(QuoteDate.date >= f.date_from)
        if f.date_to is not None:
            days = days.where(QuoteDate.date <= f.date_to)
        if f.date_from is not None or f.date_to is not None:
            return days
        undated = select(null(), func.count()).where(
            Quote.date.is_(None), Quote.duplicate_of.is_(None)
        )
        return union_all(days, undated)  # type: ignore[return-value]


@dataclass(frozen=True, eq=False)
class TagWalkPlan(QuotePlan):
    """One topic's or place's quotes, read from its link table's walk index (tag, first copy,
    date, quote id), which repeats the quotes' dates: one index range lists them newest
    first, counts them or groups them by date, reading a quote row only to test a filter
    that needs one (`kind`, `min_length`) or to return it.

    Chosen whenever that tag is the only filter that picks quotes (dates, kind and length may
    narrow it further); with a speaker, words or a source as well, their own indexes are the
    better start. Exports walk `quotes` by date with `conditions` like other plans."""

    @property
    def name(self) -> str:
        return "tag-walk"

    @property
    def walked(self) -> TagFilter:
        return self.tags[0]

    def walk(self, *columns: Any, with_quotes: bool = False) -> Select[Any]:
        """`columns` of the tag's matching quotes; `quotes` is joined only when the columns
        (`with_quotes`) or a filter need it."""
        f, link = self.filters, self.walked.link
        where = [self.walked.tag_id == self.walked.ids[0], link.first_copy.is_(True)]
        if f.date_from is not None:
            where.append(link.date >= f.date_from)
        if f.date_to is not None:
            where.append(link.date <= f.date_to)
        on_quotes: list[ColumnElement[bool]] = []
        if f.kind:
            on_quotes.append(Quote.kind.in_(f.kind))
        if f.min_length is not None:
            on_quotes.append(func.length(Quote.text) >= f.min_length)
        stmt = select(*columns).select_from(link)
        if on_quotes or with_quotes:
            stmt = stmt.join(Quote, Quote.id == link.quote_id)
        return stmt.where(*where, *on_quotes)

    def order(self) -> Ordering:
        """The date order on the link's copies of the keys; cursors are the same (date, id)
        pairs as `NEWEST_FIRST`'s, so either plan resumes the other's."""
        oldest = self.sort == "date"
        link = self.walked.link
        return Ordering(
            SortKey(link.date, dt.date, descending=not oldest, nullable=True),
            SortKey(link.quote_id, int, descending=not oldest),
        )

    def listing(self, session: Session, page: Pagination) -> Listing:
        quote_id = self.walked.link.quote_id
        total, exact = capped_count(session, self.walk(quote_id), quote_id)
        rows, cursor = fetch_page(session, self.walk(Quote, with_quotes=True), self.order(), page)
        quotes = [row[0] for row in rows]
        return Listing(quotes, [None] * len(quotes), cursor, total, exact)

    def matches(self, columns: Sequence[Any], limit: int) -> Select[Any]:
        walked = self.walk(self.walked.link.quote_id, *columns, with_quotes=bool(columns))
        newest = dataclasses.replace(self, sort="-date").order()
        return walked.order_by(*(key.order() for key in newest.keys)).limit(limit)

    def per_date(self) -> Select[Any]:
        date = self.walked.link.date
        return self.walk(date, func.count()).group_by(date)


@dataclass(frozen=True, eq=False)
class WordsPlan(QuotePlan):
    """`q` through FTS5 (SQLite): the plans below differ in how a page is found."""

    query: Query
    rank_window: int
    """`relevance` ranks at most the newest this many matches (`VERBATIM_RANK_WINDOW`)."""

    def conditions(self, whole: bool = False) -> list[ColumnElement[bool]]:
        return [*self.where(whole), Quote.id.in_(QUOTES_FTS.matching(self.query))]

    def _highlights(self, session: Session, quotes: Sequence[Quote]) -> list[str | None]:
        """Snippets for the page only: snippet() in the listing itself would run on every
        match before the sort keeps a page of them."""
        found = QUOTES_FTS.snippets(session, self.query, [q.id for q in quotes])  # type: ignore[misc]
        return [found.get(q.id) for q in quotes]  # type: ignore[arg-type]

    def _ranked(self, session: Session, stmt: Select[Any], page: Pagination, found: int) -> Listing:
        """A page of `stmt`, best match first, `stmt` being the newest `rank_window` of the
        `found` matches (counted up to one more than the window): BM25 is computed for every
        row ranked, and a common word is in a third of a million quotes. `total` counts the
        quotes ranked, so paging ends where it says."""
        rows, cursor = fetch_page(session, stmt, BEST_FIRST, page)
        quotes = [row[0] for row in rows]
        total = min(found, self.rank_window)
        highlights = self._highlights(session, quotes)
        return Listing(quotes, highlights, cursor, total, total == found)


@dataclass(frozen=True, eq=False)
class AllWordsPlan(WordsPlan):
    """Words and no other filter, in date order, by how common the word is (`fts-rare`,
    `fts-common`, `fts-everywhere`; FTS5's count of its matches, copies included, as a share
    of all quotes, picks one). A rare word's matches are found through FTS5 and sorted; a
    common one's are read once into a temporary index, against which the date index is
    walked (a few hundred quotes per page); a word in most quotes is tested on each quote
    walked, as reading its matches would cost more than the walk."""

    density: Density = "rare"
    matches_found: int = 0
    """FTS5's count of the word's matches, copies included, up to `COUNT_LIMIT + 1` at least."""

    def base_name(self) -> str:
        return f"fts-{self.density}"

    def listing(self, session: Session, page: Pagination) -> Listing:
        stmt = select(Quote).where(*self.where())
        if self.density == "everywhere":
            walk = stmt.where(QUOTES_FTS.contains(self.query))
        elif self.density == "common":
            walk = stmt.where((Quote.id + 0).in_(QUOTES_FTS.matching(self.query)))
        else:
            walk = QUOTES_FTS.join(stmt, self.query)
        rows, cursor = fetch_page(session, walk, self.order(), page)
        quotes = [row[0] for row in rows]
        total, exact = self._first_copies(session)
        return Listing(quotes, self._highlights(session, quotes), cursor, total, exact)

    def _first_copies(self, session: Session) -> tuple[int, bool]:
        """The capped count of the matches that are items: every match, or the first copies
        among them when collapsed.

        FTS5 counts matches without reading a quote row (a microsecond per ten); whether a
        match is a first copy is in its quote row (about a microsecond each, 7 to 19 ms for
        ten thousand scattered ones). So the count is bounded first: at most every match,
        at least every match but the copies in the whole database, counted on their partial
        index. The rows are read only when the bounds leave the capped count open: when there
        are copies and the matches are not far beyond the cap.
        """
        found = self.matches_found
        if not self.collapsed:
            return min(found, COUNT_LIMIT), found <= COUNT_LIMIT
        beyond = found - COUNT_LIMIT
        copies = _copies(session, max(beyond, 1))
        if copies < beyond:
            return COUNT_LIMIT, False
        if copies == 0:
            return found, True
        first_copies = QUOTES_FTS.join(select(Quote.id).where(*self.where()), self.query)
        return capped_count(session, first_copies, Quote.id)


@dataclass(frozen=True, eq=False)
class RankedWordsPlan(WordsPlan):
    """Words and no other filter, best match first (`fts-ranked`): FTS5, which alone can
    compute BM25, ranks the newest `rank_window` matches, found as a rowid range that FTS5
    walks directly. The range starts at the window's oldest item: read from FTS5 alone when
    there are no copies to leave out, else from the matches joined to their quote rows."""

    def base_name(self) -> str:
        return "fts-ranked"

    def listing(self, session: Session, page: Pagination) -> Listing:
        """Two one-row statements find the window, rather than reading its ids into Python:
        how many items there are, up to one more than the window, and the oldest one's id."""
        limit = self.rank_window
        newest = QUOTES_FTS.matching(self.query).order_by(QUOTES_FTS.rowid.desc())
        if self.collapsed and _copies(session, 1):
            newest = newest.join(Quote, Quote.id == QUOTES_FTS.rowid).where(*self.where())
        counted = select(func.count()).select_from(newest.limit(limit + 1).subquery())
        total = session.exec(counted).scalar_one()  # type: ignore[call-overload]
        ranked = QUOTES_FTS.join(select(Quote).where(*self.where()), self.query)
        if total > limit:
            floor = session.exec(newest.offset(limit - 1).limit(1)).scalar_one()  # type: ignore[call-overload]
            ranked = ranked.where(QUOTES_FTS.rowid >= floor)
        return self._ranked(session, ranked, page, total)


@dataclass(frozen=True, eq=False)
class FilteredWordsPlan(WordsPlan):
    """Words with other filters (a speaker, a year): each quote the filters pick is tested
    against the word's match list, which FTS5 reads once into a temporary index
    (`fts-filtered`). For a common word (`fts-filtered-common`), joining every match to its
    quote would read tens of thousands of rows, so the id test is hidden from the planner
    (`+ 0`) and the filters' own indexes pick the quotes instead. Best match first, BM25 is
    computed for the newest `rank_window` of the quotes found only, looked up by rowid."""

    common: bool = False

    def base_name(self) -> str:
        return "fts-filtered-common" if self.common else "fts-filtered"

    def listing(self, session: Session, page: Pagination) -> Listing:
        tested = Quote.id + 0 if self.common else Quote.id
        within = select(Quote).where(*self.where(), tested.in_(QUOTES_FTS.matching(self.query)))
        if self.sort == "relevance":
            limit = self.rank_window
            newest = within.with_only_columns(Quote.id).order_by(Quote.id.desc())
            window = list(session.exec(newest.limit(limit + 1)).scalars())  # type: ignore[call-overload]
            ranked = QUOTES_FTS.join(select(Quote).where(Quote.id.in_(window[:limit])), self.query)
            return self._ranked(session, ranked, page, len(window))
        rows, cursor = fetch_page(session, within, self.order(), page)
        quotes = [row[0] for row in rows]
        total, exact = capped_count(session, within, Quote.id)
        return Listing(quotes, self._highlights(session, quotes), cursor, total, exact)


@dataclass(frozen=True, eq=False)
class LikePlan(QuotePlan):
    """`q` on a database without FTS5: a LIKE test per required word (operators other than
    AND are not honoured), newest first for `relevance`; highlights cut in Python."""

    query: Query

    def base_name(self) -> str:
        return "like"

    def conditions(self, whole: bool = False) -> list[ColumnElement[bool]]:
        words = [Quote.text.icontains(w, autoescape=True) for w in self.query.required]
        return [*self.where(whole), *words]

    def _highlights(self, session: Session, quotes: Sequence[Quote]) -> list[str | None]:
        return [highlight_words(q.text, self.query.required) for q in quotes]


@dataclass(frozen=True, eq=False)
class TsQueryPlan(QuotePlan):
    """`q` on PostgreSQL: the query language compiled to a `tsquery` (`Query.ts`) and tested
    against the quotes' stored, GIN-indexed `words` (`to_tsvector('verbatim', text)`,
    migrations 0011 and 0012), so OR, NOT, phrases and prefixes mean what they mean on SQLite.
    `relevance` ranks the newest `rank_window` matches by `ts_rank` (as SQLite ranks its
    newest by BM25, and `total` counts those); highlights are `ts_headline` for the page's
    quotes only."""

    query: Query
    rank_window: int

    def base_name(self) -> str:
        return "tsquery"

    def matched(self) -> ColumnElement[bool]:
        return QUOTE_WORDS.op("@@")(self.query.ts)

    def conditions(self, whole: bool = False) -> list[ColumnElement[bool]]:
        return [*self.where(whole), self.matched()]

    def rank(self) -> ColumnElement[float]:
        """`ts_rank` as a double: a `real` comes back as its shortest decimal, which a cursor
        then compares as a double a little off the stored rank, so paging never moved on."""
        return cast(func.ts_rank(QUOTE_WORDS, self.query.ts), DOUBLE_PRECISION)

    def listing(self, session: Session, page: Pagination) -> Listing:
        """Relevance ranks the newest `rank_window` matches: one walk reads their ids and
        ranks, newest first, up to one more than the window (a common word's by walking the
        primary key, testing each quote's stored words), and the page is cut from them here,
        best first, after the cursor's (rank, id) as `fetch_page` would cut it. Finding the
        window and then ranking it in SQL walked those quotes twice (for a word in one quote
        in twenty, a hundred thousand rows), and naming it in a subquery, three times."""
        if self.sort != "relevance":
            return super().listing(session, page)
        best_first = Ordering(
            SortKey(self.rank(), float, descending=True), SortKey(Quote.id, int, descending=True)
        )
        newest = select(self.rank(), Quote.id).where(*self.conditions()).order_by(Quote.id.desc())
        window = session.exec(newest.limit(self.rank_window + 1)).all()  # type: ignore[call-overload]
        ranked = sorted((tuple(row) for row in window[: self.rank_window]), key=_best_first)
        if page.cursor is not None:
            last = _best_first(best_first.decode(page.cursor))
            ranked = [keys for keys in ranked if _best_first(keys) > last]
        chosen = ranked[: page.size]
        cursor = best_first.encode(chosen[-1]) if len(ranked) > page.size else None
        ids = [quote_id for _rank, quote_id in chosen]
        read = session.exec(select(Quote).where(Quote.id.in_(ids))).scalars()  # type: ignore[call-overload]
        found = {quote.id: quote for quote in read}
        quotes = [found[quote_id] for quote_id in ids]
        total = min(len(window), self.rank_window)
        return Listing(
            quotes, self._highlights(session, quotes), cursor, total, total == len(window)
        )

    def _highlights(self, session: Session, quotes: Sequence[Quote]) -> list[str | None]:
        """`ts_headline` of each quote of the page, in one statement."""
        if not quotes:
            return []
        return ts_headlines(session, self.query, [q.text for q in quotes])


def _best_first(keys: Sequence[Any]) -> tuple[float, int]:
    """A (rank, id) pair as a key that sorts best first, the newest first among equals."""
    rank, quote_id = keys
    return -rank, -quote_id


def _copies(session: Session, limit: int) -> int:
    """How many quotes are agency copies, counted no further than `limit`, on their partial
    index (`ix_quotes_duplicate_of`): nothing to read in a database without copies."""
    copies = select(Quote.id).where(Quote.duplicate_of.is_not(None)).limit(limit).subquery()
    return session.exec(select(func.count()).select_from(copies)).scalar_one()  # type: ignore[call-overload,no-any-return]


class _Sizes:
    """The database's size, asked at most once per request and only if a threshold needs it."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._quotes: int | None = None

    def quotes(self) -> int:
        """How many quotes there are, near enough: the largest id, read from the end of the
        primary key (`count(*)` would read them all)."""
        if self._quotes is None:
            self._quotes = self.session.exec(select(func.max(Quote.id))).scalar() or 0  # type: ignore[call-overload]
        return self._quotes

    def share(self, share: float, at_least: int = 1) -> int:
        return max(at_least, int(share * self.quotes()))


def _tag_filter(
    session: Session, settings: Settings, sizes: _Sizes, tag: str, ids: Select[Any] | CompoundSelect
) -> TagFilter:
    """The tag filter for the tags `ids` selects, rare or common: on SQLite from the quote
    counts that triggers keep (a row per tag), elsewhere from their links, counted up to the
    larger threshold (see `_everywhere`)."""
    link, owner, _named = _TAGS[tag]
    dense = settings.plan_dense_links
    if stored_counts(session):
        rows = session.exec(select(owner.id, owner.quote_count).where(owner.id.in_(ids))).all()  # type: ignore[call-overload]
        found, quotes = tuple(row[0] for row in rows), sum(row[1] for row in rows)
    else:
        found = tuple(session.exec(select(owner.id).where(owner.id.in_(ids))).scalars())  # type: ignore[call-overload]
        quotes = 0
        if found:
            cap = sizes.share(settings.plan_whole_dense_share, dense)
            tag_id = link.topic_id if link is QuoteTopic else link.place_id
            linked = select(link.quote_id).where(tag_id.in_(found)).limit(cap).subquery()
            quotes = session.exec(select(func.count()).select_from(linked)).scalar_one()  # type: ignore[call-overload]
    return TagFilter(link, found, quotes, "common" if quotes >= dense else "rare")


def _speakers(session: Session, names: list[str] | None) -> tuple[int, ...] | None:
    """The ids of the people any of `names` stands for, sorted (None without names)."""
    if not names:
        return None
    found = session.exec(_any_of(people_named_by_index, names)).scalars()  # type: ignore[call-overload]
    return tuple(sorted(found))


def _everywhere(tag: TagFilter, settings: Settings, sizes: _Sizes) -> TagFilter:
    """`tag`, everywhere if it is in `plan_whole_dense_share` of all quotes: asked only of a
    plan that reads every match through its filters (a walked tag never is), since it needs
    the database's size."""
    if tag.density == "rare":
        return tag
    whole = sizes.share(settings.plan_whole_dense_share, settings.plan_dense_links)
    return dataclasses.replace(tag, density="everywhere" if tag.quotes >= whole else "common")


def _walks(filters: QuoteFilters, scope: Sequence[Any], tags: list[TagFilter]) -> bool:
    """Whether a single topic or place is the only filter that picks quotes (dates, kind and
    length may narrow it): then its walk index serves every read (`TagWalkPlan`)."""
    walked = {"topic", "place", "date_from", "date_to", "kind", "min_length"}
    return (
        filters.q is None
        and not scope
        and filters.appearances != "all"
        and filters_only(filters, walked)
        and len(tags) == 1
        and len(tags[0].ids) == 1
    )


def _dated(filters: QuoteFilters, scope: Sequence[Any], tags: list[TagFilter]) -> bool:
    """Whether first copies are picked by date alone: kept per-day counts chart them."""
    return (
        not scope
        and not tags
        and filters.appearances == "first"
        and filters_only(filters, {"date_from", "date_to"})
    )


def choose_plan(
    session: Session,
    filters: QuoteFilters,
    scope: Sequence[ColumnElement[bool]] = (),
    within: tuple[str, int] | None = None,
    settings: Settings | None = None,
) -> QuotePlan:
    """The plan for `filters`, once per request: whatever the request reads (a page, facets,
    a timeline, an export) comes from it.

    `scope` narrows the quotes for a sub-resource (a person's) on top of the client's filters;
    `within` does so for a topic's or place's, as ("topic", id), so that it can be walked.
    Asks at most: the tags' ids and kept counts (a row per tag), the largest quote id, and
    FTS5's count of a word's matches up to the largest threshold that decides.
    """
    settings = settings or get_settings()
    sizes = _Sizes(session)
    tags = [
        _tag_filter(session, settings, sizes, tag, _any_of(_TAGS[tag][2], names))
        for tag, names in (("topic", filters.topic), ("place", filters.place))
        if names
    ]
    if within is not None:
        tag, tag_id = within
        owner = _TAGS[tag][1]
        tags.append(
            _tag_filter(session, settings, sizes, tag, select(owner.id).where(owner.id == tag_id))
        )
    sort = filters.sort or ("relevance" if filters.q is not None else "-date")
    sqlite = is_sqlite(session.get_bind())  # type: ignore[arg-type]
    if settings.plan_tag_walks and _walks(filters, scope, tags):
        return TagWalkPlan(filters, sort, tuple(scope), tuple(tags), None)
    common = {
        "filters": filters,
        "sort": sort,
        "scope": tuple(scope),
        "tags": tuple(_everywhere(tag, settings, sizes) for tag in tags),
        "speakers": None if sqlite else _speakers(session, filters.speaker),
    }
    if filters.q is None:
        day_counts = has_count_triggers(session.get_bind())  # type: ignore[arg-type]
        if day_counts and settings.plan_day_counts and _dated(filters, scope, tags):
            return DatesPlan(**common)
        return QuotePlan(**common)
    query = parse_query(filters.q)
    if session.get_bind().dialect.name == "postgresql":  # type: ignore[union-attr]
        return TsQueryPlan(**common, query=query, rank_window=settings.rank_window)
    if not sqlite:
        return LikePlan(**common, query=query)
    filtered = bool(scope or tags) or not filters_only(filters, {"q"})
    words = {**common, "query": query, "rank_window": settings.rank_window}
    if not filtered and sort == "relevance":
        return RankedWordsPlan(**words)
    common_matches = sizes.share(settings.plan_common_share)
    if filtered:
        found = QUOTES_FTS.match_count(session, query, common_matches)
        return FilteredWordsPlan(**words, common=found >= common_matches)
    everywhere = sizes.share(settings.plan_everywhere_share, common_matches)
    found = QUOTES_FTS.match_count(session, query, max(everywhere, COUNT_LIMIT + 1))
    density: Density = (
        "everywhere" if found >= everywhere else "common" if found >= common_matches else "rare"
    )
    return AllWordsPlan(**words, density=density, matches_found=found)
