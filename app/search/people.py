"""People and organisations, listed by how often they are quoted."""

from sqlalchemy import (
    func,
    select,
)
from sqlmodel import Session

from app.errors import NotFound
from app.models import (
    Person,
    PersonAlias,
    Quote,
)
from app.schemas import (
    Pagination,
    PeopleFilters,
    PeoplePublic,
    PersonDetail,
    PersonPublic,
)
from app.search.names import name_contains
from app.search.paging import by_count, fetch_page, tally

_SPOKEN, _PERSON_QUOTES = tally(Quote.speaker_id, "spoken")
_PEOPLE = select(
    Person.id, Person.name, Person.kind, Person.role, _PERSON_QUOTES.label("quote_count")
).outerjoin(_SPOKEN, _SPOKEN.c.id == Person.id)
_PEOPLE_ORDER = by_count(_PERSON_QUOTES, Person.name, Person.id)


def search_people(session: Session, filters: PeopleFilters, page: Pagination) -> PeoplePublic:
    stmt = _PEOPLE
    if filters.q is not None:
        stmt = stmt.where(name_contains(Person, PersonAlias, PersonAlias.person_id, filters.q))
    if filters.kind is not None:
        stmt = stmt.where(Person.kind == filters.kind)
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
