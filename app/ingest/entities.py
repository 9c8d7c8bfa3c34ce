"""People, places and topics of the article being stored: the stored ones they are, or new ones.

They are shared across articles and found by folded name before any is created (a person by
name or alias, else by `same_person` among those whose surname has its spelling key,
`names.surname_spelling`); unique keys
(person key and kind, place key, topic slug) make a second writer's insert of the same one find
the first's row instead (`app.ingest.writes.insert_or_get`).

The lookups go through a cache kept on the session (`Cache`, `session_cache`), filled by a few
queries per article (`prefetch`); an article's new aliases and changed people are written
together, one Core statement per table (`Cache.write_pending`): an ORM flush and a query per
name cost more CPU than the extraction rules. The cache holds what this session saw or wrote;
it is dropped whenever the database may hold something else: when another connection has
committed since (SQLite's `PRAGMA data_version`; on other databases at every article), after a
rollback (rows it cached were never written), after an update or a removal (orphans were
deleted; the store calls `forget_cache` in these three cases) and when it grows past
`CACHE_LIMIT`.
"""

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection, bindparam, insert, update
from sqlmodel import Session, col, select

from app.ingest.document import EntityRef, ParsedArticle, PlaceRef, TopicRef
from app.ingest.names import surname_spelling, usual_parts
from app.ingest.resolve import same_person, surname_key
from app.ingest.writes import chunks, insert_or_get, insert_or_skip
from app.models import Person, PersonAlias, PersonNameToken, Place, PlaceAlias, Topic
from app.text import fold, word_starts

MIN_SURNAME = 3
"""Shorter surnames ("Li", "Xi") are matched across articles by full name or alias only."""

CACHE_LIMIT = 50_000
"""People and places a session's cache may hold before it starts afresh, so that memory does
not grow with the corpus (about 50 MB at the limit)."""


@dataclass
class CachedPerson:
    """A stored person as this session knows it, with its changes not yet written."""

    id: int
    name: str
    key: str
    surname_key: str
    spelling_key: str
    kind: str
    role: str | None
    alias_keys: set[str] | None = None
    """Folded aliases, written or pending; None until needed."""


@dataclass
class CachedPlace:
    id: int
    alias_keys: set[str]


@dataclass
class Cache:
    """What the database holds, as far as this session has looked or written, and the alias
    rows and person changes not written yet: an article's are written together, after its
    lookups (`prefetch` runs before any), before its links."""

    seen: object = None
    """The database's version when the cache was last known to be right (`_version`)."""
    people: dict[int, CachedPerson] = field(default_factory=dict)
    owners: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    """(folded alias, kind) → ids of the people of that kind with that alias."""
    by_spelling: dict[tuple[str, str], dict[int, CachedPerson]] = field(default_factory=dict)
    """(surname spelling key, kind) → the people of that kind whose surname has that key."""
    places: dict[str, CachedPlace] = field(default_factory=dict)
    topics: dict[str, int] = field(default_factory=dict)
    new_person_aliases: list[dict[str, Any]] = field(default_factory=list)
    new_person_tokens: list[dict[str, Any]] = field(default_factory=list)
    """Word starts of the new aliases that the person's other aliases do not give already."""
    new_place_aliases: list[dict[str, Any]] = field(default_factory=list)
    changed_people: dict[int, CachedPerson] = field(default_factory=dict)

    def write_pending(self, connection: Connection) -> None:
        if self.new_person_aliases:
            connection.execute(insert_or_skip(connection, PersonAlias), self.new_person_aliases)
            self.new_person_aliases = []
        if self.new_person_tokens:
            connection.execute(insert(PersonNameToken), self.new_person_tokens)
            self.new_person_tokens = []
        if self.new_place_aliases:
            connection.execute(insert_or_skip(connection, PlaceAlias), self.new_place_aliases)
            self.new_place_aliases = []
        if self.changed_people:
            connection.execute(
                update(Person)
                .where(col(Person.id) == bindparam("person_id"))
                .values(
                    name=bindparam("new_name"),
                    key=bindparam("new_key"),
                    role=bindparam("new_role"),
                    kind=bindparam("new_kind"),
                ),
                [
                    {
                        "person_id": p.id,
                        "new_name": p.name,
                        "new_key": p.key,
                        "new_role": p.role,
                        "new_kind": p.kind,
                    }
                    for p in self.changed_people.values()
                ],
            )
            self.changed_people = {}


_CACHE_KEY = "verbatim_store_cache"


def session_cache(session: Session, connection: Connection) -> Cache:
    """The session's cache if it is still right at the database's version now (`_version`,
    read on `connection`, inside the write transaction), else a new one."""
    seen = _version(connection)
    cache = session.info.get(_CACHE_KEY)
    if (
        cache is None
        or seen is None
        or cache.seen != seen
        or len(cache.people) + len(cache.places) > CACHE_LIMIT
    ):
        cache = session.info[_CACHE_KEY] = Cache(seen=seen)
    return cache


def forget_cache(session: Session) -> None:
    session.info.pop(_CACHE_KEY, None)


def _version(connection: Connection) -> object:
    """A value that changes whenever another connection commits to the database, read inside
    the write transaction: SQLite's `PRAGMA data_version`, which is only comparable on one
    connection, paired with that connection. None on other databases (no cache outlives an
    article there)."""
    if connection.dialect.name != "sqlite":
        return None
    version = connection.exec_driver_sql("PRAGMA data_version").scalar()
    return (connection.connection.dbapi_connection, version)


def prefetch(connection: Connection, cache: Cache, parsed: ParsedArticle) -> None:
    """Load what the database holds about the article's places, topics and names that the
    cache lacks: a few queries per article rather than a few per name."""
    place_keys = {fold(p.name) for p in parsed.places} - cache.places.keys()
    for keys in chunks(place_keys):
        query = select(Place.id, Place.key).where(col(Place.key).in_(keys))
        found = {place_id: key for place_id, key in connection.execute(query)}
        known: dict[int, set[str]] = {place_id: set() for place_id in found}
        if found:
            aliases = select(PlaceAlias.place_id, PlaceAlias.key)
            for place_id, alias_key in connection.execute(
                aliases.where(col(PlaceAlias.place_id).in_(list(found)))
            ):
                known[place_id].add(alias_key)
        for place_id, key in found.items():
            cache.places[key] = CachedPlace(place_id, known[place_id])
    slugs = {t.slug for t in parsed.topics} - cache.topics.keys()
    for chunk in chunks(slugs):
        query = select(Topic.slug, Topic.id).where(col(Topic.slug).in_(chunk))
        cache.topics.update({slug: topic_id for slug, topic_id in connection.execute(query)})
    _prefetch_people(connection, cache, parsed.people)


def _prefetch_people(connection: Connection, cache: Cache, entities: list[EntityRef]) -> None:
    """Fill `owners` for every (folded name, kind) of `entities`, and `by_spelling` for those
    no stored person has as an alias (they may match by surname)."""
    wanted = {(fold(name), e.kind) for e in entities for name in _looked_up_names(e)}
    wanted -= cache.owners.keys()
    for keys in chunks({key for key, _kind in wanted}):
        query = (
            select(PersonAlias.key, *_PERSON_COLUMNS)
            .join(Person, col(Person.id) == col(PersonAlias.person_id))
            .where(col(PersonAlias.key).in_(keys))
        )
        owners = {(key, kind): set[int]() for key, kind in wanted if key in keys}
        for key, *row in connection.execute(query):
            person = _registered(cache, row)
            owners.setdefault((key, person.kind), set()).add(person.id)
        cache.owners.update(owners)
    groups = {
        (surname_spelling(e.name), e.kind)
        for e in entities
        if not cache.owners[(fold(e.name), e.kind)] and len(surname_key(e.name)) >= MIN_SURNAME
    } - cache.by_spelling.keys()
    for chunk in chunks(groups):
        for group in chunk:
            cache.by_spelling[group] = {}
        query = select(*_PERSON_COLUMNS).where(
            col(Person.spelling_key).in_({key for key, _kind in chunk}),
            col(Person.kind).in_({kind for _key, kind in chunk}),
        )
        for row in connection.execute(query):
            person = _registered(cache, row)
            group = (person.spelling_key, person.kind)
            if group in chunk:
                cache.by_spelling[group][person.id] = person


_PERSON_COLUMNS = (
    Person.id,
    Person.name,
    Person.key,
    Person.surname_key,
    Person.spelling_key,
    Person.kind,
    Person.role,
)


def _registered(cache: Cache, row: Any) -> CachedPerson:
    """The person of a stored row: the cached object if there is one, since it may have changes
    not written yet."""
    person = cache.people.get(row[0])
    if person is None:
        person = cache.people[row[0]] = CachedPerson(*row)
    return person


def person_for(connection: Connection, cache: Cache, entity: EntityRef) -> CachedPerson:
    """The stored person this entity is (`_existing_person`), or a new one (or the one of the
    same key another writer has just stored), with the entity's names added as aliases, and a
    person's usual shorter names (`usual_parts`: "Lula", "von der Leyen", "Sánchez"), which
    readers search for and later articles call them by."""
    entity = _as_known_organisation(cache, entity)
    if entity.kind == "organization":
        _person_as_organisation(cache, entity)
    key = fold(entity.name)
    person = _existing_person(cache, entity, key)
    if person is None:
        surname, spelled = surname_key(entity.name), surname_spelling(entity.name)
        values = {
            "name": entity.name,
            "key": key,
            "surname_key": surname,
            "spelling_key": spelled,
            "kind": entity.kind,
            "role": entity.role,
        }
        person_id = insert_or_get(connection, Person, values, ["key", "kind"])
        if person_id is None:
            query = select(*_PERSON_COLUMNS).where(Person.key == key, Person.kind == entity.kind)
            person = _registered(cache, connection.execute(query).one())
        else:
            person = CachedPerson(
                person_id, entity.name, key, surname, spelled, entity.kind, entity.role, set()
            )
            cache.people[person.id] = person
            group = cache.by_spelling.get((spelled, entity.kind))
            if group is not None and len(surname) >= MIN_SURNAME:
                group[person.id] = person
    elif len(entity.name.split()) > len(person.name.split()):
        person.name, person.key = entity.name, key
        cache.changed_people[person.id] = person
    role = person.role or entity.role
    if role != person.role:
        person.role = role
        cache.changed_people[person.id] = person
    names = {entity.name, *entity.aliases}
    if entity.kind == "person":
        names.update(usual_parts(entity.name))
    known = _alias_keys(connection, person)
    for name in sorted(names):
        alias_key = fold(name)
        if alias_key and alias_key not in known:
            cache.new_person_aliases.append(
                {"person_id": person.id, "alias": name, "key": alias_key}
            )
            tokens = word_starts(alias_key).difference(*map(word_starts, known))
            cache.new_person_tokens += [{"person_id": person.id, "token": t} for t in tokens]
            known.add(alias_key)
            owners = cache.owners.get((alias_key, person.kind))
            if owners is not None:
                owners.add(person.id)
    return person


def _as_known_organisation(cache: Cache, entity: EntityRef) -> EntityRef:
    """A one-word "person" with no role that the store holds as an organisation and as no
    person, as that organisation: an article that only writes `Twitter seemed confused` gives
    the tagger one sentence to guess from, while the corpus has seen the name used as a
    body's (`on Twitter`, `Twitter users`, `Twitter said in a statement`). A name of two words
    or more, or with a role, is a person's on its own article's evidence; and where the store
    already holds the one word as a person too, which of the two is meant stays the article's
    call. `_prefetch_people` loaded the owners of both kinds."""
    if entity.kind != "person" or entity.role or len(entity.name.split()) != 1:
        return entity
    key = fold(entity.name)
    if cache.owners[(key, "person")] or not cache.owners.get((key, "organization")):
        return entity
    return replace(entity, kind="organization")


def _person_as_organisation(cache: Cache, entity: EntityRef) -> None:
    """`_as_known_organisation` the other way round: the one one-word person with no role the
    store holds by this organisation's one-word name, where it holds no organisation by it,
    becomes that organisation, so that the corpus's evidence counts whichever article came
    first. Its row changes kind (written with the article's other changes); the cache's
    lookups by kind follow."""
    key = fold(entity.name)
    if len(entity.name.split()) != 1 or cache.owners[(key, "organization")]:
        return
    people = [
        cache.people[i]
        for i in cache.owners.get((key, "person"), set())
        if len(cache.people[i].name.split()) == 1 and cache.people[i].role is None
    ]
    if len(people) != 1:
        return
    [person] = people
    for (alias_key, kind), owners in cache.owners.items():
        if kind == "person" and person.id in owners:
            owners.discard(person.id)
            cache.owners.get((alias_key, "organization"), set()).add(person.id)
    cache.by_spelling.get((person.spelling_key, "person"), {}).pop(person.id, None)
    group = cache.by_spelling.get((person.spelling_key, "organization"))
    if group is not None:
        group[person.id] = person
    person.kind = "organization"
    cache.changed_people[person.id] = person


def _existing_person(cache: Cache, entity: EntityRef, key: str) -> CachedPerson | None:
    """The stored entity this one is: same folded name or alias (of several, the lowest id,
    the one SQLite's query for it returned first), else the one person that has another full
    name of this person as an alias (`_looked_up_names`), else the one person among those whose
    surname has its spelling key that `same_person` joins to it ("Hassan Rohani", "Hassan
    Rouhani") or whose name ends in it ("Suu Kyi", "Aung San Suu Kyi").
    `_prefetch_people` loaded what this needs."""
    owners = cache.owners[(key, entity.kind)]
    if owners:
        return cache.people[min(owners)]
    by_alias = {
        person_id
        for name in _looked_up_names(entity)[1:]
        for person_id in cache.owners[(fold(name), entity.kind)]
    }
    if len(by_alias) == 1:
        return cache.people[by_alias.pop()]
    surname = surname_key(entity.name)
    if len(surname) < MIN_SURNAME:
        return None
    candidates = cache.by_spelling[(surname_spelling(entity.name), entity.kind)].values()
    if len(entity.name.split()) == 1:
        same = [p for p in candidates if p.surname_key == surname]
        return same[0] if len(same) == 1 else None
    matches = [p for p in candidates if same_person(p.name, entity.name)]
    if not matches:
        matches = [p for p in candidates if _one_ends_the_other(p.key, key)]
    return matches[0] if len(matches) == 1 else None


def _looked_up_names(entity: EntityRef) -> list[str]:
    """The entity's name, then, for a person, the other full names (two words or more) the
    article called them by: the names a stored person is looked up by.

    Why the aliases: which stored person a name finds must not depend on which article came
    first. "Certainly Donald Trump" (the NER model's slip) with the alias "Donald Trump" found
    a stored "Donald Trump" by `_one_ends_the_other`, but not once a later article had renamed
    him "Donald J. Trump"; the alias finds him either way. Only a person's full names, never
    one word ("Trump" is also Eric Trump's alias) nor an organisation's ("Supreme Court" is an
    alias of the supreme courts of many countries, `resolve.qualified_institutions`), nor the
    usual parts the store adds (`usual_parts`: "Hamad Al Thani" of "Tamim bin Hamad Al Thani"
    is his father)."""
    if entity.kind != "person":
        return [entity.name]
    full = [alias for alias in entity.aliases if len(alias.split()) > 1]
    return [entity.name, *sorted(set(full) - {entity.name})]


def _one_ends_the_other(a: str, b: str) -> bool:
    """Two folded names of two words or more, one the last words of the other."""
    return a.endswith(" " + b) or b.endswith(" " + a)


def _alias_keys(connection: Connection, person: CachedPerson) -> set[str]:
    if person.alias_keys is None:
        query = select(PersonAlias.key).where(PersonAlias.person_id == person.id)
        person.alias_keys = set(connection.scalars(query))
    return person.alias_keys


def place_for(connection: Connection, cache: Cache, ref: PlaceRef) -> CachedPlace:
    """The stored place of this name (`prefetch` has loaded it if there is one), or a new one
    (or the one another writer has just stored); with its aliases."""
    key = fold(ref.name)
    place = cache.places.get(key)
    if place is None:
        values = {
            "name": ref.name,
            "key": key,
            "kind": ref.kind,
            "country_code": ref.country_code,
            "latitude": ref.latitude,
            "longitude": ref.longitude,
        }
        place_id = insert_or_get(connection, Place, values, ["key"])
        if place_id is None:
            place_id = connection.execute(select(Place.id).where(Place.key == key)).scalar_one()
            query = select(PlaceAlias.key).where(PlaceAlias.place_id == place_id)
            place = cache.places[key] = CachedPlace(place_id, set(connection.scalars(query)))
        else:
            place = cache.places[key] = CachedPlace(place_id, set())
    for name in sorted({ref.name, *ref.aliases}):
        alias_key = fold(name)
        if alias_key and alias_key not in place.alias_keys:
            cache.new_place_aliases.append({"place_id": place.id, "alias": name, "key": alias_key})
            place.alias_keys.add(alias_key)
    return place


def topic_for(connection: Connection, cache: Cache, ref: TopicRef) -> int:
    topic_id = cache.topics.get(ref.slug)
    if topic_id is None:
        values = {"slug": ref.slug, "name": ref.name, "key": fold(ref.name)}
        topic_id = insert_or_get(connection, Topic, values, ["slug"])
        if topic_id is None:
            topic_id = connection.execute(
                select(Topic.id).where(Topic.slug == ref.slug)
            ).scalar_one()
        cache.topics[ref.slug] = topic_id
    return topic_id


def resolution_keys(parsed: ParsedArticle) -> list[str]:
    """The keys by which the people of `parsed` are looked up or will be found, for
    `app.ingest.writes.lock_keys`: each folded name, alias and usual part an entity is looked
    up by or stored under (`_prefetch_people`, `person_for`), and its surname's spelling key
    (`by_spelling`).

    Why: two writers at once could each look up the stored people of overlapping names, find
    none, and insert two rows under different keys ("Donald Trump" and "Donald J. Trump"),
    which no unique key can join. A person one writer inserts is found by another only
    through a folded alias or a spelling key, and the first writer locks every one it writes,
    the second every one it looks up; so writers of overlapping names take turns, and the
    second finds the first's person, while writers of other names go on in parallel. Kinds are
    left out (coarser, still sound). Places and topics need no keys: they are found by their
    unique key alone (place key, topic slug), where `INSERT ... ON CONFLICT` settles a race."""
    keys = set()
    for entity in parsed.people:
        names = {entity.name, *entity.aliases}
        if entity.kind == "person":
            names.update(usual_parts(entity.name))
        keys.update(f"person:{fold(name)}" for name in names if fold(name))
        keys.add(f"surname:{surname_spelling(entity.name)}")
    return sorted(keys)
