"""People and organisations, listed by how often they are quoted."""

from sqlalchemy import (
    ColumnElement,
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
from app.search.paging import by_count, fetch_page, tally
from app.search.quotes import search_quotes
from app.text import fold

_SPOKEN, _PERSON_QUOTES = tally(Quote.speaker_id, "spoken")
_PEOPLE = select(
    Person.id, Person.name, Person.kind, Person.role, _PERSON_QUOTES.label("quote_count")
).outerjoin(_SPOKEN, _SPOKEN.c.id == Person.id)
_PEOPLE_ORDER = by_count(_PERSON_QUOTES, Person.name, Person.id)


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
    starts = token.op("GLOB")(key + "*") if is_sqlite(session.get_bind()) else token.like(key + "%")  # type: ignore[arg-type]
    return Person.id.in_(select(PersonNameToken.person_id).where(starts))


def search_people(session: Session, filters: PeopleFilters, page: Pagination) -> PeoplePublic:
    stmt = _PEOPLE
    if filters.q is not None:
        stmt = stmt.where(name_starts(session, filters.q))
    if filters.kind is not None:
        stmt = stmt.where(Person.kind == filters.kind)
    if filters.role is not None:
        stmt = stmt.where(Person.role.icontains(filters.role, autoescape=True))
    rows, cursor = fetch_page(session, stmt, _PEOPLE_ORDER, page)
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


def person_quotes(
    session: Session, person_id: int, filters: QuoteFilters, page: Pagination
) -> QuotesPublic:
    if session.get(Person, person_id) is None:
        raise NotFound(f"No person with id {person_id}.")
    return search_quotes(session, filters, page, scope=[Quote.speaker_id == person_id])
