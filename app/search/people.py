"""People and organisations, listed by how often they are quoted."""

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    false,
    func,
    select,
)
from sqlmodel import Session

from app.db import is_sqlite
from app.errors import NotFound
from app.models import (
    Person,
    PersonAlias,
    PersonNameToken,
    Quote,
)
from app.schemas import (
    Pagination,
    PeopleFilters,
    PeoplePublic,
    PersonDetail,
    PersonPublic,
    QuoteFilters,
    QuotesPublic,
)
from app.search.paging import Ordering, by_count, fetch_page, stored_counts, tally
from app.search.quotes import search_quotes
from app.text import fold


def _people(session: Session, *conditions: ColumnElement[bool]) -> tuple[Select[Any], Ordering]:
    """People matching `conditions` with their quote counts (first copies), stored or, on
    databases without the triggers, counted over their quotes only."""
    columns = (Person.id, Person.name, Person.kind, Person.role)
    if stored_counts(session):
        stmt = select(*columns, Person.quote_count).where(*conditions)
        return stmt, by_count(Person.quote_count, Person.name, Person.id)
    matched = (Quote.speaker_id.in_(select(Person.id).where(*conditions)),) if conditions else ()
    first_copies = Quote.duplicate_of.is_(None)
    spoken, quote_count = tally(Quote.speaker_id, "spoken", first_copies, *matched)
    stmt = (
        select(*columns, quote_count.label("quote_count"))
        .outerjoin(spoken, spoken.c.id == Person.id)
        .where(*conditions)
    )
    return stmt, by_count(quote_count, Person.name, Person.id)


def name_starts(session: Session, text: str) -> ColumnElement[bool]:
    """People a word of whose name or of an alias starts with `text`, folded: `pes` is Dmitry
    Peskov, `erdo` Erdoğan, `tayyip er` him too. One range scan of the token index.

    Folded text is only `[a-z0-9 ]`, so it needs no escaping in a pattern. SQLite uses an
    index for GLOB on a BINARY column but not for LIKE, which is case-insensitive there.
    """
    key = fold(text)
    if not key:
        return false()
    token = PersonNameToken.token
    glob = is_sqlite(session.get_bind())  # type: ignore[arg-type]
    starts = token.op("GLOB")(key + "*") if glob else token.like(key + "%")
    return Person.id.in_(select(PersonNameToken.person_id).where(starts))


def search_people(session: Session, filters: PeopleFilters, page: Pagination) -> PeoplePublic:
    conditions = []
    if filters.q is not None:
        conditions.append(name_starts(session, filters.q))
    if filters.kind is not None:
        conditions.append(Person.kind == filters.kind)
    if filters.role is not None:
        conditions.append(Person.role.icontains(filters.role, autoescape=True))
    stmt, ordering = _people(session, *conditions)
    rows, cursor = fetch_page(session, stmt, ordering, page)
    return PeoplePublic(
        items=[PersonPublic.model_validate(row._mapping) for row in rows], next_cursor=cursor
    )


def get_person(session: Session, person_id: int) -> PersonDetail:
    stmt, _ordering = _people(session, Person.id == person_id)
    row = session.exec(stmt).first()
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


def person_quotes(
    session: Session, person_id: int, filters: QuoteFilters, page: Pagination
) -> QuotesPublic:
    if session.get(Person, person_id) is None:
        raise NotFound(f"No person with id {person_id}.")
    return search_quotes(session, filters, page, scope=[Quote.speaker_id == person_id])
