"""Write parsed articles to the database: the only place ingest touches it.

One article is one transaction: its row, its quotes and its links are written together or not
at all. A changed article keeps its id; its old quotes and links are replaced. People, places
and topics are shared across articles and found by folded name before any is created.

The lookups go through a cache kept on the session (`_Cache`), and the rows are written with
Core statements, each article's quotes and links with one statement per table: an ORM flush
and a query per name and per quote cost more CPU than the extraction rules. The cache holds
what this session saw or wrote, so it is correct as long as this session is the only writer
of people, places and topics while it lives; it is dropped whenever the database may hold
something else: after a rollback (rows it cached were never written), after an update (its
orphans were deleted) and when it grows past `CACHE_LIMIT`.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from sqlalchemy import Connection, bindparam, delete, func, insert, update
from sqlmodel import Session, col, select

from app.ingest.document import CleanArticle, EntityRef, ParsedArticle, PlaceRef, TopicRef
from app.ingest.resolve import same_person, surname_key
from app.ingest.wire import fingerprint, same_occasion
from app.models import (
    Article,
    ArticlePerson,
    ArticlePlace,
    ArticleTopic,
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

Outcome = Literal["new", "updated", "unchanged"]


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
            connection.execute(insert(PersonAlias), self.new_person_aliases)
            self.new_person_aliases = []
        if self.new_person_tokens:
            connection.execute(insert(PersonNameToken), self.new_person_tokens)
            self.new_person_tokens = []
        if self.new_place_aliases:
            connection.execute(insert(PlaceAlias), self.new_place_aliases)
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


def _cache(session: Session) -> _Cache:
    cache = session.info.get(_CACHE_KEY)
    if cache is None or len(cache.people) + len(cache.places) > CACHE_LIMIT:
        cache = session.info[_CACHE_KEY] = _Cache()
    return cache


def _forget_cache(session: Session) -> None:
    session.info.pop(_CACHE_KEY, None)


def content_hash(article: CleanArticle) -> str:
    digest = hashlib.sha256(EXTRACTOR_VERSION.encode())
    for part in (article.title, article.body, str(article.published), article.source or ""):
        digest.update(b"\0" + part.encode())
    return digest.hexdigest()


def is_unchanged(session: Session, article: CleanArticle) -> bool:
    """Whether this exact article is stored already, so its NLP can be skipped."""
    stored = session.exec(
        select(Article.content_hash).where(Article.source_key == article.source_key)
    ).first()
    return stored == content_hash(article)


def store_article(session: Session, parsed: ParsedArticle) -> Outcome:
    """Insert or replace one article with everything found in it, and commit."""
    clean = parsed.article
    digest = content_hash(clean)
    article = session.exec(select(Article).where(Article.source_key == clean.source_key)).first()
    if article is not None and article.content_hash == digest:
        return "unchanged"
    outcome: Outcome = "new" if article is None else "updated"
    cache = _cache(session)
    try:
        if article is None:
            article = Article(
                source_key=clean.source_key,
                title=clean.title,
                body="",
                content_hash="",
                ingested_at=dt.datetime.now(dt.UTC),
            )
        else:
            _forget_contents(session, article.id)
        connection = session.connection()
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
        _add_quotes(connection, article.id, parsed, people, places, topics)
        if outcome == "updated":
            _drop_orphans(session)
            _forget_cache(session)
        session.commit()
    except Exception:
        session.rollback()
        _forget_cache(session)
        raise
    return outcome


def delete_article(session: Session, article_id: int) -> None:
    """Remove an article, its quotes and links, and whatever only it mentioned, and commit.
    Its wire groups pass to their next copies (`_hand_over_groups`)."""
    try:
        _forget_contents(session, article_id)
        session.exec(delete(Article).where(col(Article.id) == article_id))  # type: ignore[call-overload]
        _drop_orphans(session)
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        _forget_cache(session)


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


def _forget_contents(session: Session, article_id: int | None) -> None:
    """Drop an updated article's quotes and links (their link rows cascade)."""
    _hand_over_groups(session.connection(), article_id)
    for table in (Quote, ArticlePerson, ArticlePlace, ArticleTopic):
        session.exec(delete(table).where(col(table.article_id) == article_id))  # type: ignore[call-overload]


def _hand_over_groups(connection: Connection, article_id: int | None) -> None:
    """Before an article's quotes go: each wire group whose first quote is one of them gets
    its next quote, in id order, as its first, so that the copies in other articles stay one
    statement. (The foreign key's ON DELETE SET NULL would split them into separate ones.)"""
    led_here = select(Quote.id).where(
        Quote.article_id == article_id, col(Quote.duplicate_of).is_(None)
    )
    members = connection.execute(
        select(Quote.duplicate_of, Quote.id)
        .where(col(Quote.duplicate_of).in_(led_here), Quote.article_id != article_id)
        .order_by(col(Quote.id))
    )
    new_first: dict[int, int] = {}
    changes = []
    for old_first, quote_id in members:
        first = new_first.setdefault(old_first, quote_id)
        changes.append({"quote_id": quote_id, "first": None if first == quote_id else first})
    if changes:
        connection.execute(
            update(Quote)
            .where(col(Quote.id) == bindparam("quote_id"))
            .values(duplicate_of=bindparam("first")),
            changes,
        )
        promoted = [change["quote_id"] for change in changes if change["first"] is None]
        for link in (QuoteTopic, QuotePlace):
            connection.execute(
                update(link).where(col(link.quote_id).in_(promoted)).values(first_copy=True)
            )


def _drop_orphans(session: Session) -> None:
    """People, places and topics that no article mentions any more (after an update)."""
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
        [person_id] = connection.execute(insert(Person), values).inserted_primary_key
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
    """The stored place of this name (`_prefetch` has loaded it if there is one), or a new one;
    with its aliases."""
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
        [place_id] = connection.execute(insert(Place), values).inserted_primary_key
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
        [topic_id] = connection.execute(insert(Topic), values).inserted_primary_key
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


def _add_quotes(
    connection: Connection,
    article_id: int,
    parsed: ParsedArticle,
    people: dict[str, _Person],
    places: dict[str, _Place],
    topics: dict[str, int],
) -> None:
    """All quotes of the article in one statement, then their topic and place links."""
    if not parsed.statements:
        return
    rows = []
    for statement in parsed.statements:
        speaker = people.get(statement.speaker.name) if statement.speaker else None
        rows.append(
            {
                "article_id": article_id,
                "text": statement.text,
                "kind": statement.kind,
                "speaker_id": speaker.id if speaker is not None else None,
                "speaker_mention": statement.speaker_mention,
                "reported_by": statement.reported_by,
                "cue": statement.cue,
                "start": statement.start,
                "end": statement.end,
                "date": statement.date,
                "context": statement.context,
                "fingerprint": fingerprint(
                    statement.text,
                    speaker.id if speaker is not None else None,
                    statement.speaker_mention,
                ),
            }
        )
    _join_wire_groups(connection, rows)
    returning = insert(Quote).returning(col(Quote.id), sort_by_parameter_order=True)
    quote_ids = connection.scalars(returning, rows).all()
    quote_topics = []
    quote_places = []
    for quote_id, statement, row in zip(quote_ids, parsed.statements, rows, strict=True):
        walk = {
            "quote_id": quote_id,
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


def _join_wire_groups(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Set `duplicate_of` of each new quote row: the first quote of the earliest group with its
    fingerprint and a close date, if one is stored. One query per article; the article's own
    quotes are not stored yet, so a statement repeated within one article is not a copy."""
    groups: dict[str, list[tuple[int, dt.date | None]]] = {}
    for chunk in _chunks({row["fingerprint"] for row in rows}):
        query = (
            select(Quote.fingerprint, Quote.id, Quote.date)
            .where(col(Quote.fingerprint).in_(chunk), col(Quote.duplicate_of).is_(None))
            .order_by(col(Quote.id))
        )
        for key, quote_id, date in connection.execute(query):
            groups.setdefault(key, []).append((quote_id, date))
    for row in rows:
        candidates = groups.get(row["fingerprint"], ())
        row["duplicate_of"] = next(
            (first for first, date in candidates if same_occasion(date, row["date"])), None
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
