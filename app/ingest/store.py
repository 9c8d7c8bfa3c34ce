"""Write parsed articles to the database: the only place ingest touches it.

One article is one transaction: its row, its quotes and its links are written together or not
at all. A changed article keeps its id; its old quotes and links are replaced. People, places
and topics are shared across articles and found by folded name before any is created.
"""

import datetime as dt
import hashlib
from typing import Literal

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from app.ingest.document import CleanArticle, EntityRef, ParsedArticle, PlaceRef, TopicRef
from app.ingest.resolve import same_person, surname_key
from app.models import (
    Article,
    ArticlePerson,
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
from app.text import fold

EXTRACTOR_VERSION = "1"
"""Part of the content hash: a new extractor re-extracts articles that did not change."""

Outcome = Literal["new", "updated", "unchanged"]


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
        places = {p.name: _place(session, p) for p in parsed.places}
        _fill_article(article, clean, digest, places.get(parsed.dateline_place or ""))
        session.add(article)
        session.flush()
        people = {e.name: _person(session, e) for e in parsed.people}
        topics = {t.slug: _topic(session, t) for t in parsed.topics}
        _link_article(session, article.id, parsed, people, places, topics)
        _add_quotes(session, article, parsed, people, places, topics)
        if outcome == "updated":
            _drop_orphans(session)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return outcome


def _fill_article(
    article: Article, clean: CleanArticle, digest: str, dateline: Place | None
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
    for table in (Quote, ArticlePerson, ArticlePlace, ArticleTopic):
        session.exec(delete(table).where(col(table.article_id) == article_id))  # type: ignore[call-overload]


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


def _person(session: Session, entity: EntityRef) -> Person:
    key = fold(entity.name)
    person = _existing_person(session, entity, key)
    if person is None:
        person = Person(
            name=entity.name,
            key=key,
            surname_key=surname_key(entity.name),
            kind=entity.kind,
            role=entity.role,
        )
        session.add(person)
        session.flush()
    elif len(entity.name.split()) > len(person.name.split()):
        person.name, person.key = entity.name, key
    person.role = person.role or entity.role
    names = {entity.name, *entity.aliases}
    if entity.kind == "person" and len(entity.name.split()) > 1:
        names.add(entity.name.split()[-1])
    _add_aliases(session, PersonAlias, "person_id", person.id, names)
    return person


def _existing_person(session: Session, entity: EntityRef, key: str) -> Person | None:
    """The stored entity this one is: same folded name or alias, else the same person by
    `same_person` among those sharing the first letters of the surname."""
    exact = session.exec(
        select(Person)
        .join(PersonAlias, col(PersonAlias.person_id) == col(Person.id))
        .where(PersonAlias.key == key, Person.kind == entity.kind)
    ).first()
    if exact is not None:
        return exact
    surname = surname_key(entity.name)
    if len(surname) < 3:
        return None
    candidates = session.exec(
        select(Person).where(
            col(Person.surname_key).startswith(surname[:3]), Person.kind == entity.kind
        )
    ).all()
    if len(entity.name.split()) == 1:
        same = [p for p in candidates if p.surname_key == surname]
        return same[0] if len(same) == 1 else None
    matches = [p for p in candidates if same_person(p.name, entity.name)]
    return matches[0] if len(matches) == 1 else None


def _place(session: Session, ref: PlaceRef) -> Place:
    key = fold(ref.name)
    place = session.exec(select(Place).where(Place.key == key)).first()
    if place is None:
        place = Place(name=ref.name, key=key, kind=ref.kind, country_code=ref.country_code)
        session.add(place)
        session.flush()
    _add_aliases(session, PlaceAlias, "place_id", place.id, {ref.name, *ref.aliases})
    return place


def _add_aliases(
    session: Session,
    table: type[PersonAlias] | type[PlaceAlias],
    owner: str,
    owner_id: int | None,
    names: set[str],
) -> None:
    known = set(session.exec(select(table.key).where(getattr(table, owner) == owner_id)).all())
    for name in sorted(names):
        key = fold(name)
        if key and key not in known:
            session.add(table(**{owner: owner_id, "alias": name, "key": key}))
            known.add(key)


def _topic(session: Session, ref: TopicRef) -> Topic:
    topic = session.exec(select(Topic).where(Topic.slug == ref.slug)).first()
    if topic is None:
        topic = Topic(slug=ref.slug, name=ref.name, key=fold(ref.name))
        session.add(topic)
        session.flush()
    return topic


def _link_article(
    session: Session,
    article_id: int | None,
    parsed: ParsedArticle,
    people: dict[str, Person],
    places: dict[str, Place],
    topics: dict[str, Topic],
) -> None:
    mentions: dict[int, int] = {}
    for entity in parsed.people:
        person_id = people[entity.name].id
        mentions[person_id] = mentions.get(person_id, 0) + entity.mentions
    for person_id, count in mentions.items():
        session.add(ArticlePerson(article_id=article_id, person_id=person_id, mentions=count))
    for ref in parsed.places:
        session.add(
            ArticlePlace(article_id=article_id, place_id=places[ref.name].id, mentions=ref.mentions)
        )
    for topic in topics.values():
        session.add(ArticleTopic(article_id=article_id, topic_id=topic.id))


def _add_quotes(
    session: Session,
    article: Article,
    parsed: ParsedArticle,
    people: dict[str, Person],
    places: dict[str, Place],
    topics: dict[str, Topic],
) -> None:
    for statement in parsed.statements:
        speaker = people.get(statement.speaker.name) if statement.speaker else None
        quote = Quote(
            article_id=article.id,
            text=statement.text,
            kind=statement.kind,
            speaker_id=speaker.id if speaker is not None else None,
            speaker_mention=statement.speaker_mention,
            reported_by=statement.reported_by,
            cue=statement.cue,
            start=statement.start,
            end=statement.end,
            date=statement.date,
            context=statement.context,
        )
        session.add(quote)
        session.flush()
        for slug in dict.fromkeys(statement.topics):
            session.add(QuoteTopic(quote_id=quote.id, topic_id=topics[slug].id))
        for name in dict.fromkeys(statement.places):
            if name in places:
                session.add(QuotePlace(quote_id=quote.id, place_id=places[name].id))


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
