"""Places, listed by how often quotes mention them."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    select,
)
from sqlalchemy.engine import Row
from sqlmodel import Session

from app.errors import NotFound
from app.models import (
    ArticlePlace,
    Place,
    PlaceAlias,
    QuotePlace,
)
from app.schemas import (
    Pagination,
    PlaceFilters,
    PlacePublic,
    PlacesPublic,
    QuoteFilters,
    QuotesPublic,
)
from app.search.names import name_contains
from app.search.paging import Ordering, by_count, fetch_page, link_counts, stored_counts
from app.search.quotes import search_quotes


def _places(session: Session, *conditions: ColumnElement[bool]) -> tuple[Select[Any], Ordering]:
    """Places matching `conditions` with their counts: stored, or on databases without the
    triggers counted over their links only."""
    columns = (
        Place.id,
        Place.name,
        Place.kind,
        Place.country_code,
        Place.latitude,
        Place.longitude,
    )
    if stored_counts(session):
        stmt = select(*columns, Place.quote_count, Place.article_count).where(*conditions)
        return stmt, by_count(Place.quote_count, Place.name, Place.id)
    matched = select(Place.id).where(*conditions) if conditions else None
    joined, quote_count, article_count = link_counts(
        Place.id, QuotePlace.place_id, ArticlePlace.place_id, "place", matched
    )
    stmt = joined(
        select(*columns, quote_count.label("quote_count"), article_count.label("article_count"))
    ).where(*conditions)
    return stmt, by_count(quote_count, Place.name, Place.id)


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
    conditions = []
    if filters.q is not None:
        conditions.append(name_contains(Place, PlaceAlias, PlaceAlias.place_id, filters.q))
    if filters.kind is not None:
        conditions.append(Place.kind == filters.kind)
    if filters.country is not None:
        conditions.append(Place.country_code == filters.country.upper())
    stmt, ordering = _places(session, *conditions)
    rows, cursor = fetch_page(session, stmt, ordering, page)
    return PlacesPublic(items=_place_items(session, rows), next_cursor=cursor)


def get_place(session: Session, place_id: int) -> PlacePublic:
    stmt, _ordering = _places(session, Place.id == place_id)
    row = session.exec(stmt).first()
    if row is None:
        raise NotFound(f"No place with id {place_id}.")
    return _place_items(session, [row])[0]


def place_quotes(
    session: Session, place_id: int, filters: QuoteFilters, page: Pagination
) -> QuotesPublic:
    """Quotes with this place mentioned around them, as `/v1/quotes?place=` but by id."""
    if session.get(Place, place_id) is None:
        raise NotFound(f"No place with id {place_id}.")
    return search_quotes(session, filters, page, within=("place", place_id))
