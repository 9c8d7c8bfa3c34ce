"""Write parsed articles to the database: the only place ingest touches it.

One article is one write transaction: its row, its quotes and its links are written together
or not at all. On SQLite the transaction starts with `BEGIN IMMEDIATE`, so that two writers
(two `verbatim ingest` runs, or an ingest and a `verbatim remove`) take turns instead of both
reading and then failing to upgrade to a write lock; one that finds the database busy for
longer than the connection's busy timeout rolls back and tries again (`BUSY_RETRIES`). Every
lookup that decides what to write (is the article stored, who is this person) runs inside the
transaction, so it sees what the other writer committed.

An article is known by its `source_key` (URL, else path) and by its content (`content_hash`):
the same content under a second path is a duplicate and is not stored again. A changed article
keeps its id, and so does each of its quotes whose text and speaker did not change (saved links
keep working); its other quotes are deleted or inserted. New rows never take the id of a
deleted one (`IdHighWater`). People, places and topics are shared across articles and found by
folded name before any is created; unique keys (person key and kind, place key, topic slug)
make a second writer's insert of the same one find the first's row instead.

The lookups go through a cache kept on the session (`_Cache`), and the rows are written with
Core statements, each article's quotes and links with one statement per table: an ORM flush
and a query per name and per quote cost more CPU than the extraction rules. The cache holds
what this session saw or wrote; it is dropped whenever the database may hold something else:
when another connection has committed since (SQLite's `PRAGMA data_version`; on other
databases at every article), after a rollback (rows it cached were never written), after an
update or a removal (orphans were deleted) and when it grows past `CACHE_LIMIT`.
"""

import datetime as dt
import hashlib
import itertools
import time
from collections import defaultdict, deque
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from sqlalchemy import (
    ColumnElement,
    Connection,
    Insert,
    bindparam,
    delete,
    false,
    func,
    insert,
    or_,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from app.ingest.document import CleanArticle, EntityRef, ParsedArticle, PlaceRef, TopicRef
from app.ingest.resolve import same_person, surname_key
from app.ingest.wire import fingerprint, same_occasion
from app.models import (
    Article,
    ArticlePerson,
    ArticlePlace,
    ArticleTopic,
    IdHighWater,
    Person,
    PersonAlias,
    PersonNameToken,
    Place,
    PlaceAlias,
    Quote,
    QuotePlace,
    QuoteTopic,
    Topic,
)
from app.text import fold, word_starts

EXTRACTOR_VERSION = "1"
"""Part of the content hash: a new extractor re-extracts articles that did not change."""

CACHE_LIMIT = 50_000
"""People and places a session's cache may hold before it starts afresh, so that memory does
not grow with the corpus (about 50 MB at the limit)."""

BUSY_RETRIES = 5
"""Times a write transaction that found the database locked is tried again. Each try first
waits the connection's busy timeout (5 s, `app.db`) for the lock, then this module pauses
`BUSY_PAUSE_S`, doubled at each try: about a minute in all, far longer than any one article's
transaction, so only a writer that holds the database for good makes ingest give up."""

BUSY_PAUSE_S = 0.5

Outcome = Literal["new", "updated", "unchanged", "duplicate"]


@dataclass(frozen=True)
class Stored:
    """What became of an article given to the store."""

    outcome: Outcome
    same_as: str | None = None
    """For a duplicate: the path (or URL) of the stored article with the same content."""


@dataclass(frozen=True)
class Removed:
    articles: int
    quotes: int


@dataclass
class _Person:
    """A stored person as this session knows it, with its changes not yet written."""

    id: int
    name: str
    key: str
    surname_key: str
    kind: str
    role: str | None
    alias_keys: set[str] | None = None
    """Folded aliases, written or pending; None until needed."""


@dataclass
class _Place:
    id: int
    alias_keys: set[str]


@dataclass
class _Cache:
    """What the database holds, as far as this session has looked or written, and the alias
    rows and person changes not written yet: an article's are written together, after its
    lookups (`_prefetch` runs before any), before its links."""

    seen: object = None
    """The database's version when the cache was last known to be right (`_version`)."""
    people: dict[int, _Person] = field(default_factory=dict)
    owners: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    """(folded alias, kind) → ids of the people of that kind with that alias."""
    by_prefix: dict[tuple[str, str], dict[int, _Person]] = field(default_factory=dict)
    """(first three letters of the surname key, kind) → the people whose surname starts so."""
    places: dict[str, _Place] = field(default_factory=dict)
    topics: dict[str, int] = field(default_factory=dict)
    new_person_aliases: list[dict[str, Any]] = field(default_factory=list)
    new_person_tokens: list[dict[str, Any]] = field(default_factory=list)
    """Word starts of the new aliases that the person's other aliases do not give already."""
    new_place_aliases: list[dict[str, Any]] = field(default_factory=list)
    changed_people: dict[int, _Person] = field(default_factory=dict)

    def write_pending(self, connection: Connection) -> None:
        if self.new_person_aliases:
            connection.execute(_insert_or_skip(connection, PersonAlias), self.new_person_aliases)
            self.new_person_aliases = []
        if self.new_person_tokens:
            connection.execute(insert(PersonNameToken), self.new_person_tokens)
            self.new_person_tokens = []
        if self.new_place_aliases:
            connection.execute(_insert_or_skip(connection, PlaceAlias), self.new_place_aliases)
            self.new_place_aliases = []
        if self.changed_people:
            connection.execute(
                update(Person)
                .where(col(Person.id) == bindparam("person_id"))
                .values(
                    name=bindparam("new_name"), key=bindparam("new_key"), role=bindparam("new_role")
                ),
                [
                    {"person_id": p.id, "new_name": p.name, "new_key": p.key, "new_role": p.role}
                    for p in self.changed_people.values()
                ],
            )
            self.changed_people = {}


_CACHE_KEY = "verbatim_store_cache"


def _cache(session: Session, seen: object) -> _Cache:
    """The session's cache if it is still right at database version `seen`, else a new one."""
    cache = session.info.get(_CACHE_KEY)
    if (
        cache is None
        or seen is None
        or cache.seen != seen
        or len(cache.people) + len(cache.places) > CACHE_LIMIT
    ):
        cache = session.info[_CACHE_KEY] = _Cache(seen=seen)
    return cache


def _forget_cache(session: Session) -> None:
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


def content_hash(article: CleanArticle) -> str:
    """The identity of an article's content: the cleaned title, body, date and source (and the
    extractor's version). Two files or records with the same hash are the same article, stored
    once; page boilerplate, markup and the file's name or URL do not count."""
    digest = hashlib.sha256(EXTRACTOR_VERSION.encode())
    for part in (article.title, article.body, str(article.published), article.source or ""):
        digest.update(b"\0" + part.encode())
    return digest.hexdigest()


def already_stored(session: Session, article: CleanArticle) -> Stored | None:
    """What `store_article` would make of this article without parsing it: unchanged, or a
    duplicate of another stored article; None when it has to be parsed. (The store decides
    again inside its transaction: another writer may have stored it meanwhile.)"""
    return _known(session.connection(), article.source_key, content_hash(article))


def _known(connection: Connection, source_key: str, digest: str) -> Stored | None:
    stored = connection.execute(
        select(Article.content_hash).where(Article.source_key == source_key)
    ).first()
    if stored is not None and stored[0] == digest:
        return Stored("unchanged")
    same = connection.execute(
        select(Article.path, Article.source_key).where(Article.content_hash == digest)
    ).first()
    if same is not None:
        return Stored("duplicate", same_as=same.path or same.source_key)
    return None


def store_article(session: Session, parsed: ParsedArticle) -> Stored:
    """Insert or update one article with everything found in it, in one write transaction,
    and commit; or find it unchanged, or a duplicate of another article (nothing written)."""
    digest = content_hash(parsed.article)
    return _write(session, lambda connection: _store(session, connection, parsed, digest))


def _store(session: Session, connection: Connection, parsed: ParsedArticle, digest: str) -> Stored:
    clean = parsed.article
    cache = _cache(session, _version(connection))
    known = _known(connection, clean.source_key, digest)
    if known is not None:
        return known
    article = session.exec(select(Article).where(Article.source_key == clean.source_key)).first()
    outcome: Outcome = "new" if article is None else "updated"
    if article is None:
        article = Article(
            id=_first_new_id(connection, Article),
            source_key=clean.source_key,
            title=clean.title,
            body="",
            content_hash="",
            ingested_at=dt.datetime.now(dt.UTC),
        )
    else:
        _retire_ids(connection)
        _unlink_article(connection, article.id)
    _prefetch(connection, cache, parsed)
    places = {p.name: _place(connection, cache, p) for p in parsed.places}
    _fill_article(article, clean, digest, places.get(parsed.dateline_place or ""))
    session.add(article)
    session.flush()
    assert article.id is not None
    people = {e.name: _person(connection, cache, e) for e in parsed.people}
    topics = {t.slug: _topic(connection, cache, t) for t in parsed.topics}
    cache.write_pending(connection)
    _link_article(connection, article.id, parsed, people, places, topics)
    _write_quotes(connection, article.id, parsed, people, places, topics, outcome == "updated")
    if outcome == "updated":
        _drop_orphans(session)
        _forget_cache(session)
    return Stored(outcome)


def find_articles(session: Session, targets: Sequence[str]) -> dict[str, list[int]]:
    """The ids of the stored articles each target names (none for a target that names none):
    see `_names_article`."""
    return {
        target: list(
            session.exec(select(Article.id).where(_names_article(target)).order_by(Article.id))
        )
        for target in targets
    }


def _names_article(target: str) -> ColumnElement[bool]:
    """A number is an article id; `scheme://…` a URL (the article's, or the key of a record
    stored under its URL); anything else a path: a file's article, every record of a JSON Lines
    file, or a path as ingest showed it (`feed.jsonl:3` is the record on line 3)."""
    if target.isascii() and target.isdigit():
        number = int(target)
        return col(Article.id) == number if number < 2**63 else false()
    if "://" in target:
        return or_(col(Article.url) == target, col(Article.source_key) == target)
    resolved = str(Path(target).resolve())
    return or_(
        col(Article.source_key) == resolved,
        col(Article.source_key).startswith(f"{resolved}#L", autoescape=True),
        col(Article.path) == target,
        col(Article.path).startswith(f"{target}:", autoescape=True),
    )


def remove_articles(session: Session, article_ids: Collection[int]) -> Removed:
    """Remove articles with their quotes and links, and the people, places and topics only
    they mentioned, in one write transaction, and commit. The wire groups of their quotes are
    made again without them (`_regroup`): a group whose first copy goes gets its next copy as
    its first. Counts follow (SQLite triggers)."""
    ids = sorted(set(article_ids))

    def remove(connection: Connection) -> Removed:
        quotes = connection.execute(
            select(func.count()).select_from(Quote).where(col(Quote.article_id).in_(ids))
        ).scalar_one()
        _retire_ids(connection)
        touched: set[str] = set()
        for article_id in ids:
            touched |= _forget_contents(connection, article_id)
        removed = connection.execute(delete(Article).where(col(Article.id).in_(ids)))
        _regroup(connection, touched)
        _drop_orphans(session)
        return Removed(removed.rowcount, quotes)

    try:
        return _write(session, remove)
    finally:
        _forget_cache(session)


def delete_article(session: Session, article_id: int) -> None:
    """`remove_articles` of one article."""
    remove_articles(session, [article_id])


# Write transactions

_Result = TypeVar("_Result")


def _write(session: Session, work: Callable[[Connection], _Result]) -> _Result:
    """`work` in one write transaction, committed; tried again on a busy database, after
    rolling back whatever it had written (and the cache with it)."""
    for attempt in itertools.count():
        try:
            result = work(_begin_write(session))
            session.commit()
            return result
        except OperationalError as error:
            session.rollback()
            _forget_cache(session)
            if not _is_busy(error) or attempt >= BUSY_RETRIES:
                raise
        except BaseException:
            session.rollback()
            _forget_cache(session)
            raise
        time.sleep(BUSY_PAUSE_S * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _begin_write(session: Session) -> Connection:
    """The session's connection, in a transaction that holds the write lock from its start on
    SQLite (`BEGIN IMMEDIATE`). Other databases lock rows as they are written, and the unique
    keys settle a race for a new person, place or topic (`_insert_or_skip`)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        dbapi_connection: Any = connection.connection.dbapi_connection
        if not dbapi_connection.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
    return connection


def _is_busy(error: OperationalError) -> bool:
    """SQLite's SQLITE_BUSY or SQLITE_LOCKED (another connection holds the lock)."""
    code = getattr(error.orig, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (5, 6)


def _insert_or_skip(connection: Connection, table: Any, unique: list[str] | None = None) -> Insert:
    """An INSERT that leaves out a row whose unique key (`unique`, or any) another writer
    stored first, where the database can say so (SQLite, PostgreSQL)."""
    dialect = {"sqlite": sqlite, "postgresql": postgresql}.get(connection.dialect.name)
    if dialect is None:
        return insert(table)
    return dialect.insert(table).on_conflict_do_nothing(index_elements=unique)


def _insert_or_get(
    connection: Connection, table: Any, values: dict[str, Any], unique: list[str]
) -> int | None:
    """The id of a new row of `values`, or None if a row with the same `unique` columns
    exists: one another writer stored after this session last looked."""
    statement = _insert_or_skip(connection, table, unique).values(values).returning(table.id)
    return connection.execute(statement).scalar()


def _first_new_id(connection: Connection, table: Any) -> int | None:
    """On SQLite, an id above every id `table` has given (`IdHighWater`): SQLite itself
    would give the highest id in the table plus one, that of a deleted row if it was the
    highest. None elsewhere: a sequence never goes back."""
    if connection.dialect.name != "sqlite":
        return None
    highest = connection.execute(select(func.max(table.id))).scalar()
    retired = connection.execute(
        select(IdHighWater.last_id).where(IdHighWater.table_name == table.__tablename__)
    ).scalar()
    return max(highest or 0, retired or 0) + 1


def _retire_ids(connection: Connection) -> None:
    """Before deleting articles or quotes: remember the highest ids given, so that no new row
    takes the id of one about to go."""
    for table in (Article, Quote):
        highest = connection.execute(select(func.max(table.id))).scalar()
        if highest is None:
            continue
        name = table.__tablename__
        retired = connection.execute(
            select(IdHighWater.last_id).where(IdHighWater.table_name == name)
        ).scalar()
        if retired is None:
            connection.execute(insert(IdHighWater).values(table_name=name, last_id=highest))
        elif retired < highest:
            connection.execute(
                update(IdHighWater)
                .where(col(IdHighWater.table_name) == name)
                .values(last_id=highest)
            )


# Articles


def _fill_article(
    article: Article, clean: CleanArticle, digest: str, dateline: _Place | None
) -> None:
    article.path = clean.path
    article.url = clean.url
    article.title = clean.title
    article.published = clean.published
    article.source = clean.source
    article.byline = clean.byline
    article.dateline = clean.dateline
    article.dateline_place_id = dateline.id if dateline is not None else None
    article.body = clean.body
    article.word_count = len(clean.body.split())
    article.content_hash = digest
    article.ingested_at = dt.datetime.now(dt.UTC)


def _unlink_article(connection: Connection, article_id: int | None) -> None:
    """Drop an updated article's links to people, places and topics (written again)."""
    for table in (ArticlePerson, ArticlePlace, ArticleTopic):
        connection.execute(delete(table).where(col(table.article_id) == article_id))


def _forget_contents(connection: Connection, article_id: int) -> set[str]:
    """Drop a removed article's quotes and links (their link rows cascade); the fingerprints
    of the quotes, whose wire groups are to be made again."""
    fingerprints = connection.scalars(
        select(Quote.fingerprint).where(
            Quote.article_id == article_id, col(Quote.fingerprint).is_not(None)
        )
    )
    touched = {key for key in fingerprints if key is not None}
    connection.execute(delete(Quote).where(col(Quote.article_id) == article_id))
    _unlink_article(connection, article_id)
    return touched


def _drop_orphans(session: Session) -> None:
    """People, places and topics that no article mentions any more (after an update or a
    removal)."""
    session.flush()
    session.exec(
        delete(Person).where(
            col(Person.id).not_in(select(ArticlePerson.person_id)),
            col(Person.id).not_in(
                select(Quote.speaker_id).where(col(Quote.speaker_id).is_not(None))
            ),
        )
    )  # type: ignore[call-overload]
    session.exec(
        delete(Place).where(
            col(Place.id).not_in(select(ArticlePlace.place_id)),
            col(Place.id).not_in(
                select(Article.dateline_place_id).where(col(Article.dateline_place_id).is_not(None))
            ),
        )
    )  # type: ignore[call-overload]
    session.exec(delete(Topic).where(col(Topic.id).not_in(select(ArticleTopic.topic_id))))  # type: ignore[call-overload]


# People, places and topics


def _prefetch(connection: Connection, cache: _Cache, parsed: ParsedArticle) -> None:
    """Load what the database holds about the article's places, topics and names that the
    cache lacks: a few queries per article rather than a few per name."""
    place_keys = {fold(p.name) for p in parsed.places} - cache.places.keys()
    for keys in _chunks(place_keys):
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
            cache.places[key] = _Place(place_id, known[place_id])
    slugs = {t.slug for t in parsed.topics} - cache.topics.keys()
    for chunk in _chunks(slugs):
        query = select(Topic.slug, Topic.id).where(col(Topic.slug).in_(chunk))
        cache.topics.update({slug: topic_id for slug, topic_id in connection.execute(query)})
    _prefetch_people(connection, cache, parsed.people)


def _prefetch_people(connection: Connection, cache: _Cache, entities: list[EntityRef]) -> None:
    """Fill `owners` for every (folded name, kind) of `entities`, and `by_prefix` for those no
    stored person has as an alias (they may match by surname)."""
    wanted = {(fold(e.name), e.kind) for e in entities} - cache.owners.keys()
    for keys in _chunks({key for key, _kind in wanted}):
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
        (surname[:3], e.kind)
        for e in entities
        if not cache.owners[(fold(e.name), e.kind)] and len(surname := surname_key(e.name)) >= 3
    } - cache.by_prefix.keys()
    for chunk in _chunks(groups):
        for group in chunk:
            cache.by_prefix[group] = {}
        # surname keys are folded (ASCII lower case), so this is the `LIKE 'abc%'` of a prefix
        query = select(*_PERSON_COLUMNS).where(
            func.substr(Person.surname_key, 1, 3).in_({prefix for prefix, _kind in chunk}),
            col(Person.kind).in_({kind for _prefix, kind in chunk}),
        )
        for row in connection.execute(query):
            person = _registered(cache, row)
            group = (person.surname_key[:3], person.kind)
            if group in chunk:
                cache.by_prefix[group][person.id] = person


_PERSON_COLUMNS = (Person.id, Person.name, Person.key, Person.surname_key, Person.kind, Person.role)

_Key = TypeVar("_Key", str, tuple[str, str])

PREFETCH_CHUNK = 500
"""Values in one `IN` list, well under any database's limit on bound parameters."""


def _chunks(values: set[_Key]) -> list[set[_Key]]:
    ordered = sorted(values)
    return [set(ordered[i : i + PREFETCH_CHUNK]) for i in range(0, len(ordered), PREFETCH_CHUNK)]


def _registered(cache: _Cache, row: Any) -> _Person:
    """The person of a stored row: the cached object if there is one, since it may have changes
    not written yet."""
    person = cache.people.get(row[0])
    if person is None:
        person = cache.people[row[0]] = _Person(*row)
    return person


def _person(connection: Connection, cache: _Cache, entity: EntityRef) -> _Person:
    """The stored person this entity is (`_existing_person`), or a new one (or the one of the
    same key another writer has just stored), with the entity's names added as aliases."""
    key = fold(entity.name)
    person = _existing_person(cache, entity, key)
    if person is None:
        surname = surname_key(entity.name)
        values = {
            "name": entity.name,
            "key": key,
            "surname_key": surname,
            "kind": entity.kind,
            "role": entity.role,
        }
        person_id = _insert_or_get(connection, Person, values, ["key", "kind"])
        if person_id is None:
            query = select(*_PERSON_COLUMNS).where(Person.key == key, Person.kind == entity.kind)
            person = _registered(cache, connection.execute(query).one())
        else:
            person = _Person(person_id, entity.name, key, surname, entity.kind, entity.role, set())
            cache.people[person.id] = person
            group = cache.by_prefix.get((surname[:3], entity.kind))
            if group is not None and len(surname) >= 3:
                group[person.id] = person
    elif len(entity.name.split()) > len(person.name.split()):
        person.name, person.key = entity.name, key
        cache.changed_people[person.id] = person
    role = person.role or entity.role
    if role != person.role:
        person.role = role
        cache.changed_people[person.id] = person
    names = {entity.name, *entity.aliases}
    if entity.kind == "person" and len(entity.name.split()) > 1:
        names.add(entity.name.split()[-1])
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


def _existing_person(cache: _Cache, entity: EntityRef, key: str) -> _Person | None:
    """The stored entity this one is: same folded name or alias (of several, the lowest id,
    the one SQLite's query for it returned first), else the same person by `same_person` among
    those sharing the first letters of the surname. `_prefetch_people` loaded what this needs."""
    owners = cache.owners[(key, entity.kind)]
    if owners:
        return cache.people[min(owners)]
    surname = surname_key(entity.name)
    if len(surname) < 3:
        return None
    candidates = cache.by_prefix[(surname[:3], entity.kind)].values()
    if len(entity.name.split()) == 1:
        same = [p for p in candidates if p.surname_key == surname]
        return same[0] if len(same) == 1 else None
    matches = [p for p in candidates if same_person(p.name, entity.name)]
    return matches[0] if len(matches) == 1 else None


def _alias_keys(connection: Connection, person: _Person) -> set[str]:
    if person.alias_keys is None:
        query = select(PersonAlias.key).where(PersonAlias.person_id == person.id)
        person.alias_keys = set(connection.scalars(query))
    return person.alias_keys


def _place(connection: Connection, cache: _Cache, ref: PlaceRef) -> _Place:
    """The stored place of this name (`_prefetch` has loaded it if there is one), or a new one
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
        place_id = _insert_or_get(connection, Place, values, ["key"])
        if place_id is None:
            place_id = connection.execute(select(Place.id).where(Place.key == key)).scalar_one()
            query = select(PlaceAlias.key).where(PlaceAlias.place_id == place_id)
            place = cache.places[key] = _Place(place_id, set(connection.scalars(query)))
        else:
            place = cache.places[key] = _Place(place_id, set())
    for name in sorted({ref.name, *ref.aliases}):
        alias_key = fold(name)
        if alias_key and alias_key not in place.alias_keys:
            cache.new_place_aliases.append({"place_id": place.id, "alias": name, "key": alias_key})
            place.alias_keys.add(alias_key)
    return place


def _topic(connection: Connection, cache: _Cache, ref: TopicRef) -> int:
    topic_id = cache.topics.get(ref.slug)
    if topic_id is None:
        values = {"slug": ref.slug, "name": ref.name, "key": fold(ref.name)}
        topic_id = _insert_or_get(connection, Topic, values, ["slug"])
        if topic_id is None:
            topic_id = connection.execute(
                select(Topic.id).where(Topic.slug == ref.slug)
            ).scalar_one()
        cache.topics[ref.slug] = topic_id
    return topic_id


def _link_article(
    connection: Connection,
    article_id: int,
    parsed: ParsedArticle,
    people: dict[str, _Person],
    places: dict[str, _Place],
    topics: dict[str, int],
) -> None:
    mentions: dict[int, int] = {}
    for entity in parsed.people:
        person_id = people[entity.name].id
        mentions[person_id] = mentions.get(person_id, 0) + entity.mentions
    links: list[tuple[Any, list[dict[str, Any]]]] = [
        (
            ArticlePerson,
            [
                {"article_id": article_id, "person_id": person_id, "mentions": count}
                for person_id, count in mentions.items()
            ],
        ),
        (
            ArticlePlace,
            [
                {"article_id": article_id, "place_id": places[r.name].id, "mentions": r.mentions}
                for r in parsed.places
            ],
        ),
        (
            ArticleTopic,
            [{"article_id": article_id, "topic_id": topic_id} for topic_id in topics.values()],
        ),
    ]
    for table, rows in links:
        if rows:
            connection.execute(insert(table), rows)


# Quotes


@dataclass(frozen=True)
class _StoredQuote:
    id: int
    date: dt.date | None
    duplicate_of: int | None
    fingerprint: str | None


_Identity = tuple[str, int | None, str | None]

KEPT_COLUMNS = (
    "kind",
    "speaker_mention",
    "reported_by",
    "cue",
    "start",
    "end",
    "date",
    "context",
    "duplicate_of",
)
"""What a kept quote (same text, same speaker) may change when its article changes."""


def _identity(text: str, speaker_id: int | None, speaker_mention: str | None) -> _Identity:
    """What a quote must keep to keep its id: its words and who said them, the resolved
    person or else how the article named them (the fingerprint's speaker)."""
    return (text, speaker_id, speaker_mention if speaker_id is None else None)


def _write_quotes(
    connection: Connection,
    article_id: int,
    parsed: ParsedArticle,
    people: dict[str, _Person],
    places: dict[str, _Place],
    topics: dict[str, int],
    updating: bool,
) -> None:
    """The article's quotes: for an updated article, each stored quote with the identity of a
    new one (in order, for repeats) is kept with its id and its other columns updated; the
    others are deleted, the rest inserted. Then the topic and place links of all of them.

    A kept quote keeps its wire group unless its date changed. The groups of the fingerprints
    of the quotes that went, or whose date changed, are then made again (`_regroup`), as a
    fresh ingest would make them. One statement per table, not per quote."""
    rows = _quote_rows(article_id, parsed, people)
    stored = _stored_quotes(connection, article_id) if updating else {}
    kept: dict[int, _StoredQuote] = {}
    for index, row in enumerate(rows):
        candidates = stored.get(_identity(row["text"], row["speaker_id"], row["speaker_mention"]))
        if candidates:
            kept[index] = candidates.popleft()
    gone = [quote for candidates in stored.values() for quote in candidates]
    touched = {quote.fingerprint for quote in gone if quote.fingerprint is not None} | {
        rows[index]["fingerprint"]
        for index, quote in kept.items()
        if quote.date != rows[index]["date"]
    }
    if gone:
        connection.execute(delete(Quote).where(col(Quote.id).in_([q.id for q in gone])))
    if kept:
        ids = [quote.id for quote in kept.values()]
        for link in (QuoteTopic, QuotePlace):
            connection.execute(delete(link).where(col(link.quote_id).in_(ids)))
        for index, quote in kept.items():
            rows[index]["id"] = quote.id
            rows[index]["duplicate_of"] = quote.duplicate_of
        connection.execute(
            update(Quote)
            .where(col(Quote.id) == bindparam("quote_id"))
            .values({column: bindparam(f"new_{column}") for column in KEPT_COLUMNS}),
            [
                {"quote_id": rows[index]["id"]}
                | {f"new_{column}": rows[index][column] for column in KEPT_COLUMNS}
                for index in kept
            ],
        )
    added = [row for index, row in enumerate(rows) if index not in kept]
    _join_wire_groups(connection, article_id, added)
    _insert_quotes(connection, added)
    _link_quotes(connection, parsed, rows, places, topics)
    _regroup(connection, touched)


def _quote_rows(
    article_id: int, parsed: ParsedArticle, people: dict[str, _Person]
) -> list[dict[str, Any]]:
    rows = []
    for statement in parsed.statements:
        speaker = people.get(statement.speaker.name) if statement.speaker else None
        speaker_id = speaker.id if speaker is not None else None
        rows.append(
            {
                "article_id": article_id,
                "text": statement.text,
                "kind": statement.kind,
                "speaker_id": speaker_id,
                "speaker_mention": statement.speaker_mention,
                "reported_by": statement.reported_by,
                "cue": statement.cue,
                "start": statement.start,
                "end": statement.end,
                "date": statement.date,
                "context": statement.context,
                "fingerprint": fingerprint(statement.text, speaker_id, statement.speaker_mention),
            }
        )
    return rows


def _stored_quotes(connection: Connection, article_id: int) -> dict[_Identity, deque[_StoredQuote]]:
    """An updated article's stored quotes by identity, each identity's in text order."""
    query = (
        select(
            Quote.id,
            Quote.text,
            Quote.speaker_id,
            Quote.speaker_mention,
            Quote.date,
            Quote.duplicate_of,
            Quote.fingerprint,
        )
        .where(Quote.article_id == article_id)
        .order_by(col(Quote.start), col(Quote.id))
    )
    stored: defaultdict[_Identity, deque[_StoredQuote]] = defaultdict(deque)
    for quote_id, text, speaker_id, mention, date, duplicate_of, key in connection.execute(query):
        stored[_identity(text, speaker_id, mention)].append(
            _StoredQuote(quote_id, date, duplicate_of, key)
        )
    return stored


def _insert_quotes(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert new quote rows in one statement, setting each row's `id`."""
    if not rows:
        return
    first = _first_new_id(connection, Quote)
    if first is None:
        returning = insert(Quote).returning(col(Quote.id), sort_by_parameter_order=True)
        ids = connection.scalars(returning, rows).all()
        for row, quote_id in zip(rows, ids, strict=True):
            row["id"] = quote_id
        return
    for offset, row in enumerate(rows):
        row["id"] = first + offset
    connection.execute(insert(Quote), rows)


def _link_quotes(
    connection: Connection,
    parsed: ParsedArticle,
    rows: list[dict[str, Any]],
    places: dict[str, _Place],
    topics: dict[str, int],
) -> None:
    """The topic and place links of every quote of the article (`rows`, with their ids)."""
    quote_topics = []
    quote_places = []
    for statement, row in zip(parsed.statements, rows, strict=True):
        walk = {
            "quote_id": row["id"],
            "date": row["date"],
            "first_copy": row["duplicate_of"] is None,
        }
        for slug in dict.fromkeys(statement.topics):
            quote_topics.append({**walk, "topic_id": topics[slug], "speaker_id": row["speaker_id"]})
        for name in dict.fromkeys(statement.places):
            if name in places:
                quote_places.append({**walk, "place_id": places[name].id})
    if quote_topics:
        connection.execute(insert(QuoteTopic), quote_topics)
    if quote_places:
        connection.execute(insert(QuotePlace), quote_places)


def _join_wire_groups(connection: Connection, article_id: int, rows: list[dict[str, Any]]) -> None:
    """Set `duplicate_of` of each of `rows`: the first quote of the earliest group with its
    fingerprint and a close date, if one is stored. One query per article; the article's own
    quotes are left out, so a statement repeated within one article is not a copy."""
    groups: dict[str, list[tuple[int, dt.date | None]]] = {}
    for chunk in _chunks({row["fingerprint"] for row in rows}):
        query = (
            select(Quote.fingerprint, Quote.id, Quote.date)
            .where(
                col(Quote.fingerprint).in_(chunk),
                col(Quote.duplicate_of).is_(None),
                Quote.article_id != article_id,
            )
            .order_by(col(Quote.id))
        )
        for key, quote_id, date in connection.execute(query):
            groups.setdefault(key, []).append((quote_id, date))
    for row in rows:
        candidates = groups.get(row["fingerprint"], ())
        row["duplicate_of"] = next(
            (first for first, date in candidates if same_occasion(date, row["date"])), None
        )


def _regroup(connection: Connection, fingerprints: set[str]) -> None:
    """Make the wire groups of these fingerprints again, as a fresh ingest of the stored
    quotes in id order would: each quote joins the earliest group whose first quote is in
    another article and said within `WINDOW` of it, else starts one. After quotes went or
    changed date; the links' first-copy flags follow (on SQLite a trigger would too)."""
    changes = []
    for chunk in _chunks(fingerprints):
        query = (
            select(Quote.fingerprint, Quote.id, Quote.article_id, Quote.date, Quote.duplicate_of)
            .where(col(Quote.fingerprint).in_(chunk))
            .order_by(col(Quote.fingerprint), col(Quote.id))
        )
        firsts: list[tuple[int, int, dt.date | None]] = []
        group_key = None
        for key, quote_id, article_id, date, duplicate_of in connection.execute(query):
            if key != group_key:
                firsts, group_key = [], key
            first = next(
                (
                    first_id
                    for first_id, first_article, first_date in firsts
                    if first_article != article_id and same_occasion(first_date, date)
                ),
                None,
            )
            if first is None:
                firsts.append((quote_id, article_id, date))
            if first != duplicate_of:
                changes.append({"quote_id": quote_id, "first": first})
    if not changes:
        return
    connection.execute(
        update(Quote)
        .where(col(Quote.id) == bindparam("quote_id"))
        .values(duplicate_of=bindparam("first")),
        changes,
    )
    for first_copy in (True, False):
        ids = [c["quote_id"] for c in changes if (c["first"] is None) == first_copy]
        for link in (QuoteTopic, QuotePlace):
            if ids:
                connection.execute(
                    update(link).where(col(link.quote_id).in_(ids)).values(first_copy=first_copy)
                )


def counts(session: Session) -> dict[str, int]:
    """Rows in the main tables, for the ingest summary."""
    return {
        name: session.exec(select(func.count()).select_from(table)).one()
        for name, table in (
            ("articles", Article),
            ("quotes", Quote),
            ("people", Person),
            ("places", Place),
            ("topics", Topic),
        )
    }
